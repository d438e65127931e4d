import { createActor, type AnyActorScope, type SnapshotFrom } from 'xstate';
import {
  addDuration,
  createWorkingCalendar,
  type CalendarOverrides,
  type WorkingCalendar,
} from '../calendar/working-days.util.js';
import { actionParamSchemas, type ActionType } from '../definition/action-catalogue.js';
import type { AssigneeRule } from '../definition/assignee.schema.js';
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import type { LocalizedText } from '../definition/common.schema.js';
import { isTaskState, type StateInfo } from '../definition/definition-graph.js';
import { EngineError, EngineErrorCode } from '../engine.exception.js';
import {
  deepFreeze,
  isPlainObject,
  toJsonObject,
  type JsonObject,
  type JsonValue,
} from '../json.types.js';
import {
  compileDefinition,
  type CompiledDefinition,
  type EngineMachine,
} from './compile-definition.js';
import {
  engineContextSchema,
  type EngineContext,
  type FactsInput,
  type TaskRecord,
  type TimerRecord,
} from './engine-context.js';
import { EngineEvents, engineEventSchema, type EngineEvent } from './engine-event.js';
import type { CloseReason, Effect, NotifyEffect, RecordEffect } from './effects.js';
import { escalationPlan, planEntry, stepMetaOf } from './timer-plan.js';

/** A state value as XState persists it: a key, or nested keys per region. */
export type StateValue = string | { readonly [key: string]: StateValue };

/**
 * The persisted snapshot of an instance: XState's `getPersistedSnapshot()` as plain JSON. Store it
 * as is (e.g. a JSONB column); pass it back to {@link transition}.
 */
export interface EngineSnapshot {
  readonly status: ProcessStatus;
  readonly value: StateValue;
  readonly context: EngineContext;
  readonly historyValue: JsonObject;
  readonly children: JsonObject;
  readonly output?: JsonValue;
  readonly error?: JsonValue;
}

/** Status of an instance after a step. */
export type ProcessStatus = 'active' | 'done';

/** Options of every step. The engine reads no clock: `now` is an input. */
export interface StepOptions {
  /** The current instant (ISO string or Date). Due times are computed from it. */
  readonly now: Date | string;
  /** The county's calendar overrides for working-day durations. */
  readonly calendar?: CalendarOverrides;
}

/** Input of {@link start}. */
export interface StartInput extends StepOptions {
  /** Instance data kept in `context.input` (organisation, campaign, ...). */
  readonly data?: JsonObject;
  /** Facts known before the instance starts, e.g. rankings of earlier quarters. */
  readonly facts?: FactsInput;
}

/** Result of a step: the new snapshot, its status, and the effects for the host to perform. */
export interface StepResult {
  readonly snapshot: EngineSnapshot;
  readonly status: ProcessStatus;
  readonly effects: readonly Effect[];
  /**
   * False when the event changed nothing (no transition accepted it, the timer was unknown or
   * stale, the instance is finished). The snapshot is then returned unchanged.
   */
  readonly handled: boolean;
}

/** A live (rehydrated) XState snapshot of an engine machine. */
export type MachineSnapshot = SnapshotFrom<EngineMachine>;

interface Cause {
  readonly type: string;
  readonly taskKey: string | undefined;
}

function parseNow(now: Date | string): Date {
  const date = typeof now === 'string' ? new Date(now) : now;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new EngineError(EngineErrorCode.InvalidClock, `invalid now: ${String(now)}`);
  }
  return date;
}

/** Active states (all levels, root excluded) in document order, from a state value. */
export function activeStates(compiled: CompiledDefinition, value: StateValue): StateInfo[] {
  const active = new Set<StateInfo>();
  const stack: [StateInfo, StateValue][] = [[compiled.graph.root, value]];
  while (stack.length > 0) {
    const [info, v] = stack.pop() as [StateInfo, StateValue];
    const entries: [string, StateValue | null][] =
      typeof v === 'string' ? [[v, null]] : Object.entries(v);
    for (const [key, sub] of entries) {
      const child = info.children.find((c) => c.path[c.path.length - 1] === key);
      if (child) {
        active.add(child);
        if (sub !== null) {
          stack.push([child, sub]);
        }
      }
    }
  }
  return compiled.graph.states.filter((s) => active.has(s));
}

