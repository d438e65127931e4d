import type {
  CampaignOption,
  DeadlineFacets,
  DeadlinePage,
  EscalationPage,
  EscalationView,
  Heatmap,
  Overview,
} from '@shuping/contracts';
import {
  Controller,
  Get,
  HttpCode,
  Post,
  Sse,
  StreamableFile,
  type MessageEvent,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { AdvanceOutcome } from '@shuping/worker';
import type { Observable } from 'rxjs';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import {
  SupervisionActionsService,
  type AssignableUser,
  type DeadlineChange,
  type UrgeResult,
} from './supervision-actions.service.js';
import { SupervisionDashboardService } from './supervision-dashboard.service.js';
import { SupervisionEscalationsService } from './supervision-escalations.service.js';
import {
  SupervisionInstanceService,
  type SupervisedInstance,
} from './supervision-instance.service.js';
import { SupervisionLiveService } from './supervision-live.service.js';
import {
  SupervisionResultsService,
  type CampaignResultsView,
} from './supervision-results.service.js';
import { supervisionScope } from './supervision-scope.js';
import {
  assignableQuerySchema,
  bulkUrgeSchema,
  cancelInstanceSchema,
  closeEscalationSchema,
  deadlinesQuerySchema,
  escalateSchema,
  escalationsQuerySchema,
  extendDeadlineSchema,
  heatmapQuerySchema,
  moveSchema,
  overviewQuerySchema,
  publishNoticeSchema,
  reassignSchema,
  resultsQuerySchema,
  type AssignableQuery,
  type BulkUrge,
  type CancelInstance,
  type CloseEscalation,
  type DeadlinesQuery,
  type Escalate,
  type EscalationsQuery,
  type ExtendDeadline,
  type HeatmapQuery,
  type Move,
  type OverviewQuery,
  type PublishNotice,
  type Reassign,
  type ResultsQuery,
} from './supervision.schemas.js';

/** The supervision dashboard (督办): what is late, where, and what was done about it. */
@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly dashboard: SupervisionDashboardService,
    private readonly escalations: SupervisionEscalationsService,
    private readonly actions: SupervisionActionsService,
    private readonly instances: SupervisionInstanceService,
    private readonly results: SupervisionResultsService,
    private readonly live: SupervisionLiveService,
  ) {}

  @Get('campaigns')
  @ApiOperation({ summary: 'Campaigns in my scope, newest first' })
  campaigns(@CurrentPrincipal() principal: Principal): Promise<CampaignOption[]> {
    return this.dashboard.campaigns(principal);
  }

  @Get('overview')
  @ApiOperation({
    summary:
      'Counts at a glance: instances by step, on-time rate, overdue, escalations, ballots, rectification',
  })
  overview(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(overviewQuerySchema) query: OverviewQuery,
  ): Promise<Overview> {
    return this.dashboard.overview(principal, query);
  }

  @Get('heatmap')
  @ApiOperation({ summary: 'Organisation × step states, one tree level at a time' })
  heatmap(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(heatmapQuerySchema) query: HeatmapQuery,
  ): Promise<Heatmap> {
    return this.dashboard.heatmap(principal, query);
  }

  @Get('deadlines')
  @ApiOperation({ summary: 'Open tasks with their deadlines: filter, sort, page' })
  deadlines(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(deadlinesQuerySchema) query: DeadlinesQuery,
  ): Promise<DeadlinePage> {
    return this.dashboard.deadlines(principal, query);
  }

  @Get('deadlines/facets')
  @ApiOperation({ summary: 'Townships, step kinds and assignees to filter the deadlines by' })
  facets(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(overviewQuerySchema) query: OverviewQuery,
  ): Promise<DeadlineFacets> {
    return this.dashboard.facets(principal, query);
  }

  @Post('tasks/urge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Urge (催办) several tasks at once; one result per task' })
  @ApiZodBody(bulkUrgeSchema)
  urge(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(bulkUrgeSchema) body: BulkUrge,
  ): Promise<UrgeResult[]> {
    return this.actions.urge(principal, body);
  }

  @Post('tasks/:id/escalate')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a supervision record (督办单) for an open task' })
  @ApiZodBody(escalateSchema)
  escalate(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(escalateSchema) body: Escalate,
  ): Promise<EscalationView> {
    return this.escalations.escalate(principal, id, body);
  }

  @Post('tasks/:id/extend')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move a task’s deadline (re-arms its reminders and escalation)' })
  @ApiZodBody(extendDeadlineSchema)
  extend(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(extendDeadlineSchema) body: ExtendDeadline,
  ): Promise<DeadlineChange> {
    return this.actions.extend(principal, id, body);
  }

  @Post('tasks/:id/reassign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Give a task to one person, with a reason' })
  @ApiZodBody(reassignSchema)
  reassign(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(reassignSchema) body: Reassign,
  ): Promise<{ taskId: string; assigneeId: string }> {
    return this.actions.reassign(principal, id, body);
  }

  @Get('tasks/:id/assignable-users')
  @ApiOperation({ summary: 'People a task can be given to (candidates first)' })
  assignable(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodQuery(assignableQuerySchema) query: AssignableQuery,
  ): Promise<AssignableUser[]> {
    return this.actions.assignable(principal, id, query);
  }

  @Get('escalations')
  @ApiOperation({ summary: 'Supervision records (督办单): open or closed, with what was done' })
  listEscalations(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(escalationsQuerySchema) query: EscalationsQuery,
  ): Promise<EscalationPage> {
    return this.escalations.list(principal, query);
  }

  @Post('escalations/:id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Follow a supervision record up myself (督办人)' })
  claim(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<EscalationView> {
    return this.escalations.claim(principal, id);
  }

  @Post('escalations/:id/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close a supervision record with a note' })
  @ApiZodBody(closeEscalationSchema)
  close(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(closeEscalationSchema) body: CloseEscalation,
  ): Promise<EscalationView> {
    return this.escalations.close(principal, id, body);
  }

  @Get('instances/:id')
  @ApiOperation({ summary: 'One instance: diagram, history, pending timers, possible actions' })
  instance(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<SupervisedInstance> {
    return this.instances.get(principal, id);
  }

  @Post('instances/:id/move')
  @HttpCode(200)
  @ApiOperation({ summary: 'Move an instance on with an event it accepts now, with a reason' })
  @ApiZodBody(moveSchema)
  move(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(moveSchema) body: Move,
  ): Promise<AdvanceOutcome> {
    return this.actions.move(principal, id, body);
  }

  @Post('instances/:id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an instance, with a reason' })
  @ApiZodBody(cancelInstanceSchema)
  cancel(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(cancelInstanceSchema) body: CancelInstance,
  ): Promise<{ instanceId: string; status: 'cancelled' }> {
    return this.actions.cancel(principal, id, body);
  }

  @Get('campaigns/:id/results')
  @ApiOperation({ summary: 'Ranking, classes and consequences with their explanations' })
  campaignResults(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodQuery(resultsQuerySchema) query: ResultsQuery,
  ): Promise<CampaignResultsView> {
    return this.results.results(principal, id, query);
  }

  @Get('campaigns/:id/results/export')
  @ApiOperation({ summary: 'The results table as an Excel workbook (.xlsx, Chinese headers)' })
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  async exportResults(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<StreamableFile> {
    const { filename, content } = await this.results.export(principal, id);
    return new StreamableFile(content, {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename="results.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      length: content.length,
    });
  }

  @Post('campaigns/:id/results/notice')
  @HttpCode(201)
  @ApiOperation({ summary: 'Publish the results as a public notice (公示)' })
  @ApiZodBody(publishNoticeSchema)
  publish(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(publishNoticeSchema) body: PublishNotice,
  ): Promise<{ id: string; text: string; until: string }> {
    return this.results.publish(principal, id, body);
  }

  @Sse('live')
  @ApiOperation({ summary: 'Server-sent events: `changed` whenever counts may have changed' })
  stream(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    return this.live.stream(supervisionScope(principal).countyId);
  }
}
