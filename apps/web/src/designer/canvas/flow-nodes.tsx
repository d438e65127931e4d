import { ClockCircleOutlined, PlayCircleFilled, UserOutlined } from '@ant-design/icons';
import { stepKindCatalogue, type LocalizedText } from '@shuping/engine';
import { Handle, Position, type Node, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo } from 'react';
import { useI18n } from '../../i18n';
import {
  describeAssignee,
  describeDuration,
  nodeTypeLabels,
  pick,
  ui,
  type Language,
} from '../designer-messages';
import type { StartNodeData, StateNodeData } from '../graph/graph.types';
import { useElementStatus, type ElementStatus } from './diagram-status';
import { KIND_COLORS, KIND_ICONS } from './step-kind-visuals';

export type StepFlowNode = Node<StateNodeData, 'step'>;
export type DecisionFlowNode = Node<StateNodeData, 'decision'>;
export type EndFlowNode = Node<StateNodeData, 'end'>;
export type HistoryFlowNode = Node<StateNodeData, 'history'>;
export type GroupFlowNode = Node<StateNodeData, 'group'>;
export type StartFlowNode = Node<StartNodeData, 'start'>;

function statusClasses(status: ElementStatus, selected: boolean): string {
  return [
    selected ? 'is-selected' : '',
    status.issues ? 'has-issues' : '',
    status.active ? 'is-active' : '',
    status.completed ? 'is-completed' : '',
    status.change ? `change-${status.change}` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function IssueBadge({ count, language }: { count: number | undefined; language: Language }) {
  if (!count) return null;
  return (
    <span className="sp-badge" title={language === 'zh' ? `${count}个问题` : `${count} problems`}>
      {count}
    </span>
  );
}

function groupTitles(data: StateNodeData): Map<string, LocalizedText> | undefined {
  const meta = data.body.meta;
  if (meta?.kind !== 'rating') return undefined;
  return new Map((meta.form?.raterGroups ?? []).map((g) => [g.key, g.title]));
}

/** A step (any kind but decision and end): kind, title, assignee and deadline. */
function StepNodeView({ id, data, selected, type }: NodeProps<StepFlowNode | DecisionFlowNode>) {
  const { language } = useI18n();
  const status = useElementStatus(id);
  const meta = data.body.meta;
  const kind = meta && meta.kind !== 'group' ? meta.kind : undefined;
  const Icon = kind ? KIND_ICONS[kind] : undefined;
  const assignee = meta && meta.kind !== 'group' ? meta.assignee : undefined;
  const deadline = meta && meta.kind !== 'group' ? meta.deadline : undefined;
  return (
    <div
      className={`sp-node sp-node--${type} ${statusClasses(status, selected)}`}
      style={{ ['--sp-accent' as string]: kind ? KIND_COLORS[kind] : '#8c8c8c' }}
    >
      <Handle type="target" position={Position.Left} />
      <div className="sp-node__head">
        {Icon && <Icon />}
        <span className="sp-node__kind">
          {kind ? pick(stepKindCatalogue[kind].label, language) : '—'}
        </span>
        {status.initial && <span className="sp-node__initial">{pick(ui.isInitial, language)}</span>}
        <IssueBadge count={status.issues} language={language} />
      </div>
      <div className="sp-node__title">{pick(meta?.title, language) || data.key}</div>
      {(assignee || deadline) && (
        <div className="sp-node__meta">
          {assignee && (
            <span className="sp-node__assignee">
              <UserOutlined /> {describeAssignee(assignee, language, groupTitles(data))}
            </span>
          )}
          {deadline && (
            <span className="sp-node__deadline">
              <ClockCircleOutlined /> {describeDuration(deadline, language)}
            </span>
          )}
        </div>
      )}
      <Handle type="source" position={Position.Right} />
    </div>
  );
}

export const StepNode = memo(StepNodeView);

/** A final state. */
export const EndNode = memo(function EndNode({ id, data, selected }: NodeProps<EndFlowNode>) {
  const { language } = useI18n();
  const status = useElementStatus(id);
  return (
    <div className={`sp-node sp-node--end ${statusClasses(status, selected)}`}>
      <Handle type="target" position={Position.Left} />
      <span className="sp-node__end-title">
        {pick(data.body.meta?.title, language) || pick(nodeTypeLabels.end, language)}
      </span>
      <IssueBadge count={status.issues} language={language} />
    </div>
  );
});

/** A history state (rare; drawn as a small circle). */
export const HistoryNode = memo(function HistoryNode({ id, selected }: NodeProps<HistoryFlowNode>) {
  const status = useElementStatus(id);
  return (
    <div className={`sp-node sp-node--history ${statusClasses(status, selected)}`}>
      <Handle type="target" position={Position.Left} />H
    </div>
  );
});

/** A compound or parallel state: a frame around its steps. */
export const GroupNode = memo(function GroupNode({ id, data, selected }: NodeProps<GroupFlowNode>) {
  const { language } = useI18n();
  const status = useElementStatus(id);
  const parallel = data.stateType === 'parallel';
  const Icon = KIND_ICONS[parallel ? 'parallel' : 'compound'];
  return (
    <div
      className={`sp-group ${parallel ? 'sp-group--parallel' : ''} ${statusClasses(status, selected)}`}
    >
      <Handle type="target" position={Position.Left} />
      <div className="sp-group__head">
        <Icon />
        <span className="sp-group__type">
          {pick(parallel ? nodeTypeLabels.parallel : nodeTypeLabels.compound, language)}
        </span>
        <span className="sp-group__title">{pick(data.body.meta?.title, language) || data.key}</span>
        {status.initial && <span className="sp-node__initial">{pick(ui.isInitial, language)}</span>}
        <IssueBadge count={status.issues} language={language} />
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

/** The start marker: its edge is `machine.initial`. */
export const StartNode = memo(function StartNode({ selected }: NodeProps<StartFlowNode>) {
  const { language } = useI18n();
  return (
    <div
      className={`sp-start ${selected ? 'is-selected' : ''}`}
      title={pick(nodeTypeLabels.start, language)}
    >
      <PlayCircleFilled />
      <Handle type="source" position={Position.Right} />
    </div>
  );
});

/** Node components by node type (module scope: React Flow wants a stable object). */
export const nodeTypes = {
  step: StepNode,
  decision: StepNode,
  end: EndNode,
  history: HistoryNode,
  group: GroupNode,
  start: StartNode,
} satisfies NodeTypes;
