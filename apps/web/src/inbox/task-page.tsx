import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Grid,
  List,
  Space,
  Spin,
  Steps,
  Table,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { ProcessDiagram } from '../designer/process-diagram';
import { StepForm } from './forms/step-form';
import { inboxApi, type TaskDetail } from './inbox-api';
import { formatTime, useInboxText, type InboxMessageKey } from './inbox-messages';
import { TaskActions } from './task-actions';
import { TaskBadges } from './task-list';

const ACTION_LABELS: Record<string, string> = {
  'task.claim': '认领',
  'task.transfer': '转办',
  'task.delegate': '委派',
  'task.delegate.resolve': '委派办结',
  'task.coHandler': '加签',
  'task.coSign': '会签',
  'task.copy': '抄送',
  'task.sendBack': '退回',
  'task.urge': '催办',
  'task.complete.standIn': '代理办结',
  'rating.ballot': '投票',
  'rating.close': '结束测评',
  'question.answer': '回答提问',
  'commitment.sign': '承诺签字',
  'commitment.countersign': '会签承诺',
  'topic.classify': '题目分类',
  'topic.merge': '题目合并',
};

const EVENT_LABELS: Record<string, string> = {
  START: '启动',
  SUBMIT: '提交',
  TIMER: '定时',
  OBJECT: '异议',
  TIMEOUT: '超时',
  SEND_BACK: '退回',
};

/** Steps of the definition with where the instance is, when the diagram cannot be drawn. */
function StepList({ detail }: { detail: TaskDetail }) {
  const { zh } = useInboxText();
  const states = Object.entries(detail.instance.definition.machine.states);
  const current = states.findIndex(([key]) =>
    detail.instance.currentStates.some((s) => s.startsWith(key)),
  );
  return (
    <Steps
      direction="vertical"
      size="small"
      current={current}
      items={states.map(([key, state]) => {
        const meta = state.meta as { title?: { zh: string; en: string } } | undefined;
        return { title: meta?.title ? (zh ? meta.title.zh : meta.title.en) : key };
      })}
    />
  );
}

/** The task page: what it is, what I may do, the form, the diagram and the history. */
export function TaskPage() {
  const { id } = useParams<{ id: string }>();
  const { t, zh, kindLabel } = useInboxText();
  const screens = Grid.useBreakpoint();
  const [detail, setDetail] = useState<TaskDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  const reload = useCallback(async () => {
    if (!id) return;
    try {
      setDetail(await inboxApi.detail(id));
      setVersion((v) => v + 1);
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (error)
    return <Alert type="error" message={error} action={<Link to="/inbox">{t('back')}</Link>} />;
  if (!detail) return <Spin />;
  const task = detail.task;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Link to="/inbox">
            <ArrowLeftOutlined /> {t('back')}
          </Link>
          <Space wrap align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>
              {task.orgName} · {zh ? task.title.zh : task.title.en}
            </Typography.Title>
            <TaskBadges task={task} />
          </Space>
          <Descriptions
            size="small"
            column={screens.md ? 3 : 1}
            items={[
              { key: 'k', label: t('kind'), children: kindLabel(task.stepKind) },
              { key: 'c', label: t('campaign'), children: task.campaignName },
              {
                key: 's',
                label: t('status'),
                children: <Tag>{t(`status.${task.status}` as InboxMessageKey)}</Tag>,
              },
              {
                key: 'd',
                label: t('due'),
                children: task.dueAt ? formatTime(task.dueAt, zh) : t('noDue'),
              },
              { key: 'a', label: t('assignee'), children: task.assigneeName ?? t('claimable') },
              {
                key: 'o',
                label: t('org'),
                children: `${detail.instance.parentName ?? ''} ${task.orgName}`,
              },
            ]}
          />
          <TaskActions detail={detail} reload={reload} />
        </Space>
      </Card>
      <Card>
        <Tabs
          items={[
            {
              key: 'form',
              label: t('tab.form'),
              children: <StepForm key={version} detail={detail} reload={reload} />,
            },
            {
              key: 'diagram',
              label: t('tab.diagram'),
              children: screens.md ? (
                <ProcessDiagram
                  definition={detail.instance.definition}
                  currentStates={detail.instance.currentStates}
                  completedStates={detail.instance.completedStates}
                  height={420}
                />
              ) : (
                <StepList detail={detail} />
              ),
            },
            {
              key: 'history',
              label: t('tab.history'),
              children: (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Typography.Title level={5}>{t('history')}</Typography.Title>
                  <Timeline
                    items={detail.instance.history.map((h) => ({
                      key: h.seq,
                      color: h.eventType === 'SEND_BACK' ? 'red' : 'blue',
                      children: (
                        <span>
                          {formatTime(h.at, zh)} · {EVENT_LABELS[h.eventType] ?? h.eventType}
                          {h.actor ? ` · ${h.actor}` : ''} · {h.fromStates.join('、') || '—'} →{' '}
                          {h.toStates.join('、')}
                        </span>
                      ),
                    }))}
                  />
                  <Typography.Title level={5}>{t('actions')}</Typography.Title>
                  <Table
                    size="small"
                    rowKey={(_, i) => String(i)}
                    pagination={false}
                    dataSource={detail.actions}
                    locale={{ emptyText: <Empty description={t('empty')} /> }}
                    scroll={{ x: true }}
                    columns={[
                      { title: zh ? '时间' : 'When', render: (_, a) => formatTime(a.at, zh) },
                      {
                        title: zh ? '操作' : 'Action',
                        render: (_, a) => ACTION_LABELS[a.action] ?? a.action,
                      },
                      { title: zh ? '操作人' : 'By', dataIndex: 'actor' },
                      {
                        title: zh ? '说明' : 'Detail',
                        render: (_, a) =>
                          [
                            a.detail['toName'],
                            a.detail['note'],
                            a.detail['reason'],
                            a.detail['opinion'],
                          ]
                            .filter((v) => typeof v === 'string' && v)
                            .join('；'),
                      },
                    ]}
                  />
                </Space>
              ),
            },
            {
              key: 'people',
              label: t('tab.people'),
              children: (
                <List
                  dataSource={detail.participants}
                  locale={{ emptyText: <Empty description={t('empty')} /> }}
                  renderItem={(p) => (
                    <List.Item>
                      <Space wrap>
                        <Tag color="blue">{t(`via.${p.kind}` as InboxMessageKey)}</Tag>
                        <strong>{p.name}</strong>
                        <Tag>
                          {p.status === 'pending'
                            ? zh
                              ? '待办'
                              : 'Pending'
                            : zh
                              ? '已办'
                              : 'Done'}
                        </Tag>
                        {p.note && <span>{p.note}</span>}
                        {p.opinion && (
                          <span>
                            {zh ? '意见：' : 'Opinion: '}
                            {p.opinion}
                            {p.agree === false ? (zh ? '（不同意）' : ' (disagrees)') : ''}
                          </span>
                        )}
                      </Space>
                    </List.Item>
                  )}
                />
              ),
            },
          ]}
        />
        <Button type="link" onClick={() => void reload()}>
          {t('refresh')}
        </Button>
      </Card>
    </Space>
  );
}
