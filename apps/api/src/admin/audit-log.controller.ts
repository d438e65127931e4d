import { Controller, Get, type StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  auditExportQuerySchema,
  auditQuerySchema,
  type AuditExportQuery,
  type AuditPage,
  type AuditQuery,
} from '@shuping/contracts';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { ZodQuery } from '../common/validation/zod.pipe.js';
import { AuditLogService } from './audit-log.service.js';
import { download } from './download.util.js';

@ApiTags('admin: audit')
@ApiBearerAuth()
@Controller('admin/audit')
export class AuditLogController {
  constructor(private readonly auditLog: AuditLogService) {}

  @Get()
  @ApiOperation({
    summary:
      'Search admin actions and process state changes (source, actor, action, targetType, targetId, from, to)',
  })
  search(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(auditQuerySchema) query: AuditQuery,
  ): Promise<AuditPage> {
    return this.auditLog.search(principal, query);
  }

  @Get('export')
  @ApiOperation({ summary: 'Export the matching entries as CSV or xlsx (at most 50,000)' })
  async export(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(auditExportQuerySchema) query: AuditExportQuery,
  ): Promise<StreamableFile> {
    return download(await this.auditLog.export(principal, query));
  }
}
