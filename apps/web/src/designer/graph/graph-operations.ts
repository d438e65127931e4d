import type { LocalizedText, StateNodeDefinition, TransitionObject } from '@shuping/engine';
import { definitionToGraph } from './definition-to-graph';
import { absolutePosition, fitGroups, nodeSize, syncStart } from './graph-layout';
import { graphToDefinition } from './graph-to-definition';
import {
  GROUP_PADDING,
  START_NODE_ID,
  isStateNode,
  isTransitionEdge,
  ownKeyOf,
  parentKeyOf,
  slotId,
  type DesignerEdge,
  type DesignerGraph,
  type DesignerNode,
  type StateBody,
  type StateFlowNode,
  type TransitionEdgeData,
  type TransitionFlowEdge,
  type TransitionRecord,
  type TransitionSlot,
  type XY,
} from './graph.types';
import {
  defaultCompoundBlock,
  defaultParallelBlock,
  defaultState,
  keyBaseOf,
  type PaletteItem,
} from './step-defaults';

const lt = (zh: string, en: string): LocalizedText => ({ zh, en });

/** Keeps frames and the start marker in step with the states. */
export function normalize(graph: DesignerGraph): DesignerGraph {
  const nodes = fitGroups(graph.nodes);
  return syncStart(nodes === graph.nodes ? graph : { ...graph, nodes });
}

export function stateNodes(graph: DesignerGraph): StateFlowNode[] {
  return graph.nodes.filter(isStateNode);
}

export function findState(graph: DesignerGraph, id: string): StateFlowNode | undefined {
  const node = graph.nodes.find((n) => n.id === id);
  return node && isStateNode(node) ? node : undefined;
}

/** A key not yet used among the children of `parentKey`: `base`, `base2`, `base3`, ... */
export function uniqueKey(graph: DesignerGraph, parentKey: string, base: string): string {
  const taken = new Set(
    stateNodes(graph)
      .filter((n) => (n.parentId ?? '') === parentKey)
      .map((n) => n.data.key),
  );
  if (!taken.has(base)) return base;
  for (let i = 2; ; i += 1) {
    if (!taken.has(`${base}${i}`)) return `${base}${i}`;
  }
}

/** A transition id not used in the graph. */
function uniqueTid(graph: DesignerGraph, used: Set<string> = new Set()): string {
  for (const e of graph.edges) if (isTransitionEdge(e)) used.add(e.data.tid);
  for (const n of stateNodes(graph)) for (const d of n.data.detached) used.add(d.tid);
  for (let i = used.size + 1; ; i += 1) {
    if (!used.has(`n${i}`)) {
      used.add(`n${i}`);
      return `n${i}`;
    }
  }
}

/** Absolute canvas positions of all nodes. */
export function absolutePositions(graph: DesignerGraph): Map<string, XY> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return new Map(graph.nodes.map((n) => [n.id, absolutePosition(n, byId)]));
}

/** The innermost group whose frame contains the point (absolute), if any. */
export function groupAt(graph: DesignerGraph, point: XY): StateFlowNode | undefined {
  const positions = absolutePositions(graph);
  let best: StateFlowNode | undefined;
  let bestDepth = -1;
  for (const node of stateNodes(graph)) {
    if (node.type !== 'group') continue;
    const p = positions.get(node.id) as XY;
    const size = nodeSize(node);
    const inside =
      point.x >= p.x &&
      point.y >= p.y &&
      point.x <= p.x + size.width &&
      point.y <= p.y + size.height;
    const depth = node.id.split('.').length;
    if (inside && depth > bestDepth) {
      best = node;
      bestDepth = depth;
    }
  }
  return best;
}

/**
 * Inserts the states of a fragment definition (`states` with meta positions relative to
 * `origin`) under `parentKey`, by converting the fragment and re-keying its nodes.
 */
