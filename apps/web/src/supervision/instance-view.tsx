import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Space,
  Spin,
  Steps,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ProcessDiagram } from '../designer/process-diagram';
import { supervisionApi, type InstanceTask, type SupervisedInstance } from './supervision-api';
import { useLoad, useSupervision, useUrge } from './supervision-context';
import {
  CancelDialog,
  EscalateDialog,
  ExtendDialog,
  MoveDialog,
  ReassignDialog,
  type TaskRef,
} from './supervision-dialogs';
import { CELL_STYLE, useSupervisionText } from './supervision-messages';
import { formatRemaining, formatTime, useServerClock } from './time-format';

type Dialog =
  { kind: 'extend' | 'escalate' | 'reassign'; task: TaskRef } | { kind: 'move' | 'cancel' } | null;

/** One instance, read-only: diagram, tasks, pending timers, full history, admin actions. */
export function InstanceView() {
  const { id = '' } = useParams();
  const { t, pick, has, language } = useSupervisionText();
  const { refreshKey } = useSupervision();
  const navigate = useNavigate();
  const urge = useUrge();
  const [dialog, setDialog] = useState<Dialog>(null);
  const { data, error } = useLoad(() => supervisionApi.instance(id), [id, refreshKey]);
  const now = useServerClock(data?.now);
  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (!data) return <Spin />;

  const titleOf = (stateKey: string) =>
    pick(data.steps.find((s) => s.stateKey === stateKey)?.title) || stateKey;
  const ref = (task: InstanceTask): TaskRef => ({
    id: task.id,
    title: task.title,
    orgName: data.org.name,
    dueAt: task.dueAt,
  });
  const open = (task: InstanceTask) => task.status === 'open' || task.status === 'claimed';

  const taskColumns: ColumnsType<InstanceTask> = [
    { title: t('step'), key: 'step', render: (_, task) => pick(task.title) },
    {
      title: t('status'),
      key: 'status',
      render: (_, task) => <TaskStatus task={task} now={now} />,
    },
    { title: t('opened'), key: 'opened', render: (_, task) => formatTime(task.openedAt) },
    { title: t('dueAt'), key: 'due', render: (_, task) => formatTime(task.dueAt) },
    {
      title: t('remaining'),
      key: 'remaining',
      render: (_, task) =>
        open(task) && task.dueAt ? (
          <Typography.Text
            data-testid="countdown"
            style={{
              color: new Date(task.dueAt).getTime() < now ? CELL_STYLE.overdue.color : undefined,
            }}
          >
            {formatRemaining(new Date(task.dueAt).getTime() - now, language)}
          </Typography.Text>
        ) : (
          formatTime(task.closedAt)
        ),
    },
    {
      title: t('completedBy'),
      key: 'by',
      render: (_, task) => task.completedByName ?? task.assigneeName ?? '—',
    },
    {
      title: t('actions'),
      key: 'actions',
      render: (_, task) =>
        open(task) && data.status === 'active' ? (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => void urge([task.id])}>
              {t('urge')}
            </Button>
            {data.can.escalate && task.escalationLevel < 2 && (
              <Button
                type="link"
                size="small"
                onClick={() => setDialog({ kind: 'escalate', task: ref(task) })}
              >
                {t('escalate')}
              </Button>
            )}
            {data.can.extend && (
              <Button
                type="link"
                size="small"
                onClick={() => setDialog({ kind: 'extend', task: ref(task) })}
              >
                {t('extend')}
              </Button>
            )}
            {data.can.reassign && (
              <Button
                type="link"
                size="small"
                onClick={() => setDialog({ kind: 'reassign', task: ref(task) })}
              >
                {t('reassign')}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];

  const history = data.history.map((h) => ({ ...h, key: h.seq }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate(-1)}>
            {t('back')}
          </Button>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('instanceTitle', { org: data.org.name, campaign: data.campaign.name })}
          </Typography.Title>
          <StatusTag status={data.status} />
        </Space>
        <Space>
          {data.can.move && data.moves.length > 0 && (
            <Button onClick={() => setDialog({ kind: 'move' })}>{t('moveOn')}</Button>
          )}
          {data.can.cancel && (
            <Button danger onClick={() => setDialog({ kind: 'cancel' })}>
              {t('cancelInstance')}
            </Button>
          )}
        </Space>
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('township')}>{data.org.townshipName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('currentStep')}>
          {data.currentStates.map(titleOf).join('、') || '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('facts')}>
          {`${t('factsGrade')} ${data.facts.grade ?? '—'} · ${t('factsScore')} ${data.facts.score ?? '—'}`}
        </Descriptions.Item>
      </Descriptions>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('diagram')}>
            <ProcessDiagram
              definition={data.definition}
              currentStates={data.currentStates}
              completedStates={data.completedStates}
              height={360}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('step')} style={{ height: '100%' }}>
            <Steps
              direction="vertical"
              size="small"
              items={data.steps
                .filter((s) => s.task || s.state !== 'pending')
                .map((s) => ({
                  title: pick(s.title),
                  status:
                    s.state === 'current' ? 'process' : s.state === 'done' ? 'finish' : 'wait',
                }))}
            />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={t('tasks')}>
        <Table<InstanceTask>
          size="small"
          rowKey="id"
          columns={taskColumns}
          dataSource={data.tasks}
          pagination={false}
        />
      </Card>
      <Card size="small" title={t('timers')}>
        {data.timers.length === 0 ? (
          <Typography.Text type="secondary">{t('none')}</Typography.Text>
        ) : (
          <Table
            size="small"
            rowKey="timerKey"
            pagination={false}
            dataSource={data.timers}
            columns={[
              {
                title: t('step'),
                key: 'step',
                render: (_, x: SupervisedInstance['timers'][number]) =>
                  titleOf(x.timerKey.split('@')[0]),
              },
              {
                title: t('event'),
                key: 'purpose',
                render: (_, x: SupervisedInstance['timers'][number]) => {
                  const key = `purpose.${x.purpose}`;
                  return has(key) ? t(key) : x.purpose;
                },
              },
              {
                title: t('time'),
                key: 'due',
                render: (_, x: SupervisedInstance['timers'][number]) => formatTime(x.dueAt),
              },
              {
                title: t('remaining'),
                key: 'remaining',
                render: (_, x: SupervisedInstance['timers'][number]) =>
                  formatRemaining(new Date(x.dueAt).getTime() - now, language),
              },
            ]}
          />
        )}
      </Card>
      <Card size="small" title={t('history')}>
        <Table
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={history}
          columns={[
            { title: '#', dataIndex: 'seq', width: 48 },
            {
              title: t('time'),
              key: 'at',
              render: (_, h: (typeof history)[number]) => formatTime(h.at),
            },
            {
              title: t('event'),
              key: 'event',
              render: (_, h: (typeof history)[number]) => {
                const key = `event.${h.eventType}`;
                return (
                  <Space size={4} wrap>
                    {has(key) ? t(key) : h.eventType}
                    {h.taskKey && <span>{titleOf(h.taskKey)}</span>}
                    {h.late === true && <Tag color="red">{t('lateTag')}</Tag>}
                    {h.late === false && <Tag color="green">{t('onTimeTag')}</Tag>}
                  </Space>
                );
              },
            },
            {
              title: t('step'),
              key: 'to',
              render: (_, h: (typeof history)[number]) =>
                h.toStates.length ? h.toStates.map(titleOf).join('、') : '—',
            },
            {
              title: t('actor'),
              key: 'actor',
              render: (_, h: (typeof history)[number]) => h.actor ?? t('system'),
            },
            {
              title: t('reason'),
              key: 'reason',
              render: (_, h: (typeof history)[number]) => h.reason ?? '',
            },
          ]}
        />
      </Card>
      <ExtendDialog
        open={dialog?.kind === 'extend'}
        task={dialog && 'task' in dialog ? dialog.task : null}
        onClose={() => setDialog(null)}
      />
      <EscalateDialog
        open={dialog?.kind === 'escalate'}
        task={dialog && 'task' in dialog ? dialog.task : null}
        onClose={() => setDialog(null)}
      />
      <ReassignDialog
        open={dialog?.kind === 'reassign'}
        task={dialog && 'task' in dialog ? dialog.task : null}
        onClose={() => setDialog(null)}
      />
      <MoveDialog
        open={dialog?.kind === 'move'}
        instanceId={data.id}
        options={data.moves}
        onClose={() => setDialog(null)}
      />
      <CancelDialog
        open={dialog?.kind === 'cancel'}
        instanceId={data.id}
        onClose={() => {
          setDialog(null);
        }}
      />
    </Space>
  );
}

