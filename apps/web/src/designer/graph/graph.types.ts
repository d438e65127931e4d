import type {
  MachineDefinition,
  StateNodeDefinition,
  StateType,
  TransitionObject,
  WorkflowDefinition,
} from '@shuping/engine';

/**
 * The designer's graph: plain data shaped like React Flow nodes and edges (no React here, so the
 * conversion is testable in node). One node per state of the definition; one edge per drawn
 * target of a transition.
 */

/** A point on the canvas. */
export type XY = { x: number; y: number };

/** Node types of the canvas (the keys of `nodeTypes`). */
export type FlowNodeType = 'step' | 'decision' | 'end' | 'history' | 'group' | 'start';

/** Where a transition is declared on its state. */
export type TransitionSlot =
  | { kind: 'on'; event: string }
  | { kind: 'always' }
  | { kind: 'after'; delay: string }
  | { kind: 'onDone' };

/** How the slot was written: `"target"`, `{ target }` or `[{ target }, ...]`. */
export type SlotForm = 'string' | 'object' | 'list';

/** The state's own fields: everything but children and transitions; `meta` without `position`. */
export type StateBody = Omit<StateNodeDefinition, 'states' | 'on' | 'always' | 'after' | 'onDone'>;

/** Data of a node standing for a state. */
export type StateNodeData = {
  /** The state's own key among its siblings. */
  key: string;
  /** Dotted path from the root (also the node id and the engine's `stateKey`). */
  stateKey: string;
  /** Effective XState type (`atomic` when not written and without children). */
  stateType: StateType;
  body: StateBody;
  /** Key order of the state object as written, so export reproduces the document. */
  keyOrder: string[];
  /** Index of `position` among the keys of `meta`; null when the document has no position. */
  positionIndex: number | null;
  /** Transitions with no drawable target (no target, or a target that does not resolve). */
  detached: TransitionRecord[];
  /** Slots written empty (`on: {}`), kept so that export reproduces them. */
  emptySlots?: string[];
  /** Groups: canvas offset of the children (child node position = meta.position + offset). */
  childOffset?: XY;
};

/** Data of the start marker of the machine (derived from `machine.initial`). */
export type StartNodeData = { label: 'start' };

/** One transition of a state, as stored on edges and in `detached`. */
export type TransitionRecord = {
  /** Transition id, shared by the edges of a multi-target transition. */
  tid: string;
  slot: TransitionSlot;
  /** Position within its slot's list (gaps allowed; order only). */
  index: number;
  /** Document order of the slot entry within the state (orders events and delays). */
  seq: number;
  form: SlotForm;
  /** The transition object as written (`target` is recomputed on export). */
  transition: TransitionObject;
};

/** Data of a transition edge: the transition and which of its targets the edge draws. */
export type TransitionEdgeData = TransitionRecord & { targetIndex: number };

/** Data of the derived edge from the start marker to the initial state. */
export type InitialEdgeData = { initial: true };

export type StateNodeType = Exclude<FlowNodeType, 'start'>;

/** A node of the designer graph (assignable to React Flow's `Node`). */
export type StateFlowNode = {
  id: string;
  type: StateNodeType;
  position: XY;
  data: StateNodeData;
  parentId?: string;
  extent?: 'parent';
  expandParent?: boolean;
  width?: number;
  height?: number;
  selected?: boolean;
  dragging?: boolean;
  deletable?: boolean;
  draggable?: boolean;
  ariaLabel?: string;
  zIndex?: number;
  measured?: { width?: number; height?: number };
};

export type StartFlowNode = {
  id: string;
  type: 'start';
  position: XY;
  data: StartNodeData;
  selected?: boolean;
  dragging?: boolean;
  deletable?: boolean;
  draggable?: boolean;
  ariaLabel?: string;
  measured?: { width?: number; height?: number };
};

export type DesignerNode = StateFlowNode | StartFlowNode;

export type TransitionFlowEdge = {
  id: string;
  type: 'transition';
  source: string;
  target: string;
  data: TransitionEdgeData;
  selected?: boolean;
  deletable?: boolean;
  zIndex?: number;
  ariaLabel?: string;
};

export type InitialFlowEdge = {
  id: string;
  type: 'initial';
  source: string;
  target: string;
  data: InitialEdgeData;
  selected?: boolean;
  deletable?: boolean;
  zIndex?: number;
  ariaLabel?: string;
};

export type DesignerEdge = TransitionFlowEdge | InitialFlowEdge;

/** The definition without its states: envelope and machine fields, `machine.states` empty. */
export type DefinitionShell = Omit<WorkflowDefinition, 'machine'> & {
  machine: Omit<MachineDefinition, 'states'> & { states: Record<string, never> };
};

export type DesignerGraph = {
  shell: DefinitionShell;
  nodes: DesignerNode[];
  edges: DesignerEdge[];
};

/** Id of the start marker node. */
export const START_NODE_ID = '__start__';

/** Fixed sizes of the node types (the components render exactly these). */
export const NODE_SIZES: Readonly<
  Record<Exclude<FlowNodeType, 'group'>, { width: number; height: number }>
> = {
  step: { width: 180, height: 72 },
  decision: { width: 180, height: 72 },
  end: { width: 120, height: 44 },
  history: { width: 48, height: 48 },
  start: { width: 44, height: 44 },
};

/** Padding of group frames around their children (the top holds the title). */
export const GROUP_PADDING = { x: 16, top: 40, bottom: 16 } as const;

/** Distance from the start marker to the initial state. */
export const START_GAP = 48;

export function isStateNode(node: DesignerNode): node is StateFlowNode {
  return node.type !== 'start';
}

export function isTransitionEdge(edge: DesignerEdge): edge is TransitionFlowEdge {
  return edge.type === 'transition';
}

/** Stable string of a slot, e.g. `on:SUBMIT`, `after:3WD`, `always`. */
export function slotId(slot: TransitionSlot): string {
  switch (slot.kind) {
    case 'on':
      return `on:${slot.event}`;
    case 'after':
      return `after:${slot.delay}`;
    case 'always':
    case 'onDone':
      return slot.kind;
  }
}

/** Parent key of a dotted state key ('' for root-level states). */
export function parentKeyOf(stateKey: string): string {
  const i = stateKey.lastIndexOf('.');
  return i < 0 ? '' : stateKey.slice(0, i);
}

/** Own key of a dotted state key. */
export function ownKeyOf(stateKey: string): string {
  return stateKey.slice(stateKey.lastIndexOf('.') + 1);
}
