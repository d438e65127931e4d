import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  start,
  transition,
  type CalendarOverrides,
  type CloseTaskEffect,
  type Effect,
  type EngineEvent,
  type EngineSnapshot,
  type JsonObject,
  type OpenTaskEffect,
  type SetTimerEffect,
  type StepResult,
  type WorkflowDefinition,
} from '@shuping/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { candidatesFor, type OrgRef } from './assignee.util.js';
import { Clock } from './clock.js';
import { DefinitionCache } from './definition-cache.service.js';
import { RuntimeEvents, type ArmedTimer } from './runtime-events.js';
import { RuntimeErrorCode, RuntimeException } from './runtime.exception.js';
import { insertRows, isUniqueViolation, leafStates, returnedRows } from './sql.util.js';

/** Who or what caused an event, and how to recognise a retry of it. */
export interface EventMeta {
  actorUserId: string | null;
  /** A replay of the same key returns the first outcome and changes nothing. */
  idempotencyKey?: string;
  /** The task being completed by this event: its row keeps who completed it and the form data. */
  completion?: { taskId: string; userId: string; data: JsonObject };
}

/** What an applied event did, as returned to callers (and stored for replays). */
export interface AdvanceOutcome {
  instanceId: string;
  status: 'active' | 'done';
  version: number;
  currentStates: string[];
  openedTasks: { id: string; taskKey: string; title: string; dueAt: string | null }[];
  closedTasks: string[];
  handled: boolean;
}

interface LockedInstance {
  id: string;
  county_id: string;
  campaign_id: string;
  definition_version_id: string;
  snapshot: EngineSnapshot;
  version: number;
  status: 'active' | 'done' | 'cancelled';
  org_id: string;
  org_name: string;
  org_kind: string;
  org_path: string;
  parent_id: string | null;
  parent_kind: string | null;
  parent_path: string | null;
}

/** A new instance to start: the organisation and the campaign it belongs to. */
export interface InstanceSeed {
  campaignId: string;
  definitionVersionId: string;
  org: OrgRef;
}

const TASK_COLUMNS = [
  'county_id',
  'instance_id',
  'campaign_id',
  'org_unit_id',
  'task_key',
  'state_key',
  'visit',
  'step_kind',
  'title_zh',
  'title_en',
  'assignee_rule',
  'candidate_roles',
  'candidate_org_id',
  'candidate_org_path',
  'candidate_match',
  'rater_groups',
  'status',
  'due_at',
  'form_settings',
  'escalation',
  'opened_at',
] as const;

const TIMER_COLUMNS = [
  'county_id',
  'instance_id',
  'timer_key',
  'task_key',
  'purpose',
  'due_at',
  'status',
  'created_at',
] as const;

const EVENT_COLUMNS = [
  'county_id',
  'instance_id',
  'seq',
  'idempotency_key',
  'event_type',
  'event',
  'actor_user_id',
  'from_states',
  'to_states',
  'effects',
  'result',
  'created_at',
] as const;

const OUTBOX_COLUMNS = ['county_id', 'kind', 'payload', 'created_at'] as const;

/** How long a county's calendar overrides are reused before being read again (other processes). */
const CALENDAR_CACHE_MS = 60_000;

const NOTICE_COLUMNS = [
  'county_id',
  'instance_id',
  'org_unit_id',
  'subject',
  'title_zh',
  'title_en',
  'body',
  'published_at',
  'until',
] as const;

interface InstanceRef {
  id: string;
  countyId: string;
  campaignId: string;
  org: OrgRef;
}

/** Rows collected while applying effects, written in one multi-row INSERT per table. */
class EffectBatch {
  readonly tasks: unknown[][] = [];
  readonly taskKeys: {
    instanceId: string;
    taskKey: string;
    title: string;
    dueAt: string | null;
  }[] = [];
  readonly timers: unknown[][] = [];
  readonly outbox: unknown[][] = [];
  readonly events: unknown[][] = [];
  readonly notices: unknown[][] = [];
  readonly closes: { instanceId: string; effect: CloseTaskEffect }[] = [];
  readonly cancels: { instanceId: string; timerKey: string }[] = [];
  readonly notifications: PendingNotification[] = [];
  readonly marks: {
    instance: InstanceRef;
    kind: 'overdue' | 'escalated';
    stateKey: string;
    taskKey: string | null;
    dueAt: string | null;
  }[] = [];