function insertStates(
  graph: DesignerGraph,
  parentKey: string,
  states: Record<string, StateNodeDefinition>,
  origin: XY,
  fragmentEdges: boolean,
): { graph: DesignerGraph; ids: string[] } {
  const fragment = definitionToGraph({
    id: 'fragment',
    schemaVersion: 1,
    name: lt('片段', 'Fragment'),
    machine: { id: graph.shell.machine.id, states },
  });
  const parent = parentKey ? findState(graph, parentKey) : undefined;
  const offset = parent?.data.childOffset ?? { x: 0, y: 0 };
  const prefix = parentKey ? `${parentKey}.` : '';
  const rekey = (id: string) => `${prefix}${id}`;
  const used = new Set<string>();
  const tids = new Map<string, string>();
  const tidOf = (tid: string) => {
    const known = tids.get(tid);
    if (known) return known;
    const fresh = uniqueTid(graph, used);
    tids.set(tid, fresh);
    return fresh;
  };
  const ids: string[] = [];
  const nodes: DesignerNode[] = [];
  for (const node of fragment.nodes) {
    if (!isStateNode(node)) continue;
    const id = rekey(node.id);
    ids.push(id);
    const copy: StateFlowNode = {
      ...node,
      id,
      data: {
        ...node.data,
        stateKey: id,
        detached: node.data.detached.map((d) => ({ ...d, tid: tidOf(d.tid) })),
      },
    };
    if (node.parentId !== undefined) {
      copy.parentId = rekey(node.parentId);
    } else {
      copy.position = {
        x: node.position.x + origin.x + offset.x,
        y: node.position.y + origin.y + offset.y,
      };
      if (parentKey) {
        copy.parentId = parentKey;
        copy.extent = 'parent';
        copy.expandParent = true;
      }
    }
    nodes.push(copy);
  }
  const edges: DesignerEdge[] = fragmentEdges
    ? fragment.edges.filter(isTransitionEdge).map((e) => {
        const tid = tidOf(e.data.tid);
        return {
          ...e,
          id: e.id === e.data.tid ? tid : `${tid}.${e.data.targetIndex}`,
          source: rekey(e.source),
          target: rekey(e.target),
          data: { ...e.data, tid },
        };
      })
    : [];
  return {
    graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] },
    ids,
  };
}

/** Sets the initial child of a container ('' for the machine). */
export function setInitial(
  graph: DesignerGraph,
  containerKey: string,
  key: string | undefined,
): DesignerGraph {
  if (containerKey === '') {
    const machine = { ...graph.shell.machine };
    if (key === undefined) delete machine.initial;
    else machine.initial = key;
    return normalize({ ...graph, shell: { ...graph.shell, machine } });
  }
  return updateNode(graph, containerKey, (node) => {
    const body = { ...node.data.body };
    if (key === undefined) delete body.initial;
    else body.initial = key;
    return { ...node, data: { ...node.data, body } };
  });
}

function initialOf(graph: DesignerGraph, containerKey: string): string | undefined {
  return containerKey === ''
    ? graph.shell.machine.initial
    : findState(graph, containerKey)?.data.body.initial;
}

/**
 * Adds a palette item at an absolute canvas point, inside `containerKey` ('' for the top level).
 * Dropped on a parallel state, the step gets a new region of its own. The first state of an
 * empty container becomes its initial state.
 */
export function addItem(
  graph: DesignerGraph,
  item: PaletteItem,
  point: XY,
  containerKey = '',
): { graph: DesignerGraph; id: string } {
  const container = containerKey ? findState(graph, containerKey) : undefined;
  const state =
    item === 'parallel'
      ? defaultParallelBlock()
      : item === 'compound'
        ? defaultCompoundBlock()
        : defaultState(item);
  const at = relativePoint(graph, containerKey, point);
  const offset = container?.data.childOffset ?? { x: 0, y: 0 };
  const local = { x: at.x - offset.x, y: at.y - offset.y };
  const withPosition = (position: XY): StateNodeDefinition => ({
    ...state,
    meta: { ...state.meta, position } as StateNodeDefinition['meta'],
  });
  let key: string;
  let id: string;
  let fragment: Record<string, StateNodeDefinition>;
  if (container?.data.stateType === 'parallel') {
    // A step dropped on a parallel block becomes a new region of its own.
    const regionKey = uniqueKey(graph, containerKey, 'region');
    const stepKey = keyBaseOf(item);
    key = regionKey;
    id = `${containerKey}.${regionKey}.${stepKey}`;
    fragment = {
      [regionKey]: {
        initial: stepKey,
        meta: {
          kind: 'group',
          title: lt('新分支', 'New region'),
          position: { x: local.x - GROUP_PADDING.x, y: local.y - GROUP_PADDING.top },
        },
        states: { [stepKey]: withPosition({ x: 0, y: 0 }) },
      },
    };
  } else {
    key = uniqueKey(graph, containerKey, keyBaseOf(item));
    id = containerKey ? `${containerKey}.${key}` : key;
    fragment = { [key]: withPosition(local) };
  }
  let result = insertStates(graph, containerKey, fragment, { x: 0, y: 0 }, true).graph;
  if (initialOf(result, containerKey) === undefined && item !== 'end') {
    result = setInitial(result, containerKey, key);
  }
  return { graph: normalize(result), id };
}

