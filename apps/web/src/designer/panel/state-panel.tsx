import { PlusOutlined } from '@ant-design/icons';
import {
  catalogue,
  isHumanKind,
  stepKindCatalogue,
  type Escalation,
  type NodeMeta,
  type StepMeta,
} from '@shuping/engine';
import { Button, Collapse, Select, Space, Switch, Tag, Typography } from 'antd';
import { useId, useMemo, useState, type ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { KIND_ICONS } from '../canvas/step-kind-visuals';
import { transitionLabel } from '../canvas/flow-edges';
import { describeSlot, nodeTypeLabels, pick, ui, type Language } from '../designer-messages';
import { stateKeyProblem, stepMetaProblems, type FieldProblem } from '../forms/form-rules';
import { connectionProblem, stateNodes, transitionsOf } from '../graph/graph-operations';
import {
  isTransitionEdge,
  parentKeyOf,
  type DesignerGraph,
  type StateBody,
  type StateFlowNode,
} from '../graph/graph.types';
import { ActionsEditor } from './actions-editor';
import { AssigneeInput, CommitInput, DurationInput, Field, LocalizedTextInput } from './fields';
import { SchemaForm } from './schema-form';

export interface StatePanelActions {
  setBody: (id: string, body: StateBody) => void;
  rename: (id: string, key: string) => void;
  setInitial: (containerKey: string, key: string) => void;
  connect: (source: string, target: string) => void;
  selectEdge: (edgeId: string) => void;
}

function titleOf(node: StateFlowNode, language: Language): string {
  return pick(node.data.body.meta?.title, language) || node.data.key;
}

/** Removes undefined fields so the document stays as short as the user made it. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function Section({ children }: { children: ReactNode }) {
  return <div className="sp-section">{children}</div>;
}

/** Side panel of a state: basics, assignee and deadline ladder, the kind's form, actions, transitions. */
export function StatePanel({
  node,
  graph,
  editable,
  actions,
}: {
  node: StateFlowNode;
  graph: DesignerGraph;
  editable: boolean;
  actions: StatePanelActions;
}) {
  const { language } = useI18n();
  const ids = {
    key: useId(),
    assignee: useId(),
    deadline: useId(),
    grace: useId(),
    initial: useId(),
  };
  const { body } = node.data;
  const meta = body.meta;
  const step: StepMeta | undefined = meta && meta.kind !== 'group' ? meta : undefined;
  const human = step !== undefined && isHumanKind(step.kind) && node.data.stateType === 'atomic';
  const problems: FieldProblem[] = useMemo(() => (step ? stepMetaProblems(step) : []), [step]);
  const problem = (field: string) => problems.find((p) => p.field === field)?.message[language];
  const disabled = !editable;

  const setMeta = (patch: Partial<Record<string, unknown>>) => {
    const next = compact({ ...(meta ?? {}), ...patch }) as NodeMeta;
    actions.setBody(node.id, { ...body, meta: next });
  };
  const setEscalation = (patch: Partial<Escalation>) => {
    const next = compact({ ...(step?.escalation ?? {}), ...patch });
    setMeta({ escalation: Object.keys(next).length > 0 ? next : undefined });
  };

  const siblings = stateNodes(graph).filter(
    (n) => (n.parentId ?? '') === (node.parentId ?? '') && n.id !== node.id,
  );
  const keyProblem = (key: string) =>
    stateKeyProblem(
      key,
      siblings.map((s) => s.data.key),
    );
  const container = parentKeyOf(node.id);
  const containerInitial =
    container === ''
      ? graph.shell.machine.initial
      : stateNodes(graph).find((n) => n.id === container)?.data.body.initial;
  const parentIsParallel =
    container !== '' &&
    stateNodes(graph).find((n) => n.id === container)?.data.stateType === 'parallel';

  const kind = meta?.kind;
  const KindIcon =
    kind && kind !== 'group'
      ? KIND_ICONS[kind]
      : node.data.stateType === 'parallel'
        ? KIND_ICONS.parallel
        : KIND_ICONS.compound;
  const kindLabel =
    kind && kind !== 'group'
      ? pick(stepKindCatalogue[kind].label, language)
      : node.type === 'group'
        ? pick(
            node.data.stateType === 'parallel' ? nodeTypeLabels.parallel : nodeTypeLabels.compound,
            language,
          )
        : pick(nodeTypeLabels.history, language);
  const formSchema = step
    ? catalogue.stepKinds.find((k) => k.kind === step.kind)?.formSchema
    : undefined;
  const raterGroups = step?.kind === 'rating' ? (step.form?.raterGroups ?? []) : [];

  const outgoing = transitionsOf(graph, node.id);
  const edgesByTid = new Map(
    graph.edges
      .filter(isTransitionEdge)
      .filter((e) => e.source === node.id)
      .map((e) => [e.data.tid, e]),
  );
  // The allowed targets are worked out only while the picker is open (large graphs stay fast).
  const [pickingTarget, setPickingTarget] = useState(false);
  const targets = pickingTarget
    ? stateNodes(graph).filter(
        (n) => connectionProblem(graph, { source: node.id, target: n.id }) === null,
      )
    : [];
  const children = stateNodes(graph).filter((n) => n.parentId === node.id);

  const basics = (
    <Section>
      <Space wrap>
        <Tag icon={<KindIcon />} color="red">
          {kindLabel}
        </Tag>
        {containerInitial === node.data.key && (
          <Tag color="green">{pick(ui.isInitial, language)}</Tag>
        )}
      </Space>
      <Field
        label={pick(ui.stepKey, language)}
        htmlFor={ids.key}
        hint={language === 'zh' ? `完整路径：${node.id}` : `Full path: ${node.id}`}
      >
        <CommitInput
          id={ids.key}
          value={node.data.key}
          disabled={disabled}
          validate={(key) => {
            const problem = keyProblem(key);
            return problem ? pick(problem, language) : null;
          }}
          onCommit={(key) => {
            if (key) actions.rename(node.id, key);
          }}
        />
      </Field>
      {meta && (
        <>
          <Field label={pick(ui.name, language)} error={problem('/title')}>
            <LocalizedTextInput
              value={meta.title}
              label={pick(ui.name, language)}
              disabled={disabled}
              onChange={(title) => setMeta({ title: title ?? { zh: '', en: '' } })}
            />
          </Field>
          <Field label={pick(ui.description, language)}>
            <LocalizedTextInput
              value={meta.description}
              label={pick(ui.description, language)}
              multiline
              disabled={disabled}
              onChange={(description) => setMeta({ description })}
            />
          </Field>
        </>
      )}
      {editable &&
        node.type !== 'end' &&
        containerInitial !== node.data.key &&
        !parentIsParallel && (
          <Button size="small" onClick={() => actions.setInitial(container, node.data.key)}>
            {pick(ui.setInitial, language)}
          </Button>
        )}
      {node.type === 'group' && node.data.stateType === 'compound' && (
        <Field label={pick(ui.initialChild, language)} htmlFor={ids.initial}>
          <Select
            id={ids.initial}
            aria-label={pick(ui.initialChild, language)}
            disabled={disabled}
            value={body.initial}
            onChange={(key: string) => actions.setInitial(node.id, key)}
            options={children.map((c) => ({ value: c.data.key, label: titleOf(c, language) }))}
            style={{ width: '100%' }}
          />
        </Field>
      )}
      {node.type === 'group' && node.data.stateType === 'parallel' && (
        <Typography.Paragraph type="secondary">
          {pick(ui.regionsHint, language)}
        </Typography.Paragraph>
      )}
    </Section>
  );

  const duty = human && step && (
    <Section>
      <Field label={pick(ui.assignee, language)} htmlFor={ids.assignee}>
        <AssigneeInput
          id={ids.assignee}
          label={pick(ui.assignee, language)}
          value={step.assignee}
          groupOptions={raterGroups}
          disabled={disabled}
          onChange={(assignee) => setMeta({ assignee })}
        />
        {problems
          .filter((p) => p.field.startsWith('/assignee'))
          .map((p) => (
            <div key={p.field} className="sp-field__error" role="alert">
              {p.message[language]}
            </div>
          ))}
      </Field>
      <Field label={pick(ui.deadline, language)} htmlFor={ids.deadline}>
        <DurationInput
          id={ids.deadline}
          label={pick(ui.deadline, language)}
          value={step.deadline}
          disabled={disabled}
          onChange={(deadline) => setMeta({ deadline })}
        />
      </Field>
      <Field label={pick(ui.reminders, language)} error={problem('/reminders')}>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {(step.reminders ?? []).map((r, i) => (
            <div key={i}>
              <DurationInput
                label={`${pick(ui.reminders, language)} ${i + 1}`}
                value={r}
                disabled={disabled}
                onChange={(value) => {
                  const list = [...(step.reminders ?? [])];
                  if (value === undefined) list.splice(i, 1);
                  else list[i] = value;
                  setMeta({ reminders: list.length > 0 ? list : undefined });
                }}
              />
              {problem(`/reminders/${i}`) && (
                <div className="sp-field__error">{problem(`/reminders/${i}`)}</div>
              )}
            </div>
          ))}
          {editable && (step.reminders ?? []).length < 5 && (
            <Button
              size="small"
              icon={<PlusOutlined />}
              onClick={() => setMeta({ reminders: [...(step.reminders ?? []), 'PT24H'] })}
            >
              {pick(ui.addReminder, language)}
            </Button>
          )}
        </Space>
      </Field>
      {step.deadline && (
        <fieldset className="sp-subform">
          <legend>{pick(ui.escalation, language)}</legend>
          <Field label={pick(ui.escalateTo, language)}>
            <AssigneeInput
              label={pick(ui.escalateTo, language)}
              value={step.escalation?.escalateTo}
              disabled={disabled}
              onChange={(escalateTo) => setEscalation({ escalateTo })}
            />
          </Field>
          <Field label={pick(ui.grace, language)} htmlFor={ids.grace}>
            <DurationInput
              id={ids.grace}
              label={pick(ui.grace, language)}
              value={step.escalation?.grace}
              disabled={disabled}
              onChange={(grace) => setEscalation({ grace })}
            />
          </Field>
          <Field label={pick(ui.notifyAfterGrace, language)}>
            <AssigneeInput
              label={pick(ui.notifyAfterGrace, language)}
              value={step.escalation?.notifyAfterGrace}
              disabled={disabled}
              onChange={(notifyAfterGrace) => setEscalation({ notifyAfterGrace })}
            />
          </Field>
          <Field label={pick(ui.autoAdvance, language)}>
            <Space wrap>
              <Switch
                aria-label={pick(ui.autoAdvance, language)}
                disabled={disabled}
                checked={step.escalation?.autoAdvance !== undefined}
                onChange={(on) =>
                  setEscalation({
                    autoAdvance: on ? { at: 'deadline', event: 'TIMEOUT' } : undefined,
                  })
                }
              />
              {step.escalation?.autoAdvance && (
                <Select
                  aria-label={pick(ui.autoAdvanceAt, language)}
                  disabled={disabled}
                  value={step.escalation.autoAdvance.at}
                  onChange={(at: 'deadline' | 'grace') =>
                    setEscalation({ autoAdvance: { ...step.escalation?.autoAdvance, at } })
                  }
                  options={[
                    { value: 'deadline', label: pick(ui.atDeadline, language) },
                    { value: 'grace', label: pick(ui.atGrace, language) },
                  ]}
                />
              )}
            </Space>
          </Field>
        </fieldset>
      )}
    </Section>
  );

  const form = step && formSchema && Object.keys(formSchema['properties'] ?? {}).length > 0 && (
    <Section>
      <SchemaForm
        schema={formSchema}
        value={step.form}
        pointer="/form"
        problems={problems}
        disabled={disabled}
        groupOptions={raterGroups}
        onChange={(f) => setMeta({ form: f })}
      />
    </Section>
  );

  const nodeActions = node.data.stateType !== 'final' && node.data.stateType !== 'history' && (
    <Section>
      <Field label={pick(ui.entryActions, language)}>
        <ActionsEditor
          value={body.entry}
          position="entry"
          label={pick(ui.entryActions, language)}
          disabled={disabled}
          onChange={(entry) => actions.setBody(node.id, compact({ ...body, entry }))}
        />
      </Field>
      <Field label={pick(ui.exitActions, language)}>
        <ActionsEditor
          value={body.exit}
          position="exit"
          label={pick(ui.exitActions, language)}
          disabled={disabled}
          onChange={(exit) => actions.setBody(node.id, compact({ ...body, exit }))}
        />
      </Field>
    </Section>
  );

  const transitions = node.data.stateType !== 'final' && node.data.stateType !== 'history' && (
    <Section>
      <ul className="sp-transitions">
        {outgoing.map((r) => {
          const edge = edgesByTid.get(r.tid);
          const target = edge ? stateNodes(graph).find((n) => n.id === edge.target) : undefined;
          return (
            <li key={r.tid}>
              {edge ? (
                <Button type="link" size="small" onClick={() => actions.selectEdge(edge.id)}>
                  {transitionLabel({ ...r, targetIndex: 0 }, language)} →{' '}
                  {target ? titleOf(target, language) : edge.target}
                </Button>
              ) : (
                <span className="sp-transitions__detached">
                  {describeSlot(r.slot, language)}（{pick(ui.detached, language)}）
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {editable && (
        <Field label={pick(ui.connectTo, language)} hint={pick(ui.connectHint, language)}>
          <Select
            aria-label={pick(ui.connectTo, language)}
            showSearch={{ optionFilterProp: 'label' }}
            value={null}
            open={pickingTarget}
            onOpenChange={setPickingTarget}
            placeholder={pick(ui.connectTo, language)}
            onChange={(target: string) => actions.connect(node.id, target)}
            options={targets.map((t) => ({
              value: t.id,
              label: `${titleOf(t, language)}（${t.id}）`,
            }))}
            style={{ width: '100%' }}
          />
        </Field>
      )}
    </Section>
  );

  const items = [
    { key: 'basics', label: pick(ui.basics, language), children: basics },
    ...(duty
      ? [
          {
            key: 'duty',
            label: `${pick(ui.assignee, language)} / ${pick(ui.deadline, language)}`,
            children: duty,
          },
        ]
      : []),
    ...(form ? [{ key: 'form', label: pick(ui.settings, language), children: form }] : []),
    ...(transitions
      ? [{ key: 'transitions', label: pick(ui.outgoing, language), children: transitions }]
      : []),
    ...(nodeActions
      ? [{ key: 'actions', label: pick(ui.entryActions, language), children: nodeActions }]
      : []),
  ];
  return (
    <Collapse
      key={node.id}
      size="small"
      defaultActiveKey={['basics', 'duty', 'form', 'transitions']}
      items={items}
    />
  );
}
