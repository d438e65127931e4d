import type { ActionRef } from './action-catalogue.js';
import type {
  MachineDefinition,
  NodeMeta,
  StateNodeDefinition,
  StateType,
  TransitionConfig,
  TransitionObject,
} from './definition.schema.js';
import { isHumanKind } from './step-kinds.js';

/** Where a transition is declared on its state. */
export type TransitionSlot =
  | { readonly kind: 'on'; readonly event: string }
  | { readonly kind: 'always' }
  | { readonly kind: 'after'; readonly delay: string }
  | { readonly kind: 'onDone' };

/** One transition of a state, normalised to object form. */
export interface TransitionEntry {
  readonly slot: TransitionSlot;
  /** Index within the slot's list (0 for a single transition). */
  readonly index: number;
  readonly transition: TransitionObject;
  /** Target strings, as written. */
  readonly targets: readonly string[];
  /** JSON Pointer segments of the transition object (relative to the envelope). */
  readonly pathSegments: readonly (string | number)[];
  /** JSON Pointer segments of the slot (the list, or the single entry). */
  readonly slotSegments: readonly (string | number)[];
  /** Whether the slot is written as a list. */
  readonly inList: boolean;
  /** Whether the slot is written as a bare target string. */
  readonly shorthand: boolean;
}

/** A state of the definition with everything the engine needs to know about it. */
export interface StateInfo {
  /** Keys from the root (empty for the root). */
  readonly path: readonly string[];
  /** Dotted path, e.g. `twoWay.up.speaking` ('' for the root). Used as task key. */
  readonly stateKey: string;
  /** XState id: the explicit `id`, else `<machine id>.<path>`. */
  readonly xstateId: string;
  readonly parent: StateInfo | null;
  readonly children: StateInfo[];
  readonly type: StateType;
  readonly node: StateNodeDefinition;
  readonly meta: NodeMeta | undefined;
  /** JSON Pointer segments of the node (relative to the envelope). */
  readonly pathSegments: readonly (string | number)[];
  /** Nesting depth (root 0). */
  readonly depth: number;
  readonly transitions: TransitionEntry[];
}

/** The states of a definition, indexed. */
export interface DefinitionGraph {
  readonly machineId: string;
  readonly root: StateInfo;
  /** Every state, root first, in document order. */
  readonly states: readonly StateInfo[];
  readonly byKey: ReadonlyMap<string, StateInfo>;
  /** By XState id; a duplicated id keeps its first owner. */
  readonly byId: ReadonlyMap<string, StateInfo>;
}

/** Normalises a transition config to a list of transition objects. */
export function toTransitionList(config: TransitionConfig | undefined): TransitionObject[] {
  if (config === undefined) {
    return [];
  }
  if (typeof config === 'string') {
    return [{ target: config }];
  }
  return Array.isArray(config) ? config : [config];
}

/** Target strings of a transition. */
export function targetsOf(transition: TransitionObject): string[] {
  const { target } = transition;
  if (target === undefined) {
    return [];
  }
  return Array.isArray(target) ? target : [target];
}

/** Normalises `entry`, `exit` or transition `actions` to a list. */
export function toActionList(actions: ActionRef | ActionRef[] | undefined): ActionRef[] {
  if (actions === undefined) {
    return [];
  }
  return Array.isArray(actions) ? actions : [actions];
}

function inferType(node: StateNodeDefinition): StateType {
  if (node.type) {
    return node.type;
  }
  return node.states && Object.keys(node.states).length > 0 ? 'compound' : 'atomic';
}

function collectTransitions(
  node: StateNodeDefinition,
  base: readonly (string | number)[],
): TransitionEntry[] {
  const out: TransitionEntry[] = [];
  const add = (
    slot: TransitionSlot,
    config: TransitionConfig | undefined,
    slotSegments: (string | number)[],
  ) => {
    const list = toTransitionList(config);
    const inList = Array.isArray(config);
    const shorthand = typeof config === 'string';
    list.forEach((transition, index) => {
      out.push({
        slot,
        index,
        transition,
        targets: targetsOf(transition),
        slotSegments,
        pathSegments: inList ? [...slotSegments, index] : slotSegments,
        inList,
        shorthand,
      });
    });
  };
  for (const [event, config] of Object.entries(node.on ?? {})) {
    add({ kind: 'on', event }, config, [...base, 'on', event]);
  }
  add({ kind: 'always' }, node.always, [...base, 'always']);
  for (const [delay, config] of Object.entries(node.after ?? {})) {
    add({ kind: 'after', delay }, config, [...base, 'after', delay]);
  }
  add({ kind: 'onDone' }, node.onDone, [...base, 'onDone']);
  return out;
}