/** A point relative to the content of a container (its children's coordinate space). */
function relativePoint(graph: DesignerGraph, containerKey: string, point: XY): XY {
  if (!containerKey) return point;
  const base = absolutePositions(graph).get(containerKey) ?? { x: 0, y: 0 };
  return { x: point.x - base.x, y: point.y - base.y };
}

/** Applies `fn` to one state node (identity kept for all others). */
export function updateNode(
  graph: DesignerGraph,
  id: string,
  fn: (node: StateFlowNode) => StateFlowNode,
): DesignerGraph {
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    if (n.id !== id || !isStateNode(n)) return n;
    changed = true;
    return fn(n);
  });
  return changed ? normalize({ ...graph, nodes }) : graph;
}

/** Replaces a state's own fields (meta, entry, exit, ...). */
export function updateBody(graph: DesignerGraph, id: string, body: StateBody): DesignerGraph {
  return updateNode(graph, id, (node) => ({ ...node, data: { ...node.data, body } }));
}

/** The default slot of a new transition out of `source`. */
export function defaultSlot(source: StateFlowNode): TransitionSlot {
  if (source.type === 'group') return { kind: 'onDone' };
  const kind = source.data.body.meta?.kind;
  if (kind === 'decision') return { kind: 'always' };
  if (kind === 'wait') return { kind: 'after', delay: 'waitPeriod' };
  return { kind: 'on', event: 'SUBMIT' };
}

/** Why a connection is refused (shown to the user), or null when it is allowed. */
export function connectionProblem(
  graph: DesignerGraph,
  connection: { source: string; target: string },
): LocalizedText | null {
  const { source, target } = connection;
  const targetNode = findState(graph, target);
  if (!targetNode) return lt('不能连到开始节点', 'Nothing can lead to the start');
  if (source === START_NODE_ID) {
    if (targetNode.parentId !== undefined) {
      return lt('开始节点只能连到顶层步骤', 'The start leads to a top-level step only');
    }
    if (targetNode.type === 'end')
      return lt('流程不能从结束节点开始', 'The process cannot start at its end');
    return null;
  }
  const sourceNode = findState(graph, source);
  if (!sourceNode) return lt('未知的起点', 'Unknown source');
  if (sourceNode.type === 'end') return lt('结束节点不能有出边', 'An end has no way out');
  if (sourceNode.type === 'history')
    return lt('历史节点不能有出边', 'A history state has no way out');
  if (sourceNode.type === 'decision' && source === target) {
    return lt('判断不能连回自身', 'A decision cannot loop to itself');
  }
  if (target.startsWith(`${source}.`)) {
    return lt('不能连到自身内部的步骤', 'Cannot lead into its own inner steps');
  }
  if (source.startsWith(`${target}.`)) {
    return lt('不能连到所在的分组', 'Cannot lead to its own group');
  }
  const targetParent = targetNode.parentId ? findState(graph, targetNode.parentId) : undefined;
  if (targetNode.type === 'group' && targetParent?.data.stateType === 'parallel') {
    return lt(
      '请连到并行块本身，而不是其中的分支',
      'Lead to the parallel block, not to one region',
    );
  }
  // Steps in two regions of one parallel block run side by side: no edges between them.
  const a = source.split('.');
  const b = target.split('.');
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common += 1;
  const lca = a.slice(0, common).join('.');
  if (lca && findState(graph, lca)?.data.stateType === 'parallel') {
    return lt('并行分支之间不能连线', 'No edges between parallel regions');
  }
  if (sourceNode.type === 'decision') {
    const branches = graph.edges.filter(
      (e): e is TransitionFlowEdge => isTransitionEdge(e) && e.source === source,
    );
    if (branches.some((e) => e.target === target && e.data.transition.guard === undefined)) {
      return lt('已有一条无条件分支连到这里', 'An unconditional branch already leads there');
    }
  }
  return null;
}