  constructor(readonly now: Date) {}

  add(
    instance: InstanceRef,
    effects: readonly Effect[],
    snapshot: EngineSnapshot,
    titleOf: (stateKey: string) => { zh: string; en: string },
  ): void {
    for (const effect of effects) {
      switch (effect.type) {
        case 'openTask':
          this.openTask(instance, effect);
          break;
        case 'closeTask':
          this.closes.push({ instanceId: instance.id, effect });
          break;
        case 'setTimer':
          this.setTimer(instance, effect);
          break;
        case 'cancelTimer':
          this.cancels.push({ instanceId: instance.id, timerKey: effect.timerKey });
          break;
        case 'notify':
          this.outbox.push([
            instance.countyId,
            'notify',
            JSON.stringify({ instanceId: instance.id, orgUnitId: instance.org.id, ...effect }),
            this.now,
          ]);
          this.notifications.push({
            instance,
            candidates: candidatesFor(effect.to, instance.org),
            reason: effect.reason,
            taskKey: effect.taskKey,
            dueAt: effect.dueAt,
            title: notificationTitle(
              effect.reason,
              instance.org.name,
              titleOf(effect.stateKey),
              effect.dueAt,
              effect.message,
            ),
          });
          break;
        case 'record':
          this.outbox.push([
            instance.countyId,
            'record',
            JSON.stringify({ instanceId: instance.id, orgUnitId: instance.org.id, ...effect }),
            this.now,
          ]);
          if (effect.kind === 'noticePublished')
            this.notice(instance, effect.stateKey, effect.data, snapshot, titleOf);
          if (effect.kind === 'overdue' || effect.kind === 'escalated') {
            const data = effect.data as { taskKey?: string | null; dueAt?: string | null };
            this.marks.push({
              instance,
              kind: effect.kind,
              stateKey: effect.stateKey,
              taskKey: data.taskKey ?? null,
              dueAt: data.dueAt ?? null,
            });
          }
          break;
      }
    }
  }

  private openTask(instance: InstanceRef, effect: OpenTaskEffect): void {
    const c = candidatesFor(effect.assignee, instance.org);
    this.tasks.push([
      instance.countyId,
      instance.id,
      instance.campaignId,
      instance.org.id,
      effect.taskKey,
      effect.stateKey,
      effect.visit,
      effect.stepKind,
      effect.title.zh,
      effect.title.en,
      JSON.stringify(effect.assignee),
      c.roles,
      c.orgId,
      c.orgPath,
      c.match,
      c.raterGroups,
      'open',
      effect.dueAt,
      effect.form ? JSON.stringify(effect.form) : null,
      effect.escalation ? JSON.stringify(effect.escalation) : null,
      this.now,
    ]);
    this.taskKeys.push({
      instanceId: instance.id,
      taskKey: effect.taskKey,
      title: effect.title.zh,
      dueAt: effect.dueAt,
    });
  }

  /** A public notice (公示) with the facts the process has established so far. */
  private notice(
    instance: InstanceRef,
    stateKey: string,
    data: JsonObject,
    snapshot: EngineSnapshot,
    titleOf: (stateKey: string) => { zh: string; en: string },
  ): void {
    const custom = data.title as { zh?: string; en?: string } | undefined;
    const title = custom?.zh ? { zh: custom.zh, en: custom.en ?? custom.zh } : titleOf(stateKey);
    this.notices.push([
      instance.countyId,
      instance.id,
      instance.org.id,
      (typeof data.subject === 'string' ? data.subject : 'results').slice(0, 32),
      title.zh,
      title.en,
      JSON.stringify({ ...data, facts: snapshot.context.facts }),
      this.now,
      typeof data.until === 'string' ? data.until : null,
    ]);
  }

  private setTimer(instance: InstanceRef, effect: SetTimerEffect): void {
    this.timers.push([
      instance.countyId,
      instance.id,
      effect.timerKey,
      effect.taskKey,
      effect.purpose,
      effect.dueAt,
      'pending',
      this.now,
    ]);
  }
}

/**
 * The durable runtime: every event is one transaction that locks the instance, applies the
 * engine's pure step, and writes the snapshot, tasks, timers, history and outbox together.
 * After commit, listeners (the timer scheduler, live views) are told what changed.
 */
