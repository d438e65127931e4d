import {
  GROUP_PADDING,
  NODE_SIZES,
  START_GAP,
  START_NODE_ID,
  isStateNode,
  type DesignerEdge,
  type DesignerGraph,
  type DesignerNode,
  type StartFlowNode,
  type StateFlowNode,
  type XY,
} from './graph.types.js';

/** Smallest frame of a group (an empty region stays a visible drop target). */
export const MIN_GROUP_SIZE = { width: 240, height: 120 } as const;

/** Width and height a node occupies on the canvas. */
export function nodeSize(node: DesignerNode): { width: number; height: number } {
  if (node.type === 'group') {
    return {
      width: node.width ?? MIN_GROUP_SIZE.width,
      height: node.height ?? MIN_GROUP_SIZE.height,
    };
  }
  return NODE_SIZES[node.type];
}

/**
 * Recomputes the frames of groups from their children, innermost first. Nodes whose size does
 * not change keep their identity (React Flow re-renders only what changed).
 */
export function fitGroups(nodes: readonly DesignerNode[]): DesignerNode[] {
  const result = [...nodes];
  const indexById = new Map(result.map((n, i) => [n.id, i]));
  const extent = new Map<string, { right: number; bottom: number }>();
  // Children come after their parents: walking backwards sizes children before parents.
  for (let i = result.length - 1; i >= 0; i -= 1) {
    let node = result[i];
    if (!node) continue;
    if (node.type === 'group') {
      const inner = extent.get(node.id);
      const width = Math.max(MIN_GROUP_SIZE.width, (inner?.right ?? 0) + GROUP_PADDING.x);
      const height = Math.max(MIN_GROUP_SIZE.height, (inner?.bottom ?? 0) + GROUP_PADDING.bottom);
      if (node.width !== width || node.height !== height) {
        node = { ...node, width, height };
        result[i] = node;
      }
    }
    if (isStateNode(node) && node.parentId !== undefined && indexById.has(node.parentId)) {
      const size = nodeSize(node);
      const current = extent.get(node.parentId) ?? { right: 0, bottom: 0 };
      extent.set(node.parentId, {
        right: Math.max(current.right, node.position.x + size.width),
        bottom: Math.max(current.bottom, node.position.y + size.height),
      });
    }
  }
  return result;
}

/** Where the start marker sits: left of the initial state, vertically centred on it. */
function startPosition(initial: StateFlowNode | undefined, nodes: readonly DesignerNode[]): XY {
  const size = NODE_SIZES.start;
  if (initial) {
    const s = nodeSize(initial);
    return {
      x: initial.position.x - START_GAP - size.width,
      y: initial.position.y + (s.height - size.height) / 2,
    };
  }
  const roots = nodes.filter((n) => isStateNode(n) && n.parentId === undefined);
  const minX = Math.min(0, ...roots.map((n) => n.position.x));
  const minY = Math.min(0, ...roots.map((n) => n.position.y));
  return { x: minX - START_GAP - size.width, y: minY };
}

/** Id of the edge from the start marker. */
export const INITIAL_EDGE_ID = '__initial__';

/**
 * Derives the start marker and its edge from `machine.initial`. Keeps identities when nothing
 * changed, so it can run after every edit.
 */
export function syncStart(graph: DesignerGraph): DesignerGraph {
  const initialKey = graph.shell.machine.initial;
  const initial = graph.nodes.find(
    (n): n is StateFlowNode => isStateNode(n) && n.parentId === undefined && n.id === initialKey,
  );
  const position = startPosition(initial, graph.nodes);
  const existing = graph.nodes.find((n): n is StartFlowNode => n.type === 'start');
  let nodes = graph.nodes;
  if (!existing) {
    const start: StartFlowNode = {
      id: START_NODE_ID,
      type: 'start',
      position,
      data: { label: 'start' },
      deletable: false,
      draggable: false,
    };
    nodes = [start, ...graph.nodes];
  } else if (existing.position.x !== position.x || existing.position.y !== position.y) {
    nodes = graph.nodes.map((n) => (n === existing ? { ...existing, position } : n));
  }
  const edge = graph.edges.find((e) => e.type === 'initial');
  let edges = graph.edges;
  if (!initial && edge) {
    edges = graph.edges.filter((e) => e !== edge);
  } else if (initial && edge?.target !== initial.id) {
    const next: DesignerEdge = {
      id: INITIAL_EDGE_ID,
      type: 'initial',
      source: START_NODE_ID,
      target: initial.id,
      data: { initial: true },
      deletable: false,
    };
    edges = edge ? graph.edges.map((e) => (e === edge ? next : e)) : [next, ...graph.edges];
  }
  return nodes === graph.nodes && edges === graph.edges ? graph : { ...graph, nodes, edges };
}

/** Top-left of the bounding box of the given canvas nodes (absolute positions). */
export function absolutePosition(node: DesignerNode, byId: ReadonlyMap<string, DesignerNode>): XY {
  let x = node.position.x;
  let y = node.position.y;
  let parentId = isStateNode(node) ? node.parentId : undefined;
  while (parentId !== undefined) {
    const parent = byId.get(parentId);
    if (!parent) break;
    x += parent.position.x;
    y += parent.position.y;
    parentId = isStateNode(parent) ? parent.parentId : undefined;
  }
  return { x, y };
}

/**
 * True when two sibling frames overlap, e.g. a template whose positions were written without the
 * size of its groups in mind. The designer then lays the graph out afresh.
 */
export function hasOverlaps(graph: DesignerGraph): boolean {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const siblings = new Map<string, { x: number; y: number; right: number; bottom: number }[]>();
  for (const node of graph.nodes) {
    if (!isStateNode(node)) continue;
    const p = absolutePosition(node, byId);
    const size = nodeSize(node);
    const box = { x: p.x, y: p.y, right: p.x + size.width, bottom: p.y + size.height };
    const parent = node.parentId ?? '';
    const list = siblings.get(parent) ?? [];
    for (const other of list) {
      if (
        box.x < other.right &&
        other.x < box.right &&
        box.y < other.bottom &&
        other.y < box.bottom
      ) {
        return true;
      }
    }
    list.push(box);
    siblings.set(parent, list);
  }
  return false;
}
