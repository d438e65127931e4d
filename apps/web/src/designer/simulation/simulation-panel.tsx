import { ClockCircleOutlined, ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons';
import {
  assigneeRoleLabels,
  stepKindCatalogue,
  type Effect,
  type LocalizedText,
  type WorkflowDefinition,
} from '@shuping/engine';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import type { ElementStatus } from '../canvas/diagram-status';
import { edgeStatusId } from '../canvas/diagram-status';
import {
  describeAssignee,
  effectLabels,
  eventLabels,
  format,
  pick,
  ui,
  type Language,
} from '../designer-messages';
import { isTransitionEdge, type DesignerGraph } from '../graph/graph.types';
import {
  activeStateKeys,
  applyEvent,
  fireNextTimer,
  openTasks,
  pendingTimers,
  simulationEvents,
  startSimulation,
  submitPresets,
  type SimulationState,
} from './simulator';

const TIME = 'YYYY-MM-DD HH:mm';

function ancestorsAndSelf(key: string): string[] {
  const parts = key.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

/** Node and edge statuses of a run: active now, passed through, the transitions taken. */
export function simulationStatuses(
  sim: SimulationState,
  graph: DesignerGraph,
): Map<string, ElementStatus> {
  const statuses = new Map<string, ElementStatus>();
  const active = new Set(activeStateKeys(sim.snapshot.value).all);
  for (const key of sim.visited) {
    statuses.set(key, active.has(key) ? { active: true } : { completed: true });
  }
  const edges = graph.edges.filter(isTransitionEdge);
  sim.steps.forEach((step, i) => {
    const from = new Set([...step.left, ...step.through].flatMap(ancestorsAndSelf));
    const to = new Set([...step.entered, ...step.through].flatMap(ancestorsAndSelf));
    for (const e of edges) {
      if (from.has(e.source) && to.has(e.target)) {
        statuses.set(
          edgeStatusId(e.id),
          i === sim.steps.length - 1 ? { active: true } : { completed: true },
        );
      }
    }
  });
  const initial = graph.edges.find((e) => e.type === 'initial');
  if (initial) statuses.set(edgeStatusId(initial.id), { completed: true });
  return statuses;
}

function effectText(
  effect: Effect,
  language: Language,
  titleOf: (key: string) => string,
): string | null {
  const zh = language === 'zh';
  const when = (iso: string | null) => (iso ? dayjs(iso).format(TIME) : pick(ui.noDue, language));
  const word = (key: string) => pick(effectLabels[key], language) || key;
  switch (effect.type) {
    case 'openTask':
      return zh
        ? `开启任务「${pick(effect.title, language)}」→ ${describeAssignee(effect.assignee, language)}，截止 ${when(effect.dueAt)}`
        : `Task "${pick(effect.title, language)}" → ${describeAssignee(effect.assignee, language)}, due ${when(effect.dueAt)}`;
    case 'closeTask':
      return zh
        ? `关闭任务「${titleOf(effect.stateKey)}」（${word(effect.reason)}）`
        : `Task "${titleOf(effect.stateKey)}" closed (${word(effect.reason)})`;
    case 'setTimer':
      return zh
        ? `设定定时器：${titleOf(effect.stateKey)}${word(effect.purpose)}，${when(effect.dueAt)}`
        : `Timer: ${titleOf(effect.stateKey)} ${word(effect.purpose)} at ${when(effect.dueAt)}`;
    case 'cancelTimer':
      return null;
    case 'notify':
      return zh
        ? `通知 ${pick(assigneeRoleLabels[effect.to.role], language)}（${word(effect.reason)}）${effect.message ? `：${pick(effect.message, language)}` : ''}`
        : `Notify ${pick(assigneeRoleLabels[effect.to.role], language)} (${word(effect.reason)})`;
    case 'record':
      return zh ? `记录：${word(effect.kind)}` : `Record: ${word(effect.kind)}`;
  }
}

/**
 * The dry run (试运行): the engine runs the definition in the browser on a simulated clock. The
 * user clicks the events the current states accept and watches the path light up.
 */
export function SimulationPanel({
  definition,
  graph,
  onStatuses,
}: {
  definition: WorkflowDefinition;
  graph: DesignerGraph;
  onStatuses: (statuses: Map<string, ElementStatus>) => void;
}) {
  const { language } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const [sim, setSim] = useState<SimulationState | null>(null);
  const titles = useMemo(() => {
    const map = new Map<string, LocalizedText>();
    for (const n of graph.nodes)
      if (n.type !== 'start' && n.data.body.meta) map.set(n.id, n.data.body.meta.title);
    return map;
  }, [graph]);
  const titleOf = (key: string) => pick(titles.get(key), language) || key;

  const restart = () => {
    try {
      setSim(startSimulation(definition, dayjs().startOf('hour').toISOString()));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  useEffect(restart, [definition]);

  useEffect(() => {
    if (sim) onStatuses(simulationStatuses(sim, graph));
  }, [sim, graph, onStatuses]);

  const step = (fn: (s: SimulationState) => SimulationState) => {
    if (!sim) return;
    try {
      setSim(fn(sim));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  if (error)
    return (
      <Alert
        type="error"
        title={pick(ui.simulationInvalid, language)}
        description={error}
        showIcon
      />
    );
  if (!sim) return null;
  const tasks = openTasks(sim);
  const others = simulationEvents(sim).filter((e) => e.type !== 'SUBMIT');
  const timer = pendingTimers(sim)[0];
  const leaves = activeStateKeys(sim.snapshot.value).leaves;

  return (
    <div className="sp-simulation" aria-label={pick(ui.simulation, language)}>
      <Space wrap style={{ marginBottom: 8 }}>
        <Tag icon={<ClockCircleOutlined />}>
          {pick(ui.clock, language)}：{dayjs(sim.now).format(TIME)}
        </Tag>
        <Tag color={sim.status === 'done' ? 'green' : 'processing'}>
          {pick(sim.status === 'done' ? ui.finished : ui.running, language)}
        </Tag>
        <Button size="small" icon={<ReloadOutlined />} onClick={restart}>
          {pick(ui.restart, language)}
        </Button>
      </Space>
      {sim.status === 'active' && (
        <>
          <Typography.Title level={5}>{pick(ui.currentSteps, language)}</Typography.Title>
          <Space wrap>
            {leaves.map((k) => (
              <Tag key={k} color="red">
                {titleOf(k)}
              </Tag>
            ))}
          </Space>
          <Typography.Title level={5}>{pick(ui.openTasks, language)}</Typography.Title>
          {tasks.map((task) => {
            const node = graph.nodes.find((n) => n.id === task.stateKey);
            const meta = node && node.type !== 'start' ? node.data.body.meta : undefined;
            const kind = meta && meta.kind !== 'group' ? meta.kind : null;
            const title = titleOf(task.stateKey);
            return (
              <Card key={task.taskKey} size="small" className="sp-sim-task" title={title}>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                  {kind ? pick(stepKindCatalogue[kind].label, language) : ''}
                  {meta && meta.kind !== 'group' && meta.assignee
                    ? ` · ${describeAssignee(meta.assignee, language)}`
                    : ''}
                  {' · '}
                  {pick(ui.due, language)}{' '}
                  {task.dueAt ? dayjs(task.dueAt).format(TIME) : pick(ui.noDue, language)}
                </Typography.Paragraph>
                <Space wrap>
                  {submitPresets(definition, task.stateKey, kind).map((preset) => (
                    <Button
                      key={pick(preset.label, 'en')}
                      size="small"
                      aria-label={`${pick(preset.label, language)}（${title}）`}
                      onClick={() =>
                        step((s) =>
                          applyEvent(
                            s,
                            { type: 'SUBMIT', taskKey: task.taskKey, data: preset.data },
                            {
                              zh: `${titleOf(task.stateKey)}：${preset.label.zh}`,
                              en: `${titleOf(task.stateKey)}: ${preset.label.en}`,
                            },
                          ),
                        )
                      }
                    >
                      {pick(preset.label, language)}
                    </Button>
                  ))}
                </Space>
              </Card>
            );
          })}
          {others.length > 0 && (
            <>
              <Typography.Title level={5}>{pick(ui.events, language)}</Typography.Title>
              <Space wrap>
                {others.map((e) => {
                  const name = pick(e.label ?? eventLabels[e.type], language) || e.type;
                  return (
                    <Button
                      key={`${e.type}-${e.stateKey}`}
                      size="small"
                      onClick={() =>
                        step((s) =>
                          applyEvent(
                            s,
                            {
                              type: e.type,
                              ...(e.taskKey ? { taskKey: e.taskKey } : {}),
                              data: {},
                            },
                            {
                              zh: `${titleOf(e.stateKey)}：${name}`,
                              en: `${titleOf(e.stateKey)}: ${name}`,
                            },
                          ),
                        )
                      }
                    >
                      {name}（{e.type}）
                    </Button>
                  );
                })}
              </Space>
            </>
          )}
          <Typography.Title level={5}>{pick(ui.fireTimer, language)}</Typography.Title>
          {timer ? (
            <Button
              className="sp-sim-timer"
              icon={<ThunderboltOutlined />}
              onClick={() => step(fireNextTimer)}
            >
              {format(pick(ui.nextTimer, language), {
                what: `${titleOf(timer.stateKey)} ${pick(effectLabels[timer.purpose], language)}`,
                when: dayjs(timer.dueAt).format(TIME),
              })}
            </Button>
          ) : (
            <Typography.Text type="secondary">{pick(ui.noTimers, language)}</Typography.Text>
          )}
        </>
      )}
      <Typography.Title level={5}>{pick(ui.log, language)}</Typography.Title>
      <ol className="sp-sim-log" reversed>
        {[...sim.steps].reverse().map((s, i) => (
          <li key={sim.steps.length - i}>
            <div>
              <strong>{pick(s.label, language)}</strong>{' '}
              <Typography.Text type="secondary">{dayjs(s.at).format(TIME)}</Typography.Text>
              {!s.handled && (
                <Typography.Text type="warning">{pick(ui.notHandled, language)}</Typography.Text>
              )}
            </div>
            <ul>
              {s.effects.map((effect, k) => {
                const text = effectText(effect, language, titleOf);
                return text ? <li key={k}>{text}</li> : null;
              })}
            </ul>
          </li>
        ))}
        <li>
          <strong>{pick(ui.started, language)}</strong>
          <ul>
            {sim.startEffects.map((effect, k) => {
              const text = effectText(effect, language, titleOf);
              return text ? <li key={k}>{text}</li> : null;
            })}
          </ul>
        </li>
      </ol>
    </div>
  );
}