function unitsOf(
  compiled: CompiledDefinition,
  value: StateValue,
  context: EngineContext,
): Map<string, number> {
  return new Map(
    activeStates(compiled, value).map((s) => [s.stateKey, context.visits[s.stateKey] ?? 0]),
  );
}

interface DesiredTask {
  readonly info: StateInfo;
  readonly visit: number;
  readonly primary: boolean;
  readonly title: LocalizedText;
  readonly assignee: AssigneeRule;
}

function desiredTasks(
  compiled: CompiledDefinition,
  active: readonly StateInfo[],
  context: EngineContext,
): Map<string, DesiredTask> {
  const out = new Map<string, DesiredTask>();
  for (const info of active) {
    const visit = context.visits[info.stateKey] ?? 0;
    const meta = stepMetaOf(info);
    if (isTaskState(info) && meta?.assignee) {
      out.set(info.stateKey, {
        info,
        visit,
        primary: true,
        title: meta.title,
        assignee: meta.assignee,
      });
    }
    for (const extra of compiled.extras.get(info.stateKey) ?? []) {
      if (context.extrasDone[extra.taskKey] !== visit) {
        out.set(extra.taskKey, {
          info,
          visit,
          primary: false,
          title: extra.title,
          assignee: extra.assignee,
        });
      }
    }
  }
  return out;
}

function closeReason(cause: Cause, taskKey: string, primary: boolean): CloseReason {
  const matches = cause.taskKey === taskKey || (cause.taskKey === undefined && primary);
  if (cause.type === EngineEvents.Submit && matches) {
    return 'completed';
  }
  if (cause.type === EngineEvents.Timeout && matches) {
    return 'timedOut';
  }
  return 'cancelled';
}

/**
 * Diffs the active states before/after a step and turns the difference into task and timer
 * effects, updating the task and timer tables of the context.
 */
function reconcile(
  compiled: CompiledDefinition,
  before: {
    units: Map<string, number>;
    tasks: Record<string, TaskRecord>;
    timers: Record<string, TimerRecord>;
  },
  afterValue: StateValue,
  afterContext: EngineContext,
  cause: Cause,
  now: Date,
  calendar: WorkingCalendar,
): {
  tasks: Record<string, TaskRecord>;
  timers: Record<string, TimerRecord>;
  closing: Effect[];
  opening: Effect[];
} {
  const active = activeStates(compiled, afterValue);
  const units = new Map(active.map((s) => [s.stateKey, afterContext.visits[s.stateKey] ?? 0]));
  const wanted = desiredTasks(compiled, active, afterContext);
  const tasks: Record<string, TaskRecord> = {};
  const timers: Record<string, TimerRecord> = {};
  const closing: Effect[] = [];
  const opening: Effect[] = [];

  for (const [taskKey, record] of Object.entries(before.tasks)) {
    const want = wanted.get(taskKey);
    if (want && want.visit === record.visit) {
      tasks[taskKey] = record;
    } else {
      closing.push({
        type: 'closeTask',
        taskKey,
        stateKey: record.stateKey,
        reason: closeReason(cause, taskKey, record.primary),
      });
    }
  }
  for (const [timerKey, record] of Object.entries(before.timers)) {
    if (units.get(record.stateKey) === record.visit) {
      timers[timerKey] = record;
    } else {
      closing.push({ type: 'cancelTimer', timerKey, stateKey: record.stateKey });
    }
  }

  const nowIso = now.toISOString();
  const deadlines = new Map<string, string | null>();
  for (const info of active) {
    const visit = units.get(info.stateKey) ?? 0;
    if (before.units.get(info.stateKey) === visit) {
      continue;
    }
    const plan = planEntry(compiled, info, visit, now, calendar);
    deadlines.set(info.stateKey, plan.deadlineAt);
    for (const [timerKey, record] of plan.timers) {
      timers[timerKey] = record;
      opening.push({
        type: 'setTimer',
        timerKey,
        stateKey: record.stateKey,
        taskKey: record.taskKey,
        purpose: record.purpose,
        dueAt: record.dueAt,
        event: { type: 'TIMER', timerKey },
      });
    }
  }
  for (const [taskKey, want] of wanted) {
    if (tasks[taskKey]) {
      continue;
    }
    const meta = stepMetaOf(want.info);
    if (!meta) {
      continue;
    }
    const dueAt = deadlines.has(want.info.stateKey)
      ? (deadlines.get(want.info.stateKey) ?? null)
      : meta.deadline
        ? addDuration(now, meta.deadline, calendar).toISOString()
        : null;
    tasks[taskKey] = {
      stateKey: want.info.stateKey,
      visit: want.visit,
      dueAt,
      openedAt: nowIso,
      primary: want.primary,
    };
    opening.push({
      type: 'openTask',
      taskKey,
      stateKey: want.info.stateKey,
      visit: want.visit,
      primary: want.primary,
      stepKind: meta.kind,
      title: want.title,
      assignee: want.assignee,
      dueAt,
      form: meta.form ? formOf(meta.form) : null,
      escalation: escalationPlan(meta),
    });
  }
  // Tasks before timers, both in document order, so hosts can create rows then arm them.
  opening.sort((a, b) => (a.type === b.type ? 0 : a.type === 'openTask' ? -1 : 1));
  return { tasks, timers, closing, opening };
}

