import {
  BaseEdge,
  EdgeLabelRenderer,
  getSmoothStepPath,
  type Edge,
  type EdgeProps,
  type EdgeTypes,
} from '@xyflow/react';
import { memo } from 'react';
import { useI18n } from '../../i18n';
import { describeGuard, describeSlot, pick, type Language } from '../designer-messages';
import type { InitialEdgeData, TransitionEdgeData } from '../graph/graph.types';
import { edgeStatusId, useElementStatus } from './diagram-status';

export type TransitionEdgeType = Edge<TransitionEdgeData, 'transition'>;
export type InitialEdgeType = Edge<InitialEdgeData, 'initial'>;

/** The label of a transition: its own label, else trigger and condition. */
export function transitionLabel(data: TransitionEdgeData, language: Language): string {
  const own = pick(data.transition.meta?.label, language);
  const trigger = describeSlot(data.slot, language);
  const guard = describeGuard(data.transition.guard, language);
  if (own) return data.slot.kind === 'always' ? own : `${trigger} · ${own}`;
  if (guard) return data.slot.kind === 'always' ? guard : `${trigger} · ${guard}`;
  if (data.slot.kind === 'always') return language === 'zh' ? '否则' : 'Otherwise';
  return trigger;
}

function selfLoop(x1: number, y1: number, x2: number, y2: number): [string, number, number] {
  const lift = 70;
  return [
    `M ${x1} ${y1} C ${x1 + 60} ${y1 - lift}, ${x2 - 60} ${y2 - lift}, ${x2} ${y2}`,
    (x1 + x2) / 2,
    Math.min(y1, y2) - lift + 12,
  ];
}

/**
 * A forward edge that skips steps of the same row arcs over them instead of running through
 * them (e.g. a decision's "otherwise" branch straight to the end).
 */
function skipArc(x1: number, y1: number, x2: number, y2: number): [string, number, number] | null {
  const dx = x2 - x1;
  if (dx < 250 || Math.abs(y2 - y1) > 30) return null;
  const lift = Math.min(140, 50 + dx / 10);
  return [
    `M ${x1} ${y1} C ${x1 + 80} ${y1 - lift}, ${x2 - 80} ${y2 - lift}, ${x2} ${y2}`,
    (x1 + x2) / 2,
    (y1 + y2) / 2 - lift * 0.75,
  ];
}

/** A transition: path, arrow and a label with its event and condition. */
export const TransitionEdge = memo(function TransitionEdge(props: EdgeProps<TransitionEdgeType>) {
  const { id, source, target, sourceX, sourceY, targetX, targetY, data, markerEnd, selected } =
    props;
  const { language } = useI18n();
  const status = useElementStatus(edgeStatusId(id));
  const [path, labelX, labelY] =
    source === target
      ? selfLoop(sourceX, sourceY, targetX, targetY)
      : (skipArc(sourceX, sourceY, targetX, targetY) ??
        getSmoothStepPath({
          sourceX,
          sourceY,
          targetX,
          targetY,
          sourcePosition: props.sourcePosition,
          targetPosition: props.targetPosition,
          borderRadius: 10,
        }));
  const label = data ? transitionLabel(data, language) : '';
  const className = [
    'sp-edge',
    selected ? 'is-selected' : '',
    status.active ? 'is-active' : '',
    status.completed ? 'is-completed' : '',
    status.issues ? 'has-issues' : '',
    status.change ? `change-${status.change}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={className} />
      {label && (
        <EdgeLabelRenderer>
          <div
            className={`sp-edge-label ${className}`}
            style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
          >
            {label}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
});

/** The edge from the start marker to the initial state. */
export const InitialEdge = memo(function InitialEdge(props: EdgeProps<InitialEdgeType>) {
  const [path] = getSmoothStepPath({
    sourceX: props.sourceX,
    sourceY: props.sourceY,
    targetX: props.targetX,
    targetY: props.targetY,
    sourcePosition: props.sourcePosition,
    targetPosition: props.targetPosition,
  });
  return (
    <BaseEdge
      id={props.id}
      path={path}
      markerEnd={props.markerEnd}
      className="sp-edge sp-edge--initial"
    />
  );
});

/** Edge components by edge type (module scope). */
export const edgeTypes = {
  transition: TransitionEdge,
  initial: InitialEdge,
} satisfies EdgeTypes;
