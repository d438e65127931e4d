import { getNextTransitions, transition as xstateTransition } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import type { LocalizedText } from '../definition/common.schema.js';
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import { isTaskState, type StateInfo } from '../definition/definition-graph.js';
import { GRADES } from '../definition/grades.js';
import type { GuardRef } from '../definition/guard-catalogue.js';
import { EngineError, EngineErrorCode } from '../engine.exception.js';
import type { JsonObject } from '../json.types.js';
import {
  compileDefinition,
  isUpward,
  type CompiledDefinition,
} from '../runtime/compile-definition.js';
import { EngineEvents, type EngineEvent } from '../runtime/engine-event.js';
import { evaluateGuard } from '../runtime/guards.js';
import { activeStates, type MachineSnapshot } from '../runtime/step.js';
import { escalationPlan, stepMetaOf } from '../runtime/timer-plan.js';

/** What happens at one step of a path, in engine terms. */
export type PathEvent =
  | { readonly kind: 'submit'; readonly taskKey: string; readonly data: JsonObject }
  | {
      readonly kind: 'timer';
      readonly stateKey: string;
      readonly purpose: 'after' | 'deadline' | 'escalation';
      /** The `after` key for `after` timers. */
      readonly delay: string | null;
    }
  | { readonly kind: 'event'; readonly type: string; readonly data: JsonObject | null };

/** The leaf states active at a point of a path, with their titles. */
export interface PathPoint {
  readonly states: readonly string[];
  readonly titles: readonly LocalizedText[];
}

/** One step of a path: the event, and where the process is afterwards. */
export interface PathStep extends PathPoint {
  readonly event: PathEvent;
}

/** A path from the start to a final state. */
export interface ProcessPath {
  readonly start: PathPoint;
  readonly steps: readonly PathStep[];
}

/**
 * How paths are chosen: `simple` lists every simple path (no abstract state twice); when there
 * are more than `maxPaths`, `transitions` lists one path through every transition instead
 * (shortest way in, the transition, shortest way out). `auto` (default) tries `simple` first.
 */
export type PathStrategy = 'auto' | 'simple' | 'transitions';

/** Options of {@link listPaths}. */
export interface ListPathsOptions {
  readonly strategy?: PathStrategy;
  /** Simple paths beyond which `auto` switches to `transitions` (default 2,000). */
  readonly maxPaths?: number;
  /** Abstract states explored before giving up (default 20,000). */
  readonly maxStates?: number;
}

/** Paths with the strategy that produced them. */
export interface PathExploration {
  readonly strategy: 'simple' | 'transitions';
  /** Distinct abstract states (state value + what the guards can tell apart) explored. */
  readonly stateCount: number;
  readonly paths: readonly ProcessPath[];
}

const PROBE: EngineEvent = { type: '$probe' };

function product(dims: readonly JsonObject[][]): JsonObject[] {
  let variants: JsonObject[] = [{}];
  for (const dim of dims) {
    const next = variants.flatMap((v) => dim.map((d) => ({ ...v, ...d })));
    if (next.length > 128) {
      // Too many combinations: vary one dimension at a time instead.
      return [{}, ...dims.flat()];
    }
    variants = next;
  }
  return variants;
}

/** Data variants for well-known facts (grade, score, rank, veto) that flip the guards reading them. */
function factDimensions(guards: readonly GuardRef[]): JsonObject[][] {
  const dims: JsonObject[][] = [];
  if (guards.some((g) => g.type === 'gradeAtMost' || g.type === 'gradeAtLeast')) {
    dims.push(GRADES.map((g) => ({ grade: g })));
  }
  const scores = [
    ...new Set(
      guards.flatMap((g) =>
        g.type === 'scoreBelow' || g.type === 'scoreAtLeast' ? [g.params.score] : [],
      ),
    ),
  ];
  if (scores.length > 0) {
    dims.push(scores.flatMap((s) => [{ score: s }, { score: s - 1 }]));
  }
  const counts = guards.flatMap((g) =>
    g.type === 'rankInBottom' || g.type === 'rankInTop'
      ? [g.params.count]
      : g.type === 'consecutiveBottom'
        ? [g.params.bottom]
        : [],
  );
  if (counts.length > 0 || guards.some((g) => g.type === 'rankInBottomShare')) {
    const total = Math.max(10, 2 * Math.max(0, ...counts) + 2);
    dims.push([
      { rank: 1, rankTotal: total },
      { rank: Math.ceil(total / 2), rankTotal: total },
      { rank: total, rankTotal: total },
    ]);
  }
  if (guards.some((g) => g.type === 'vetoTriggered')) {
    dims.push([{ vetoed: false }, { vetoed: true }]);
  }
  return dims;
}

