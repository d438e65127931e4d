import { Alert, Button, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType, SorterResult } from 'antd/es/table/interface';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { supervisionApi, type DeadlineItem, type DeadlineQuery } from './supervision-api';
import { useLoad, useSupervision, useUrge } from './supervision-context';
import { EscalateDialog, ExtendDialog, ReassignDialog, type TaskRef } from './supervision-dialogs';
import { CELL_STYLE, useSupervisionText } from './supervision-messages';
import { formatRemaining, formatTime, useServerClock } from './time-format';

type State = NonNullable<DeadlineQuery['state']>;
type Sort = NonNullable<DeadlineQuery['sort']>;
type Dialog = { kind: 'extend' | 'escalate' | 'reassign'; task: TaskRef } | null;

/** Open tasks with their deadlines and a live countdown; urge, escalate, extend or reassign. */
export function DeadlinesView() {
  const { t, pick, language } = useSupervisionText();
  const { campaignId, refreshKey, href } = useSupervision();
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const urgeTasks = useUrge();
  const state = (search.get('state') as State | null) ?? 'all';
  const [townshipId, setTownshipId] = useState<string>();
  const [stepKind, setStepKind] = useState<string>();
  const [assignee, setAssignee] = useState<string>();
  const [sort, setSort] = useState<{ sort: Sort; order: 'asc' | 'desc' }>({
    sort: 'dueAt',
    order: 'asc',
  });
  const [page, setPage] = useState({ current: 1, pageSize: 20 });
  const [selected, setSelected] = useState<string[]>([]);
  const [dialog, setDialog] = useState<Dialog>(null);
  useEffect(
    () => setPage((p) => ({ ...p, current: 1 })),
    [campaignId, state, townshipId, stepKind, assignee],
  );

  const facets = useLoad(() => supervisionApi.facets(campaignId), [campaignId, refreshKey]);
  const { data, loading, error } = useLoad(
    () =>
      supervisionApi.deadlines({
        campaignId,
        townshipId,
        stepKind,
        assignee,
        state,
        ...sort,
        limit: page.pageSize,
        offset: (page.current - 1) * page.pageSize,
      }),
    [campaignId, townshipId, stepKind, assignee, state, sort, page, refreshKey],
  );
  const now = useServerClock(data?.now);

  const ref = (item: DeadlineItem): TaskRef => ({
    id: item.id,
    title: item.title,
    orgName: item.orgName,
    dueAt: item.dueAt,
  });
  const urge = async (ids: string[]) => {
    await urgeTasks(ids);
    setSelected([]);
  };

  const columns: ColumnsType<DeadlineItem> = [
    {
      title: t('organisation'),
      key: 'org',
      sorter: true,
      render: (_, item) => (
        <Space direction="vertical" size={0}>
          <Typography.Link onClick={() => void navigate(href(`instances/${item.instanceId}`))}>
            {item.orgName}
          </Typography.Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {item.townshipName ?? ''}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('step'),
      key: 'step',
      sorter: true,
      render: (_, item) => (
        <Space size={4} wrap>
          {pick(item.title)}
          {item.escalationLevel >= 2 && (
            <Tag color={CELL_STYLE.escalated.color}>{t('escalated')}</Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('dueAt'),
      key: 'dueAt',
      sorter: true,
      defaultSortOrder: 'ascend',
      render: (_, item) => formatTime(item.dueAt),
    },
    {
      title: t('remaining'),
      key: 'remaining',
      render: (_, item) => {
        if (!item.dueAt)
          return <Typography.Text type="secondary">{t('noDeadline')}</Typography.Text>;
        const ms = new Date(item.dueAt).getTime() - now;
        const color =
          ms < 0
            ? CELL_STYLE.overdue.color
            : ms < 86_400_000
              ? CELL_STYLE.dueSoon.color
              : undefined;
        return (
          <Typography.Text strong={ms < 0} style={{ color }} data-testid="countdown">
            {formatRemaining(ms, language)}
          </Typography.Text>
        );
      },
    },
    {
      title: t('assignee'),
      key: 'assignee',
      render: (_, item) =>
        item.assigneeName ?? <Typography.Text type="secondary">{t('unassigned')}</Typography.Text>,
    },
    {
      title: t('actions'),
      key: 'actions',
      render: (_, item) => (
        <Space size={0} wrap>
          <Button type="link" size="small" onClick={() => void urge([item.id])}>
            {t('urge')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => setDialog({ kind: 'escalate', task: ref(item) })}
            disabled={item.escalationLevel >= 2}
          >
            {t('escalate')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => setDialog({ kind: 'extend', task: ref(item) })}
          >
            {t('extend')}
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() => setDialog({ kind: 'reassign', task: ref(item) })}
          >
            {t('reassign')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Segmented<State>
          value={state}
          onChange={(value) =>
            setSearch((params) => {
              params.set('state', value);
              return params;
            })
          }
          options={[
            { value: 'all', label: t('all') },
            { value: 'overdue', label: t('overdue') },
            { value: 'dueSoon', label: t('dueSoon') },
            { value: 'escalated', label: t('escalated') },
          ]}
        />
        <Select
          allowClear
          placeholder={t('township')}
          style={{ width: 180 }}
          value={townshipId}
          onChange={setTownshipId}
          options={facets.data?.townships.map((x) => ({ value: x.id, label: x.name }))}
        />
        <Select
          allowClear
          placeholder={t('stepKind')}
          style={{ width: 160 }}
          value={stepKind}
          onChange={setStepKind}
          options={facets.data?.stepKinds.map((k) => ({
            value: k.kind,
            label: `${pick(k.label)}（${k.count}）`,
          }))}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('assignee')}
          style={{ width: 180 }}
          value={assignee}
          onChange={setAssignee}
          options={facets.data?.assignees.map((a) => ({
            value: a.id ?? 'unassigned',
            label: `${a.name ?? t('unassigned')}（${a.count}）`,
          }))}
        />
        <Button type="primary" disabled={selected.length === 0} onClick={() => void urge(selected)}>
          {t('urgeSelected', { n: selected.length })}
        </Button>
      </Space>
      {error && <Alert type="error" showIcon message={error.message} />}
      <Table<DeadlineItem>
        size="small"
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys as string[]),
        }}
        pagination={{
          ...page,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('total', { n: total }),
        }}
        onChange={(pagination, _filters, sorter) => {
          const s: SorterResult<DeadlineItem> = Array.isArray(sorter) ? sorter[0] : sorter;
          const key = (s.columnKey as Sort | undefined) ?? 'dueAt';
          setSort({ sort: s.order ? key : 'dueAt', order: s.order === 'descend' ? 'desc' : 'asc' });
          setPage({ current: pagination.current ?? 1, pageSize: pagination.pageSize ?? 20 });
        }}
      />
      <ExtendDialog
        open={dialog?.kind === 'extend'}
        task={dialog?.task ?? null}
        onClose={() => setDialog(null)}
      />
      <EscalateDialog
        open={dialog?.kind === 'escalate'}
        task={dialog?.task ?? null}
        onClose={() => setDialog(null)}
      />
      <ReassignDialog
        open={dialog?.kind === 'reassign'}
        task={dialog?.task ?? null}
        onClose={() => setDialog(null)}
      />
    </Space>
  );
}
