import { Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  coSignSchema,
  outOfOfficeSchema,
  resolveDelegationSchema,
  sendBackSchema,
  taskCopySchema,
  taskDraftSchema,
  taskPersonSchema,
  type CoSign,
  type OutOfOffice,
  type SendBack,
  type TaskCopy,
  type TaskDraft,
  type TaskPerson,
} from '@shuping/contracts';
import { z } from 'zod';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import type { Principal } from '../auth/principal.js';
import { IdParam } from '../common/validation/uuid.pipe.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';
import { InboxActionsService, type SendBackOutcome } from './inbox-actions.service.js';
import { OutOfOfficeService, type StandInPeriod } from './out-of-office.service.js';
import { TaskDetailService, type TaskDetail } from './task-detail.service.js';

const peopleQuery = z.strictObject({ q: z.string().trim().max(64).optional() });

/** The work inbox: the task page and the actions on a task (转办、委派、加签、抄送、退回), stand-ins. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller()
export class InboxController {
  constructor(
    private readonly actions: InboxActionsService,
    private readonly detail: TaskDetailService,
    private readonly outOfOffice: OutOfOfficeService,
  ) {}

  @Get('inbox/tasks/:id')
  @ApiOperation({
    summary: 'The task page: task, permissions, form, draft, people, history and side records',
  })
  task(@CurrentPrincipal() principal: Principal, @IdParam() id: string): Promise<TaskDetail> {
    return this.detail.get(principal, id);
  }

  @Get('inbox/people')
  @ApiOperation({ summary: 'People of my county to pick for transfer, delegation, copies' })
  people(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(peopleQuery) query: { q?: string },
  ): Promise<{ id: string; displayName: string; username: string; orgName: string | null }[]> {
    return this.actions.people(principal, query.q);
  }

  @Put('tasks/:id/draft')
  @ApiOperation({ summary: 'Save the form as a draft (the actor or a delegate)' })
  @ApiZodBody(taskDraftSchema)
  draft(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(taskDraftSchema) body: TaskDraft,
  ): Promise<{ savedAt: string }> {
    return this.actions.saveDraft(principal, id, body);
  }

  @Post('tasks/:id/transfer')
  @HttpCode(204)
  @ApiOperation({ summary: '转办: hand the task over to another person' })
  @ApiZodBody(taskPersonSchema)
  transfer(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(taskPersonSchema) body: TaskPerson,
  ): Promise<void> {
    return this.actions.transfer(principal, id, body);
  }

  @Post('tasks/:id/delegate')
  @HttpCode(204)
  @ApiOperation({ summary: '委派: someone works the task for me and hands it back' })
  @ApiZodBody(taskPersonSchema)
  delegate(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(taskPersonSchema) body: TaskPerson,
  ): Promise<void> {
    return this.actions.delegate(principal, id, body);
  }

  @Post('tasks/:id/resolve')
  @HttpCode(204)
  @ApiOperation({ summary: 'The delegate hands the task back' })
  @ApiZodBody(resolveDelegationSchema)
  resolve(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(resolveDelegationSchema) body: { note?: string },
  ): Promise<void> {
    return this.actions.resolve(principal, id, body.note);
  }

  @Post('tasks/:id/co-handlers')
  @HttpCode(204)
  @ApiOperation({ summary: '加签: add a co-handler who must sign before completion' })
  @ApiZodBody(taskPersonSchema)
  coHandler(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(taskPersonSchema) body: TaskPerson,
  ): Promise<void> {
    return this.actions.addCoHandler(principal, id, body);
  }

  @Post('tasks/:id/co-sign')
  @HttpCode(204)
  @ApiOperation({ summary: 'The co-handler signs with an opinion' })
  @ApiZodBody(coSignSchema)
  coSign(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(coSignSchema) body: CoSign,
  ): Promise<void> {
    return this.actions.coSign(principal, id, body);
  }

  @Post('tasks/:id/copies')
  @HttpCode(204)
  @ApiOperation({ summary: '抄送: copy the task to people (read-only, notified)' })
  @ApiZodBody(taskCopySchema)
  copy(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(taskCopySchema) body: TaskCopy,
  ): Promise<void> {
    return this.actions.copy(principal, id, body);
  }

  @Post('tasks/:id/send-back')
  @HttpCode(200)
  @ApiOperation({ summary: '退回: back to the previous step (recorded in the instance history)' })
  @ApiZodBody(sendBackSchema)
  sendBack(
    @CurrentPrincipal() principal: Principal,
    @IdParam() id: string,
    @ZodBody(sendBackSchema) body: SendBack,
  ): Promise<SendBackOutcome> {
    return this.actions.sendBack(principal, id, body);
  }

  @Get('inbox/stand-ins')
  @ApiOperation({
    summary: 'My stand-in periods (代理): who stands in for me, for whom I stand in',
  })
  standIns(@CurrentPrincipal() principal: Principal): Promise<StandInPeriod[]> {
    return this.outOfOffice.list(principal);
  }

  @Post('inbox/stand-ins')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Out of office: a stand-in holds my roles and sees my tasks for a period',
  })
  @ApiZodBody(outOfOfficeSchema)
  createStandIn(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(outOfOfficeSchema) body: OutOfOffice,
  ): Promise<StandInPeriod[]> {
    return this.outOfOffice.create(principal, body);
  }

  @Delete('inbox/stand-ins/:userId')
  @ApiOperation({ summary: 'End my stand-in periods held by this person' })
  endStandIn(
    @CurrentPrincipal() principal: Principal,
    @IdParam('userId') userId: string,
  ): Promise<StandInPeriod[]> {
    return this.outOfOffice.end(principal, userId);
  }
}