function StatusTag({ status }: { status: string }) {
  const { t, has } = useSupervisionText();
  const key = `status.${status}`;
  const color = status === 'active' ? 'processing' : status === 'done' ? 'success' : 'default';
  return <Tag color={color}>{has(key) ? t(key) : status}</Tag>;
}

function TaskStatus({ task, now }: { task: InstanceTask; now: number }) {
  const { t } = useSupervisionText();
  if (task.status === 'open' || task.status === 'claimed') {
    const overdue = task.dueAt !== null && new Date(task.dueAt).getTime() < now;
    return (
      <Space size={2}>
        <Tag color={overdue ? CELL_STYLE.overdue.color : CELL_STYLE.open.color}>
          {overdue ? t('overdue') : task.status === 'claimed' ? t('taskClaimed') : t('taskOpen')}
        </Tag>
        {task.escalationLevel >= 2 && (
          <Tag color={CELL_STYLE.escalated.color}>{t('escalated')}</Tag>
        )}
      </Space>
    );
  }
  if (task.closeReason === 'timedOut') return <Tag color="orange">{t('timedOut')}</Tag>;
  if (task.status === 'cancelled') return <Tag>{t('taskCancelled')}</Tag>;
  return (
    <Space size={2}>
      <Tag color="green">{t('taskDone')}</Tag>
      {task.late === true && <Tag color="red">{t('lateTag')}</Tag>}
      {task.late === false && <Tag color="green">{t('onTimeTag')}</Tag>}
    </Space>
  );
}
