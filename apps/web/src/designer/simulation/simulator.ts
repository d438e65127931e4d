import {
  acceptedEvents,
  start,
  transition,
  type AcceptedEvent,
  type Effect,
  type EngineEvent,
  type EngineSnapshot,
  type GuardRef,
  type JsonObject,
  type LocalizedText,
  type StateNodeDefinition,
  type StateValue,
  type StepKind,
  type TimerRecord,
  type TransitionConfig,
  type WorkflowDefinition,
} from '@shuping/engine';

/**
 * A dry run (试运行) of a definition in the browser: the engine's pure step with a simulated
 * clock. Nothing here touches the server; every function returns a new state.
 */

/** One event of the run and what it did. */
export interface SimulationStep {
  readonly at: string;
  readonly event: EngineEvent;
  readonly label: LocalizedText;
  readonly handled: boolean;
  readonly effects: readonly Effect[];
  /** Leaf states left and entered by the event. */
  readonly left: readonly string[];
  readonly entered: readonly string[];
  /**
   * Every state entered during the step, passing-through ones included (a decision is entered
   * and left in the same step: it is never active in a snapshot).
   */
  readonly through: readonly string[];
}

export interface SimulationState {
  readonly definition: WorkflowDefinition;
  readonly snapshot: EngineSnapshot;
  readonly status: 'active' | 'done';
  /** The simulated clock (ISO). */
  readonly now: string;
  /** Effects of the start. */
  readonly startEffects: readonly Effect[];
  readonly steps: readonly SimulationStep[];
  /** Every state entered so far (all levels), in order of first entry. */
  readonly visited: readonly string[];
}

const lt = (zh: string, en: string): LocalizedText => ({ zh, en });

/** Active states of a state value: `leaves` (atomic / final) and `all` (with their ancestors). */
export function activeStateKeys(value: StateValue): { all: string[]; leaves: string[] } {
  const all: string[] = [];
  const leaves: string[] = [];
  const walk = (v: StateValue, prefix: string) => {
    if (typeof v === 'string') {
      const key = prefix ? `${prefix}.${v}` : v;
      all.push(key);
      leaves.push(key);
      return;
    }
    for (const [k, sub] of Object.entries(v)) {
      const key = prefix ? `${prefix}.${k}` : k;
      all.push(key);
      if (typeof sub === 'object' && Object.keys(sub).length === 0) leaves.push(key);
      else walk(sub, key);
    }
  };
  walk(value, '');
  return { all, leaves };
}

/** States whose entry count grew between two snapshots. */
function enteredBetween(before: EngineSnapshot | null, after: EngineSnapshot): string[] {
  const was = before?.context.visits ?? {};
  return Object.entries(after.context.visits)
    .filter(([key, n]) => n > (was[key] ?? 0))
    .map(([key]) => key);
}

function addVisited(visited: readonly string[], keys: readonly string[]): string[] {
  const seen = new Set(visited);
  const out = [...visited];
  for (const key of keys) {
    if (!seen.has(key)) {
      seen.add(key);
      out.push(key);
    }
  }
  return out;
}

/** Starts a dry run at `now`. Throws the engine's error when the definition is invalid. */
export function startSimulation(definition: WorkflowDefinition, now: string): SimulationState {
  const result = start(definition, { now });
  return {
    definition,
    snapshot: result.snapshot,
    status: result.status,
    now,
    startEffects: result.effects,
    steps: [],
    visited: addVisited(
      [],
      [...enteredBetween(null, result.snapshot), ...activeStateKeys(result.snapshot.value).all],
    ),
  };
}

/** Applies one event at the current simulated time. */
export function applyEvent(
  sim: SimulationState,
  event: EngineEvent,
  label: LocalizedText,
  now: string = sim.now,
): SimulationState {
  const result = transition(sim.definition, sim.snapshot, event, { now });
  const before = new Set(activeStateKeys(sim.snapshot.value).leaves);
  const after = new Set(activeStateKeys(result.snapshot.value).leaves);
  const step: SimulationStep = {
    at: now,
    event,
    label,
    handled: result.handled,
    effects: result.effects,
    left: [...before].filter((k) => !after.has(k)),
    entered: [...after].filter((k) => !before.has(k)),
    through: enteredBetween(sim.snapshot, result.snapshot),
  };
  return {
    ...sim,
    snapshot: result.snapshot,
    status: result.status,
    now,
    steps: [...sim.steps, step],
    visited: addVisited(sim.visited, [
      ...step.through,
      ...activeStateKeys(result.snapshot.value).all,
    ]),
  };
}

/** Timers that are set, soonest first. */
export function pendingTimers(sim: SimulationState): (TimerRecord & { timerKey: string })[] {
  return Object.entries(sim.snapshot.context.timers)
    .map(([timerKey, t]) => ({ ...t, timerKey }))
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.timerKey.localeCompare(b.timerKey));
}

const PURPOSE_LABEL: Record<TimerRecord['purpose'], LocalizedText> = {
  deadline: lt('期限到', 'deadline'),
  reminder: lt('提醒', 'reminder'),
  escalation: lt('宽限期满', 'grace over'),
  after: lt('定时', 'timer'),
};

