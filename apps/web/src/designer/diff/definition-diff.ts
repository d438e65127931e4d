import type {
  StateNodeDefinition,
  TransitionConfig,
  TransitionObject,
  WorkflowDefinition,
} from '@shuping/engine';

/** How a step differs between two versions. */
export type StepChange = 'added' | 'removed' | 'changed' | 'moved';

/** A transition, identified by where it starts, its slot and where it leads. */
export interface TransitionRef {
  readonly source: string;
  /** `on:SUBMIT`, `always`, `after:3WD`, `onDone`. */
  readonly slot: string;
  readonly targets: readonly string[];
}

/** The difference between two versions of a definition. */
export interface DefinitionDiff {
  /** Steps that differ, by dotted state key (unchanged ones are absent). */
  readonly steps: Readonly<Record<string, StepChange>>;
  /** For changed steps: which of their fields differ (`meta.deadline`, `type`, `transitions`...). */
  readonly fields: Readonly<Record<string, readonly string[]>>;
  readonly transitions: {
    readonly added: readonly TransitionRef[];
    readonly removed: readonly TransitionRef[];
    readonly changed: readonly TransitionRef[];
  };
  /** Envelope fields that differ (`name`, `description`, `machine.initial`, ...). */
  readonly envelope: readonly string[];
}

/** JSON with sorted keys: equal values give equal strings whatever the key order. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const same = (a: unknown, b: unknown) => stableStringify(a) === stableStringify(b);

interface FlatTransition extends TransitionRef {
  readonly rest: Omit<TransitionObject, 'target'>;
}

interface FlatState {
  readonly own: Record<string, unknown>;
  readonly position: unknown;
  readonly transitions: FlatTransition[];
}

function toList(config: TransitionConfig | undefined): TransitionObject[] {
  if (config === undefined) return [];
  if (typeof config === 'string') return [{ target: config }];
  return Array.isArray(config) ? config : [config];
}

function flatten(definition: WorkflowDefinition): Map<string, FlatState> {
  const out = new Map<string, FlatState>();
  const visit = (states: Record<string, StateNodeDefinition>, prefix: string) => {
    for (const [key, node] of Object.entries(states)) {
      const stateKey = prefix ? `${prefix}.${key}` : key;
      const { states: children, on, always, after, onDone, ...own } = node;
      const meta = own.meta ? { ...own.meta } : undefined;
      const position = meta && 'position' in meta ? meta.position : undefined;
      if (meta) delete (meta as { position?: unknown }).position;
      const transitions: FlatTransition[] = [];
      const add = (slot: string, config: TransitionConfig | undefined) => {
        for (const { target, ...rest } of toList(config)) {
          const targets = target === undefined ? [] : Array.isArray(target) ? target : [target];
          transitions.push({ source: stateKey, slot, targets, rest });
        }
      };
      for (const [event, config] of Object.entries(on ?? {})) add(`on:${event}`, config);
      add('always', always);
      for (const [delay, config] of Object.entries(after ?? {})) add(`after:${delay}`, config);
      add('onDone', onDone);
      out.set(stateKey, { own: { ...own, meta }, position, transitions });
      if (children) visit(children, stateKey);
    }
  };
  visit(definition.machine.states, '');
  return out;
}

function changedFields(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    if (same(x, y)) continue;
    if (key === 'meta' && x && y && typeof x === 'object' && typeof y === 'object') {
      out.push(
        ...changedFields(x as Record<string, unknown>, y as Record<string, unknown>).map(
          (f) => `meta.${f}`,
        ),
      );
    } else {
      out.push(key);
    }
  }
  return out.sort();
}

const identity = (t: TransitionRef) => `${t.source}|${t.slot}|${t.targets.join(',')}`;

/**
 * Compares two versions step by step (by state key): added, removed, changed (own fields or
 * outgoing transitions) and merely moved steps; transitions by source, slot and targets.
 */
export function diffDefinitions(
  before: WorkflowDefinition,
  after: WorkflowDefinition,
): DefinitionDiff {
  const a = flatten(before);
  const b = flatten(after);
  const steps: Record<string, StepChange> = {};
  const fields: Record<string, string[]> = {};
  for (const key of a.keys()) if (!b.has(key)) steps[key] = 'removed';
  for (const [key, next] of b) {
    const prev = a.get(key);
    if (!prev) {
      steps[key] = 'added';
      continue;
    }
    const own = changedFields(prev.own, next.own);
    const transitionsDiffer = !same(
      prev.transitions.map((t) => [t.slot, t.targets, t.rest]),
      next.transitions.map((t) => [t.slot, t.targets, t.rest]),
    );
    const list = [...own, ...(transitionsDiffer ? ['transitions'] : [])];
    if (list.length > 0) {
      steps[key] = 'changed';
      fields[key] = list;
    } else if (!same(prev.position, next.position)) {
      steps[key] = 'moved';
    }
  }

  const before_ = [...a.values()].flatMap((s) => s.transitions);
  const after_ = [...b.values()].flatMap((s) => s.transitions);
  const pool = new Map<string, FlatTransition[]>();
  for (const t of before_) pool.set(identity(t), [...(pool.get(identity(t)) ?? []), t]);
  const added: TransitionRef[] = [];
  const changed: TransitionRef[] = [];
  for (const t of after_) {
    const candidates = pool.get(identity(t));
    const match = candidates?.shift();
    const ref = { source: t.source, slot: t.slot, targets: t.targets };
    if (!match) added.push(ref);
    else if (!same(match.rest, t.rest)) changed.push(ref);
  }
  const removed = [...pool.values()]
    .flat()
    .map((t) => ({ source: t.source, slot: t.slot, targets: t.targets }));

  const { machine: m1, ...env1 } = before;
  const { machine: m2, ...env2 } = after;
  const envelope = [
    ...changedFields(env1, env2),
    ...changedFields({ ...m1, states: undefined }, { ...m2, states: undefined }).map(
      (f) => `machine.${f}`,
    ),
  ];
  return { steps, fields, transitions: { added, removed, changed }, envelope };
}

/** Counts per kind of change, for the diff's legend. */
export function diffCounts(diff: DefinitionDiff): Record<StepChange, number> {
  const counts: Record<StepChange, number> = { added: 0, removed: 0, changed: 0, moved: 0 };
  for (const change of Object.values(diff.steps)) counts[change] += 1;
  return counts;
}
