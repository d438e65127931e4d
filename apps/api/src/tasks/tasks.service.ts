import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppException } from '@shuping/contracts';
import { submitEvent, type EngineEvent, type JsonObject } from '@shuping/engine';
import type { CandidateMatch, Role } from '@shuping/db';
import {
  GroupCommit,
  insertNotifications,
  InstanceRuntime,
  isUniqueViolation,
  LOCKED_INSTANCE_SQL,
  notificationTitle,
  type AdvanceOutcome,
  type EventMeta,
  type LockedInstance,
  type Settled,
  queryPrepared,
} from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { RatingService, votedSql, type BallotOutcome } from './rating.service.js';
import { canActOn, candidateSql, type TaskAccessRow } from './task-access.js';
import { TaskFormsService } from './task-forms.service.js';
import { TaskErrorCode, TaskException } from './tasks.exception.js';

export { TaskErrorCode, TaskException } from './tasks.exception.js';

/** One urging per task per this period, whoever urges. */
export const URGE_INTERVAL_MS = 10 * 60_000;
const URGERS: Role[] = ['county_admin', 'org_department', 'township_secretary', 'supervisor'];
/** Who may look at (not act on) the tasks of organisations in their subtree. */
export const OVERSEERS: Role[] = [
  'county_admin',
  'org_department',
  'township_secretary',
  'supervisor',
];

