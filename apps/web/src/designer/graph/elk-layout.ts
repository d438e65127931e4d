import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { nodeSize } from './graph-layout';
import {
  GROUP_PADDING,
  NODE_SIZES,
  START_GAP,
  isStateNode,
  isTransitionEdge,
  type DesignerGraph,
  type StateFlowNode,
  type XY,
} from './graph.types';

let elk: Promise<ELK> | undefined;

/** ELK is large: it is loaded on the first layout only. */
function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(({ default: Elk }) => new Elk());
  return elk;
}

const ROOT_OPTIONS = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.spacing.nodeNode': '48',
  'elk.layered.spacing.nodeNodeBetweenLayers': '110',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'ORTHOGONAL',
};

const GROUP_OPTIONS = {
  'elk.padding': `[top=${GROUP_PADDING.top},left=${GROUP_PADDING.x},bottom=${GROUP_PADDING.bottom},right=${GROUP_PADDING.x}]`,
};

/**
 * Lays the graph out with ELK (layered, left to right, groups laid out with their contents).
 * Returns positions relative to each node's parent frame, for `applyLayout`.
 */
export async function layoutWithElk(graph: DesignerGraph): Promise<Map<string, XY>> {
  const engine = await loadElk();
  const states = graph.nodes.filter(isStateNode);
  const children = new Map<string, StateFlowNode[]>();
  for (const n of states) {
    const parent = n.parentId ?? '';
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const toElk = (n: StateFlowNode): ElkNode => {
    const kids = children.get(n.id) ?? [];
    if (n.type === 'group') {
      return {
        id: n.id,
        layoutOptions: {
          ...GROUP_OPTIONS,
          // Regions of a parallel block stack vertically, side by side in time.
          ...(n.data.stateType === 'parallel' ? { 'elk.direction': 'DOWN' } : {}),
        },
        children: kids.map(toElk),
      };
    }
    return { id: n.id, ...nodeSize(n) };
  };
  const ids = new Set(states.map((n) => n.id));
  const edges: ElkExtendedEdge[] = graph.edges
    .filter(isTransitionEdge)
    .filter((e) => e.source !== e.target && ids.has(e.source) && ids.has(e.target))
    .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  const result = await engine.layout({
    id: '__root__',
    layoutOptions: ROOT_OPTIONS,
    children: (children.get('') ?? []).map(toElk),
    edges,
  });
  const positions = new Map<string, XY>();
  // Leave room on the left for the start marker.
  const shift = START_GAP + NODE_SIZES.start.width;
  const collect = (node: ElkNode, top: boolean) => {
    for (const child of node.children ?? []) {
      positions.set(child.id, {
        x: (child.x ?? 0) + (top ? shift : 0),
        y: child.y ?? 0,
      });
      collect(child, false);
    }
  };
  collect(result, true);
  return positions;
}