/**
 * Submission data to try per task: fact variants for ratings, aggregations and steps whose own
 * transitions test facts; `resultEquals` variants for the steps those guards read. Other steps
 * submit empty data, which keeps the explored graph small.
 */
function variantsByStep(compiled: CompiledDefinition): Map<string, JsonObject[]> {
  const guards = compiled.guards.map((g) => g.guard);
  const factGuards = guards.filter(
    (g) => g.type !== 'resultEquals' && g.type !== 'allTasksDone' && g.type !== 'objectionRaised',
  );
  const facts = factDimensions(factGuards);
  const out = new Map<string, JsonObject[]>();
  for (const info of compiled.graph.states) {
    if (!isTaskState(info)) {
      continue;
    }
    const dims: JsonObject[][] = [];
    const kind = info.meta?.kind;
    const ownFactGuard = info.transitions.some(
      (t) => t.transition.guard !== undefined && t.transition.guard.type !== 'resultEquals',
    );
    if ((kind === 'rating' || kind === 'aggregation' || ownFactGuard) && !isUpward(info)) {
      dims.push(...facts);
    }
    for (const { guard, source } of compiled.guards) {
      if (
        guard.type === 'resultEquals' &&
        (guard.params.step ?? source.stateKey) === info.stateKey
      ) {
        const { field, value } = guard.params;
        const other =
          typeof value === 'boolean' ? !value : typeof value === 'number' ? value + 1 : `${value}~`;
        dims.push([{ [field]: value }, { [field]: other }]);
      }
    }
    out.set(info.stateKey, product(dims));
  }
  return out;
}

/** What the guards of the definition can tell apart about a snapshot, plus its state value. */
function signature(compiled: CompiledDefinition, snapshot: MachineSnapshot): string {
  const context = snapshot.context;
  const guards = compiled.guards.map(({ guard, source }) => {
    if (guard.type === 'consecutiveBottom') {
      let streak = 0;
      for (let i = context.facts.rankHistory.length - 1; i >= 0; i -= 1) {
        const e = context.facts.rankHistory[i];
        if (!e || e.rank <= e.total - guard.params.bottom) {
          break;
        }
        streak += 1;
      }
      return Math.min(streak, guard.params.times);
    }
    const extras = (compiled.extras.get(source.stateKey) ?? []).map((e) => e.taskKey);
    return evaluateGuard(guard, { $source: source.stateKey, $extras: extras }, context, PROBE)
      ? 1
      : 0;
  });
  const active = activeStates(compiled, snapshot.value);
  const extrasDone = active.flatMap((s) =>
    (compiled.extras.get(s.stateKey) ?? [])
      .filter((e) => context.extrasDone[e.taskKey] === (context.visits[s.stateKey] ?? 0))
      .map((e) => e.taskKey),
  );
  return JSON.stringify([snapshot.status, snapshot.value, guards, extrasDone]);
}

function candidateEvents(
  compiled: CompiledDefinition,
  snapshot: MachineSnapshot,
  variants: ReadonlyMap<string, readonly JsonObject[]>,
): EngineEvent[] {
  if (snapshot.status !== 'active') {
    return [];
  }
  const events: EngineEvent[] = [];
  for (const info of activeStates(compiled, snapshot.value)) {
    if (isTaskState(info)) {
      for (const data of variants.get(info.stateKey) ?? [{}]) {
        events.push({ type: EngineEvents.Submit, taskKey: info.stateKey, data });
      }
      const plan = escalationPlan(stepMetaOf(info));
      if (plan?.autoAdvance) {
        events.push({ type: plan.autoAdvance.event, taskKey: info.stateKey });
      }
    }
    for (const extra of compiled.extras.get(info.stateKey) ?? []) {
      events.push({ type: EngineEvents.Submit, taskKey: extra.taskKey, data: {} });
    }
    for (const after of compiled.afters.get(info.stateKey) ?? []) {
      events.push({ type: after.eventType });
    }
  }
  const others = new Set(
    getNextTransitions(snapshot)
      .map((t) => t.eventType as string)
      .filter(
        (type) =>
          !type.startsWith('xstate.') &&
          type !== EngineEvents.Submit &&
          type !== EngineEvents.Timeout,
      ),
  );
  for (const type of others) {
    events.push({ type, data: {} });
  }
  // One representative event per distinct outcome keeps the graph small.
  const own = signature(compiled, snapshot);
  const outcomes = new Set<string>();
  return events.filter((event) => {
    if (!snapshot.can(event)) {
      return false;
    }
    const [next] = xstateTransition(compiled.machine, snapshot, event);
    const sig = signature(compiled, next);
    if (sig === own || outcomes.has(sig)) {
      return false;
    }
    outcomes.add(sig);
    return true;
  });
}