@Injectable()
export class InstanceRuntime {
  private readonly calendars = new Map<string, { overrides: CalendarOverrides; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly definitions: DefinitionCache,
    private readonly clock: Clock,
    private readonly events: RuntimeEvents,
  ) {}

  /**
   * Starts instances of one campaign (one definition version) inside the caller's transaction. Organisations
   * that already have an instance in the campaign are skipped, so a resumed launch is safe.
   * Returns the number started.
   */
  async startMany(manager: EntityManager, seeds: InstanceSeed[]): Promise<number> {
    if (seeds.length === 0) return 0;
    const now = this.clock.now();
    const batch = new EffectBatch(now);
    const instanceRows: unknown[][] = [];
    const starts: { seed: InstanceSeed; result: StepResult }[] = [];
    const definition = await this.definitions.get(seeds[0].definitionVersionId, manager);
    const calendar = await this.calendarOf(manager, seeds[0].org.countyId);
    for (const seed of seeds) {
      const result = start(definition, {
        now,
        calendar,
        data: { orgUnitId: seed.org.id, orgKind: seed.org.kind, campaignId: seed.campaignId },
      });
      starts.push({ seed, result });
      instanceRows.push([
        seed.org.countyId,
        seed.campaignId,
        seed.org.id,
        seed.definitionVersionId,
        JSON.stringify(result.snapshot),
        1,
        result.status,
        leafStates(result.snapshot.value),
        now,
        now,
        result.status === 'done' ? now : null,
      ]);
    }
    const inserted = await insertRows<{ id: string; org_unit_id: string }>(
      manager,
      'process_instance',
      [
        'county_id',
        'campaign_id',
        'org_unit_id',
        'definition_version_id',
        'snapshot',
        'version',
        'status',
        'current_states',
        'started_at',
        'updated_at',
        'ended_at',
      ],
      instanceRows,
      'id, org_unit_id',
    );
    const idByOrg = new Map(inserted.map((row) => [row.org_unit_id, row.id]));
    for (const { seed, result } of starts) {
      const id = idByOrg.get(seed.org.id)!;
      const instance: InstanceRef = {
        id,
        countyId: seed.org.countyId,
        campaignId: seed.campaignId,
        org: seed.org,
      };
      batch.add(instance, result.effects, result.snapshot, titleLookup(definition));
      batch.events.push([
        seed.org.countyId,
        id,
        1,
        null,
        'START',
        JSON.stringify({ type: 'START' }),
        null,
        [],
        leafStates(result.snapshot.value),
        JSON.stringify(result.effects),
        null,
        now,
      ]);
    }
    const timers = await this.flush(manager, batch);
    this.afterCommit(manager, {
      countyId: seeds[0].org.countyId,
      instanceIds: [...idByOrg.values()],
      timers,
    });
    return inserted.length;
  }

  /**
   * Applies one event in its own transaction: replays return the first outcome; otherwise the
   * instance is locked, stepped, and everything is written before commit.
   */
  async apply(instanceId: string, event: EngineEvent, meta: EventMeta): Promise<AdvanceOutcome> {
    if (meta.idempotencyKey) {
      const replay = await this.replay(this.db.manager, meta.idempotencyKey);
      if (replay) return replay;
    }
    try {
      return await this.transaction((manager) => this.advanceIn(manager, instanceId, event, meta));
    } catch (error) {
      // A concurrent request with the same key committed first: answer as it did.
      if (meta.idempotencyKey && isUniqueViolation(error)) {
        const replay = await this.replay(this.db.manager, meta.idempotencyKey);
        if (replay) return replay;
      }
      throw error;
    }
  }

  /** The outcome stored for an idempotency key, if an event with it was applied. */
  async replay(manager: EntityManager, idempotencyKey: string): Promise<AdvanceOutcome | null> {
    const [row] = await manager.query<{ result: AdvanceOutcome }[]>(
      `SELECT result FROM instance_event WHERE idempotency_key = $1`,
      [idempotencyKey],
    );
    return row ? row.result : null;
  }

