import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import {
  DELAY_TYPES,
  catalogue,
  delayInfo,
  type GuardRef,
  type GuardType,
  type TransitionObject,
} from '@shuping/engine';
import { Button, Select, Space, Switch, Typography } from 'antd';
import { useId } from 'react';
import { useI18n } from '../../i18n';
import { eventLabels, pick, ui, type Language } from '../designer-messages';
import { eventNameProblem } from '../forms/form-rules';
import { defaultValue } from '../forms/schema-model';
import { findState, transitionsOf } from '../graph/graph-operations';
import {
  slotId,
  type DesignerGraph,
  type TransitionFlowEdge,
  type TransitionSlot,
} from '../graph/graph.types';
import { ActionsEditor } from './actions-editor';
import { CommitInput, DurationInput, Field, LocalizedTextInput } from './fields';
import { SchemaForm } from './schema-form';

export interface TransitionPanelActions {
  update: (tid: string, patch: { slot?: TransitionSlot; transition?: TransitionObject }) => void;
  move: (tid: string, delta: -1 | 1) => void;
  remove: (edgeId: string) => void;
  selectNode: (id: string) => void;
}

const KNOWN_EVENTS = ['SUBMIT', 'TIMEOUT', 'OBJECT'];

type TriggerChoice = 'SUBMIT' | 'TIMEOUT' | 'OBJECT' | 'custom' | 'always' | 'after' | 'onDone';

function choiceOf(slot: TransitionSlot): TriggerChoice {
  if (slot.kind === 'on')
    return KNOWN_EVENTS.includes(slot.event) ? (slot.event as TriggerChoice) : 'custom';
  return slot.kind;
}

function triggerOptions(language: Language, group: boolean) {
  return [
    ...KNOWN_EVENTS.map((e) => ({ value: e, label: `${pick(eventLabels[e], language)}（${e}）` })),
    { value: 'custom', label: language === 'zh' ? '其他事件…' : 'Other event…' },
    { value: 'always', label: language === 'zh' ? '自动（立即判断）' : 'Always (decide at once)' },
    { value: 'after', label: language === 'zh' ? '延时后' : 'After a delay' },
    ...(group ? [{ value: 'onDone', label: language === 'zh' ? '全部完成后' : 'When done' }] : []),
  ];
}

