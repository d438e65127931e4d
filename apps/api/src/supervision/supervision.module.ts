import { Module } from '@nestjs/common';
import { TasksModule } from '../tasks/tasks.module.js';
import { SupervisionActionsService } from './supervision-actions.service.js';
import { SupervisionDashboardService } from './supervision-dashboard.service.js';
import { SupervisionEscalationsService } from './supervision-escalations.service.js';
import { SupervisionInstanceService } from './supervision-instance.service.js';
import { SupervisionLiveService } from './supervision-live.service.js';
import { SupervisionResultsService } from './supervision-results.service.js';
import { SupervisionController } from './supervision.controller.js';

/**
 * Supervision (督办): the dashboard's aggregates, the deadlines list, supervision records,
 * administrative actions on tasks and instances, results and live updates.
 */
@Module({
  imports: [TasksModule],
  controllers: [SupervisionController],
  providers: [
    SupervisionDashboardService,
    SupervisionEscalationsService,
    SupervisionActionsService,
    SupervisionInstanceService,
    SupervisionResultsService,
    SupervisionLiveService,
  ],
})
export class SupervisionModule {}