  /**
   * Applies one event inside the caller's transaction. Locks the instance row until commit, so
   * events of one instance are strictly ordered.
   */
  async advanceIn(
    manager: EntityManager,
    instanceId: string,
    event: EngineEvent,
    meta: EventMeta,
  ): Promise<AdvanceOutcome> {
    const [row] = await manager.query<LockedInstance[]>(
      `SELECT i.id, i.county_id, i.campaign_id, i.definition_version_id, i.snapshot, i.version, i.status,
              o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.path AS org_path, o.parent_id,
              p.kind AS parent_kind, p.path AS parent_path
         FROM process_instance i
         JOIN org_unit o ON o.id = i.org_unit_id
         LEFT JOIN org_unit p ON p.id = o.parent_id
        WHERE i.id = $1
        FOR UPDATE OF i`,
      [instanceId],
    );
    if (!row)
      throw new RuntimeException(RuntimeErrorCode.InstanceNotFound, `No instance ${instanceId}`);
    if (row.status !== 'active') {
      throw new RuntimeException(
        RuntimeErrorCode.InstanceFinished,
        'This process has already ended',
      );
    }
    const definition: WorkflowDefinition = await this.definitions.get(
      row.definition_version_id,
      manager,
    );
    const now = this.clock.now();
    const calendar = await this.calendarOf(manager, row.county_id);
    const result = transition(definition, row.snapshot, event, { now, calendar });
    if (!result.handled && event.type !== 'TIMER') {
      throw new RuntimeException(
        RuntimeErrorCode.EventNotAccepted,
        `The process cannot take "${event.type}" in its current step`,
      );
    }
    const instance: InstanceRef = {
      id: row.id,
      countyId: row.county_id,
      campaignId: row.campaign_id,
      org: {
        id: row.org_id,
        name: row.org_name,
        countyId: row.county_id,
        kind: row.org_kind,
        path: row.org_path,
        parentId: row.parent_id,
        parentKind: row.parent_kind,
        parentPath: row.parent_path,
      },
    };
    const version = row.version + 1;
    const fromStates = leafStates(row.snapshot.value);
    const toStates = leafStates(result.snapshot.value);

    if (meta.completion) {
      await manager.query(
        `UPDATE task SET status = 'done', close_reason = 'completed', closed_at = $2, completed_by = $3,
                form_data = $4, assignee_user_id = COALESCE(assignee_user_id, $3)
          WHERE id = $1`,
        [meta.completion.taskId, now, meta.completion.userId, JSON.stringify(meta.completion.data)],
      );
    }
    const batch = new EffectBatch(now);
    batch.add(instance, result.effects, result.snapshot, titleLookup(definition));
    await manager.query(
      `UPDATE process_instance SET snapshot = $2, version = $3, status = $4, current_states = $5,
              updated_at = $6, ended_at = CASE WHEN $4::varchar = 'done' THEN $6 ELSE ended_at END
        WHERE id = $1`,
      [instance.id, JSON.stringify(result.snapshot), version, result.status, toStates, now],
    );
    const timers = await this.flush(manager, batch);
    const opened = await this.openedTaskIds(manager, instance.id, batch);
    const outcome: AdvanceOutcome = {
      instanceId: instance.id,
      status: result.status,
      version,
      currentStates: toStates,
      openedTasks: opened,
      closedTasks: batch.closes.map((c) => c.effect.taskKey),
      handled: result.handled,
    };
    await insertRows(manager, 'instance_event', EVENT_COLUMNS, [
      [
        instance.countyId,
        instance.id,
        version,
        meta.idempotencyKey ?? null,
        event.type.slice(0, 64),
        JSON.stringify(event),
        meta.actorUserId,
        fromStates,
        toStates,
        JSON.stringify(result.effects),
        JSON.stringify(outcome),
        now,
      ],
    ]);
    this.afterCommit(manager, { countyId: instance.countyId, instanceIds: [instance.id], timers });
    return outcome;
  }

  /** Drops a county's cached calendar overrides (after an administrator changed them). */
  forgetCalendar(countyId: string): void {
    this.calendars.delete(countyId);
  }

