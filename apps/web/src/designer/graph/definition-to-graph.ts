import type {
  StateNodeDefinition,
  StateType,
  TransitionConfig,
  TransitionObject,
  WorkflowDefinition,
} from '@shuping/engine';
import { fitGroups, syncStart } from './graph-layout.js';
import {
  GROUP_PADDING,
  type DesignerEdge,
  type DesignerGraph,
  type DesignerNode,
  type SlotForm,
  type StateBody,
  type StateFlowNode,
  type StateNodeType,
  type TransitionRecord,
  type TransitionSlot,
  type XY,
} from './graph.types.js';
import { buildStateIndex, resolveTargetKey } from './target-resolution.js';

/** Keys of a state object that the graph represents as edges or child nodes. */
export const STRUCTURE_KEYS = ['states', 'on', 'always', 'after', 'onDone'] as const;

/** Horizontal and vertical spacing used for states the document gives no position. */
export const FALLBACK_SPACING = { x: 250, y: 160 } as const;

function stateTypeOf(node: StateNodeDefinition): StateType {
  if (node.type) return node.type;
  return node.states && Object.keys(node.states).length > 0 ? 'compound' : 'atomic';
}

function flowTypeOf(type: StateType, node: StateNodeDefinition): StateNodeType {
  switch (type) {
    case 'final':
      return 'end';
    case 'history':
      return 'history';
    case 'compound':
    case 'parallel':
      return 'group';
    case 'atomic':
      return node.meta?.kind === 'decision' ? 'decision' : 'step';
  }
}

function slotEntries(
  node: StateNodeDefinition,
): { slot: TransitionSlot; config: TransitionConfig }[] {
  const out: { slot: TransitionSlot; config: TransitionConfig }[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'on') {
      for (const [event, config] of Object.entries(node.on ?? {})) {
        out.push({ slot: { kind: 'on', event }, config });
      }
    } else if (key === 'after') {
      for (const [delay, config] of Object.entries(node.after ?? {})) {
        out.push({ slot: { kind: 'after', delay }, config });
      }
    } else if (key === 'always' && node.always !== undefined) {
      out.push({ slot: { kind: 'always' }, config: node.always });
    } else if (key === 'onDone' && node.onDone !== undefined) {
      out.push({ slot: { kind: 'onDone' }, config: node.onDone });
    }
  }
  return out;
}

function recordsOf(node: StateNodeDefinition, nextTid: () => string): TransitionRecord[] {
  const records: TransitionRecord[] = [];
  slotEntries(node).forEach(({ slot, config }, seq) => {
    const form: SlotForm =
      typeof config === 'string' ? 'string' : Array.isArray(config) ? 'list' : 'object';
    const list: TransitionObject[] =
      typeof config === 'string' ? [{ target: config }] : Array.isArray(config) ? config : [config];
    list.forEach((transition, index) => {
      records.push({ tid: nextTid(), slot, index, seq, form, transition });
    });
  });
  return records;
}

function emptySlotsOf(node: StateNodeDefinition): string[] {
  const out: string[] = [];
  for (const key of ['states', 'on', 'after'] as const) {
    const value = node[key];
    if (value !== undefined && Object.keys(value).length === 0) out.push(key);
  }
  for (const key of ['always', 'onDone'] as const) {
    const value = node[key];
    if (Array.isArray(value) && value.length === 0) out.push(key);
  }
  return out;
}

function bodyOf(node: StateNodeDefinition): {
  body: StateBody;
  position: XY | undefined;
  positionIndex: number | null;
} {
  const body: StateBody & Record<string, unknown> = { ...node };
  for (const key of STRUCTURE_KEYS) delete body[key];
  const meta = node.meta;
  if (!meta || !('position' in meta) || meta.position === undefined) {
    return { body, position: undefined, positionIndex: null };
  }
  const positionIndex = Object.keys(meta).indexOf('position');
  const { position, ...rest } = meta;
  return { body: { ...body, meta: rest }, position, positionIndex };
}

interface Pending {
  node: StateFlowNode;
  records: TransitionRecord[];
  metaPosition: XY | undefined;
}

/**
 * Converts a definition into the designer graph. Pure and lossless: `graphToDefinition` of the
 * result deep-equals the input (key order included).
 *
 * - Every state becomes a node whose id is its dotted key (`evaluation.upward.rating`); children
 *   of compound and parallel states are nodes with `parentId` (React Flow sub-flows), placed at
 *   `meta.position` plus the group's `childOffset`.
 * - Every resolvable target of a transition becomes an edge carrying the transition record; a
 *   transition with several targets becomes several edges sharing a `tid`. Transitions without
 *   a resolvable target stay in the source node's `detached` list.
 * - `machine.initial` is drawn as an edge from a start marker node.
 */
