import type {
  NodeMeta,
  StateNodeDefinition,
  TransitionConfig,
  TransitionObject,
  WorkflowDefinition,
} from '@shuping/engine';
import {
  isStateNode,
  isTransitionEdge,
  slotId,
  type DesignerGraph,
  type StateFlowNode,
  type TransitionFlowEdge,
  type TransitionRecord,
  type XY,
} from './graph.types.js';
import { buildStateIndex, keepOrWriteTarget, type StateIndex } from './target-resolution.js';

/** Canonical order of keys a state did not have in the document. */
const CANONICAL_ORDER = [
  'id',
  'type',
  'initial',
  'history',
  'target',
  'meta',
  'entry',
  'exit',
  'states',
  'on',
  'always',
  'after',
  'onDone',
  'description',
];

interface Assembled {
  record: TransitionRecord;
  transition: TransitionObject;
}

function sortRecords(records: Assembled[]): Assembled[] {
  return [...records].sort(
    (a, b) => a.record.seq - b.record.seq || a.record.index - b.record.index,
  );
}

/** Rebuilds one slot in the form it was written, or the simplest form for new transitions. */
function slotValue(records: Assembled[]): TransitionConfig {
  const sorted = [...records].sort(
    (a, b) => a.record.index - b.record.index || a.record.seq - b.record.seq,
  );
  const first = sorted[0];
  if (sorted.length === 1 && first.record.form !== 'list') {
    const t = first.transition;
    const onlyTarget = Object.keys(t).length === 1 && typeof t.target === 'string';
    if (first.record.form === 'string' && onlyTarget) return t.target as string;
    return t;
  }
  return sorted.map((a) => a.transition);
}

/** The transition object with its target(s) written for the current graph. */
function assemble(
  index: StateIndex,
  record: TransitionRecord,
  edges: readonly TransitionFlowEdge[],
): TransitionObject {
  if (edges.length === 0) return record.transition;
  const raw = record.transition.target;
  const targets = raw === undefined ? [] : Array.isArray(raw) ? [...raw] : [raw];
  for (const edge of edges) {
    const i = edge.data.targetIndex;
    targets[i] = keepOrWriteTarget(index, edge.source, edge.target, targets[i]);
  }
  const target = Array.isArray(raw) || targets.length > 1 ? targets : targets[0];
  if ('target' in record.transition) {
    // Replace in place to keep the key order as written.
    return Object.fromEntries(
      Object.entries(record.transition).map(([k, v]) => [k, k === 'target' ? target : v]),
    );
  }
  return { target, ...record.transition };
}

function metaWithPosition(
  meta: NodeMeta | undefined,
  positionIndex: number | null,
  position: XY,
): NodeMeta | undefined {
  if (!meta || positionIndex === null) return meta;
  const entries = Object.entries(meta);
  entries.splice(Math.min(positionIndex, entries.length), 0, ['position', position]);
  return Object.fromEntries(entries) as NodeMeta;
}

function orderKeys(
  keyOrder: readonly string[],
  values: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...keyOrder, ...CANONICAL_ORDER, ...Object.keys(values)]) {
    if (key in out || values[key] === undefined) continue;
    out[key] = values[key];
  }
  return out;
}

/**
 * Converts the designer graph back into a definition. Pure; the inverse of `definitionToGraph`.
 *
 * - States are nested by `parentId`, siblings in node order.
 * - `meta.position` is the node position minus the parent group's `childOffset`, written only
 *   for states that had one or were placed in the designer (`positionIndex`).
 * - Transitions are grouped by slot (`on.EVENT`, `always`, `after.DELAY`, `onDone`) in document
 *   order; each edge's target is kept as written when it still reaches the same state, else
 *   written afresh (sibling key, `.child`, or `#id.path`).
 */
export function graphToDefinition(graph: DesignerGraph): WorkflowDefinition {
  const stateNodes = graph.nodes.filter(isStateNode);
  const index = buildStateIndex(
    graph.shell.machine.id,
    stateNodes.map((n) => ({ stateKey: n.id, id: n.data.body.id })),
  );
  const byId = new Map(stateNodes.map((n) => [n.id, n]));
  const children = new Map<string, StateFlowNode[]>();
  for (const node of stateNodes) {
    const parent = node.parentId ?? '';
    const list = children.get(parent);
    if (list) list.push(node);
    else children.set(parent, [node]);
  }
  const edgesByTid = new Map<string, TransitionFlowEdge[]>();
  const tidsBySource = new Map<string, TransitionRecord[]>();
  for (const edge of graph.edges) {
    if (!isTransitionEdge(edge)) continue;
    const existing = edgesByTid.get(edge.data.tid);
    if (existing) {
      existing.push(edge);
      continue;
    }
    edgesByTid.set(edge.data.tid, [edge]);
    const list = tidsBySource.get(edge.source);
    if (list) list.push(edge.data);
    else tidsBySource.set(edge.source, [edge.data]);
  }

  const build = (node: StateFlowNode): StateNodeDefinition => {
    const { data } = node;
    const values: Record<string, unknown> = { ...data.body };
    const parent = node.parentId !== undefined ? byId.get(node.parentId) : undefined;
    const offset = parent?.data.childOffset ?? { x: 0, y: 0 };
    values['meta'] = metaWithPosition(data.body.meta, data.positionIndex, {
      x: node.position.x - offset.x,
      y: node.position.y - offset.y,
    });

    const kids = children.get(node.id) ?? [];
    if (kids.length > 0 || data.emptySlots?.includes('states')) {
      values['states'] = Object.fromEntries(kids.map((k) => [k.data.key, build(k)]));
    }

    const records: Assembled[] = [
      ...data.detached.map((record) => ({ record, transition: record.transition })),
      ...(tidsBySource.get(node.id) ?? []).map((record) => ({
        record,
        transition: assemble(index, record, edgesByTid.get(record.tid) ?? []),
      })),
    ];
    const slots = new Map<string, Assembled[]>();
    for (const a of sortRecords(records)) {
      const id = slotId(a.record.slot);
      const list = slots.get(id);
      if (list) list.push(a);
      else slots.set(id, [a]);
    }
    const on: Record<string, TransitionConfig> = {};
    const after: Record<string, TransitionConfig> = {};
    for (const list of slots.values()) {
      const slot = list[0].record.slot;
      const value = slotValue(list);
      switch (slot.kind) {
        case 'on':
          on[slot.event] = value;
          break;
        case 'after':
          after[slot.delay] = value;
          break;
        case 'always':
          values['always'] = value;
          break;
        case 'onDone':
          values['onDone'] = value;
          break;
      }
    }
    const empty = data.emptySlots ?? [];
    if (Object.keys(on).length > 0 || empty.includes('on')) values['on'] = on;
    if (Object.keys(after).length > 0 || empty.includes('after')) values['after'] = after;
    if (values['always'] === undefined && empty.includes('always')) values['always'] = [];
    if (values['onDone'] === undefined && empty.includes('onDone')) values['onDone'] = [];
    return orderKeys(data.keyOrder, values);
  };

  const states = Object.fromEntries((children.get('') ?? []).map((n) => [n.data.key, build(n)]));
  return {
    ...graph.shell,
    machine: { ...graph.shell.machine, states },
  };
}