export const taskQuerySchema = z.strictObject({
  /** open: my work; done: what I completed (or voted on, or signed); copied: copies to me (抄送). */
  status: z.enum(['open', 'done', 'copied']).default('open'),
  kind: z.string().max(32).optional(),
  campaignId: z.uuid().optional(),
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  dueBefore: z.iso.datetime({ offset: true }).optional(),
  /** Searches organisation, step and campaign names. */
  q: z.string().trim().max(64).optional(),
  sort: z.enum(['due', 'opened', 'org', 'kind']).default('due'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type TaskQuery = z.infer<typeof taskQuerySchema>;

export const completeTaskSchema = z.strictObject({
  data: z.record(z.string(), z.unknown()).default({}),
  idempotencyKey: z.string().trim().min(8).max(200).optional(),
});
export type CompleteTask = z.infer<typeof completeTaskSchema>;

/** Why a task is in my list. */
export type TaskVia =
  'self' | 'standIn' | 'delegate' | 'coHandler' | 'copy' | 'done' | 'subject' | 'overseer';

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
  assigneeName: string | null;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  openedAt: string;
  closedAt: string | null;
  formSettings: unknown;
  via: TaskVia;
}

const VIEW = `t.id, t.instance_id AS "instanceId", t.campaign_id AS "campaignId", c.name AS "campaignName",
  t.org_unit_id AS "orgUnitId", o.name AS "orgName", t.task_key AS "taskKey", t.step_kind AS "stepKind",
  json_build_object('zh', t.title_zh, 'en', t.title_en) AS title, t.status,
  t.assignee_user_id AS "assigneeUserId", au.display_name AS "assigneeName", t.due_at AS "dueAt",
  (t.overdue OR (t.status IN ('open','claimed') AND t.due_at < now())) AS overdue,
  t.escalation_level AS "escalationLevel",
  t.opened_at AS "openedAt", t.closed_at AS "closedAt", t.form_settings AS "formSettings"`;

const FROM = `task t JOIN org_unit o ON o.id = t.org_unit_id JOIN campaign c ON c.id = t.campaign_id
  LEFT JOIN app_user au ON au.id = t.assignee_user_id`;

const SORTS: Record<TaskQuery['sort'], string> = {
  due: 't.due_at ASC NULLS LAST, t.opened_at ASC',
  opened: 't.opened_at DESC',
  org: 'o.name ASC, t.due_at ASC NULLS LAST',
  kind: 't.step_kind ASC, t.due_at ASC NULLS LAST',
};

/** The absent people whose roles I currently hold as their stand-in (代理). */
export function standInForSql(userParam: string): string {
  return `(SELECT ra.stand_in_for FROM role_assignment ra
            WHERE ra.user_id = ${userParam} AND ra.stand_in_for IS NOT NULL
              AND (ra.valid_from IS NULL OR ra.valid_from <= now()) AND (ra.valid_to IS NULL OR ra.valid_to > now()))`;
}

export interface LockedTask extends TaskAccessRow {
  id: string;
  instance_id: string;
  org_unit_id: string;
  task_key: string;
  state_key: string;
  step_kind: string;
  status: string;
  form_settings: unknown;
  definition_version_id: string;
  /** The task's instance, locked with it (completions only). */
  instance: LockedInstance | null;
  /** Co-handlers (加签人) who have not signed yet: the task cannot be completed before them. */
  pending_co_handlers: number;
}

/** A completion waiting to be written. */
interface Completion {
  principal: Principal;
  id: string;
  body: CompleteTask;
  /** The idempotency key as stored (scoped to the user). */
  key: string | undefined;
}

/** What a prepared completion applies to its instance. */
interface PreparedStep {
  event: EngineEvent;
  meta: EventMeta;
}

/** Completions written together at most, and batches written at once. */
const COMPLETION_BATCHES = { maxBatch: 32, maxInFlight: 3 };

/**
 * Reads and locks tasks (`where` over alias `t`, with any ORDER BY). Completing locks and reads the instance with
 * the task: one round trip for what the step needs.
 */
function lockSql(forCompletion: boolean, where: string): string {
  return `SELECT t.id, t.instance_id, t.org_unit_id, t.task_key, t.state_key, t.step_kind, t.status, t.county_id,
              t.candidate_roles, t.candidate_org_id, t.candidate_org_path, t.candidate_match, t.rater_groups,
              t.assignee_user_id, t.form_settings, i.definition_version_id,
              ${forCompletion ? LOCKED_INSTANCE_SQL.object : 'NULL::jsonb'} AS instance,
              (SELECT count(*)::int FROM task_participant tp
                WHERE tp.task_id = t.id AND tp.kind = 'coHandler' AND tp.status = 'pending') AS pending_co_handlers
         FROM task t JOIN process_instance i ON i.id = t.instance_id
              ${forCompletion ? LOCKED_INSTANCE_SQL.joins : ''}
        WHERE ${where}
          FOR UPDATE OF ${forCompletion ? 't, i' : 't'}`;
}

/** Kinds whose tasks may be completed together with the same data. */
export const BULK_KINDS = ['investigate', 'nominate', 'resultApplication'];

/** The result of one task of a bulk action. */
export interface BulkResult {
  taskId: string;
  ok: boolean;
  code?: string;
  message?: string;
  currentStates?: string[];
}

function bulkFailure(taskId: string, error: unknown): BulkResult {
  if (error instanceof AppException) {
    return { taskId, ok: false, code: error.code, message: error.message };
  }
  throw error;
}

@Injectable()
export class TasksService {
  private readonly logger = new Logger(TasksService.name);
  private readonly completions = new GroupCommit<Completion, AdvanceOutcome | BallotOutcome>(
    (countyId, items) => this.completeBatch(countyId, items),
    COMPLETION_BATCHES,
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runtime: InstanceRuntime,
    private readonly audit: AuditService,
    private readonly forms: TaskFormsService,
    private readonly ratings: RatingService,
  ) {}

  /**
   * My tasks. `open`: assigned to me, claimable by one of my roles, assigned to someone I stand
   * in for, or delegated / added to me (委派、加签) — minus ratings I have voted on. `done`: what
   * I completed, voted on, or signed. `copied`: tasks copied to me (抄送).
   */
  async list(principal: Principal, query: TaskQuery): Promise<TaskView[]> {
    const params: unknown[] = [principal.countyId, principal.userId];
    const where = [`t.county_id = $1`];
    let via: string;
    if (query.status === 'open') {
      const mine = candidateSql(principal, params);
      // Every branch is an indexed lookup (ids from uncorrelated sub-selects, not EXISTS per
      // row), so PostgreSQL ORs index scans instead of filtering every open task of the county.
      const participant = (kind: string) =>
        `t.id = ANY(ARRAY(SELECT p.task_id FROM task_participant p WHERE p.user_id = $2
                   AND p.kind = '${kind}' AND p.status = 'pending'))`;
      const standIn = `t.assignee_user_id = ANY(ARRAY${standInForSql('$2')})`;
      where.push(
        `t.status IN ('open', 'claimed')`,
        `(${mine} OR ${standIn} OR ${participant('delegate')} OR ${participant('coHandler')})`,
        `NOT (t.step_kind = 'rating' AND EXISTS (SELECT 1 FROM rating_round r WHERE r.task_id = t.id AND ${votedSql('$2')}))`,
      );
      via = `CASE WHEN ${participant('delegate')} THEN 'delegate'
                  WHEN ${participant('coHandler')} THEN 'coHandler'
                  WHEN ${mine} THEN 'self' ELSE 'standIn' END`;
    } else if (query.status === 'done') {
      where.push(`(t.completed_by = $2
        OR EXISTS (SELECT 1 FROM task_participant p WHERE p.task_id = t.id AND p.user_id = $2
                     AND p.kind IN ('delegate', 'coHandler') AND p.status = 'done')
        OR (t.step_kind = 'rating' AND EXISTS (SELECT 1 FROM rating_round r WHERE r.task_id = t.id AND ${votedSql('$2')})))`);
      via = `'done'`;
    } else {
      where.push(
        `EXISTS (SELECT 1 FROM task_participant p WHERE p.task_id = t.id AND p.user_id = $2 AND p.kind = 'copy')`,
      );
      via = `'copy'`;
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
      where.push(
        query.overdue
          ? `(t.overdue OR t.due_at < now())`
          : `NOT t.overdue AND (t.due_at IS NULL OR t.due_at >= now())`,
      );
    }
    if (query.dueBefore) {
      params.push(query.dueBefore);
      where.push(`t.due_at < $${params.length}`);
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      const p = `$${params.length}`;
      where.push(
        `(o.name ILIKE ${p} OR t.title_zh ILIKE ${p} OR t.title_en ILIKE ${p} OR c.name ILIKE ${p})`,
      );
    }
    params.push(query.limit, query.offset);
    const order =
      query.status === 'open'
        ? (SORTS[query.sort] ?? SORTS.due)
        : 't.closed_at DESC NULLS FIRST, t.opened_at DESC';
    return this.db.query<TaskView[]>(
      `SELECT ${VIEW}, ${via} AS via FROM ${FROM}
        WHERE ${where.join(' AND ')}
        ORDER BY ${order}
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
  }

  /**
   * How the caller relates to a task, or null when they may not see it (answered 404). Actors
   * may work on it; everyone else listed may read it.
   */
  async relation(
    manager: EntityManager,
    principal: Principal,
    task: TaskAccessRow & {
      id: string;
      path: string;
      completed_by: string | null;
      step_kind: string;
      org_unit_id: string;
    },
  ): Promise<TaskVia | null> {
    if (task.county_id !== principal.countyId) return null;
    if (canActOn(principal, task)) return 'self';
    const [row] = await manager.query<{ kind: string | null; stand_in: boolean; voted: boolean }[]>(
      `SELECT (SELECT p.kind FROM task_participant p WHERE p.task_id = $1 AND p.user_id = $2
                ORDER BY (p.status = 'pending') DESC, p.created_at DESC LIMIT 1) AS kind,
              ($3::uuid IS NOT NULL AND $3::uuid IN ${standInForSql('$2')}) AS stand_in,
              EXISTS (SELECT 1 FROM rating_round r WHERE r.task_id = $1 AND ${votedSql('$2')}) AS voted`,
      [task.id, principal.userId, task.assignee_user_id],
    );
    if (row?.stand_in) return 'standIn';
    if (row?.kind === 'delegate' || row?.kind === 'coHandler' || row?.kind === 'copy') {
      return row.kind;
    }
    if (task.completed_by === principal.userId || row?.voted) return 'done';
    if (coversOrg(principal, task.path, OVERSEERS)) return 'overseer';
    // The organisation's own secretary follows every step about it (critique, questions, results).
    const own = principal.roles.some(
      (r) =>
        (r.role === 'village_secretary' || r.role === 'township_secretary') &&
        r.orgUnitId === task.org_unit_id,
    );
    if (own) return 'subject';
    return null;
  }

  async get(principal: Principal, id: string): Promise<TaskView> {
    const [row] = await this.db.query<
      (TaskView &
        TaskAccessRow & {
          path: string;
          completed_by: string | null;
          step_kind: string;
          org_unit_id: string;
        })[]
    >(
      `SELECT ${VIEW}, t.completed_by, t.county_id, t.candidate_roles, t.candidate_org_id, t.candidate_org_path,
              t.candidate_match, t.rater_groups, t.assignee_user_id, t.step_kind, t.org_unit_id, o.path
         FROM ${FROM} WHERE t.id = $1 AND t.county_id = $2`,
      [id, principal.countyId],
    );
    if (!row) throw new NotFoundException('Task');
    const via = await this.relation(this.db.manager, principal, row);
    if (!via) throw new NotFoundException('Task');
    return { ...this.view(row), via };
  }

  /** Takes a claimable task for myself, so others in my role no longer see it as open. */
  async claim(principal: Principal, id: string): Promise<TaskView> {
    await this.db.transaction(async (manager) => {
      const task = await this.lock(manager, principal, id);
      if ('replayed' in task || task.assignee_user_id === principal.userId) return;
      if (task.step_kind === 'rating') {
        throw new TaskException(
          TaskErrorCode.NotForRating,
          'A rating task is shared by every rater: vote instead of claiming it',
        );
      }
      await manager.query(
        `UPDATE task SET assignee_user_id = $2, status = 'claimed' WHERE id = $1`,
        [id, principal.userId],
      );
      await this.audit.record(
        {
          countyId: principal.countyId,
          actorUserId: principal.userId,
          action: 'task.claim',
          targetType: 'task',
          targetId: id,
          detail: { instanceId: task.instance_id, taskKey: task.task_key },
        },
        manager,
      );
    });
    return this.get(principal, id);
  }

  /**
   * Completes a task: the task is locked, checked to be still open and mine, the submission is
   * turned into the step's data (data that does not fit the form is refused), and the instance
   * advances — all in one transaction. Of concurrent completions exactly one wins; the others
   * get 409. On a rating task the submission is the caller's ballot; the round closes itself.
   * Completions that arrive while earlier ones are being written commit together (group commit).
   */
  async complete(
    principal: Principal,
    id: string,
    body: CompleteTask,
  ): Promise<AdvanceOutcome | BallotOutcome> {
    const key = body.idempotencyKey ? `task:${principal.userId}:${body.idempotencyKey}` : undefined;
    if (key) {
      const replay = await this.runtime.replay(this.db.manager, key);
      if (replay) return replay;
    }
    const completion = { principal, id, body, key };
    // Someone of no county (a provincial administrator) completes nothing: answered alone.
    if (!principal.countyId) return this.completeAlone(completion);
    return this.completions.submit(principal.countyId, completion);
  }

  /** One completion in a transaction of its own (one at a time, or a failed batch's). */
  private async completeAlone(completion: Completion): Promise<AdvanceOutcome | BallotOutcome> {
    const { principal, id, key } = completion;
    try {
      return await this.runtime.transaction(async (manager) => {
        const task = await this.lock(manager, principal, id, {
          idempotencyKey: key,
          forCompletion: true,
        });
        if ('replayed' in task) return task.replayed;
        return this.writeOne(manager, completion, task);
      });
    } catch (error) {
      if (key && isUniqueViolation(error)) {
        const replay = await this.runtime.replay(this.db.manager, key);
        if (replay) return replay;
      }
      throw error;
    }
  }

  /**
   * Completions of one county written together: one statement locks every task with its
   * instance (in instance order, so batches cannot deadlock), each is checked and its data
   * prepared, and one `runtime_write` writes every step before one commit. A completion refused
   * on its own (not mine, already done, data that does not fit) is answered without touching the
   * others. Ballots go with them (one that completes the roll closes the round in the batch);
   * steps whose forms write side records go alone; so does every completion
   * of a batch that fails as a whole (an event the process refuses, a database error), which
   * then gets exactly the answer it would have had alone.
   */
  private async completeBatch(
    countyId: string,
    items: Completion[],
  ): Promise<Settled<AdvanceOutcome | BallotOutcome>[]> {
    const settled: (Settled<AdvanceOutcome | BallotOutcome> | 'alone')[] = items.map(() => 'alone');
    if (items.length > 1) {
      try {
        await this.runtime.transaction((manager) =>
          this.writeBatch(manager, countyId, items, settled),
        );
      } catch (error) {
        this.logger.warn(
          `A batch of ${items.length} completions failed (${String(error)}); writing each alone`,
        );
        settled.fill('alone');
      }
    }
    return Promise.all(
      settled.map(async (s, i) => {
        if (s !== 'alone') return s;
        try {
          return { ok: true as const, value: await this.completeAlone(items[i]) };
        } catch (error) {
          return { ok: false as const, error };
        }
      }),
    );
  }

  private async writeBatch(
    manager: EntityManager,
    countyId: string,
    items: Completion[],
    settled: (Settled<AdvanceOutcome | BallotOutcome> | 'alone')[],
  ): Promise<void> {
    const rows = await queryPrepared<LockedTask>(
      manager,
      lockSql(true, 't.id = ANY($1::uuid[]) AND t.county_id = $2 ORDER BY i.id'),
      [[...new Set(items.map((c) => c.id))], countyId],
    );
    const tasks = new Map(rows.map((t) => [t.id, t]));
    const taken = new Set<string>();
    const steps: {
      index: number;
      task: LockedTask;
      step: PreparedStep;
      ballot?: BallotOutcome['ballot'];
    }[] = [];
    for (const [index, item] of items.entries()) {
      const task = tasks.get(item.id);
      if (!task) {
        settled[index] = { ok: false, error: new NotFoundException('Task') };
        continue;
      }
      // Forms that write side records go alone, side by side on their own connections (written
      // one by one in this transaction they would wait for each other).
      if (this.forms.writesSideRecords(task.step_kind)) continue;
      if (task.instance?.status !== 'active') continue;
      // One event (or ballot) per instance and batch: a second one waits for the next batch.
      if (taken.has(task.instance_id)) {
        settled[index] = { again: true };
        continue;
      }
      try {
        const checked = await this.checkActor(manager, item.principal, task, item.key);
        if ('replayed' in checked) {
          settled[index] = { ok: true, value: checked.replayed };
          continue;
        }
        if (task.step_kind === 'rating') {
          // A refused ballot writes nothing (but may have opened its round); one that
          // completes the roll closes the round with the batch's other events.
          const cast = await this.ratings.castStep(manager, item.principal, task, item.body.data);
          taken.add(task.instance_id);
          if ('outcome' in cast) settled[index] = { ok: true, value: cast.outcome };
          else steps.push({ index, task, step: cast.closing, ballot: cast.ballot });
          continue;
        }
        steps.push({ index, task, step: await this.prepareCompletion(manager, item, task) });
        taken.add(task.instance_id);
      } catch (error) {
        // Refused before it wrote anything: only this completion fails.
        if (!(error instanceof AppException)) throw error;
        settled[index] = { ok: false, error };
      }
    }
    const outcomes = await this.runtime.advanceMany(
      manager,
      steps.map(({ task, step }) => ({
        locked: task.instance!,
        event: step.event,
        meta: step.meta,
      })),
    );
    for (const [n, { index, task, ballot }] of steps.entries()) {
      if (ballot) {
        settled[index] = { ok: true, value: { ...outcomes[n]!, ballot } };
        continue;
      }
      await this.auditStandIn(manager, items[index].principal, task);
      settled[index] = { ok: true, value: outcomes[n]! };
    }
  }

  /** Writes one completion of a task locked and checked for it: a ballot, or a step. */
  private async writeOne(
    manager: EntityManager,
    completion: Completion,
    task: LockedTask,
  ): Promise<AdvanceOutcome | BallotOutcome> {
    if (task.step_kind === 'rating') {
      return this.ratings.castBallot(manager, completion.principal, task, completion.body.data);
    }
    const step = await this.prepareCompletion(manager, completion, task);
    const outcome = await this.runtime.advanceIn(manager, task.instance_id, step.event, step.meta);
    await this.auditStandIn(manager, completion.principal, task);
    return outcome;
  }

  /** The engine event of a completion: co-handlers have signed, the data fits the form. */
  private async prepareCompletion(
    manager: EntityManager,
    { principal, body, key }: Completion,
    task: LockedTask,
  ): Promise<PreparedStep> {
    if (task.pending_co_handlers > 0) {
      throw new TaskException(
        TaskErrorCode.CoHandlersPending,
        `${task.pending_co_handlers} co-handler(s) (加签人) have not signed yet`,
      );
    }
    const context = await this.forms.contextOf(manager, task);
    const data = (await this.forms.prepare(
      manager,
      principal,
      task,
      context,
      body.data,
    )) as JsonObject;
    return {
      event: submitEvent(task.task_key, data),
      meta: {
        actorUserId: principal.userId,
        idempotencyKey: key,
        completion: { taskId: task.id, userId: principal.userId, data },
        locked: task.instance ?? undefined,
      },
    };
  }

  /** Whether the principal stands in (代理) for the user now. */
  private async standsInFor(
    manager: EntityManager,
    principal: Principal,
    userId: string,
  ): Promise<boolean> {
    const [row] = await manager.query<{ ok: boolean }[]>(
      `SELECT $1::uuid IN ${standInForSql('$2')} AS ok`,
      [userId, principal.userId],
    );
    return row?.ok ?? false;
  }

  /** A stand-in (代理) completing for the assignee is audited. */
  private async auditStandIn(
    manager: EntityManager,
    principal: Principal,
    task: LockedTask,
  ): Promise<void> {
    if (canActOn(principal, task) || task.assignee_user_id === principal.userId) return;
    await this.audit.record(
      {
        countyId: principal.countyId,
        actorUserId: principal.userId,
        action: 'task.complete.standIn',
        targetType: 'task',
        targetId: task.id,
        detail: { instanceId: task.instance_id, onBehalfOf: task.assignee_user_id },
      },
      manager,
    );
  }

  /**
   * Locks a task for an action of its actor: assignee, claimable by my role, or assigned to
   * someone I stand in for. 404 for tasks I may not act on, 409 when closed or claimed.
   */
  async lock(
    manager: EntityManager,
    principal: Principal,
    id: string,
    options: { idempotencyKey?: string; forCompletion?: boolean } = {},
  ): Promise<LockedTask | { replayed: AdvanceOutcome }> {
    const [task] = await queryPrepared<LockedTask>(
      manager,
      lockSql(options.forCompletion ?? false, 't.id = $1 AND t.county_id = $2'),
      [id, principal.countyId],
    );
    if (!task) throw new NotFoundException('Task');
    return this.checkActor(manager, principal, task, options.idempotencyKey);
  }

  /** Checks a locked task is open and the principal may act on it (see `lock`). */
  private async checkActor(
    manager: EntityManager,
    principal: Principal,
    task: LockedTask,
    idempotencyKey: string | undefined,
  ): Promise<LockedTask | { replayed: AdvanceOutcome }> {
    const mine = task.assignee_user_id === principal.userId;
    const standingIn =
      !mine && task.assignee_user_id
        ? await this.standsInFor(manager, principal, task.assignee_user_id)
        : false;
    // Whoever may not act on the task learns nothing of it, not even that it is closed.
    if (!mine && !standingIn && !canActOn(principal, { ...task, assignee_user_id: null })) {
      throw new NotFoundException('Task');
    }
    if (task.status !== 'open' && task.status !== 'claimed') {
      // A retry that waited behind its own first attempt answers as the first did.
      const replayed = idempotencyKey ? await this.runtime.replay(manager, idempotencyKey) : null;
      if (replayed) return { replayed };
      throw new TaskException(TaskErrorCode.AlreadyClosed, 'This task has already been completed');
    }
    if (task.assignee_user_id && !mine && !standingIn) {
      throw new TaskException(TaskErrorCode.ClaimedByOther, 'Someone else has claimed this task');
    }
    return task;
  }

  /** Claims several tasks; each is claimed (or refused) on its own. */
  async bulkClaim(principal: Principal, taskIds: string[]): Promise<BulkResult[]> {
    const results: BulkResult[] = [];
    for (const id of taskIds) {
      try {
        await this.claim(principal, id);
        results.push({ taskId: id, ok: true });
      } catch (error) {
        results.push(bulkFailure(id, error));
      }
    }
    return results;
  }

  /**
   * Completes several tasks of a kind that takes the same decision for many organisations
   * (e.g. result application); each is validated and completed in its own transaction.
   */
  async bulkComplete(
    principal: Principal,
    taskIds: string[],
    data: Record<string, unknown>,
  ): Promise<BulkResult[]> {
    const results: BulkResult[] = [];
    for (const id of taskIds) {
      try {
        const [task] = await this.db.query<{ step_kind: string }[]>(
          `SELECT step_kind FROM task WHERE id = $1 AND county_id = $2`,
          [id, principal.countyId],
        );
        if (task && !BULK_KINDS.includes(task.step_kind)) {
          throw new TaskException(
            TaskErrorCode.FormInvalid,
            'This kind of step is completed one by one',
            [{ path: 'taskIds', message: '该类环节须逐件办理' }],
          );
        }
        const outcome = await this.complete(principal, id, { data });
        results.push({ taskId: id, ok: true, currentStates: outcome.currentStates });
      } catch (error) {
        results.push(bulkFailure(id, error));
      }
    }
    return results;
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

  private view(
    row: TaskView &
      Partial<TaskAccessRow> & {
        path?: string;
        completed_by?: string | null;
        step_kind?: string;
        org_unit_id?: string;
      },
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
      step_kind: _k,
      org_unit_id: _ou,
      ...view
    } = row;
    return view;
  }
}