  /** The county's working-calendar overrides (table county_calendar_day), cached per county. */
  private async calendarOf(manager: EntityManager, countyId: string): Promise<CalendarOverrides> {
    const cached = this.calendars.get(countyId);
    if (cached && cached.until > Date.now()) return cached.overrides;
    const rows = await manager.query<{ day: string; kind: 'holiday' | 'workday' }[]>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM county_calendar_day WHERE county_id = $1`,
      [countyId],
    );
    const overrides: CalendarOverrides = {
      extraHolidays: rows.filter((r) => r.kind === 'holiday').map((r) => r.day),
      extraWorkdays: rows.filter((r) => r.kind === 'workday').map((r) => r.day),
    };
    this.calendars.set(countyId, { overrides, until: Date.now() + CALENDAR_CACHE_MS });
    return overrides;
  }

  private async openedTaskIds(
    manager: EntityManager,
    instanceId: string,
    batch: EffectBatch,
  ): Promise<AdvanceOutcome['openedTasks']> {
    if (batch.taskKeys.length === 0) return [];
    const rows = await manager.query<{ id: string; task_key: string }[]>(
      `SELECT id, task_key FROM task WHERE instance_id = $1 AND task_key = ANY($2) AND status = 'open'`,
      [instanceId, batch.taskKeys.map((t) => t.taskKey)],
    );
    const ids = new Map(rows.map((r) => [r.task_key, r.id]));
    return batch.taskKeys.map((t) => ({
      id: ids.get(t.taskKey) ?? '',
      taskKey: t.taskKey,
      title: t.title,
      dueAt: t.dueAt,
    }));
  }

  /** Writes a batch: closes and cancels first (a re-entered step reopens its key), then inserts. */
  private async flush(manager: EntityManager, batch: EffectBatch): Promise<ArmedTimer[]> {
    for (const { instanceId, effect } of batch.closes) {
      await manager.query(
        `UPDATE task SET status = CASE WHEN $3 = 'completed' THEN 'done' ELSE 'cancelled' END,
                close_reason = $3, closed_at = $4
          WHERE instance_id = $1 AND task_key = $2 AND status IN ('open', 'claimed')`,
        [instanceId, effect.taskKey, effect.reason, batch.now],
      );
    }
    if (batch.cancels.length > 0) {
      await manager.query(
        `UPDATE timer SET status = 'cancelled'
          WHERE status = 'pending' AND (instance_id, timer_key) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
        [batch.cancels.map((c) => c.instanceId), batch.cancels.map((c) => c.timerKey)],
      );
    }
    await insertRows(manager, 'task', TASK_COLUMNS, batch.tasks);
    const timers = await insertRows<{ id: string; instance_id: string; due_at: Date }>(
      manager,
      'timer',
      TIMER_COLUMNS,
      batch.timers,
      'id, instance_id, due_at',
    );
    await insertRows(manager, 'instance_event', EVENT_COLUMNS, batch.events);
    await insertRows(manager, 'outbox', OUTBOX_COLUMNS, batch.outbox);
    await insertRows(manager, 'public_notice', NOTICE_COLUMNS, batch.notices);
    for (const mark of batch.marks) {
      await manager.query(
        `UPDATE task SET overdue = true, escalation_level = GREATEST(escalation_level, $3)
          WHERE instance_id = $1 AND task_key = $2 AND status IN ('open', 'claimed')`,
        [mark.instance.id, mark.taskKey, mark.kind === 'overdue' ? 1 : 2],
      );
      if (mark.kind === 'escalated') {
        await manager.query(
          `INSERT INTO escalation (county_id, instance_id, org_unit_id, task_key, state_key, due_at, opened_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            mark.instance.countyId,
            mark.instance.id,
            mark.instance.org.id,
            mark.taskKey,
            mark.stateKey,
            mark.dueAt,
            batch.now,
          ],
        );
      }
    }
    for (const n of batch.notifications) await insertNotifications(manager, n, batch.now);
    return timers.map((t) => ({ id: t.id, instanceId: t.instance_id, dueAt: t.due_at }));
  }

  /** Runs listeners once the surrounding transaction has committed. */
  private afterCommit(
    manager: EntityManager,
    committed: Parameters<RuntimeEvents['emit']>[0],
  ): void {
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      // TypeORM has no commit hook: queue on the runner and let the caller's helper run them.
      pendingAfterCommit.set(runner, [...(pendingAfterCommit.get(runner) ?? []), committed]);
    } else {
      void this.events.emit(committed);
    }
  }

  /**
   * Runs `work` in a transaction and, once committed, tells listeners what it changed.
   * Use it (not `dataSource.transaction`) around `advanceIn` / `startMany`.
   */
  async transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    let committed: Parameters<RuntimeEvents['emit']>[0][];
    let result: T;
    try {
      await runner.startTransaction();
      result = await work(runner.manager);
      await runner.commitTransaction();
      committed = pendingAfterCommit.get(runner) ?? [];
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      pendingAfterCommit.delete(runner);
      await runner.release();
    }
    // Listeners run after the connection is back in the pool: they may query the database.
    for (const c of committed) await this.events.emit(c);
    return result;
  }
}

/** A notification to the people a role resolves to, written with the transaction. */
export interface PendingNotification {
  instance: { id: string; countyId: string };
  candidates: ReturnType<typeof candidatesFor>;
  reason: 'reminder' | 'overdue' | 'escalated' | 'action' | 'urge';
  taskKey: string | null;
  dueAt: string | null;
  title: { zh: string; en: string };
}

const chinaTime = (iso: string) =>
  new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** The wording of a ladder notification (Chinese first). */
export function notificationTitle(
  reason: PendingNotification['reason'],
  org: string,
  step: { zh: string; en: string },
  dueAt: string | null,
  message: { zh: string; en: string } | null,
): { zh: string; en: string } {
  const due = dueAt ? chinaTime(dueAt) : '';
  switch (reason) {
    case 'reminder':
      return {
        zh: `【提醒】${org}「${step.zh}」将于${due}截止`,
        en: `Reminder: "${step.en}" for ${org} is due ${due}`,
      };
    case 'overdue':
      return {
        zh: `【逾期】${org}「${step.zh}」已超过截止时间（${due}）`,
        en: `Overdue: "${step.en}" for ${org} passed its deadline (${due})`,
      };
    case 'escalated':
      return {
        zh: `【督办】${org}「${step.zh}」逾期未办，已转督办`,
        en: `Escalated: "${step.en}" for ${org} is still overdue`,
      };
    case 'urge':
      return {
        zh: `【催办】请尽快办理${org}「${step.zh}」`,
        en: `Urged: please complete "${step.en}" for ${org}`,
      };
    case 'action':
      return message ?? { zh: `${org}「${step.zh}」`, en: `${org}: ${step.en}` };
  }
}

/** Writes one notification per person the candidates resolve to (active users, valid roles). */
export async function insertNotifications(
  manager: EntityManager,
  n: PendingNotification,
  now: Date,
): Promise<number> {
  const c = n.candidates;
  const rows: unknown = await manager.query(
    `INSERT INTO notification (county_id, user_id, reason, title_zh, title_en, instance_id, task_key, due_at, created_at)
     SELECT DISTINCT $1::uuid, ra.user_id, $2, $3, $4, $5::uuid, $6, $7::timestamptz, $8::timestamptz
       FROM role_assignment ra
       JOIN org_unit o ON o.id = ra.org_unit_id
       JOIN app_user u ON u.id = ra.user_id AND u.active
      WHERE ra.role = ANY($9)
        AND (ra.valid_from IS NULL OR ra.valid_from <= $8) AND (ra.valid_to IS NULL OR ra.valid_to > $8)
        AND (($10 = 'exact' AND ra.org_unit_id = $11::uuid)
          OR ($10 = 'children' AND o.parent_id = $11::uuid)
          OR ($10 = 'subtree' AND $12 LIKE o.path || '%' AND ($13::text[] IS NULL OR ra.rater_group = ANY($13))))
     RETURNING user_id`,
    [
      n.instance.countyId,
      n.reason,
      n.title.zh.slice(0, 300),
      n.title.en.slice(0, 300),
      n.instance.id,
      n.taskKey,
      n.dueAt,
      now,
      c.roles,
      c.match,
      c.orgId,
      c.orgPath,
      c.raterGroups,
    ],
  );
  return returnedRows(rows).length;
}

/** Title of a state (dotted key) of a definition, for notices. */
function titleLookup(
  definition: WorkflowDefinition,
): (stateKey: string) => { zh: string; en: string } {
  return (stateKey) => {
    let node: { states?: Record<string, unknown>; meta?: { title?: { zh: string; en: string } } } =
      definition.machine;
    for (const part of stateKey.split('.')) node = node.states?.[part] ?? {};
    return node.meta?.title ?? { zh: definition.name.zh, en: definition.name.en };
  };
}

const pendingAfterCommit = new WeakMap<object, Parameters<RuntimeEvents['emit']>[0][]>();
