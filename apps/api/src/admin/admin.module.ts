import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AccountService } from './account.service.js';
import { AuditLogController } from './audit-log.controller.js';
import { AuditLogService } from './audit-log.service.js';
import { CalendarController } from './calendar.controller.js';
import { CalendarService } from './calendar.service.js';
import { AccountController, CountiesController } from './counties.controller.js';
import { CountiesService } from './counties.service.js';
import { LinksController } from './links.controller.js';
import { LinksService } from './links.service.js';
import { OrgImportService } from './org-import.service.js';
import { OrgImportController, OrgsController } from './orgs.controller.js';
import { OrgsService } from './orgs.service.js';
import { PasswordChangeInterceptor } from './password-change.interceptor.js';
import { RolesService } from './roles.service.js';
import { SessionControl } from './session-control.service.js';
import { RolesController, UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/**
 * Administration (管理): the organisation tree and its import, people and roles, stand-ins, links
 * (联系点), the working calendar, the audit trail, county setup and one's own account. Also holds
 * the app-wide rule that a one-time password must be changed before anything else.
 */
@Module({
  controllers: [
    OrgsController,
    OrgImportController,
    UsersController,
    RolesController,
    LinksController,
    CalendarController,
    AuditLogController,
    CountiesController,
    AccountController,
  ],
  providers: [
    OrgsService,
    OrgImportService,
    UsersService,
    RolesService,
    LinksService,
    CalendarService,
    AuditLogService,
    CountiesService,
    AccountService,
    SessionControl,
    { provide: APP_INTERCEPTOR, useClass: PasswordChangeInterceptor },
  ],
})
export class AdminModule {}