export function definitionToGraph(definition: WorkflowDefinition): DesignerGraph {
  const { machine } = definition;
  let tidCounter = 0;
  const nextTid = () => `t${(tidCounter += 1)}`;
  const pending: Pending[] = [];

  const visit = (states: Record<string, StateNodeDefinition>, parentKey: string) => {
    for (const [key, node] of Object.entries(states)) {
      const stateKey = parentKey ? `${parentKey}.${key}` : key;
      const stateType = stateTypeOf(node);
      const { body, position, positionIndex } = bodyOf(node);
      const emptySlots = emptySlotsOf(node);
      const flowNode: StateFlowNode = {
        id: stateKey,
        type: flowTypeOf(stateType, node),
        position: { x: 0, y: 0 },
        data: {
          key,
          stateKey,
          stateType,
          body,
          keyOrder: Object.keys(node),
          positionIndex,
          detached: [],
          ...(emptySlots.length > 0 ? { emptySlots } : {}),
        },
        ...(parentKey
          ? { parentId: parentKey, extent: 'parent' as const, expandParent: true }
          : {}),
      };
      pending.push({ node: flowNode, records: recordsOf(node, nextTid), metaPosition: position });
      if (node.states) visit(node.states, stateKey);
    }
  };
  visit(machine.states, '');

  placeNodes(pending);

  const index = buildStateIndex(
    machine.id,
    pending.map((p) => ({ stateKey: p.node.id, id: p.node.data.body.id })),
  );
  const edges: DesignerEdge[] = [];
  for (const p of pending) {
    const detached: TransitionRecord[] = [];
    for (const record of p.records) {
      const target = record.transition.target;
      const targets = target === undefined ? [] : Array.isArray(target) ? target : [target];
      const resolved = targets.map((t) => resolveTargetKey(index, p.node.id, t));
      if (targets.length === 0 || resolved.some((r) => r === null)) {
        // Kept verbatim; the validator reports the unknown target on the node.
        detached.push(record);
        continue;
      }
      resolved.forEach((targetKey, targetIndex) => {
        edges.push({
          id: targets.length > 1 ? `${record.tid}.${targetIndex}` : record.tid,
          type: 'transition',
          source: p.node.id,
          target: targetKey as string,
          data: { ...record, targetIndex },
        });
      });
    }
    if (detached.length > 0) p.node.data.detached = detached;
  }

  const shell = {
    ...definition,
    machine: { ...machine, states: {} as Record<string, never> },
  };
  const nodes: DesignerNode[] = fitGroups(pending.map((p) => p.node));
  return syncStart({ shell, nodes, edges });
}

/**
 * Canvas positions: `meta.position` (children offset by their group's `childOffset`, chosen so
 * the frame hugs its content), and a simple row for states without a position.
 */
function placeNodes(pending: readonly Pending[]): void {
  const byParent = new Map<string, Pending[]>();
  for (const p of pending) {
    const parent = p.node.parentId ?? '';
    byParent.set(parent, [...(byParent.get(parent) ?? []), p]);
  }
  const groupOffset = new Map<string, XY>();
  for (const p of pending) {
    if (p.node.type !== 'group') continue;
    const children = byParent.get(p.node.id) ?? [];
    const placed = children.flatMap((c) => (c.metaPosition ? [c.metaPosition] : []));
    const minX = placed.length > 0 ? Math.min(...placed.map((q) => q.x)) : 0;
    const minY = placed.length > 0 ? Math.min(...placed.map((q) => q.y)) : 0;
    const offset = { x: GROUP_PADDING.x - minX, y: GROUP_PADDING.top - minY };
    groupOffset.set(p.node.id, offset);
    p.node.data.childOffset = offset;
  }
  for (const [parent, children] of byParent) {
    const offset = groupOffset.get(parent) ?? { x: 0, y: 0 };
    const placed = children.flatMap((c) => (c.metaPosition ? [c.metaPosition] : []));
    const freeY = placed.length > 0 ? Math.max(...placed.map((q) => q.y)) + FALLBACK_SPACING.y : 0;
    let column = 0;
    for (const c of children) {
      const meta = c.metaPosition ?? {
        x: (column += 1) * FALLBACK_SPACING.x - FALLBACK_SPACING.x,
        y: freeY,
      };
      c.node.position = { x: meta.x + offset.x, y: meta.y + offset.y };
    }
  }
}