/** Adds a transition (or sets the initial state, from the start marker). */
export function connect(
  graph: DesignerGraph,
  connection: { source: string; target: string },
): { graph: DesignerGraph; edgeId: string | null } {
  if (connectionProblem(graph, connection)) return { graph, edgeId: null };
  if (connection.source === START_NODE_ID) {
    return { graph: setInitial(graph, '', connection.target), edgeId: null };
  }
  const source = findState(graph, connection.source) as StateFlowNode;
  const slot = defaultSlot(source);
  const siblings = transitionsOf(graph, source.id);
  const sameSlot = siblings.filter((r) => slotId(r.slot) === slotId(slot));
  const tid = uniqueTid(graph);
  const data: TransitionEdgeData = {
    tid,
    slot,
    index: Math.max(-1, ...sameSlot.map((r) => r.index)) + 1,
    seq: sameSlot[0]?.seq ?? Math.max(-1, ...siblings.map((r) => r.seq)) + 1,
    form: 'string',
    transition: {},
    targetIndex: 0,
  };
  const edge: TransitionFlowEdge = {
    id: tid,
    type: 'transition',
    source: source.id,
    target: connection.target,
    data,
  };
  return { graph: { ...graph, edges: [...graph.edges, edge] }, edgeId: tid };
}

/** Every transition record of a state (edges counted once per transition). */
export function transitionsOf(graph: DesignerGraph, id: string): TransitionRecord[] {
  const seen = new Set<string>();
  const out: TransitionRecord[] = [];
  for (const e of graph.edges) {
    if (isTransitionEdge(e) && e.source === id && !seen.has(e.data.tid)) {
      seen.add(e.data.tid);
      out.push(e.data);
    }
  }
  return [...out, ...(findState(graph, id)?.data.detached ?? [])];
}

/** Changes a transition's slot and/or its object (guard, actions, label); all its edges follow. */
export function updateTransition(
  graph: DesignerGraph,
  tid: string,
  patch: { slot?: TransitionSlot; transition?: TransitionObject },
): DesignerGraph {
  const edge = graph.edges.find((e) => isTransitionEdge(e) && e.data.tid === tid) as
    TransitionFlowEdge | undefined;
  const owner =
    edge?.source ?? stateNodes(graph).find((n) => n.data.detached.some((d) => d.tid === tid))?.id;
  if (owner === undefined) return graph;
  const current = transitionsOf(graph, owner).find((r) => r.tid === tid) as TransitionRecord;
  let placement: Pick<TransitionRecord, 'slot' | 'index' | 'seq'> = current;
  if (patch.slot && slotId(patch.slot) !== slotId(current.slot)) {
    const others = transitionsOf(graph, owner).filter((r) => r.tid !== tid);
    const sameSlot = others.filter((r) => slotId(r.slot) === slotId(patch.slot as TransitionSlot));
    placement = {
      slot: patch.slot,
      index: Math.max(-1, ...sameSlot.map((r) => r.index)) + 1,
      seq: sameSlot[0]?.seq ?? Math.max(-1, ...others.map((r) => r.seq)) + 1,
    };
  }
  const apply = <T extends TransitionRecord>(r: T): T => ({
    ...r,
    ...placement,
    form: patch.slot && slotId(patch.slot) !== slotId(current.slot) ? 'string' : r.form,
    transition: patch.transition ?? r.transition,
  });
  const edges = graph.edges.map((e) =>
    isTransitionEdge(e) && e.data.tid === tid ? { ...e, data: apply(e.data) } : e,
  );
  const nodes = graph.nodes.map((n) =>
    isStateNode(n) && n.id === owner && n.data.detached.some((d) => d.tid === tid)
      ? {
          ...n,
          data: { ...n.data, detached: n.data.detached.map((d) => (d.tid === tid ? apply(d) : d)) },
        }
      : n,
  );
  return { ...graph, nodes, edges };
}

