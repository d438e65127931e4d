import { randomUUID } from 'node:crypto';
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
  type NotifyEffect,
  type OpenTaskEffect,
  type SetTimerEffect,
  type WorkflowDefinition,
} from '@shuping/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { candidatesFor, type OrgRef } from './assignee.util.js';
import { Clock } from './clock.js';
import { DefinitionCache } from './definition-cache.service.js';
import { RuntimeEvents, type ArmedTimer } from './runtime-events.js';
import { RuntimeErrorCode, RuntimeException } from './runtime.exception.js';
import { isUniqueViolation, leafStates, queryPrepared, returnedRows } from './sql.util.js';

/** Who or what caused an event, and how to recognise a retry of it. */
export interface EventMeta {
  actorUserId: string | null;
  /** A replay of the same key returns the first outcome and changes nothing. */
  idempotencyKey?: string;
  /**
   * The task being completed by this event: its row keeps who completed it (none when a rating
   * round closed by itself) and the form data.
   */
  completion?: { taskId: string; userId: string | null; data: JsonObject };
  /** The instance, already locked (`FOR UPDATE`) by the caller in this transaction. */
  locked?: LockedInstance;
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

/** An instance row locked for an event, with its organisation (see `LOCKED_INSTANCE_SQL`). */
export interface LockedInstance {
  id: string;
  county_id: string;
  campaign_id: string;
  definition_version_id: string;
  snapshot: EngineSnapshot;
  version: number;
  status: 'active' | 'done' | 'cancelled';
  current_states: string[];
  org_id: string;
  org_name: string;
  org_kind: string;
  org_path: string;
  parent_id: string | null;
  parent_kind: string | null;
  parent_path: string | null;
}

const LOCKED_FIELDS: [keyof LockedInstance, string][] = [
  ['id', 'i.id'],
  ['county_id', 'i.county_id'],
  ['campaign_id', 'i.campaign_id'],
  ['definition_version_id', 'i.definition_version_id'],
  ['snapshot', 'i.snapshot'],
  ['version', 'i.version'],
  ['status', 'i.status'],
  ['current_states', 'i.current_states'],
  ['org_id', 'o.id'],
  ['org_name', 'o.name'],
  ['org_kind', 'o.kind'],
  ['org_path', 'o.path'],
  ['parent_id', 'o.parent_id'],
  ['parent_kind', 'p.kind'],
  ['parent_path', 'p.path'],
];

/**
 * How to read a `LockedInstance` (alias `i`): as columns, or as one jsonb value for a caller that
 * locks a row of the instance's (a task) and the instance in the same statement and passes it
 * on as `EventMeta.locked`.
 */
export const LOCKED_INSTANCE_SQL = {
  columns: LOCKED_FIELDS.map(([name, expr]) => `${expr} AS ${name}`).join(', '),
  object: `jsonb_build_object(${LOCKED_FIELDS.map(([name, expr]) => `'${name}', ${expr}`).join(', ')})`,
  joins: `JOIN org_unit o ON o.id = i.org_unit_id LEFT JOIN org_unit p ON p.id = o.parent_id`,
} as const;

/** A new instance to start: the organisation and the campaign it belongs to. */
export interface InstanceSeed {
  campaignId: string;
  definitionVersionId: string;
  org: OrgRef;
}

/** How long a county's calendar overrides are reused before being read again (other processes). */
const CALENDAR_CACHE_MS = 60_000;

/** A row for `runtime_write`, named by column (jsonb columns as values, not strings). */
type Row = Record<string, unknown>;

/**
 * The effects of an event as its history keeps them: what the engine did, without what the rows
 * it wrote already hold. An opened task's form settings and escalation plan are on the task row
 * (a third of an event's history otherwise), and a timer's event is `TIMER` with its key.
 */
export function historyEffects(effects: readonly Effect[]): readonly (Effect | Row)[] {
  return effects.map((effect): Effect | Row => {
    if (effect.type === 'openTask') {
      const { form: _form, escalation: _escalation, ...kept } = effect;
      return kept;
    }
    if (effect.type === 'setTimer') {
      const { event: _event, ...kept } = effect;
      return kept;
    }
    return effect;
  });
}

interface InstanceRef {
  id: string;
  countyId: string;
  campaignId: string;
  org: OrgRef;
}

/**
 * Rows collected while applying effects, written by `runtime_write` in one round trip. Task ids
 * are made here, so a caller learns the tasks it opened without reading them back.
 */
class EffectBatch {
  readonly instances: Row[] = [];
  readonly tasks: Row[] = [];
  readonly opened: {
    id: string;
    instanceId: string;
    taskKey: string;
    title: string;
    dueAt: string | null;
  }[] = [];
  readonly timers: Row[] = [];
  readonly outbox: Row[] = [];
  readonly events: Row[] = [];
  readonly notices: Row[] = [];
  readonly closes: { instanceId: string; effect: CloseTaskEffect }[] = [];
  readonly cancels: { instanceId: string; timerKey: string }[] = [];
  /** The tasks these events complete: who completed each, and the form data. */
  readonly completions: { task_id: string; user_id: string | null; data: JsonObject }[] = [];
  /** The new snapshot of each stepped instance (the last event of an instance wins). */
  readonly updates = new Map<string, Row>();
  readonly notifications: Row[] = [];
  /** Open tasks of a step to mark overdue (level 1) or escalated (level 2). */
  readonly marks: Row[] = [];
  readonly escalations: Row[] = [];

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
          this.outbox.push({
            county_id: instance.countyId,
            kind: 'notify',
            payload: { instanceId: instance.id, orgUnitId: instance.org.id, ...effect },
            created_at: this.now,
          });
          this.notify(instance, effect, titleOf);
          break;
        case 'record':
          this.outbox.push({
            county_id: instance.countyId,
            kind: 'record',
            payload: { instanceId: instance.id, orgUnitId: instance.org.id, ...effect },
            created_at: this.now,
          });
          if (effect.kind === 'noticePublished')
            this.notice(instance, effect.stateKey, effect.data, snapshot, titleOf);
          if (effect.kind === 'overdue' || effect.kind === 'escalated')
            this.mark(instance, effect.kind, effect.stateKey, effect.data);
          break;
      }
    }
  }

  /** A ladder notification to whoever the effect's rule resolves to, written with the batch. */
  private notify(
    instance: InstanceRef,
    effect: NotifyEffect,
    titleOf: (stateKey: string) => { zh: string; en: string },
  ): void {
    const c = candidatesFor(effect.to, instance.org);
    const title = notificationTitle(
      effect.reason,
      instance.org.name,
      titleOf(effect.stateKey),
      effect.dueAt,
      effect.message,
    );
    this.notifications.push({
      county_id: instance.countyId,
      reason: effect.reason,
      title_zh: title.zh.slice(0, 300),
      title_en: title.en.slice(0, 300),
      instance_id: instance.id,
      task_key: effect.taskKey,
      due_at: effect.dueAt,
      roles: c.roles,
      match: c.match,
      org_id: c.orgId,
      org_path: c.orgPath,
      rater_groups: c.raterGroups,
    });
  }

  /** The step's open tasks are overdue (and, when escalated, a supervision record is opened). */
  private mark(
    instance: InstanceRef,
    kind: 'overdue' | 'escalated',
    stateKey: string,
    data: JsonObject,
  ): void {
    const { taskKey = null, dueAt = null } = data as {
      taskKey?: string | null;
      dueAt?: string | null;
    };
    this.marks.push({
      instance_id: instance.id,
      task_key: taskKey,
      level: kind === 'overdue' ? 1 : 2,
    });
    if (kind === 'escalated') {
      this.escalations.push({
        county_id: instance.countyId,
        instance_id: instance.id,
        org_unit_id: instance.org.id,
        task_key: taskKey,
        state_key: stateKey,
        due_at: dueAt,
      });
    }
  }

  private openTask(instance: InstanceRef, effect: OpenTaskEffect): void {
    const c = candidatesFor(effect.assignee, instance.org);
    const id = randomUUID();
    this.tasks.push({
      id,
      county_id: instance.countyId,
      instance_id: instance.id,
      campaign_id: instance.campaignId,
      org_unit_id: instance.org.id,
      task_key: effect.taskKey,
      state_key: effect.stateKey,
      visit: effect.visit,
      step_kind: effect.stepKind,
      title_zh: effect.title.zh,
      title_en: effect.title.en,
      assignee_rule: effect.assignee,
      candidate_roles: c.roles,
      candidate_org_id: c.orgId,
      candidate_org_path: c.orgPath,
      candidate_match: c.match,
      rater_groups: c.raterGroups,
      status: 'open',
      due_at: effect.dueAt,
      form_settings: effect.form ?? null,
      escalation: effect.escalation ?? null,
      opened_at: this.now,
    });
    this.opened.push({
      id,
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
    this.notices.push({
      county_id: instance.countyId,
      instance_id: instance.id,
      org_unit_id: instance.org.id,
      subject: (typeof data.subject === 'string' ? data.subject : 'results').slice(0, 32),
      title_zh: title.zh,
      title_en: title.en,
      body: { ...data, facts: snapshot.context.facts },
      published_at: this.now,
      until: typeof data.until === 'string' ? data.until : null,
    });
  }

  private setTimer(instance: InstanceRef, effect: SetTimerEffect): void {
    this.timers.push({
      county_id: instance.countyId,
      instance_id: instance.id,
      timer_key: effect.timerKey,
      task_key: effect.taskKey,
      purpose: effect.purpose,
      due_at: effect.dueAt,
      status: 'pending',
      created_at: this.now,
    });
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
    const definition = await this.definitions.get(seeds[0].definitionVersionId, manager);
    const calendar = await this.calendarOf(manager, seeds[0].org.countyId);
    const titleOf = titleLookup(definition);
    const instanceIds: string[] = [];
    for (const seed of seeds) {
      const result = start(definition, {
        now,
        calendar,
        data: { orgUnitId: seed.org.id, orgKind: seed.org.kind, campaignId: seed.campaignId },
      });
      const id = randomUUID();
      instanceIds.push(id);
      const states = leafStates(result.snapshot.value);
      batch.instances.push({
        id,
        county_id: seed.org.countyId,
        campaign_id: seed.campaignId,
        org_unit_id: seed.org.id,
        definition_version_id: seed.definitionVersionId,
        snapshot: result.snapshot,
        version: 1,
        status: result.status,
        current_states: states,
        started_at: now,
        updated_at: now,
        ended_at: result.status === 'done' ? now : null,
      });
      const instance: InstanceRef = {
        id,
        countyId: seed.org.countyId,
        campaignId: seed.campaignId,
        org: seed.org,
      };
      batch.add(instance, result.effects, result.snapshot, titleOf);
      batch.events.push({
        county_id: seed.org.countyId,
        instance_id: id,
        seq: 1,
        event_type: 'START',
        event: { type: 'START' },
        from_states: [],
        to_states: states,
        effects: historyEffects(result.effects),
        created_at: now,
      });
    }
    const timers = await this.flush(manager, batch);
    this.afterCommit(manager, {
      countyId: seeds[0].org.countyId,
      instanceIds,
      timers,
      eventType: 'START',
    });
    return seeds.length;
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
    const row =
      meta.locked?.id === instanceId
        ? meta.locked
        : (
            await manager.query<LockedInstance[]>(
              `SELECT ${LOCKED_INSTANCE_SQL.columns}
                 FROM process_instance i ${LOCKED_INSTANCE_SQL.joins}
                WHERE i.id = $1
                  FOR UPDATE OF i`,
              [instanceId],
            )
          )[0];
    if (!row)
      throw new RuntimeException(RuntimeErrorCode.InstanceNotFound, `No instance ${instanceId}`);
    if (row.status !== 'active') {
      throw new RuntimeException(
        RuntimeErrorCode.InstanceFinished,
        'This process has already ended',
      );
    }
    const batch = new EffectBatch(this.clock.now());
    const outcome = await this.step(manager, batch, { ...row }, event, meta);
    const timers = await this.flush(manager, batch);
    this.afterCommit(manager, {
      countyId: row.county_id,
      instanceIds: [row.id],
      timers,
      eventType: event.type,
    });
    return outcome;
  }

  /**
   * Applies events to instances the caller has locked (`FOR UPDATE`, read as `LockedInstance`)
   * inside its transaction, writing them all in one round trip: the timers of many instances
   * fire together, and completions that arrived together commit together. Events of one
   * instance apply in the order given; an instance that has ended takes none (its entries are
   * `null`). One county and one kind of event per call.
   */
  async advanceMany(
    manager: EntityManager,
    items: { locked: LockedInstance; event: EngineEvent; meta: EventMeta }[],
  ): Promise<(AdvanceOutcome | null)[]> {
    if (items.length === 0) return [];
    const batch = new EffectBatch(this.clock.now());
    const current = new Map<string, LockedInstance>();
    const outcomes: (AdvanceOutcome | null)[] = [];
    for (const { locked, event, meta } of items) {
      let row = current.get(locked.id);
      if (!row) current.set(locked.id, (row = { ...locked }));
      outcomes.push(
        row.status === 'active' ? await this.step(manager, batch, row, event, meta) : null,
      );
    }
    const timers = await this.flush(manager, batch);
    this.afterCommit(manager, {
      countyId: items[0].locked.county_id,
      instanceIds: [...batch.updates.keys()],
      timers,
      eventType: items[0].event.type,
    });
    return outcomes;
  }

  /**
   * Steps a locked instance (`row`, updated in place to its new snapshot and version) with one
   * event and adds everything it writes to the batch.
   */
  private async step(
    manager: EntityManager,
    batch: EffectBatch,
    row: LockedInstance,
    event: EngineEvent,
    meta: EventMeta,
  ): Promise<AdvanceOutcome> {
    const definition: WorkflowDefinition = await this.definitions.get(
      row.definition_version_id,
      manager,
    );
    const calendar = await this.calendarOf(manager, row.county_id);
    const result = transition(definition, row.snapshot, event, { now: batch.now, calendar });
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
    if (meta.completion) {
      batch.completions.push({
        task_id: meta.completion.taskId,
        user_id: meta.completion.userId,
        data: meta.completion.data,
      });
    }
    const version = row.version + 1;
    const fromStates = leafStates(row.snapshot.value);
    const toStates = leafStates(result.snapshot.value);
    batch.updates.set(instance.id, {
      id: instance.id,
      snapshot: result.snapshot,
      version,
      status: result.status,
      current_states: toStates,
    });
    Object.assign(row, { snapshot: result.snapshot, version, status: result.status });

    const opened = batch.opened.length;
    const closed = batch.closes.length;
    batch.add(instance, result.effects, result.snapshot, titleLookup(definition));
    const outcome: AdvanceOutcome = {
      instanceId: instance.id,
      status: result.status,
      version,
      currentStates: toStates,
      openedTasks: batch.opened.slice(opened).map(({ id, taskKey, title, dueAt }) => ({
        id,
        taskKey,
        title,
        dueAt,
      })),
      closedTasks: batch.closes.slice(closed).map((c) => c.effect.taskKey),
      handled: result.handled,
    };
    batch.events.push({
      county_id: instance.countyId,
      instance_id: instance.id,
      seq: version,
      idempotency_key: meta.idempotencyKey ?? null,
      event_type: event.type.slice(0, 64),
      event,
      actor_user_id: meta.actorUserId,
      from_states: fromStates,
      to_states: toStates,
      effects: historyEffects(result.effects),
      result: outcome,
      created_at: batch.now,
    });
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

  /** Writes a batch with `runtime_write`: everything in one round trip. */
  private async flush(manager: EntityManager, batch: EffectBatch): Promise<ArmedTimer[]> {
    const rows: Record<string, unknown[]> = {
      completions: batch.completions,
      instances: batch.instances,
      updates: [...batch.updates.values()],
      closes: batch.closes.map(({ instanceId, effect }) => ({
        instance_id: instanceId,
        task_key: effect.taskKey,
        reason: effect.reason,
      })),
      cancels: batch.cancels.map((c) => ({ instance_id: c.instanceId, timer_key: c.timerKey })),
      tasks: batch.tasks,
      timers: batch.timers,
      events: batch.events,
      outbox: batch.outbox,
      notices: batch.notices,
      marks: batch.marks,
      escalations: batch.escalations,
      notifications: batch.notifications,
    };
    const payload: Record<string, unknown> = { now: batch.now };
    for (const [key, list] of Object.entries(rows)) if (list.length > 0) payload[key] = list;
    const timers = await queryPrepared<{
      timer_id: string;
      timer_instance_id: string;
      timer_due_at: Date;
    }>(manager, `SELECT * FROM runtime_write($1::jsonb)`, [JSON.stringify(payload)]);
    return timers.map((t) => ({
      id: t.timer_id,
      instanceId: t.timer_instance_id,
      dueAt: t.timer_due_at,
    }));
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

/** Date and time in China (`2026/11/22 11:55:24`); one formatter, as building one is costly. */
const CHINA_TIME = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  hour12: false,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

/** A moment as people in China read it, for notification texts. */
export const chinaTime = (moment: Date | string): string => CHINA_TIME.format(new Date(moment));

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
