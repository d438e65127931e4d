import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppException, type ErrorKind } from '@shuping/contracts';
import { submitEvent, type JsonObject } from '@shuping/engine';
import type { CandidateMatch, Role } from '@shuping/db';
import {
  insertNotifications,
  InstanceRuntime,
  isUniqueViolation,
  notificationTitle,
  type AdvanceOutcome,
} from '@shuping/worker';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { canActOn, candidateSql, type TaskAccessRow } from './task-access.js';

export enum TaskErrorCode {
  NotYours = 'TASK_NOT_YOURS',
  AlreadyClosed = 'TASK_ALREADY_CLOSED',
  ClaimedByOther = 'TASK_CLAIMED_BY_OTHER',
  CannotRateSelf = 'CANNOT_RATE_SELF',
  UrgeTooSoon = 'URGE_TOO_SOON',
  NotASuperior = 'NOT_A_SUPERIOR',
}

const kinds: Record<TaskErrorCode, ErrorKind> = {
  [TaskErrorCode.NotYours]: 'forbidden',
  [TaskErrorCode.AlreadyClosed]: 'conflict',
  [TaskErrorCode.ClaimedByOther]: 'conflict',
  [TaskErrorCode.CannotRateSelf]: 'forbidden',
  [TaskErrorCode.UrgeTooSoon]: 'rate_limited',
  [TaskErrorCode.NotASuperior]: 'forbidden',
};

/** One urging per task per this period, whoever urges. */
export const URGE_INTERVAL_MS = 10 * 60_000;
const URGERS: Role[] = ['county_admin', 'org_department', 'township_secretary', 'supervisor'];

