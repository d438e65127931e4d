import type { LocalizedText, ValidationIssue } from '@shuping/engine';
import { stepMetaProblems } from '../forms/form-rules';
import { stateNodes, transitionsOf } from './graph-operations';
import { slotId, type DesignerGraph, type TransitionRecord } from './graph.types';

/** A problem shown in the issues panel: from the engine's validator or the designer's own rules. */
export interface DesignerIssue {
  /** JSON pointer into the definition. */
  readonly path: string;
  readonly code: string;
  readonly message: LocalizedText;
  /** Dotted key of the state concerned (marks the node). */
  readonly state?: string;
  /** Transition concerned (selects the edge). */
  readonly tid?: string;
  readonly origin: 'engine' | 'designer';
}

/** Codes of the designer's own rules (the engine's are `ValidationCode`s). */
export const DesignerCode = {
  BranchWithoutCondition: 'BRANCH_WITHOUT_CONDITION',
  ShadowedTransition: 'SHADOWED_TRANSITION',
  FieldRule: 'FIELD_RULE',
} as const;

const lt = (zh: string, en: string): LocalizedText => ({ zh, en });

/** JSON pointer of a state from its dotted key. */
export function statePointer(stateKey: string): string {
  return `/machine${stateKey
    .split('.')
    .map((k) => `/states/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`)
    .join('')}`;
}

function slotPointer(record: TransitionRecord): string {
  switch (record.slot.kind) {
    case 'on':
      return `/on/${record.slot.event}`;
    case 'after':
      return `/after/${record.slot.delay}`;
    case 'always':
    case 'onDone':
      return `/${record.slot.kind}`;
  }
}

/**
 * Rules the engine does not enforce but a county designer should: every branch of a decision
 * but the last ("otherwise") has a condition; no transition hides behind an unconditional one
 * of the same event; and the panel's field rules (deadlines, reminders, rating settings...).
 */
export function designerIssues(graph: DesignerGraph): DesignerIssue[] {
  const out: DesignerIssue[] = [];
  for (const node of stateNodes(graph)) {
    const base = statePointer(node.id);
    const meta = node.data.body.meta;
    if (meta && meta.kind !== 'group') {
      for (const p of stepMetaProblems(meta)) {
        out.push({
          path: `${base}/meta${p.field}`,
          code: DesignerCode.FieldRule,
          message: p.message,
          state: node.id,
          origin: 'designer',
        });
      }
    }
    const slots = new Map<string, TransitionRecord[]>();
    for (const r of transitionsOf(graph, node.id)) {
      slots.set(slotId(r.slot), [...(slots.get(slotId(r.slot)) ?? []), r]);
    }
    for (const list of slots.values()) {
      const sorted = [...list].sort((a, b) => a.index - b.index);
      const decision = meta?.kind === 'decision' && sorted[0]?.slot.kind === 'always';
      sorted.forEach((r, i) => {
        const at = `${base}${slotPointer(r)}${sorted.length > 1 ? `/${i}` : ''}`;
        const last = i === sorted.length - 1;
        if (decision && !last && r.transition.guard === undefined) {
          out.push({
            path: at,
            code: DesignerCode.BranchWithoutCondition,
            message: lt(
              '判断的每个分支都需要条件（只有最后一个分支可作为“否则”）',
              'Every branch of a decision needs a condition (only the last may be "otherwise")',
            ),
            state: node.id,
            tid: r.tid,
            origin: 'designer',
          });
        } else if (i > 0 && sorted.slice(0, i).some((p) => p.transition.guard === undefined)) {
          out.push({
            path: at,
            code: DesignerCode.ShadowedTransition,
            message: lt(
              '前面已有无条件的同名转移，此连线永远不会执行',
              'An unconditional transition of the same event comes first: this one never runs',
            ),
            state: node.id,
            tid: r.tid,
            origin: 'designer',
          });
        }
      });
    }
  }
  return out;
}

/** JSON pointers of the transitions of a graph, as `graphToDefinition` writes them. */
export function transitionPointers(graph: DesignerGraph): Map<string, string> {
  const out = new Map<string, string>();
  for (const node of stateNodes(graph)) {
    const slots = new Map<string, TransitionRecord[]>();
    for (const r of transitionsOf(graph, node.id)) {
      slots.set(slotId(r.slot), [...(slots.get(slotId(r.slot)) ?? []), r]);
    }
    for (const list of slots.values()) {
      const sorted = [...list].sort((a, b) => a.index - b.index || a.seq - b.seq);
      sorted.forEach((r, i) => {
        const inList = sorted.length > 1 || r.form === 'list';
        out.set(r.tid, `${statePointer(node.id)}${slotPointer(r)}${inList ? `/${i}` : ''}`);
      });
    }
  }
  return out;
}

/**
 * Engine issues in the designer's shape; an issue inside a transition (its guard, its target,
 * its actions) is tied to that transition, so that the edge is marked and can be selected.
 */
export function fromEngine(
  issues: readonly ValidationIssue[],
  graph?: DesignerGraph,
): DesignerIssue[] {
  const pointers = graph ? [...transitionPointers(graph)] : [];
  return issues.map((i) => {
    const tid = pointers.find(([, p]) => i.path === p || i.path.startsWith(`${p}/`))?.[0];
    return {
      path: i.path,
      code: i.code,
      message: i.message,
      ...(i.state !== undefined ? { state: i.state } : {}),
      ...(tid !== undefined ? { tid } : {}),
      origin: 'engine' as const,
    };
  });
}
