import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { AppConfig } from '@shuping/config';
import type { OpenedDatabase } from '@shuping/db';
import { DatabaseModule, WorkerModule } from '@shuping/worker';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG } from './common/config/config.constants.js';
import { ProblemDetailsFilter } from './common/errors/problem-details.filter.js';
import { AdminModule } from './admin/admin.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { DefinitionsModule } from './definitions/definitions.module.js';
import { HealthModule } from './health/health.module.js';
import { InboxModule } from './inbox/inbox.module.js';
import { InstancesModule } from './instances/instances.module.js';
import { NoticesModule } from './notices/notices.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OperationsModule } from './operations/operations.module.js';
import { OrgUnitsModule } from './org-units/org-units.module.js';
import { SeedModule } from './seed/seed.module.js';
import { SupervisionModule } from './supervision/supervision.module.js';
import { TasksModule } from './tasks/tasks.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';

@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

/** The api process: HTTP, plus the worker's modules in-process (embedded mode and scheduling). */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, db: OpenedDatabase): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: {
              paths: [
                'req.headers.authorization',
                'req.headers.cookie',
                '*.password',
                '*.passwordHash',
              ],
              censor: '[redacted]',
            },
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        DatabaseModule.forRoot(db),
        WorkerModule.forRoot(config, { processJobs: config.workersInApi }),
        AuditModule,
        AuthModule.forRoot(config),
        HealthModule,
        OrgUnitsModule,
        DefinitionsModule,
        CampaignsModule,
        InstancesModule,
        TasksModule,
        NoticesModule,
        NotificationsModule,
        SeedModule,
        WebhooksModule,
        InboxModule,
        SupervisionModule,
        AdminModule,
        OperationsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