/** Side panel of a transition: trigger, condition from the guard catalogue, label, actions, order. */
export function TransitionPanel({
  edge,
  graph,
  editable,
  actions,
}: {
  edge: TransitionFlowEdge;
  graph: DesignerGraph;
  editable: boolean;
  actions: TransitionPanelActions;
}) {
  const { language } = useI18n();
  const ids = { trigger: useId(), event: useId(), delay: useId(), guard: useId() };
  const { data } = edge;
  const { transition, slot } = data;
  const source = findState(graph, edge.source);
  const target = findState(graph, edge.target);
  const disabled = !editable;
  const setTransition = (patch: Partial<TransitionObject>) => {
    const next: Record<string, unknown> = { ...transition, ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    actions.update(data.tid, { transition: next });
  };
  const sameSlot = transitionsOf(graph, edge.source)
    .filter((r) => slotId(r.slot) === slotId(slot))
    .sort((a, b) => a.index - b.index);
  const position = sameSlot.findIndex((r) => r.tid === data.tid);
  const guard = transition.guard;
  const guardEntry = guard ? catalogue.guards.find((g) => g.type === guard.type) : undefined;
  const choice = choiceOf(slot);
  const eventProblem = slot.kind === 'on' ? eventNameProblem(slot.event) : null;

  const setChoice = (next: TriggerChoice) => {
    const slotFor: Record<TriggerChoice, TransitionSlot> = {
      SUBMIT: { kind: 'on', event: 'SUBMIT' },
      TIMEOUT: { kind: 'on', event: 'TIMEOUT' },
      OBJECT: { kind: 'on', event: 'OBJECT' },
      custom: {
        kind: 'on',
        event: slot.kind === 'on' && choice === 'custom' ? slot.event : 'REVIEW',
      },
      always: { kind: 'always' },
      after: {
        kind: 'after',
        delay: source?.data.body.meta?.kind === 'publicity' ? 'publicityPeriod' : 'P1D',
      },
      onDone: { kind: 'onDone' },
    };
    actions.update(data.tid, { slot: slotFor[next] });
  };

  return (
    <div className="sp-section">
      <Typography.Paragraph>
        <Button type="link" size="small" onClick={() => source && actions.selectNode(source.id)}>
          {pick(source?.data.body.meta?.title, language) || edge.source}
        </Button>
        →
        <Button type="link" size="small" onClick={() => target && actions.selectNode(target.id)}>
          {pick(target?.data.body.meta?.title, language) || edge.target}
        </Button>
      </Typography.Paragraph>
      <Field label={pick(ui.trigger, language)} htmlFor={ids.trigger}>
        <Select<TriggerChoice>
          id={ids.trigger}
          aria-label={pick(ui.trigger, language)}
          disabled={disabled}
          value={choice}
          onChange={setChoice}
          options={triggerOptions(language, source?.type === 'group')}
          style={{ width: '100%' }}
        />
      </Field>
      {choice === 'custom' && slot.kind === 'on' && (
        <Field
          label={pick(ui.event, language)}
          htmlFor={ids.event}
          error={eventProblem ? pick(eventProblem, language) : null}
        >
          <CommitInput
            id={ids.event}
            value={slot.event}
            disabled={disabled}
            validate={(event) => {
              const problem = eventNameProblem(event);
              return problem ? pick(problem, language) : null;
            }}
            onCommit={(event) => {
              if (event) actions.update(data.tid, { slot: { kind: 'on', event } });
            }}
          />
        </Field>
      )}
      {slot.kind === 'after' && (
        <Field label={pick(ui.delay, language)} htmlFor={ids.delay}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Select
              id={ids.delay}
              aria-label={pick(ui.delay, language)}
              disabled={disabled}
              value={
                (DELAY_TYPES as readonly string[]).includes(slot.delay) ? slot.delay : 'duration'
              }
              onChange={(delay: string) =>
                actions.update(data.tid, {
                  slot: { kind: 'after', delay: delay === 'duration' ? 'P1D' : delay },
                })
              }
              options={[
                ...DELAY_TYPES.map((d) => ({
                  value: d,
                  label: pick(delayInfo[d].label, language),
                })),
                { value: 'duration', label: language === 'zh' ? '固定时长' : 'Fixed duration' },
              ]}
              style={{ width: '100%' }}
            />
            {!(DELAY_TYPES as readonly string[]).includes(slot.delay) && (
              <DurationInput
                label={pick(ui.delay, language)}
                value={slot.delay}
                disabled={disabled}
                onChange={(delay) =>
                  delay && actions.update(data.tid, { slot: { kind: 'after', delay } })
                }
              />
            )}
          </Space>
        </Field>
      )}
      <Field
        label={pick(ui.condition, language)}
        htmlFor={ids.guard}
        hint={guardEntry ? pick(guardEntry.description, language) : undefined}
      >
        <Select<GuardType | 'none'>
          id={ids.guard}
          aria-label={pick(ui.condition, language)}
          disabled={disabled}
          value={guard?.type ?? 'none'}
          onChange={(type) => {
            if (type === 'none') return setTransition({ guard: undefined });
            const entry = catalogue.guards.find((g) => g.type === type);
            const params = entry
              ? (defaultValue(entry.paramsSchema, entry.paramsSchema) as Record<string, unknown>)
              : {};
            setTransition({
              guard: (Object.keys(params).length > 0 ? { type, params } : { type }) as GuardRef,
            });
          }}
          options={[
            { value: 'none', label: pick(ui.noCondition, language) },
            ...catalogue.guards.map((g) => ({ value: g.type, label: pick(g.label, language) })),
          ]}
          style={{ width: '100%' }}
        />
      </Field>
      {guard && guardEntry && (
        <div className="sp-subform">
          <SchemaForm
            schema={guardEntry.paramsSchema}
            value={guard.params}
            omit={['negate']}
            disabled={disabled}
            onChange={(params) => {
              const negate = guard.params?.negate;
              const merged = { ...(params ?? {}), ...(negate ? { negate } : {}) };
              setTransition({
                guard: (Object.keys(merged).length > 0
                  ? { type: guard.type, params: merged }
                  : { type: guard.type }) as GuardRef,
              });
            }}
          />
          <Field label={pick(ui.negate, language)}>
            <Switch
              aria-label={pick(ui.negate, language)}
              disabled={disabled}
              checked={guard.params?.negate === true}
              onChange={(negate) => {
                const params: Record<string, unknown> = { ...(guard.params ?? {}) };
                if (negate) params['negate'] = true;
                else delete params['negate'];
                setTransition({
                  guard: (Object.keys(params).length > 0
                    ? { type: guard.type, params }
                    : { type: guard.type }) as GuardRef,
                });
              }}
            />
          </Field>
        </div>
      )}
      <Field label={pick(ui.edgeLabel, language)}>
        <LocalizedTextInput
          value={transition.meta?.label}
          label={pick(ui.edgeLabel, language)}
          disabled={disabled}
          onChange={(label) =>
            setTransition({ meta: label ? { ...transition.meta, label } : undefined })
          }
        />
      </Field>
      <Field label={pick(ui.transitionActions, language)}>
        <ActionsEditor
          value={transition.actions}
          position="transition"
          label={pick(ui.transitionActions, language)}
          disabled={disabled}
          onChange={(a) => setTransition({ actions: a })}
        />
      </Field>
      {editable && (
        <Space wrap>
          {sameSlot.length > 1 && (
            <>
              <Button
                size="small"
                icon={<ArrowUpOutlined />}
                disabled={position <= 0}
                onClick={() => actions.move(data.tid, -1)}
              >
                {pick(ui.moveUp, language)}
              </Button>
              <Button
                size="small"
                icon={<ArrowDownOutlined />}
                disabled={position >= sameSlot.length - 1}
                onClick={() => actions.move(data.tid, 1)}
              >
                {pick(ui.moveDown, language)}
              </Button>
            </>
          )}
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            onClick={() => actions.remove(edge.id)}
          >
            {pick(ui.remove, language)}
          </Button>
        </Space>
      )}
    </div>
  );
}