/** Moves a transition one place up or down within its slot (branch order of a decision). */
export function moveTransition(graph: DesignerGraph, tid: string, delta: -1 | 1): DesignerGraph {
  const edge = graph.edges.find((e) => isTransitionEdge(e) && e.data.tid === tid) as
    TransitionFlowEdge | undefined;
  if (!edge) return graph;
  const list = transitionsOf(graph, edge.source)
    .filter((r) => slotId(r.slot) === slotId(edge.data.slot))
    .sort((a, b) => a.index - b.index);
  const at = list.findIndex((r) => r.tid === tid);
  const other = list[at + delta];
  if (!other) return graph;
  const indexOf = new Map([
    [tid, other.index],
    [other.tid, edge.data.index],
  ]);
  return {
    ...graph,
    edges: graph.edges.map((e) =>
      isTransitionEdge(e) && indexOf.has(e.data.tid)
        ? { ...e, data: { ...e.data, index: indexOf.get(e.data.tid) as number } }
        : e,
    ),
    nodes: graph.nodes.map((n) =>
      isStateNode(n) && n.id === edge.source && n.data.detached.some((d) => indexOf.has(d.tid))
        ? {
            ...n,
            data: {
              ...n.data,
              detached: n.data.detached.map((d) =>
                indexOf.has(d.tid) ? { ...d, index: indexOf.get(d.tid) as number } : d,
              ),
            },
          }
        : n,
    ),
  };
}

/** Why a node may not be deleted, or null. */
export function deletionProblem(graph: DesignerGraph, id: string): LocalizedText | null {
  if (id === START_NODE_ID) return lt('开始节点不能删除', 'The start cannot be deleted');
  const node = findState(graph, id);
  if (!node) return null;
  if (node.type === 'end') {
    const parent = node.parentId ?? '';
    const ends = stateNodes(graph).filter((n) => n.type === 'end' && (n.parentId ?? '') === parent);
    if (ends.length <= 1) {
      return lt('这是唯一的结束节点，不能删除', 'This is the only end; it cannot be deleted');
    }
  }
  return null;
}

/**
 * Deletes nodes (with their inner states) and edges. The start marker, its edge and the last end
 * of a container are protected; the refused ones are reported.
 */
export function deleteElements(
  graph: DesignerGraph,
  nodeIds: readonly string[],
  edgeIds: readonly string[],
): { graph: DesignerGraph; refused: LocalizedText[] } {
  const refused: LocalizedText[] = [];
  const removeNodes = new Set<string>();
  for (const id of nodeIds) {
    const problem = deletionProblem(graph, id);
    if (problem) refused.push(problem);
    else removeNodes.add(id);
  }
  const gone = (id: string) => [...removeNodes].some((r) => id === r || id.startsWith(`${r}.`));
  const removeEdges = new Set(edgeIds.filter((id) => id !== '__initial__'));
  // Deleting one edge of a multi-target transition drops that target only.
  const edges = graph.edges.filter(
    (e) => isTransitionEdge(e) && !removeEdges.has(e.id) && !gone(e.source) && !gone(e.target),
  );
  const survivingTargets = new Map<string, TransitionFlowEdge[]>();
  for (const e of edges as TransitionFlowEdge[]) {
    survivingTargets.set(e.data.tid, [...(survivingTargets.get(e.data.tid) ?? []), e]);
  }
  const renumbered = (edges as TransitionFlowEdge[]).map((e) => {
    const group = survivingTargets.get(e.data.tid) as TransitionFlowEdge[];
    const raw = e.data.transition.target;
    if (!Array.isArray(raw) || group.length === raw.length) return e;
    const kept = group.map((g) => g.data.targetIndex).sort((x, y) => x - y);
    const target = kept.map((i) => raw[i]);
    return {
      ...e,
      data: {
        ...e.data,
        targetIndex: kept.indexOf(e.data.targetIndex),
        transition: { ...e.data.transition, target: target.length === 1 ? target[0] : target },
      },
    };
  });
  let next: DesignerGraph = {
    ...graph,
    nodes: graph.nodes.filter((n) => !gone(n.id)),
    edges: [...graph.edges.filter((e) => e.type === 'initial'), ...renumbered],
  };
  for (const id of removeNodes) {
    const parent = parentKeyOf(id);
    if (initialOf(next, parent) === ownKeyOf(id)) next = setInitial(next, parent, undefined);
  }
  return { graph: normalize(next), refused };
}