/** Moves the clock to the soonest timer and fires it; unchanged when no timer is set. */
export function fireNextTimer(sim: SimulationState): SimulationState {
  const next = pendingTimers(sim)[0];
  if (!next) return sim;
  const now = next.dueAt > sim.now ? next.dueAt : sim.now;
  const purpose = PURPOSE_LABEL[next.purpose];
  return applyEvent(
    sim,
    { type: 'TIMER', timerKey: next.timerKey },
    lt(`定时器：${next.stateKey}（${purpose.zh}）`, `Timer: ${next.stateKey} (${purpose.en})`),
    now,
  );
}

/** A ready-made submission for the dry run, e.g. grade 好 or 一般. */
export interface SubmitPreset {
  readonly label: LocalizedText;
  readonly data: JsonObject;
}

function guardsOf(definition: WorkflowDefinition): { guard: GuardRef; source: string }[] {
  const out: { guard: GuardRef; source: string }[] = [];
  const list = (c: TransitionConfig | undefined) =>
    c === undefined || typeof c === 'string' ? [] : Array.isArray(c) ? c : [c];
  const visit = (states: Record<string, StateNodeDefinition>, prefix: string) => {
    for (const [key, node] of Object.entries(states)) {
      const stateKey = prefix ? `${prefix}.${key}` : key;
      const configs = [
        ...Object.values(node.on ?? {}),
        node.always,
        ...Object.values(node.after ?? {}),
        node.onDone,
      ];
      for (const c of configs) {
        for (const t of list(c)) if (t.guard) out.push({ guard: t.guard, source: stateKey });
      }
      if (node.states) visit(node.states, stateKey);
    }
  };
  visit(definition.machine.states, '');
  return out;
}

const GRADE_PRESETS: SubmitPreset[] = (['好', '较好', '一般', '差'] as const).map((g) => ({
  label: lt(`等次：${g}`, `Grade: ${g}`),
  data: { grade: g },
}));

/**
 * Submissions worth trying on a task: a plain one, the four grades on rating and aggregation
 * steps, scores around the thresholds, ranks and the veto the definition's guards test, and
 * the values of `resultEquals` guards about this step.
 */
export function submitPresets(
  definition: WorkflowDefinition,
  stateKey: string,
  kind: StepKind | null,
): SubmitPreset[] {
  const out: SubmitPreset[] = [{ label: lt('提交', 'Submit'), data: {} }];
  const guards = guardsOf(definition);
  const scoring = kind === 'rating' || kind === 'aggregation';
  if (scoring) {
    out.push(...GRADE_PRESETS);
    const thresholds = new Set<number>();
    for (const { guard } of guards) {
      if (guard.type === 'scoreBelow' || guard.type === 'scoreAtLeast')
        thresholds.add(guard.params.score);
    }
    for (const t of [...thresholds].sort((a, b) => a - b)) {
      out.push({ label: lt(`得分：${t - 1}`, `Score: ${t - 1}`), data: { score: t - 1 } });
      out.push({ label: lt(`得分：${t}`, `Score: ${t}`), data: { score: t } });
    }
    if (
      guards.some(
        ({ guard }) => guard.type.startsWith('rank') || guard.type === 'consecutiveBottom',
      )
    ) {
      out.push({
        label: lt('排名：末位（10/10）', 'Rank: last (10/10)'),
        data: { rank: 10, rankTotal: 10 },
      });
      out.push({
        label: lt('排名：第1（1/10）', 'Rank: first (1/10)'),
        data: { rank: 1, rankTotal: 10 },
      });
    }
    if (guards.some(({ guard }) => guard.type === 'vetoTriggered')) {
      out.push({ label: lt('触发一票否决', 'Veto'), data: { vetoed: true } });
    }
  }
  for (const { guard, source } of guards) {
    if (guard.type !== 'resultEquals' || (guard.params.step ?? source) !== stateKey) continue;
    const { field, value } = guard.params;
    const values = typeof value === 'boolean' ? [value, !value] : [value];
    for (const v of values) {
      if (out.some((p) => p.data[field] === v && Object.keys(p.data).length === 1)) continue;
      out.push({
        label: lt(`${field} = ${String(v)}`, `${field} = ${String(v)}`),
        data: { [field]: v },
      });
    }
  }
  return out;
}

/** Events the run accepts now (the engine's list; timers are fired separately). */
export function simulationEvents(sim: SimulationState): AcceptedEvent[] {
  return sim.status === 'active' ? acceptedEvents(sim.definition, sim.snapshot) : [];
}

/** Open tasks with their due times (what the run would have put in inboxes). */
export function openTasks(
  sim: SimulationState,
): { taskKey: string; stateKey: string; dueAt: string | null }[] {
  return Object.entries(sim.snapshot.context.tasks).map(([taskKey, t]) => ({
    taskKey,
    stateKey: t.stateKey,
    dueAt: t.dueAt,
  }));
}
