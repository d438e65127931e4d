import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdvanceOutcome } from '@shuping/worker';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import {
  completeTaskSchema,
  taskQuerySchema,
  TasksService,
  type CompleteTask,
  type TaskQuery,
  type TaskView,
} from './tasks.service.js';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'My tasks (filters: status, kind, campaignId, overdue, dueBefore)' })
  list(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(taskQuerySchema) query: TaskQuery,
  ): Promise<TaskView[]> {
    return this.tasks.list(principal, query);
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
    summary: 'Complete a task with its form data; an idempotency key makes retries safe',
  })
  @ApiZodBody(completeTaskSchema)
  complete(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(completeTaskSchema) body: CompleteTask,
  ): Promise<AdvanceOutcome> {
    return this.tasks.complete(principal, id, body);
  }
}
