import { parentKeyOf } from './graph.types.js';

/** What target resolution needs to know about the states of a graph. */
export interface StateIndex {
  readonly machineId: string;
  /** Every dotted state key. */
  readonly keys: ReadonlySet<string>;
  /** Explicit XState ids (`id` of a state) → state key. */
  readonly ids: ReadonlyMap<string, string>;
}

/** Builds the index from `[stateKey, explicit id]` pairs. */
export function buildStateIndex(
  machineId: string,
  states: Iterable<{ stateKey: string; id?: string }>,
): StateIndex {
  const keys = new Set<string>();
  const ids = new Map<string, string>();
  for (const s of states) {
    keys.add(s.stateKey);
    if (s.id !== undefined && !ids.has(s.id)) ids.set(s.id, s.stateKey);
  }
  return { machineId, keys, ids };
}

function join(base: string, rest: readonly string[]): string {
  return [...(base ? [base] : []), ...rest].join('.');
}

/**
 * Resolves a target string the way XState v5 (and the engine) do: `#id.child` by id (the machine
 * id stands for the root), `.child` inside the source, anything else among the source's siblings.
 * Returns the dotted key, or null when nothing matches.
 */
export function resolveTargetKey(
  index: StateIndex,
  sourceKey: string,
  text: string,
): string | null {
  let key: string;
  if (text.startsWith('#')) {
    const [id = '', ...rest] = text.slice(1).split('.');
    const base = index.ids.get(id) ?? (id === index.machineId ? '' : null);
    if (base === null) return null;
    key = join(base, rest);
  } else if (text.startsWith('.')) {
    key = join(sourceKey, text.slice(1).split('.'));
  } else {
    key = join(parentKeyOf(sourceKey), text.split('.'));
  }
  return key !== '' && index.keys.has(key) ? key : null;
}

/**
 * The shortest target string that reaches `targetKey` from `sourceKey`: the sibling's key, a
 * `.child` path, `sibling.child`, else `#id.rest` through the nearest ancestor with an id (the
 * machine id for the root).
 */
export function targetTextFor(index: StateIndex, sourceKey: string, targetKey: string): string {
  const parent = parentKeyOf(sourceKey);
  if (targetKey.startsWith(`${sourceKey}.`)) {
    return `.${targetKey.slice(sourceKey.length + 1)}`;
  }
  if (parent === '' || targetKey.startsWith(`${parent}.`)) {
    const rest = parent === '' ? targetKey : targetKey.slice(parent.length + 1);
    // `a.b` from a sibling of `a` resolves among the siblings; a plain key too.
    if (resolveTargetKey(index, sourceKey, rest) === targetKey) return rest;
  }
  const byKey = new Map<string, string>();
  for (const [id, key] of index.ids) if (!byKey.has(key)) byKey.set(key, id);
  const segments = targetKey.split('.');
  for (let i = segments.length; i > 0; i -= 1) {
    const id = byKey.get(segments.slice(0, i).join('.'));
    if (id !== undefined) return [`#${id}`, ...segments.slice(i)].join('.');
  }
  return [`#${index.machineId}`, ...segments].join('.');
}

/** Keeps `raw` when it still reaches `targetKey`, else writes a fresh target string. */
export function keepOrWriteTarget(
  index: StateIndex,
  sourceKey: string,
  targetKey: string,
  raw: string | undefined,
): string {
  if (raw !== undefined && resolveTargetKey(index, sourceKey, raw) === targetKey) return raw;
  return targetTextFor(index, sourceKey, targetKey);
}