/** Title of a state: its meta title, else its key. */
export function titleOf(info: StateInfo): LocalizedText {
  return info.meta?.title ?? { zh: info.stateKey, en: info.stateKey };
}

function pointOf(compiled: CompiledDefinition, snapshot: MachineSnapshot): PathPoint {
  const leaves = activeStates(compiled, snapshot.value).filter((s) => s.children.length === 0);
  return { states: leaves.map((s) => s.stateKey), titles: leaves.map((s) => titleOf(s)) };
}

function toPathEvent(compiled: CompiledDefinition, event: EngineEvent): PathEvent {
  if (event.type === EngineEvents.Submit && event.taskKey !== undefined) {
    return { kind: 'submit', taskKey: event.taskKey, data: event.data ?? {} };
  }
  for (const [stateKey, afters] of compiled.afters) {
    const after = afters.find((a) => a.eventType === event.type);
    if (after) {
      return { kind: 'timer', stateKey, purpose: 'after', delay: after.delay };
    }
  }
  if (event.taskKey !== undefined) {
    const info = compiled.graph.byKey.get(event.taskKey);
    const plan = info ? escalationPlan(stepMetaOf(info)) : null;
    if (plan?.autoAdvance && plan.autoAdvance.event === event.type) {
      return {
        kind: 'timer',
        stateKey: event.taskKey,
        purpose: plan.autoAdvance.at === 'deadline' ? 'deadline' : 'escalation',
        delay: null,
      };
    }
  }
  return { kind: 'event', type: event.type, data: event.data ?? null };
}

/** A vertex of the adjacency map of `xstate/graph`. */
interface Vertex {
  readonly state: MachineSnapshot;
  readonly transitions: Record<
    string,
    { readonly event: EngineEvent; readonly state: MachineSnapshot }
  >;
}

interface Edge {
  readonly to: string;
  readonly event: EngineEvent;
}

class PathBudgetExceeded extends Error {}