export class TaskException extends AppException {
  constructor(code: TaskErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}

export const taskQuerySchema = z.strictObject({
  status: z.enum(['open', 'done']).default('open'),
  kind: z.string().max(32).optional(),
  campaignId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskQuery = z.infer<typeof taskQuerySchema>;

export const completeTaskSchema = z.strictObject({
  data: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z.string().trim().min(8).max(200).optional(),
});
export type CompleteTask = z.infer<typeof completeTaskSchema>;

export interface TaskView {
  id: string;
  instanceId: string;
  campaignId: string;
  campaignName: string;
  orgUnitId: string;
  orgName: string;
  taskKey: string;
  stepKind: string;
  title: { zh: string; en: string };
  status: string;
  assigneeUserId: string | null;
  dueAt: string | null;
  overdue: boolean;
  openedAt: string;
  closedAt: string | null;
  formSettings: unknown;
}

const VIEW = `t.id, t.instance_id AS "instanceId", t.campaign_id AS "campaignId", c.name AS "campaignName",
  t.org_unit_id AS "orgUnitId", o.name AS "orgName", t.task_key AS "taskKey", t.step_kind AS "stepKind",
  json_build_object('zh', t.title_zh, 'en', t.title_en) AS title, t.status,
  t.assignee_user_id AS "assigneeUserId", t.due_at AS "dueAt",
  (t.overdue OR (t.status IN ('open','claimed') AND t.due_at < now())) AS overdue,
  t.opened_at AS "openedAt", t.closed_at AS "closedAt", t.form_settings AS "formSettings"`;

interface LockedTask extends TaskAccessRow {
  id: string;
  instance_id: string;
  org_unit_id: string;
  task_key: string;
  step_kind: string;
  status: string;
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runtime: InstanceRuntime,
    private readonly audit: AuditService,
  ) {}

  /** My tasks: assigned to me or claimable by one of my roles (open), or completed by me (done). */
  async list(principal: Principal, query: TaskQuery): Promise<TaskView[]> {
    const params: unknown[] = [principal.countyId];
    const where = [`t.county_id = $1`];
    if (query.status === 'open') {
      where.push(`t.status IN ('open', 'claimed')`, candidateSql(principal, params));
    } else {
      params.push(principal.userId);
      where.push(`t.status = 'done' AND t.completed_by = $${params.length}`);
    }
    if (query.kind) {
      params.push(query.kind);
      where.push(`t.step_kind = $${params.length}`);
    }
    if (query.campaignId) {
      params.push(query.campaignId);
      where.push(`t.campaign_id = $${params.length}`);
    }
    if (query.overdue !== undefined) {
      where.push(query.overdue ? `t.due_at < now()` : `(t.due_at IS NULL OR t.due_at >= now())`);
    }
    if (query.dueBefore) {
      params.push(query.dueBefore);
      where.push(`t.due_at < $${params.length}`);
    }
    params.push(query.limit, query.offset);
    return this.db.query<TaskView[]>(
      `SELECT ${VIEW} FROM task t JOIN org_unit o ON o.id = t.org_unit_id JOIN campaign c ON c.id = t.campaign_id
        WHERE ${where.join(' AND ')}
        ORDER BY t.due_at ASC NULLS LAST, t.opened_at ASC
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  async get(principal: Principal, id: string): Promise<TaskView> {
    const [row] = await this.db.query<
      (TaskView & TaskAccessRow & { path: string; completed_by: string | null })[]
    >(
      `SELECT ${VIEW}, t.completed_by, t.county_id, t.candidate_roles, t.candidate_org_id, t.candidate_org_path, t.candidate_match,
              t.rater_groups, t.assignee_user_id, o.path
         FROM task t JOIN org_unit o ON o.id = t.org_unit_id JOIN campaign c ON c.id = t.campaign_id
        WHERE t.id = $1 AND t.county_id = $2`,
      [id, principal.countyId],
    );
    if (!row || !(canActOn(principal, row) || row.completed_by === principal.userId))
      throw new NotFoundException('Task');
    return this.view(row);
  }

  /** Takes a claimable task for myself, so others in my role no longer see it as open. */
  async claim(principal: Principal, id: string): Promise<TaskView> {
    await this.db.transaction(async (manager) => {
      const task = await this.lock(manager, principal, id);
      if ('replayed' in task || task.assignee_user_id === principal.userId) return;
      await manager.query(
        `UPDATE task SET assignee_user_id = $2, status = 'claimed' WHERE id = $1`,
        [id, principal.userId],
      );
    });
    return this.get(principal, id);
  }

  /**
   * Completes a task: one transaction locks the task, checks it is still open and mine, and
   * advances the instance. Of concurrent completions exactly one wins; the others get 409.
   */
  async complete(principal: Principal, id: string, body: CompleteTask): Promise<AdvanceOutcome> {
    const key = body.idempotencyKey ? `task:${principal.userId}:${body.idempotencyKey}` : undefined;
    if (key) {
      const replay = await this.runtime.replay(this.db.manager, key);
      if (replay) return replay;
    }
    try {
      return await this.runtime.transaction(async (manager) => {
        const task = await this.lock(manager, principal, id, key);
        if ('replayed' in task) return task.replayed;
        if (task.step_kind === 'rating' && this.isSecretaryOf(principal, task.org_unit_id)) {
          throw new TaskException(
            TaskErrorCode.CannotRateSelf,
            'A secretary cannot rate their own organisation',
          );
        }
        const data = body.data as JsonObject;
        return this.runtime.advanceIn(manager, task.instance_id, submitEvent(task.task_key, data), {
          actorUserId: principal.userId,
          idempotencyKey: key,
          completion: { taskId: task.id, userId: principal.userId, data },
        });
      });
    } catch (error) {
      if (key && isUniqueViolation(error)) {
        const replay = await this.runtime.replay(this.db.manager, key);
        if (replay) return replay;
      }
      throw error;
    }
  }

  private async lock(
    manager: DataSource['manager'],
    principal: Principal,
    id: string,
    idempotencyKey?: string,
  ): Promise<LockedTask | { replayed: AdvanceOutcome }> {
    const [task] = await manager.query<LockedTask[]>(
      `SELECT id, instance_id, org_unit_id, task_key, step_kind, status, county_id, candidate_roles,
              candidate_org_id, candidate_org_path, candidate_match, rater_groups, assignee_user_id
         FROM task WHERE id = $1 AND county_id = $2 FOR UPDATE`,
      [id, principal.countyId],
    );
    if (!task) throw new NotFoundException('Task');
    if (task.status !== 'open' && task.status !== 'claimed') {
      // A retry that waited behind its own first attempt answers as the first did.
      const replayed = idempotencyKey ? await this.runtime.replay(manager, idempotencyKey) : null;
      if (replayed) return { replayed };
      throw new TaskException(TaskErrorCode.AlreadyClosed, 'This task has already been completed');
    }
    if (
      !canActOn(principal, { ...task, assignee_user_id: null }) &&
      task.assignee_user_id !== principal.userId
    ) {
      throw new NotFoundException('Task');
    }
    if (task.assignee_user_id && task.assignee_user_id !== principal.userId) {
      throw new TaskException(TaskErrorCode.ClaimedByOther, 'Someone else has claimed this task');
    }
    return task;
  }

  /**
   * Urging (催办): a superior (someone whose scope covers the organisation, but not the task's
   * own assignee) sends a reminder now. Rate-limited per task.
   */
  async urge(principal: Principal, id: string): Promise<{ notified: number }> {
    const notified = await this.db.transaction(async (manager) => {
      const [task] = await manager.query<
        {
          id: string;
          instance_id: string;
          county_id: string;
          org_unit_id: string;
          org_name: string;
          org_path: string;
          task_key: string;
          title_zh: string;
          title_en: string;
          due_at: string | null;
          status: string;
          last_urged_at: Date | null;
          candidate_roles: Role[];
          candidate_org_id: string;
          candidate_org_path: string;
          candidate_match: CandidateMatch;
          rater_groups: string[] | null;
          assignee_user_id: string | null;
        }[]
      >(
        `SELECT t.id, t.instance_id, t.county_id, t.org_unit_id, o.name AS org_name, o.path AS org_path, t.task_key,
                t.title_zh, t.title_en, t.due_at, t.status, t.last_urged_at, t.candidate_roles, t.candidate_org_id,
                t.candidate_org_path, t.candidate_match, t.rater_groups, t.assignee_user_id
           FROM task t JOIN org_unit o ON o.id = t.org_unit_id
          WHERE t.id = $1 AND t.county_id = $2 FOR UPDATE OF t`,
        [id, principal.countyId],
      );
      if (!task || !coversOrg(principal, task.org_path)) throw new NotFoundException('Task');
      if (!coversOrg(principal, task.org_path, URGERS) || canActOn(principal, task)) {
        throw new TaskException(TaskErrorCode.NotASuperior, 'Only a superior can urge this task');
      }
      if (task.status !== 'open' && task.status !== 'claimed') {
        throw new TaskException(
          TaskErrorCode.AlreadyClosed,
          'This task has already been completed',
        );
      }
      if (task.last_urged_at && Date.now() - task.last_urged_at.getTime() < URGE_INTERVAL_MS) {
        throw new TaskException(
          TaskErrorCode.UrgeTooSoon,
          'This task was urged a short while ago; try again later',
        );
      }
      await manager.query(`UPDATE task SET last_urged_at = now() WHERE id = $1`, [id]);
      const title = notificationTitle(
        'urge',
        task.org_name,
        { zh: task.title_zh, en: task.title_en },
        task.due_at,
        null,
      );
      let count: number;
      if (task.assignee_user_id) {
        await manager.query(
          `INSERT INTO notification (county_id, user_id, reason, title_zh, title_en, instance_id, task_key, due_at)
           VALUES ($1, $2, 'urge', $3, $4, $5, $6, $7)`,
          [
            task.county_id,
            task.assignee_user_id,
            title.zh,
            title.en,
            task.instance_id,
            task.task_key,
            task.due_at,
          ],
        );
        count = 1;
      } else {
        count = await insertNotifications(
          manager,
          {
            instance: { id: task.instance_id, countyId: task.county_id },
            candidates: {
              roles: task.candidate_roles,
              orgId: task.candidate_org_id,
              orgPath: task.candidate_org_path,
              match: task.candidate_match,
              raterGroups: task.rater_groups,
            },
            reason: 'urge',
            taskKey: task.task_key,
            dueAt: task.due_at,
            title,
          },
          new Date(),
        );
      }
      await this.audit.record(
        {
          countyId: principal.countyId,
          actorUserId: principal.userId,
          action: 'task.urge',
          targetType: 'task',
          targetId: id,
          detail: { instanceId: task.instance_id, taskKey: task.task_key },
        },
        manager,
      );
      return count;
    });
    return { notified };
  }

  /** Secretaries of the organisation under review may not rate it (nor themselves). */
  private isSecretaryOf(principal: Principal, orgUnitId: string): boolean {
    return principal.roles.some(
      (r) =>
        (r.role === 'village_secretary' || r.role === 'township_secretary') &&
        r.orgUnitId === orgUnitId,
    );
  }

  private view(
    row: TaskView & Partial<TaskAccessRow> & { path?: string; completed_by?: string | null },
  ): TaskView {
    const {
      county_id: _c,
      candidate_roles: _r,
      candidate_org_id: _o,
      candidate_org_path: _p,
      candidate_match: _m,
      rater_groups: _g,
      assignee_user_id: _a,
      path: _path,
      completed_by: _by,
      ...view
    } = row;
    return view;
  }
}
