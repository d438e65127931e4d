import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { bulkClaimSchema, bulkCompleteSchema, type BulkComplete } from '@shuping/contracts';
import type { AdvanceOutcome } from '@shuping/worker';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import type { BallotOutcome, RatingProgress } from './rating.service.js';
import { TaskRatingsService } from './task-ratings.service.js';
import {
  completeTaskSchema,
  taskQuerySchema,
  TasksService,
  type BulkResult,
  type CompleteTask,
  type TaskQuery,
  type TaskView,
} from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly ratings: TaskRatingsService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'My tasks: open (incl. stand-in, delegated, co-handled), done, or copied to me',
  })
  list(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(taskQuerySchema) query: TaskQuery,
  ): Promise<TaskView[]> {
    return this.tasks.list(principal, query);
  }

  @Post('bulk/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim several tasks; one result per task' })
  @ApiZodBody(bulkClaimSchema)
  bulkClaim(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(bulkClaimSchema) body: { taskIds: string[] },
  ): Promise<BulkResult[]> {
    return this.tasks.bulkClaim(principal, body.taskIds);
  }

  @Post('bulk/complete')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Complete several tasks with the same data (result application, research, nomination)',
  })
  @ApiZodBody(bulkCompleteSchema)
  bulkComplete(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(bulkCompleteSchema) body: BulkComplete,
  ): Promise<BulkResult[]> {
    return this.tasks.bulkComplete(principal, body.taskIds, body.data);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One task' })
  get(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<TaskView> {
    return this.tasks.get(principal, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @ApiOperation({ summary: 'Claim a task offered to my role' })
  claim(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<TaskView> {
    return this.tasks.claim(principal, id);
  }

  @Post(':id/urge')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Urge (催办): remind the assignees now (superiors only; once per task per 10 minutes)',
  })
  urge(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<{ notified: number }> {
    return this.tasks.urge(principal, id);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Complete a task with its form data (validated against the step form; FORM_INVALID otherwise). ' +
      'On a rating task the data is my ballot. An idempotency key makes retries safe.',
  })
  @ApiZodBody(completeTaskSchema)
  complete(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(completeTaskSchema) body: CompleteTask,
  ): Promise<AdvanceOutcome | BallotOutcome> {
    return this.tasks.complete(principal, id, body);
  }

  @Get(':id/rating')
  @ApiOperation({ summary: 'Ballots received / eligible, whether I voted, the result once closed' })
  rating(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<RatingProgress> {
    return this.ratings.progress(principal, id);
  }

  @Post(':id/rating/close')
  @HttpCode(200)
  @ApiOperation({ summary: 'The organiser closes the round: aggregate and submit the grade' })
  closeRating(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
  ): Promise<AdvanceOutcome> {
    return this.ratings.close(principal, id);
  }
}
