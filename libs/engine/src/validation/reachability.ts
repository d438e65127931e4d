import {
  initialChild,
  resolveTarget,
  type DefinitionGraph,
  type StateInfo,
} from '../definition/definition-graph.js';

/** Reachability facts of a definition's states. */
export interface ReachabilityResult {
  /** States that some sequence of transitions makes active. */
  readonly reachable: ReadonlySet<StateInfo>;
  /** States from which the machine can still reach its final state. */
  readonly live: ReadonlySet<StateInfo>;
}

/**
 * Over-approximate reachability on an abstract graph of three vertices per state:
 * ENTER(s) (s is being entered), IN(s) (s is active, its transitions may fire) and DONE(s)
 * (a compound reached a final child / all regions of a parallel state are done).
 *
 * Edges: ENTER(s) → IN(s); ENTER(compound) → ENTER(initial); ENTER(parallel) → ENTER(each
 * region); entering s inside a parallel state also enters its sibling regions; IN(s) →
 * IN(parent) (ancestor transitions stay available); IN(s) → ENTER(target) per transition;
 * IN(final f) → DONE(parent); DONE(compound region) → DONE(parallel) when all regions are done;
 * DONE(s) → ENTER(onDone target). The goal is DONE(root). Liveness treats DONE(parallel) as
 * reachable from any region (an approximation: a stuck region shows up as its own dead states).
 */
export function analyseReachability(graph: DefinitionGraph): ReachabilityResult {
  const states = graph.states;
  const index = new Map<StateInfo, number>(states.map((s, i) => [s, i]));
  const n = states.length;
  const ENTER = (i: number) => i;
  const IN = (i: number) => n + i;
  const DONE = (i: number) => 2 * n + i;
  const size = 3 * n;
  const forward: number[][] = Array.from({ length: size }, () => []);
  const edge = (from: number, to: number) => {
    forward[from]?.push(to);
  };
  const idx = (s: StateInfo) => index.get(s) as number;
  /** Parallel DONE vertices need every region: count how many regions have been reached. */
  const andNeeds = new Map<number, number>();

  for (const s of states) {
    const i = idx(s);
    edge(ENTER(i), IN(i));
    if (s.type === 'compound') {
      const init = initialChild(s);
      if (init) {
        edge(ENTER(i), ENTER(idx(init)));
      }
    } else if (s.type === 'parallel') {
      for (const region of s.children) {
        edge(ENTER(i), ENTER(idx(region)));
      }
      andNeeds.set(DONE(i), s.children.length);
    } else if (s.type === 'history' && s.parent) {
      const fallback =
        s.node.target !== undefined
          ? resolveTarget(graph, s, s.node.target)
          : initialChild(s.parent);
      if (fallback) {
        edge(ENTER(i), ENTER(idx(fallback)));
      }
      // A history state restores some earlier configuration of its parent.
      for (const sibling of s.parent.children) {
        if (sibling !== s) {
          edge(ENTER(i), IN(idx(sibling)));
        }
      }
    }
    if (s.parent) {
      edge(IN(i), IN(idx(s.parent)));
      if (s.parent.type === 'parallel') {
        for (const region of s.parent.children) {
          if (region !== s) {
            edge(ENTER(i), ENTER(idx(region)));
          }
        }
      }
      if (s.type === 'final') {
        edge(IN(i), DONE(idx(s.parent)));
      }
      if ((s.type === 'compound' || s.type === 'parallel') && s.parent.type === 'parallel') {
        edge(DONE(i), DONE(idx(s.parent)));
      }
    }
    for (const t of s.transitions) {
      const from = t.slot.kind === 'onDone' ? DONE(i) : IN(i);
      for (const target of t.targets) {
        const resolved = resolveTarget(graph, s, target);
        if (resolved) {
          edge(from, ENTER(idx(resolved)));
        }
      }
    }
  }

  // Forward: BFS with AND semantics on DONE(parallel).
  const seen = new Uint8Array(size);
  const andCount = new Map<number, Set<number>>();
  const queue: number[] = [ENTER(0)];
  seen[ENTER(0)] = 1;
  for (let head = 0; head < queue.length; head += 1) {
    const v = queue[head];
    for (const w of forward[v] ?? []) {
      if (seen[w]) {
        continue;
      }
      const needed = andNeeds.get(w);
      if (needed !== undefined) {
        const got = andCount.get(w) ?? new Set<number>();
        got.add(v);
        andCount.set(w, got);
        if (got.size < needed) {
          continue;
        }
      }
      seen[w] = 1;
      queue.push(w);
    }
  }

  // Backward from DONE(root), OR semantics.
  const backward: number[][] = Array.from({ length: size }, () => []);
  forward.forEach((targets, from) => {
    for (const to of targets) {
      backward[to]?.push(from);
    }
  });
  const alive = new Uint8Array(size);
  const goal = DONE(0);
  alive[goal] = 1;
  const back: number[] = [goal];
  while (back.length > 0) {
    const v = back.pop() as number;
    for (const w of backward[v] ?? []) {
      if (!alive[w]) {
        alive[w] = 1;
        back.push(w);
      }
    }
  }

  const reachable = new Set<StateInfo>();
  const live = new Set<StateInfo>();
  states.forEach((s, i) => {
    if (seen[IN(i)]) {
      reachable.add(s);
    }
    if (alive[IN(i)]) {
      live.add(s);
    }
  });
  return { reachable, live };
}