/**
 * JSON copies of the definition's step forms: made once and shared by every task opened on the
 * step, hence frozen.
 */
const formCopies = new WeakMap<object, JsonObject>();

function formOf(form: object): JsonObject {
  let copy = formCopies.get(form);
  if (!copy) {
    copy = deepFreeze(toJsonObject(form));
    formCopies.set(form, copy);
  }
  return copy;
}

function actionEffects(
  actions: readonly { type: string; params?: unknown; info?: { context?: unknown } }[],
  now: Date,
  calendar: WorkingCalendar,
): Effect[] {
  const out: Effect[] = [];
  for (const action of actions) {
    const params = isPlainObject(action.params) ? action.params : {};
    const source = typeof params['$source'] === 'string' ? params['$source'] : '';
    if (action.type === 'shuping.objection') {
      const context = action.info?.context as EngineContext | undefined;
      out.push({
        type: 'record',
        kind: 'objectionRaised',
        stateKey: source,
        data: toJsonObject(context?.results['objections']),
      });
      continue;
    }
    if (!(action.type in actionParamSchemas)) {
      continue;
    }
    const { $source: _source, ...own } = params;
    const type = action.type as ActionType;
    const record = (kind: RecordEffect['kind'], data: Record<string, unknown>): RecordEffect => ({
      type: 'record',
      kind,
      stateKey: source,
      data: toJsonObject(data),
    });
    const parsed = actionParamSchemas[type].safeParse(own);
    if (!parsed.success) {
      continue;
    }
    const p = parsed.data;
    switch (type) {
      case 'openTasks':
        break;
      case 'notify': {
        const n = p as { to: AssigneeRule; message: NotifyEffect['message'] };
        out.push({
          type: 'notify',
          to: n.to,
          reason: 'action',
          stateKey: source,
          taskKey: null,
          message: n.message,
          dueAt: null,
        });
        break;
      }
      case 'recordResult': {
        const r = p as { step?: string; archiveToCounty?: boolean; label?: unknown };
        const step = r.step ?? source;
        const context = action.info?.context as EngineContext | undefined;
        out.push(record('resultRecorded', { ...r, step, result: context?.results[step] ?? null }));
        break;
      }
      case 'publishNotice': {
        const n = p as { period?: string };
        out.push(
          record('noticePublished', {
            ...n,
            until: n.period ? addDuration(now, n.period, calendar).toISOString() : null,
          }),
        );
        break;
      }
      case 'openRectification': {
        const r = p as { deadline?: string; lists?: string[] };
        out.push(
          record('rectificationOpened', {
            ...r,
            lists: r.lists ?? ['problems', 'responsibilities', 'actions'],
            dueAt: r.deadline ? addDuration(now, r.deadline, calendar).toISOString() : null,
          }),
        );
        break;
      }
      case 'issueSupervisionOrder': {
        const o = p as { to?: AssigneeRule };
        out.push(record('supervisionOrderIssued', { ...o, to: o.to ?? { role: 'selfSecretary' } }));
        break;
      }
    }
  }
  return out;
}