function simplePaths(
  start: string,
  edges: ReadonlyMap<string, readonly Edge[]>,
  done: ReadonlySet<string>,
  maxPaths: number,
): Edge[][] {
  const out: Edge[][] = [];
  const onPath = new Set<string>([start]);
  const path: Edge[] = [];
  // Iterative DFS: a stack of edge iterators.
  const stack: { readonly from: string; index: number }[] = [{ from: start, index: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const list = edges.get(top.from) ?? [];
    if (top.index >= list.length) {
      stack.pop();
      onPath.delete(top.from);
      path.pop();
      continue;
    }
    const edge = list[top.index];
    top.index += 1;
    if (onPath.has(edge.to)) {
      continue;
    }
    path.push(edge);
    if (done.has(edge.to)) {
      out.push([...path]);
      path.pop();
      if (out.length > maxPaths) {
        throw new PathBudgetExceeded();
      }
      continue;
    }
    onPath.add(edge.to);
    stack.push({ from: edge.to, index: 0 });
  }
  return out;
}

function transitionCoverPaths(
  start: string,
  edges: ReadonlyMap<string, readonly Edge[]>,
  done: ReadonlySet<string>,
): Edge[][] {
  // Shortest way in: BFS tree from the start.
  const inbound = new Map<string, { readonly from: string; readonly edge: Edge } | null>([
    [start, null],
  ]);
  const queue = [start];
  for (let head = 0; head < queue.length; head += 1) {
    const v = queue[head];
    for (const edge of edges.get(v) ?? []) {
      if (!inbound.has(edge.to)) {
        inbound.set(edge.to, { from: v, edge });
        queue.push(edge.to);
      }
    }
  }
  // Shortest way out: BFS backwards from the final states.
  const reverse = new Map<string, { readonly from: string; readonly edge: Edge }[]>();
  for (const [from, list] of edges) {
    for (const edge of list) {
      reverse.set(edge.to, [...(reverse.get(edge.to) ?? []), { from, edge }]);
    }
  }
  const outbound = new Map<string, Edge | null>([...done].map((d) => [d, null]));
  const back = [...done];
  for (let head = 0; head < back.length; head += 1) {
    const v = back[head];
    for (const { from, edge } of reverse.get(v) ?? []) {
      if (!outbound.has(from)) {
        outbound.set(from, edge);
        back.push(from);
      }
    }
  }
  const prefix = (v: string): Edge[] => {
    const out: Edge[] = [];
    for (let cur = inbound.get(v); cur; cur = inbound.get(cur.from)) {
      out.unshift(cur.edge);
    }
    return out;
  };
  const suffix = (v: string): Edge[] => {
    const out: Edge[] = [];
    for (let cur = outbound.get(v); cur; cur = outbound.get(cur.to)) {
      out.push(cur);
    }
    return out;
  };
  const paths: Edge[][] = [];
  const seen = new Set<string>();
  for (const [from, list] of edges) {
    if (!inbound.has(from)) {
      continue;
    }
    for (const edge of list) {
      if (!outbound.has(edge.to)) {
        continue;
      }
      const path = [...prefix(from), edge, ...suffix(edge.to)];
      const key = path.map((e) => e.to).join('>');
      if (!seen.has(key)) {
        seen.add(key);
        paths.push(path);
      }
    }
  }
  return paths;
}

/**
 * Explores the process with `xstate/graph` (`getAdjacencyMap`) and lists paths from the start
 * to a final state. Sample events are generated per state: `SUBMIT` for each open task with
 * data variants that flip the guards (grades, score thresholds, ranks, veto, result fields),
 * extra-task submissions, `after` timers, auto-advance timeouts, and every other event with a
 * transition. Snapshots that differ only in facts no guard can tell apart are merged.
 * @throws EngineError `ENGINE_INVALID_DEFINITION`, or `ENGINE_TOO_MANY_PATHS` beyond `maxStates`
 * (or beyond `maxPaths` with strategy `simple`).
 */
export function explorePaths(
  definition: WorkflowDefinition,
  options: ListPathsOptions = {},
): PathExploration {
  const compiled = compileDefinition(definition);
  const variants = variantsByStep(compiled);
  const serialize = (snapshot: MachineSnapshot): string => signature(compiled, snapshot);
  let adjacency: Record<string, Vertex>;
  try {
    adjacency = getAdjacencyMap(compiled.machine, {
      input: { data: {} },
      events: (snapshot) => candidateEvents(compiled, snapshot, variants),
      serializeState: serialize,
      limit: options.maxStates ?? 20_000,
    }) as unknown as Record<string, Vertex>;
  } catch (error) {
    if (error instanceof Error && error.message.includes('limit')) {
      throw new EngineError(EngineErrorCode.TooManyPaths, 'too many states to list the paths');
    }
    throw error;
  }
  const snapshots = new Map<string, MachineSnapshot>();
  const edges = new Map<string, Edge[]>();
  const done = new Set<string>();
  let start: string | undefined;
  for (const [key, vertex] of Object.entries(adjacency)) {
    start ??= key;
    snapshots.set(key, vertex.state);
    if (vertex.state.status === 'done') {
      done.add(key);
    }
    edges.set(
      key,
      Object.values(vertex.transitions).map((t) => ({ to: serialize(t.state), event: t.event })),
    );
  }
  if (start === undefined) {
    return { strategy: 'simple', stateCount: 0, paths: [] };
  }
  const strategy = options.strategy ?? 'auto';
  const maxPaths = options.maxPaths ?? 2000;
  let used: 'simple' | 'transitions' = 'simple';
  let raw: Edge[][];
  if (strategy === 'transitions') {
    used = 'transitions';
    raw = transitionCoverPaths(start, edges, done);
  } else {
    try {
      raw = simplePaths(start, edges, done, maxPaths);
    } catch (error) {
      if (!(error instanceof PathBudgetExceeded)) {
        throw error;
      }
      if (strategy === 'simple') {
        throw new EngineError(EngineErrorCode.TooManyPaths, `more than ${maxPaths} simple paths`);
      }
      used = 'transitions';
      raw = transitionCoverPaths(start, edges, done);
    }
  }
  const startPoint = pointOf(compiled, snapshots.get(start) as MachineSnapshot);
  const paths = raw.map((path): ProcessPath => ({
    start: startPoint,
    steps: path.map((edge) => ({
      event: toPathEvent(compiled, edge.event),
      ...pointOf(compiled, snapshots.get(edge.to) as MachineSnapshot),
    })),
  }));
  return { strategy: used, stateCount: snapshots.size, paths };
}

/** Paths from the start to a final state (see {@link explorePaths}). */
export function listPaths(
  definition: WorkflowDefinition,
  options: ListPathsOptions = {},
): ProcessPath[] {
  return [...explorePaths(definition, options).paths];
}
