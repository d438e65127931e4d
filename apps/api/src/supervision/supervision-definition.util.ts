import type { StepColumn } from '@shuping/contracts';
import {
  acceptedEvents,
  addDuration,
  compileDefinition,
  createWorkingCalendar,
  isHumanKind,
  resolveTarget,
  subtractDuration,
  type CalendarOverrides,
  type EngineSnapshot,
  type LocalizedText,
  type StateInfo,
  type TimerRecord,
  type WorkflowDefinition,
} from '@shuping/engine';
import { TOWNSHIP_PLAN_2017_RULES, type CampaignRules } from '@shuping/review';

function titleOf(info: StateInfo): LocalizedText {
  return info.meta?.title ?? { zh: info.stateKey, en: info.stateKey };
}

function isTaskState(info: StateInfo): boolean {
  return info.type === 'atomic' && info.meta !== undefined && isHumanKind(info.meta.kind);
}

/** The leaves entered when `info` is entered: its initial child (every region of a parallel). */
function entryLeaves(info: StateInfo): StateInfo[] {
  if (info.children.length === 0 || info.type === 'history') return [info];
  if (info.type === 'parallel') return info.children.flatMap(entryLeaves);
  const initial = info.node.initial;
  const child =
    info.children.find((c) => c.path[c.path.length - 1] === initial) ?? info.children[0];
  return entryLeaves(child);
}

/**
 * The steps in the order a process runs them: breadth-first from the initial step along every
 * transition (of a step and of the groups around it, `onDone` when a region ends), ties broken
 * by the designer's canvas position. Stored definitions are JSONB, which does not keep key
 * order, so the document order cannot be used.
 */
export function flowOrder(definition: WorkflowDefinition): Map<string, number> {
  const { graph } = compileDefinition(definition);
  const rank = new Map<string, number>();
  let frontier = entryLeaves(graph.root);
  let distance = 0;
  const x = (info: StateInfo) => info.meta?.position?.x ?? 0;
  const y = (info: StateInfo) => info.meta?.position?.y ?? 0;
  while (frontier.length > 0) {
    const next: StateInfo[] = [];
    for (const leaf of frontier) {
      if (rank.has(leaf.stateKey)) continue;
      rank.set(leaf.stateKey, distance);
      for (let s: StateInfo | null = leaf; s; s = s.parent) {
        for (const t of s.transitions) {
          if (t.slot.kind === 'onDone') continue;
          for (const target of t.targets) {
            const info = resolveTarget(graph, s, target);
            if (info) next.push(...entryLeaves(info));
          }
        }
        // A final step ends its region: the group's onDone follows.
        if (leaf.type === 'final' && s.parent) {
          for (const t of s.parent.transitions) {
            if (t.slot.kind !== 'onDone') continue;
            for (const target of t.targets) {
              const info = resolveTarget(graph, s.parent, target);
              if (info) next.push(...entryLeaves(info));
            }
          }
        }
      }
    }
    frontier = next;
    distance += 1;
  }
  const leaves = graph.states.filter((s) => s.stateKey !== '' && s.children.length === 0);
  const sorted = [...leaves].sort(
    (a, b) =>
      (rank.get(a.stateKey) ?? Number.MAX_SAFE_INTEGER) -
        (rank.get(b.stateKey) ?? Number.MAX_SAFE_INTEGER) ||
      x(a) - x(b) ||
      y(a) - y(b) ||
      a.stateKey.localeCompare(b.stateKey),
  );
  return new Map(sorted.map((s, i) => [s.stateKey, i]));
}

const columnCache = new WeakMap<WorkflowDefinition, StepColumn[]>();

/** Every leaf step of a definition (tasks, decisions, publicity, waits, ends) in flow order. */
export function stepColumns(definition: WorkflowDefinition): StepColumn[] {
  const cached = columnCache.get(definition);
  if (cached) return cached;
  const columns = computeColumns(definition);
  columnCache.set(definition, columns);
  return columns;
}

function computeColumns(definition: WorkflowDefinition): StepColumn[] {
  const { graph } = compileDefinition(definition);
  const order = flowOrder(definition);
  return graph.states
    .filter((s) => s.stateKey !== '' && s.children.length === 0 && s.type !== 'history')
    .sort((a, b) => (order.get(a.stateKey) ?? 0) - (order.get(b.stateKey) ?? 0))
    .map((s) => ({
      stateKey: s.stateKey,
      title: titleOf(s),
      kind: s.meta?.kind ?? 'group',
      task: isTaskState(s),
    }));
}

/**
 * The review rules of a campaign, read from its definition: organisations are ranked within
 * their township (competition ranking: 1-2-2-4); classes come from the first aggregation step
 * that declares them (shares and rewards as fractions in the definition, percent here); results
 * are applied by the 2017 township plan (好 → 优秀 eligible; 一般/差 → talk and rectification).
 * `hasRatings` is true when the process rates (so grades are shown even when missing).
 */
export function campaignRulesFor(definition: WorkflowDefinition): {
  rules: CampaignRules;
  hasRatings: boolean;
} {
  const { graph } = compileDefinition(definition);
  let classes: CampaignRules['classes'];
  let hasRatings = false;
  for (const info of graph.states) {
    const meta = info.meta;
    if (!meta) continue;
    if (meta.kind === 'rating') hasRatings = true;
    if (meta.kind === 'aggregation') {
      const form = meta.form;
      if (form?.method !== 'hundredPointScore' && form?.method !== undefined) hasRatings = true;
      if (classes === undefined && form?.classes && form.classes.length > 0) {
        classes = {
          classes: form.classes.map((c) => ({
            label: c.title.zh,
            sharePercent: Math.round(c.share * 10_000) / 100,
            rewardPercent: Math.round((c.rewardShare ?? 0) * 10_000) / 100,
          })),
          vetoRewardPercent: 0,
        };
      }
    }
  }
  return {
    rules: {
      rankWithin: 'scope',
      ranking: { method: 'competition' },
      ...(classes ? { classes } : {}),
      application: TOWNSHIP_PLAN_2017_RULES,
    },
    hasRatings,
  };
}

