import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import type { TaskAccessRow } from '../tasks/task-access.js';
import { TasksService, type TaskVia } from '../tasks/tasks.service.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';

/** A task with its organisation and how the caller relates to it. */
export interface ScopedTask extends TaskAccessRow {
  id: string;
  instance_id: string;
  campaign_id: string;
  org_unit_id: string;
  org_name: string;
  org_path: string;
  org_kind: string;
  parent_id: string | null;
  parent_name: string | null;
  parent_kind: string | null;
  task_key: string;
  state_key: string;
  step_kind: string;
  status: string;
  title_zh: string;
  title_en: string;
  form_settings: unknown;
  form_data: Record<string, unknown> | null;
  completed_by: string | null;
  due_at: Date | null;
  opened_at: Date;
  closed_at: Date | null;
  assignee_rule: { role?: string } | null;
  via: TaskVia;
}

const SELECT = `SELECT t.id, t.county_id, t.instance_id, t.campaign_id, t.org_unit_id, o.name AS org_name, o.path AS org_path,
    o.kind AS org_kind, o.parent_id, p.name AS parent_name, p.kind AS parent_kind, t.task_key, t.state_key, t.step_kind,
    t.status, t.title_zh, t.title_en, t.form_settings, t.form_data, t.completed_by, t.due_at, t.opened_at, t.closed_at,
    t.assignee_rule, t.candidate_roles, t.candidate_org_id, t.candidate_org_path, t.candidate_match, t.rater_groups,
    t.assignee_user_id, o.path
  FROM task t JOIN org_unit o ON o.id = t.org_unit_id LEFT JOIN org_unit p ON p.id = o.parent_id`;

/** Loads tasks for the side records of the forms, with the caller's relation (404 if none). */
@Injectable()
export class TaskScopeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
  ) {}

  async load(
    principal: Principal,
    id: string,
    manager: EntityManager = this.db.manager,
    lock = false,
  ): Promise<ScopedTask> {
    const [row] = await manager.query<(Omit<ScopedTask, 'via'> & { path: string })[]>(
      `${SELECT} WHERE t.id = $1 AND t.county_id = $2 ${lock ? 'FOR UPDATE OF t' : ''}`,
      [id, principal.countyId],
    );
    if (!row) throw new NotFoundException('Task');
    const via = await this.tasks.relation(manager, principal, row);
    if (!via) throw new NotFoundException('Task');
    return { ...row, via };
  }

  /** The open task of `kind`, for one of its actors (assignee, role holder, stand-in; delegates if allowed). */
  async forActor(
    principal: Principal,
    id: string,
    kinds: string[],
    manager: EntityManager,
    allowDelegate = true,
  ): Promise<ScopedTask> {
    const task = await this.load(principal, id, manager, true);
    requireKind(task, kinds);
    requireOpen(task);
    const actor =
      task.via === 'self' || task.via === 'standIn' || (allowDelegate && task.via === 'delegate');
    if (!actor) {
      throw new InboxException(
        InboxErrorCode.NotTheActor,
        'Only the person doing this step may do this',
      );
    }
    return task;
  }
}

export function requireKind(task: { step_kind: string }, kinds: string[]): void {
  if (!kinds.includes(task.step_kind)) {
    throw new InboxException(
      InboxErrorCode.WrongStep,
      `This is a ${task.step_kind} step, not ${kinds.join(' / ')}`,
    );
  }
}

export function requireOpen(task: { status: string }): void {
  if (task.status !== 'open' && task.status !== 'claimed') {
    throw new InboxException(InboxErrorCode.WrongStep, 'This step has already been completed');
  }
}

/** True when the person is the (village or township) secretary of the organisation. */
export function isSecretaryOf(principal: Principal, orgUnitId: string | null): boolean {
  return (
    orgUnitId !== null &&
    principal.roles.some(
      (r) =>
        (r.role === 'village_secretary' || r.role === 'township_secretary') &&
        r.orgUnitId === orgUnitId,
    )
  );
}