/** Builds the state index of a (schema-valid) machine. Iterative: no recursion limit issues. */
export function buildDefinitionGraph(machine: MachineDefinition): DefinitionGraph {
  const rootNode: StateNodeDefinition = {
    type: machine.type ?? 'compound',
    initial: machine.initial,
    states: machine.states,
    on: machine.on,
    entry: machine.entry,
    exit: machine.exit,
  };
  const rootSegments = ['machine'];
  const root: StateInfo = {
    path: [],
    stateKey: '',
    xstateId: machine.id,
    parent: null,
    children: [],
    type: machine.type ?? 'compound',
    node: rootNode,
    meta: undefined,
    pathSegments: rootSegments,
    depth: 0,
    transitions: collectTransitions(rootNode, rootSegments),
  };
  const states: StateInfo[] = [root];
  const byKey = new Map<string, StateInfo>([['', root]]);
  const byId = new Map<string, StateInfo>([[machine.id, root]]);
  const stack: StateInfo[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop() as StateInfo;
    const childEntries = Object.entries(parent.node.states ?? {});
    const created: StateInfo[] = [];
    for (const [key, node] of childEntries) {
      const path = [...parent.path, key];
      const pathSegments = [...parent.pathSegments, 'states', key];
      const info: StateInfo = {
        path,
        stateKey: path.join('.'),
        xstateId: node.id ?? [machine.id, ...path].join('.'),
        parent,
        children: [],
        type: inferType(node),
        node,
        meta: node.meta,
        pathSegments,
        depth: parent.depth + 1,
        transitions: collectTransitions(node, pathSegments),
      };
      parent.children.push(info);
      created.push(info);
      byKey.set(info.stateKey, info);
      if (!byId.has(info.xstateId)) {
        byId.set(info.xstateId, info);
      }
    }
    // Push in reverse so that document order is kept in `states`.
    for (let i = created.length - 1; i >= 0; i -= 1) {
      stack.push(created[i]);
    }
  }
  // Rebuild document order (depth-first, pre-order).
  const ordered: StateInfo[] = [];
  const walk: StateInfo[] = [root];
  while (walk.length > 0) {
    const info = walk.pop() as StateInfo;
    ordered.push(info);
    for (let i = info.children.length - 1; i >= 0; i -= 1) {
      walk.push(info.children[i]);
    }
  }
  states.splice(0, states.length, ...ordered);
  return { machineId: machine.id, root, states, byKey, byId };
}

function descend(from: StateInfo, keys: readonly string[]): StateInfo | null {
  let current: StateInfo | undefined = from;
  for (const key of keys) {
    current = current?.children.find((c) => c.path[c.path.length - 1] === key);
    if (!current) {
      return null;
    }
  }
  return current ?? null;
}

/**
 * Resolves a target string the way XState v5 does: `#id.child` by id, `.child` inside the
 * source, anything else among the source's siblings (the root accepts only `.x` and `#id`).
 */
export function resolveTarget(
  graph: DefinitionGraph,
  source: StateInfo,
  target: string,
): StateInfo | null {
  if (target.startsWith('#')) {
    const [id, ...rest] = target.slice(1).split('.');
    const byId = graph.byId.get(id ?? '');
    return byId ? descend(byId, rest) : null;
  }
  if (target.startsWith('.')) {
    return descend(source, target.slice(1).split('.'));
  }
  if (!source.parent) {
    return null;
  }
  return descend(source.parent, target.split('.'));
}

/** The child entered by default: `initial` of a compound state. */
export function initialChild(info: StateInfo): StateInfo | null {
  if (info.type !== 'compound') {
    return null;
  }
  const { initial } = info.node;
  return initial === undefined
    ? null
    : (info.children.find((c) => c.path[c.path.length - 1] === initial) ?? null);
}

/** True for atomic states whose kind opens a task. */
export function isTaskState(info: StateInfo): boolean {
  return info.type === 'atomic' && info.meta !== undefined && isHumanKind(info.meta.kind);
}

/** Proper ancestors of a state, nearest first. */
export function ancestorsOf(info: StateInfo): StateInfo[] {
  const out: StateInfo[] = [];
  for (let p = info.parent; p; p = p.parent) {
    out.push(p);
  }
  return out;
}