/** Renames a state: its subtree's keys, edges, initial references and step references follow. */
export function renameState(graph: DesignerGraph, id: string, newKey: string): DesignerGraph {
  const node = findState(graph, id);
  if (!node || node.data.key === newKey) return graph;
  const parent = parentKeyOf(id);
  const newId = parent ? `${parent}.${newKey}` : newKey;
  const move = (key: string) =>
    key === id ? newId : key.startsWith(`${id}.`) ? newId + key.slice(id.length) : key;
  const fixParams = <T>(value: T): T => {
    if (Array.isArray(value)) return value.map(fixParams) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          k === 'step' && typeof v === 'string' ? move(v) : fixParams(v),
        ]),
      ) as T;
    }
    return value;
  };
  const nodes = graph.nodes.map((n) => {
    if (!isStateNode(n)) return n;
    const nid = move(n.id);
    const body = fixParams(n.data.body);
    return {
      ...n,
      id: nid,
      ...(n.parentId !== undefined ? { parentId: move(n.parentId) } : {}),
      data: {
        ...n.data,
        key: n.id === id ? newKey : n.data.key,
        stateKey: nid,
        body:
          n.id === parent && body.initial === node.data.key ? { ...body, initial: newKey } : body,
        detached: fixParams(n.data.detached),
      },
    };
  });
  const edges = graph.edges.map((e) =>
    isTransitionEdge(e)
      ? { ...e, source: move(e.source), target: move(e.target), data: fixParams(e.data) }
      : e,
  );
  let shell = graph.shell;
  if (!parent && shell.machine.initial === node.data.key) {
    shell = { ...shell, machine: { ...shell.machine, initial: newKey } };
  }
  return normalize({ shell, nodes, edges: edges.filter((e) => e.type !== 'initial') });
}

/** What copy puts on the clipboard: a fragment of the definition. */
export interface Clipboard {
  states: Record<string, StateNodeDefinition>;
  origin: XY;
}

/** Copies the selected states (with their inner states and the transitions among them). */
export function copyStates(graph: DesignerGraph, ids: readonly string[]): Clipboard | null {
  const chosen = ids.filter(
    (id) => id !== START_NODE_ID && !ids.some((o) => o !== id && id.startsWith(`${o}.`)),
  );
  if (chosen.length === 0) return null;
  const inside = (key: string) => chosen.some((c) => key === c || key.startsWith(`${c}.`));
  const positions = absolutePositions(graph);
  const origin = {
    x: Math.min(...chosen.map((c) => positions.get(c)?.x ?? 0)),
    y: Math.min(...chosen.map((c) => positions.get(c)?.y ?? 0)),
  };
  // Re-root the chosen states at the top level, keeping only edges among them.
  const sub: DesignerGraph = {
    shell: graph.shell,
    nodes: graph.nodes
      .filter((n) => isStateNode(n) && inside(n.id))
      .map((n) => {
        const s = n as StateFlowNode;
        const top = chosen.includes(s.id);
        const p = positions.get(s.id) as XY;
        return top
          ? {
              ...s,
              parentId: undefined,
              position: { x: p.x - origin.x, y: p.y - origin.y },
              data: { ...s.data, positionIndex: s.data.positionIndex ?? 2 },
            }
          : s;
      }),
    edges: graph.edges.filter((e) => isTransitionEdge(e) && inside(e.source) && inside(e.target)),
  };
  const prefixes = new Map(chosen.map((c) => [c, ownKeyOf(c)]));
  const rootOf = (key: string) => {
    for (const [c, k] of prefixes) {
      if (key === c) return k;
      if (key.startsWith(`${c}.`)) return k + key.slice(c.length);
    }
    return key;
  };
  const rekeyed: DesignerGraph = {
    ...sub,
    nodes: sub.nodes.map((n) => {
      const s = n as StateFlowNode;
      return {
        ...s,
        id: rootOf(s.id),
        ...(s.parentId !== undefined ? { parentId: rootOf(s.parentId) } : {}),
        data: { ...s.data, stateKey: rootOf(s.id) },
      };
    }),
    edges: sub.edges.map((e) => ({ ...e, source: rootOf(e.source), target: rootOf(e.target) })),
  };
  return { states: graphToDefinition(rekeyed).machine.states, origin };
}