/**
 * The persisted form of a live snapshot. XState builds the value and history afresh; the context
 * is JSON by construction (every assignment stores copies made by `toJsonObject`), so it is kept
 * as is, sharing unchanged parts with the snapshot it came from (neither is ever mutated).
 */
function toPersisted(compiled: CompiledDefinition, snapshot: MachineSnapshot): EngineSnapshot {
  const { status, value, context, historyValue, children, output, error } =
    compiled.machine.getPersistedSnapshot(snapshot) as unknown as EngineSnapshot;
  return {
    status,
    value,
    context,
    historyValue: historyValue ?? {},
    children,
    ...(output !== undefined ? { output } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

type EngineScope = AnyActorScope;

/** One inert actor scope per compiled machine: the engine never runs actors, only steps them. */
const scopes = new WeakMap<CompiledDefinition['machine'], EngineScope>();

/**
 * What `xstate.transition` / `initialTransition` do, without building a throw-away actor (and
 * computing the machine's initial state) on every call: the machine's pure step with an inert
 * scope that collects the actions to execute. Engine machines have no child actors, so one
 * scope per machine is safe to reuse (steps are synchronous).
 */
function pureStep(
  compiled: CompiledDefinition,
  step: (scope: EngineScope) => MachineSnapshot,
): [MachineSnapshot, Parameters<EngineScope['actionExecutor']>[0][]] {
  let scope = scopes.get(compiled.machine);
  if (!scope) {
    const self = createActor(compiled.machine, { input: { data: {} } });
    scope = {
      self,
      defer: () => undefined,
      id: '',
      logger: () => undefined,
      sessionId: '',
      stopChild: () => undefined,
      system: self.system,
      emit: () => undefined,
      actionExecutor: () => undefined,
    };
    scopes.set(compiled.machine, scope);
  }
  const inert = scope;
  const actions: Parameters<EngineScope['actionExecutor']>[0][] = [];
  inert.actionExecutor = (action) => {
    actions.push(action);
  };
  try {
    return [step(inert), actions];
  } finally {
    inert.actionExecutor = () => undefined;
  }
}

/**
 * Restores a persisted snapshot against a compiled definition, checking that it fits.
 * @throws EngineError `ENGINE_INVALID_SNAPSHOT`.
 */
export function rehydrateSnapshot(
  compiled: CompiledDefinition,
  snapshot: unknown,
): MachineSnapshot {
  const invalid = (why: string) => new EngineError(EngineErrorCode.InvalidSnapshot, why);
  if (!isPlainObject(snapshot)) {
    throw invalid('not a persisted snapshot');
  }
  const { status, children, historyValue } = snapshot;
  if (status !== 'active' && status !== 'done') {
    throw invalid(`unexpected status ${String(status)}`);
  }
  if (!isPlainObject(children) || Object.keys(children).length > 0) {
    throw invalid('engine snapshots have no child actors');
  }
  if (historyValue !== undefined && !isPlainObject(historyValue)) {
    throw invalid('malformed historyValue');
  }
  if (!valueFits(compiled.graph.root, snapshot['value'])) {
    throw invalid('the state value does not fit the definition');
  }
  if (!engineContextSchema.safeParse(snapshot['context']).success) {
    throw invalid('snapshot context does not match the engine context');
  }
  try {
    // Restores without starting: no XState timers or side effects run.
    return pureStep(compiled, (scope) =>
      compiled.machine.restoreSnapshot(snapshot as never, scope as never),
    )[0];
  } catch (error) {
    throw invalid(
      `snapshot does not fit the definition: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** True when `value` names a valid configuration below `info` (one child of a compound, every region of a parallel). */
function valueFits(info: StateInfo, value: unknown): boolean {
  const child = (key: string) => info.children.find((c) => c.path[c.path.length - 1] === key);
  const below = (c: StateInfo, sub: unknown): boolean =>
    c.children.length === 0 || c.type === 'history'
      ? isPlainObject(sub) && Object.keys(sub).length === 0
      : valueFits(c, sub);
  if (info.type === 'parallel') {
    return (
      isPlainObject(value) &&
      Object.keys(value).length === info.children.length &&
      info.children.every((c) => {
        const key = c.path[c.path.length - 1] ?? '';
        return key in value && below(c, value[key]);
      })
    );
  }
  if (typeof value === 'string') {
    const c = child(value);
    return c !== undefined && (c.children.length === 0 || c.type === 'history');
  }
  if (!isPlainObject(value)) {
    return false;
  }
  const entries = Object.entries(value);
  if (entries.length !== 1) {
    return false;
  }
  const [key, sub] = entries[0];
  const c = child(key);
  return c !== undefined && below(c, sub);
}

function statusOf(snapshot: MachineSnapshot): ProcessStatus {
  if (snapshot.status === 'done') {
    return 'done';
  }
  if (snapshot.status === 'error') {
    const error: unknown = snapshot.error;
    throw new EngineError(
      EngineErrorCode.InvalidDefinition,
      `the machine failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return 'active';
}

function finish(
  compiled: CompiledDefinition,
  next: MachineSnapshot,
  before: {
    units: Map<string, number>;
    tasks: Record<string, TaskRecord>;
    timers: Record<string, TimerRecord>;
  },
  cause: Cause,
  pre: readonly Effect[],
  actions: readonly { type: string; params?: unknown; info?: { context?: unknown } }[],
  now: Date,
  calendar: WorkingCalendar,
  handled: boolean,
): StepResult {
  const status = statusOf(next);
  const persisted = toPersisted(compiled, next);
  const { tasks, timers, closing, opening } = reconcile(
    compiled,
    before,
    persisted.value,
    persisted.context,
    cause,
    now,
    calendar,
  );
  const snapshot: EngineSnapshot = {
    ...persisted,
    context: { ...persisted.context, tasks, timers },
  };
  return {
    snapshot,
    status,
    effects: [...pre, ...closing, ...actionEffects(actions, now, calendar), ...opening],
    handled,
  };
}

/**
 * Starts an instance: the initial transition of the definition's machine. Returns the first
 * snapshot and the effects of entering the first step(s) — tasks to open, timers to set.
 * @throws EngineError `ENGINE_INVALID_DEFINITION`, `ENGINE_INVALID_CLOCK`, `ENGINE_INVALID_CALENDAR`.
 */
export function start(definition: WorkflowDefinition, input: StartInput): StepResult {
  const compiled = compileDefinition(definition);
  const now = parseNow(input.now);
  const calendar = createWorkingCalendar(input.calendar);
  const [next, actions] = pureStep(compiled, (scope) =>
    compiled.machine.getInitialSnapshot(scope as never, {
      data: input.data ?? {},
      facts: input.facts,
    }),
  );
  return finish(
    compiled,
    next,
    { units: new Map(), tasks: {}, timers: {} },
    { type: 'xstate.init', taskKey: undefined },
    [],
    actions,
    now,
    calendar,
    true,
  );
}

function ladderEffects(
  compiled: CompiledDefinition,
  timer: TimerRecord,
  context: EngineContext,
): { pre: Effect[]; event: EngineEvent | null } {
  const info = compiled.graph.byKey.get(timer.stateKey);
  const meta = info ? stepMetaOf(info) : undefined;
  const plan = escalationPlan(meta);
  const taskKey = timer.taskKey;
  const dueAt = taskKey ? (context.tasks[taskKey]?.dueAt ?? null) : null;
  const pre: Effect[] = [];
  const notify = (to: AssigneeRule, reason: NotifyEffect['reason']): NotifyEffect => ({
    type: 'notify',
    to,
    reason,
    stateKey: timer.stateKey,
    taskKey,
    message: null,
    dueAt,
  });
  switch (timer.purpose) {
    case 'after':
      return { pre, event: timer.afterEvent ? { type: timer.afterEvent } : null };
    case 'reminder':
      if (meta?.assignee) {
        pre.push(notify(meta.assignee, 'reminder'));
      }
      return { pre, event: null };
    case 'deadline':
    case 'escalation': {
      if (!plan) {
        return { pre, event: null };
      }
      const atDeadline = timer.purpose === 'deadline';
      pre.push(
        notify(
          atDeadline ? plan.escalateTo : plan.notifyAfterGrace,
          atDeadline ? 'overdue' : 'escalated',
        ),
      );
      pre.push({
        type: 'record',
        kind: atDeadline ? 'overdue' : 'escalated',
        stateKey: timer.stateKey,
        data: toJsonObject({ taskKey, dueAt }),
      });
      const auto = plan.autoAdvance;
      const fires = auto !== null && auto.at === (atDeadline ? 'deadline' : 'grace');
      return { pre, event: fires && taskKey ? { type: auto.event, taskKey } : null };
    }
  }
}

/**
 * The pure step: applies one event to a persisted snapshot. Deterministic — same definition,
 * snapshot, event and `now` give the same result; nothing is executed, everything the host must
 * do is in `effects`.
 *
 * - `SUBMIT` / `TIMEOUT` with a `taskKey` complete that task (the data is recorded in
 *   `context.results[taskKey]`, well-known fields in `context.facts`).
 * - `TIMER` with a `timerKey` from a `setTimer` effect fires that timer: reminders and
 *   escalations produce `notify` / `record` effects, `after` timers and auto-advance send
 *   the corresponding event into the machine. Unknown or stale timers are ignored.
 * - Any other event is given to the machine as is.
 *
 * @throws EngineError `ENGINE_INVALID_DEFINITION`, `ENGINE_INVALID_SNAPSHOT`, `ENGINE_INVALID_EVENT`,
 * `ENGINE_INVALID_CLOCK`, `ENGINE_INVALID_CALENDAR`.
 */
export function transition(
  definition: WorkflowDefinition,
  snapshot: EngineSnapshot,
  event: EngineEvent,
  options: StepOptions,
): StepResult {
  const compiled = compileDefinition(definition);
  const now = parseNow(options.now);
  const calendar = createWorkingCalendar(options.calendar);
  const parsedEvent = engineEventSchema.safeParse(event);
  if (!parsedEvent.success) {
    throw new EngineError(EngineErrorCode.InvalidEvent, 'malformed event');
  }
  const current = rehydrateSnapshot(compiled, snapshot);
  const context = current.context;
  const before = {
    units: unitsOf(compiled, current.value, context),
    tasks: { ...context.tasks },
    timers: { ...context.timers },
  };
  const unchanged = (): StepResult => ({
    snapshot: toPersisted(compiled, current),
    status: statusOf(current),
    effects: [],
    handled: false,
  });
  if (current.status !== 'active' || event.type.startsWith('xstate.')) {
    return unchanged();
  }

  let machineEvent: EngineEvent | null;
  let pre: Effect[] = [];
  if (event.type === EngineEvents.Timer) {
    const timer = event.timerKey === undefined ? undefined : context.timers[event.timerKey];
    if (!timer || event.timerKey === undefined) {
      return unchanged();
    }
    // The timer has fired: it leaves the table whatever happens next.
    delete before.timers[event.timerKey];
    const ladder = ladderEffects(compiled, timer, context);
    pre = ladder.pre;
    machineEvent = ladder.event;
  } else {
    // The machine stores a JSON copy of the data with the result.
    machineEvent = event;
  }

  const cause: Cause = { type: machineEvent?.type ?? event.type, taskKey: machineEvent?.taskKey };
  if (machineEvent === null || !current.can(machineEvent)) {
    if (event.type !== EngineEvents.Timer) {
      return unchanged();
    }
    return finish(compiled, current, before, cause, pre, [], now, calendar, true);
  }
  const [next, actions] = pureStep(compiled, (scope) =>
    compiled.machine.transition(current, machineEvent, scope as never),
  );
  return finish(compiled, next, before, cause, pre, actions, now, calendar, true);
}
