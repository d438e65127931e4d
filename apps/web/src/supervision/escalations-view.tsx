import { Alert, Button, Segmented, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { supervisionApi, type EscalationView } from './supervision-api';
import { useAction, useLoad, useSupervision } from './supervision-context';
import { CloseEscalationDialog } from './supervision-dialogs';
import { CELL_STYLE, useSupervisionText } from './supervision-messages';
import { formatRemaining, formatTime, useServerClock } from './time-format';

type Status = 'open' | 'closed' | 'all';

/** Supervision records (督办单): age, owner, what was done; take over or close with a note. */
export function EscalationsView() {
  const { t, pick, has, language } = useSupervisionText();
  const { campaignId, refreshKey, href } = useSupervision();
  const navigate = useNavigate();
  const act = useAction();
  const [status, setStatus] = useState<Status>('open');
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [closing, setClosing] = useState<string | null>(null);
  const { data, loading, error } = useLoad(
    () =>
      supervisionApi.escalations({
        campaignId,
        status,
        limit: page.pageSize,
        offset: (page.current - 1) * page.pageSize,
      }),
    [campaignId, status, page, refreshKey],
  );
  const now = useServerClock(data?.now, 60_000);

  const taskState = (e: EscalationView) => {
    if (!e.taskStatus) return '—';
    if (e.taskStatus === 'done') return <Tag color="green">{t('taskDone')}</Tag>;
    if (e.taskStatus === 'cancelled') return <Tag>{t('taskCancelled')}</Tag>;
    const overdue = e.taskDueAt !== null && new Date(e.taskDueAt).getTime() < now;
    return (
      <Tag color={overdue ? CELL_STYLE.overdue.color : CELL_STYLE.open.color}>
        {overdue ? t('overdue') : t('taskOpen')}
      </Tag>
    );
  };

  const columns: ColumnsType<EscalationView> = [
    {
      title: t('organisation'),
      key: 'org',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <Typography.Link onClick={() => void navigate(href(`instances/${e.instanceId}`))}>
            {e.orgName}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.townshipName ?? ''}
          </Typography.Text>
        </Space>
      ),
    },
    { title: t('step'), key: 'step', render: (_, e) => pick(e.title) || e.stateKey },
    { title: t('taskState'), key: 'task', render: (_, e) => taskState(e) },
    { title: t('openedAt'), key: 'opened', render: (_, e) => formatTime(e.openedAt) },
    {
      title: t('age'),
      key: 'age',
      render: (_, e) => {
        const end = e.closedAt ? new Date(e.closedAt).getTime() : now;
        // formatRemaining counts down; an age is the same span measured forwards.
        return formatRemaining(end - new Date(e.openedAt).getTime(), language).replace(
          /^(剩余|in) /,
          '',
        );
      },
    },
    {
      title: t('openedBy'),
      key: 'by',
      render: (_, e) =>
        e.openedByName ?? <Typography.Text type="secondary">{t('byLadder')}</Typography.Text>,
    },
    { title: t('owner'), key: 'owner', render: (_, e) => e.ownerName ?? '—' },
    {
      title: t('actions'),
      key: 'actions',
      render: (_, e) =>
        e.status === 'open' ? (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() => void act(() => supervisionApi.claimEscalation(e.id))}
            >
              {t('claim')}
            </Button>
            <Button type="link" size="small" onClick={() => setClosing(e.id)}>
              {t('closeEscalation')}
            </Button>
          </Space>
        ) : (
          <Tag color="green">{t('closed')}</Tag>
        ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Segmented<Status>
        value={status}
        onChange={(value) => {
          setStatus(value);
          setPage((p) => ({ ...p, current: 1 }));
        }}
        options={[
          { value: 'open', label: t('open') },
          { value: 'closed', label: t('closed') },
          { value: 'all', label: t('all') },
        ]}
      />
      {error && <Alert type="error" showIcon message={error.message} />}
      <Table<EscalationView>
        size="small"
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{
          ...page,
          total: data?.total ?? 0,
          showTotal: (total) => t('total', { n: total }),
        }}
        onChange={(pagination) =>
          setPage({ current: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 })
        }
        expandable={{
          rowExpandable: () => true,
          expandedRowRender: (e) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {e.openNote && (
                <Typography.Text>
                  {t('escalateNote')}：{e.openNote}
                </Typography.Text>
              )}
              <Typography.Text strong>{t('whatWasDone')}</Typography.Text>
              {e.actions.length === 0 ? (
                <Typography.Text type="secondary">{t('none')}</Typography.Text>
              ) : (
                <Timeline
                  items={e.actions.map((a) => {
                    const key = `action.${a.action}`;
                    return {
                      children: (
                        <span>
                          {formatTime(a.at)} {a.actorName ?? t('system')}{' '}
                          {has(key) ? t(key) : a.action}
                          {a.note ? `：${a.note}` : ''}
                        </span>
                      ),
                    };
                  })}
                />
              )}
              {e.closeNote && (
                <Typography.Text>
                  {t('closeNote')}（{e.closedByName ?? '—'}，{formatTime(e.closedAt)}）：
                  {e.closeNote}
                </Typography.Text>
              )}
            </Space>
          ),
        }}
      />
      <CloseEscalationDialog
        open={closing !== null}
        escalationId={closing}
        onClose={() => setClosing(null)}
      />
    </Space>
  );
}