/** Pastes a clipboard fragment at `point` (absolute) in `containerKey`, renaming keys as needed. */
export function pasteStates(
  graph: DesignerGraph,
  clipboard: Clipboard,
  point: XY,
  containerKey = '',
): { graph: DesignerGraph; ids: string[] } {
  const taken = new Set(
    stateNodes(graph)
      .filter((n) => (n.parentId ?? '') === containerKey)
      .map((n) => n.data.key),
  );
  const states: Record<string, StateNodeDefinition> = {};
  const renames = new Map<string, string>();
  for (const [key, state] of Object.entries(clipboard.states)) {
    let fresh = key;
    for (let i = 2; taken.has(fresh); i += 1) fresh = `${key}${i}`;
    taken.add(fresh);
    renames.set(key, fresh);
    states[fresh] = structuredClone(state);
  }
  // Targets among the pasted top-level states use sibling keys: follow the renames.
  const retarget = (config: unknown): unknown => {
    if (typeof config === 'string') return renames.get(config) ?? config;
    if (Array.isArray(config)) return config.map(retarget);
    if (config && typeof config === 'object') {
      const t = config as TransitionObject;
      return t.target === undefined ? t : { ...t, target: retarget(t.target) };
    }
    return config;
  };
  for (const state of Object.values(states)) {
    for (const slot of ['on', 'after'] as const) {
      const record = state[slot];
      if (record) {
        state[slot] = Object.fromEntries(
          Object.entries(record).map(([k, v]) => [k, retarget(v)]),
        ) as typeof record;
      }
    }
    if (state.always) state.always = retarget(state.always) as typeof state.always;
    if (state.onDone) state.onDone = retarget(state.onDone) as typeof state.onDone;
  }
  const at = relativePoint(graph, containerKey, point);
  const parent = containerKey ? findState(graph, containerKey) : undefined;
  const offset = parent?.data.childOffset ?? { x: 0, y: 0 };
  const inserted = insertStates(
    graph,
    containerKey,
    states,
    { x: at.x - offset.x, y: at.y - offset.y },
    true,
  );
  const ids = inserted.ids.filter((id) => parentKeyOf(id) === containerKey);
  return { graph: normalize(inserted.graph), ids };
}

/**
 * Writes final positions after a drag or a layout: rounds them, records them for states that had
 * none, and refits the frames.
 */
export function commitPositions(
  graph: DesignerGraph,
  positions?: ReadonlyMap<string, XY>,
): DesignerGraph {
  const nodes = graph.nodes.map((n) => {
    if (!isStateNode(n)) return n;
    const p = positions?.get(n.id) ?? n.position;
    const x = Math.round(p.x);
    const y = Math.round(p.y);
    const moved = x !== n.position.x || y !== n.position.y;
    const needsIndex = moved && n.data.positionIndex === null && n.data.body.meta !== undefined;
    if (!moved) return n;
    return {
      ...n,
      position: { x, y },
      data: needsIndex
        ? {
            ...n.data,
            positionIndex: Math.max(0, Object.keys(n.data.body.meta ?? {}).indexOf('title') + 1),
          }
        : n.data,
    };
  });
  return normalize({ ...graph, nodes });
}

/**
 * Applies an automatic layout: positions relative to the parent's frame (top-left), with group
 * children offset by the standard padding.
 */
export function applyLayout(
  graph: DesignerGraph,
  positions: ReadonlyMap<string, XY>,
): DesignerGraph {
  const nodes = graph.nodes.map((n) => {
    if (!isStateNode(n) || n.type !== 'group') return n;
    return { ...n, data: { ...n.data, childOffset: { x: GROUP_PADDING.x, y: GROUP_PADDING.top } } };
  });
  return commitPositions({ ...graph, nodes }, positions);
}

/** Edges of the graph that are transitions. */
export function transitionEdges(graph: DesignerGraph): TransitionFlowEdge[] {
  return graph.edges.filter(isTransitionEdge);
}

/** Selects exactly the given nodes and edges (identity kept where nothing changes). */
export function select(
  graph: DesignerGraph,
  nodeIds: readonly string[],
  edgeIds: readonly string[] = [],
): DesignerGraph {
  const nodeSet = new Set(nodeIds);
  const edgeSet = new Set(edgeIds);
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    const selected = nodeSet.has(n.id);
    if ((n.selected ?? false) === selected) return n;
    changed = true;
    return { ...n, selected };
  });
  const edges = graph.edges.map((e) => {
    const selected = edgeSet.has(e.id);
    if ((e.selected ?? false) === selected) return e;
    changed = true;
    return { ...e, selected };
  });
  return changed ? { ...graph, nodes, edges } : graph;
}