/** A way to move an instance on: an event it accepts now and the steps it may lead to. */
export interface MoveOption {
  event: string;
  taskKey: string | null;
  from: { stateKey: string; title: LocalizedText };
  label: LocalizedText | null;
  /** Where the transition(s) of the event lead; several when guards decide. */
  targets: { stateKey: string; title: LocalizedText }[];
}

/** The events an administrator may send to move the instance on, with their targets. */
export function moveOptions(
  definition: WorkflowDefinition,
  snapshot: EngineSnapshot,
): MoveOption[] {
  const { graph } = compileDefinition(definition);
  return acceptedEvents(definition, snapshot).map((event) => {
    const source = graph.byKey.get(event.stateKey);
    const targets = new Map<string, LocalizedText>();
    for (let s: StateInfo | null = source ?? null; s; s = s.parent) {
      for (const t of s.transitions) {
        if (t.slot.kind !== 'on' || t.slot.event !== event.type) continue;
        for (const target of t.targets) {
          const info = resolveTarget(graph, s, target);
          if (info) targets.set(info.stateKey, titleOf(info));
        }
      }
      if (targets.size > 0) break;
    }
    return {
      event: event.type,
      taskKey: event.taskKey,
      from: { stateKey: event.stateKey, title: source ? titleOf(source) : { zh: '', en: '' } },
      label: event.label,
      targets: [...targets].map(([stateKey, title]) => ({ stateKey, title })),
    };
  });
}

/** What moving a task's deadline changes in the timers of its step. */
export interface DeadlinePlan {
  /** Engine timer keys to disarm (pending ones are cancelled, the snapshot forgets them). */
  cancel: string[];
  /** Timers to arm, by key, with the snapshot records the engine keeps for them. */
  arm: [string, TimerRecord][];
}

const LADDER = new Set(['deadline', 'reminder', 'escalation']);

/**
 * Re-plans the ladder of a task whose deadline moves to `dueAt`: the deadline timer, the
 * reminders still ahead of `now`, the end of the grace period, and an `after: stepDeadline`
 * transition if the step has one armed. Keys are the engine's (`<state>@<visit>/<purpose>…`),
 * so firing them later works exactly as if the step had been entered with this deadline.
 * Extra tasks (`step#key`) have no timers of their own: nothing to re-arm. Working-day
 * durations use the county's calendar, as the runtime does.
 */
export function planDeadline(
  definition: WorkflowDefinition,
  snapshot: EngineSnapshot,
  taskKey: string,
  dueAt: Date,
  now: Date,
  calendarOverrides: CalendarOverrides = {},
): DeadlinePlan {
  const record = snapshot.context.tasks[taskKey];
  const { graph } = compileDefinition(definition);
  const info = record ? graph.byKey.get(record.stateKey) : undefined;
  if (!record || !info || !record.primary || !info.meta || info.meta.kind === 'group') {
    return { cancel: [], arm: [] };
  }
  const meta = info.meta;
  const calendar = createWorkingCalendar(calendarOverrides);
  const { stateKey, visit } = record;
  const prefix = `${stateKey}@${visit}/`;
  const existing = Object.entries(snapshot.context.timers).filter(
    ([key, t]) => key.startsWith(prefix) && t.taskKey === taskKey,
  );
  const cancel = existing
    .filter(([key, t]) => LADDER.has(t.purpose) || key === `${prefix}after/stepDeadline`)
    .map(([key]) => key);
  const base = { stateKey, visit, taskKey, afterEvent: null };
  const arm: [string, TimerRecord][] = [];
  (meta.reminders ?? []).forEach((reminder, index) => {
    const at = subtractDuration(dueAt, reminder, calendar);
    if (at.getTime() > now.getTime()) {
      arm.push([
        `${prefix}reminder/${index}`,
        { ...base, purpose: 'reminder', dueAt: at.toISOString(), index },
      ]);
    }
  });
  arm.push([
    `${prefix}deadline`,
    { ...base, purpose: 'deadline', dueAt: dueAt.toISOString(), index: null },
  ]);
  if (meta.escalation?.grace) {
    arm.push([
      `${prefix}escalation`,
      {
        ...base,
        purpose: 'escalation',
        dueAt: addDuration(dueAt, meta.escalation.grace, calendar).toISOString(),
        index: null,
      },
    ]);
  }
  const after = snapshot.context.timers[`${prefix}after/stepDeadline`];
  if (after) {
    arm.push([`${prefix}after/stepDeadline`, { ...after, dueAt: dueAt.toISOString() }]);
  }
  return { cancel, arm };
}

/** The snapshot after a deadline change: the task's due time and the timer table updated. */
export function withDeadline(
  snapshot: EngineSnapshot,
  taskKey: string,
  dueAt: Date,
  plan: DeadlinePlan,
): EngineSnapshot {
  const timers = { ...snapshot.context.timers };
  for (const key of plan.cancel) delete timers[key];
  for (const [key, record] of plan.arm) timers[key] = record;
  const task = snapshot.context.tasks[taskKey];
  const tasks = task
    ? { ...snapshot.context.tasks, [taskKey]: { ...task, dueAt: dueAt.toISOString() } }
    : snapshot.context.tasks;
  return { ...snapshot, context: { ...snapshot.context, tasks, timers } };
}
