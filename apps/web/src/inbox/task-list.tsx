import { ReloadOutlined, SaveOutlined, TeamOutlined } from '@ant-design/icons';
import { isHumanKind, STEP_KINDS } from '@shuping/engine';
import {
  App,
  Button,
  Card,
  Checkbox,
  Empty,
  Grid,
  Input,
  List,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { ApiError } from '../api/client';
import { BulkCompleteModal, BULK_KINDS } from './bulk-complete';
import { inboxApi, type TaskFilters, type TaskView } from './inbox-api';
import { formatTime, useInboxText, type InboxMessageKey } from './inbox-messages';
import { deleteView, loadViews, saveView, type SavedView } from './saved-views';

const HUMAN_KINDS = STEP_KINDS.filter((k) => isHumanKind(k));

/** Overdue, escalation and "why it is mine" badges of a task. */
export function TaskBadges({ task }: { task: TaskView }) {
  const { t } = useInboxText();
  return (
    <Space size={4} wrap>
      {task.overdue && <Tag color="red">{t('overdue')}</Tag>}
      {task.escalationLevel >= 2 && <Tag color="volcano">{t('escalated')}</Tag>}
      {task.status === 'open' && !task.assigneeUserId && task.via === 'self' && (
        <Tag color="gold">{t('claimable')}</Tag>
      )}
      {task.via !== 'self' && <Tag color="blue">{t(`via.${task.via}` as InboxMessageKey)}</Tag>}
    </Space>
  );
}

/** The list of my tasks: tabs, filters, search, sort, saved views and bulk actions. */
export function TaskList() {
  const { t, zh, kindLabel } = useInboxText();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<TaskFilters>({ status: 'open', sort: 'due' });
  const [search, setSearch] = useState('');
  const [tasks, setTasks] = useState<TaskView[]>([]);
  const [loading, setLoading] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [views, setViews] = useState<SavedView[]>(() => loadViews());
  const [naming, setNaming] = useState<string | null>(null);
  const [bulkOpen, setBulkOpen] = useState(false);
  const [campaigns, setCampaigns] = useState<Map<string, string>>(new Map());
  const [showFilters, setShowFilters] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const list = await inboxApi.list(filters);
      setTasks(list);
      setCampaigns((known) => {
        const next = new Map(known);
        for (const task of list) next.set(task.campaignId, task.campaignName);
        return next;
      });
      setSelected((s) => s.filter((id) => list.some((task) => task.id === id)));
    } catch (error) {
      void message.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setLoading(false);
    }
  }, [filters, message]);

  useEffect(() => {
    void load();
  }, [load]);

  const chosen = useMemo(
    () => tasks.filter((task) => selected.includes(task.id)),
    [tasks, selected],
  );
  const bulkKind =
    chosen.length > 0 && chosen.every((task) => task.stepKind === chosen[0].stepKind)
      ? chosen[0].stepKind
      : null;

  const bulkClaim = async () => {
    const results = await inboxApi.bulkClaim(selected);
    const ok = results.filter((r) => r.ok).length;
    void message.info(t('bulk.result', { ok, failed: results.length - ok }));
    await load();
  };

  const columns = [
    {
      title: t('kind'),
      dataIndex: 'title',
      render: (_: unknown, task: TaskView) => (
        <Space direction="vertical" size={0}>
          <Link to={`/inbox/tasks/${task.id}`}>{zh ? task.title.zh : task.title.en}</Link>
          <Typography.Text type="secondary">{kindLabel(task.stepKind)}</Typography.Text>
        </Space>
      ),
    },
    { title: t('org'), dataIndex: 'orgName' },
    { title: t('campaign'), dataIndex: 'campaignName' },
    {
      title: t('due'),
      dataIndex: 'dueAt',
      render: (_: unknown, task: TaskView) => (
        <Space direction="vertical" size={2}>
          <span>{task.dueAt ? formatTime(task.dueAt, zh) : t('noDue')}</span>
          <TaskBadges task={task} />
        </Space>
      ),
    },
    {
      title: '',
      dataIndex: 'id',
      render: (_: unknown, task: TaskView) => (
        <Button
          type="primary"
          size="small"
          onClick={() => void navigate(`/inbox/tasks/${task.id}`)}
        >
          {t('open')}
        </Button>
      ),
    },
  ];

  const selectable = filters.status === 'open';
  return (
    <Card>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Space wrap>
          <Link to="/inbox/stand-ins">
            <Button icon={<TeamOutlined />}>{t('standIns.title')}</Button>
          </Link>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('refresh')} />
        </Space>
      </Space>
      <Tabs
        activeKey={filters.status}
        onChange={(key) => setFilters({ ...filters, status: key as TaskFilters['status'] })}
        items={(['open', 'done', 'copied'] as const).map((key) => ({
          key,
          label: t(`tab.${key}`),
        }))}
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          aria-label={t('search')}
          placeholder={t('search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(q) => setFilters({ ...filters, q: q.trim() || undefined })}
          style={{ width: screens.md ? 260 : '100%' }}
        />
        {!screens.md && (
          <Button onClick={() => setShowFilters((v) => !v)} aria-expanded={showFilters}>
            {t('filters')}
          </Button>
        )}
        {(screens.md || showFilters) && (
          <>
            <Select
              allowClear
              aria-label={t('filter.kind')}
              placeholder={t('filter.kind')}
              style={{ minWidth: 140 }}
              value={filters.kind}
              onChange={(kind?: string) => setFilters({ ...filters, kind })}
              options={HUMAN_KINDS.map((k) => ({ value: k, label: kindLabel(k) }))}
            />
            <Select
              allowClear
              aria-label={t('filter.campaign')}
              placeholder={t('filter.campaign')}
              style={{ minWidth: 180 }}
              value={filters.campaignId}
              onChange={(campaignId?: string) => setFilters({ ...filters, campaignId })}
              options={[...campaigns].map(([value, label]) => ({ value, label }))}
            />
            <Select
              aria-label={t('sort.due')}
              value={filters.sort}
              style={{ minWidth: 130 }}
              onChange={(sort: TaskFilters['sort']) => setFilters({ ...filters, sort })}
              options={(['due', 'opened', 'org', 'kind'] as const).map((s) => ({
                value: s,
                label: t(`sort.${s}`),
              }))}
            />
            <Space>
              <Switch
                aria-label={t('filter.overdue')}
                checked={filters.overdue === true}
                onChange={(on) => setFilters({ ...filters, overdue: on ? true : undefined })}
              />
              <span>{t('filter.overdue')}</span>
            </Space>
            <Select
              allowClear
              aria-label={t('views.placeholder')}
              placeholder={t('views.placeholder')}
              style={{ minWidth: 140 }}
              value={null}
              onChange={(name: string | null) => {
                const view = views.find((v) => v.name === name);
                if (view) {
                  setFilters(view.filters);
                  setSearch(view.filters.q ?? '');
                }
              }}
              options={views.map((v) => ({ value: v.name, label: v.name }))}
              optionRender={(option) => (
                <Space style={{ width: '100%', justifyContent: 'space-between' }}>
                  <span>{option.label}</span>
                  <Button
                    size="small"
                    type="text"
                    aria-label={t('views.delete')}
                    onClick={(e) => {
                      e.stopPropagation();
                      setViews(deleteView(String(option.value)));
                    }}
                  >
                    ×
                  </Button>
                </Space>
              )}
            />
            <Button icon={<SaveOutlined />} onClick={() => setNaming('')}>
              {t('views.save')}
            </Button>
          </>
        )}
      </Space>
      {selectable && selected.length > 0 && (
        <Space style={{ marginBottom: 12 }} wrap>
          <Button onClick={() => void bulkClaim()}>
            {t('bulk.claim')} ({selected.length})
          </Button>
          <Button
            disabled={!bulkKind || !BULK_KINDS.includes(bulkKind)}
            title={t('bulk.onlySame')}
            onClick={() => setBulkOpen(true)}
          >
            {t('bulk.complete')} ({selected.length})
          </Button>
        </Space>
      )}
      {screens.md ? (
        <Table<TaskView>
          rowKey="id"
          size="middle"
          loading={loading}
          dataSource={tasks}
          columns={columns}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowSelection={
            selectable
              ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }
              : undefined
          }
          locale={{ emptyText: <Empty description={t('empty')} /> }}
        />
      ) : (
        <List<TaskView>
          loading={loading}
          dataSource={tasks}
          locale={{ emptyText: <Empty description={t('empty')} /> }}
          renderItem={(task) => (
            <List.Item>
              <Card size="small" style={{ width: '100%' }}>
                <Space align="start">
                  {selectable && (
                    <Checkbox
                      aria-label={zh ? task.title.zh : task.title.en}
                      checked={selected.includes(task.id)}
                      onChange={(e) =>
                        setSelected((s) =>
                          e.target.checked ? [...s, task.id] : s.filter((id) => id !== task.id),
                        )
                      }
                    />
                  )}
                  <Space direction="vertical" size={2}>
                    <Link to={`/inbox/tasks/${task.id}`} style={{ fontSize: 16 }}>
                      {task.orgName} · {zh ? task.title.zh : task.title.en}
                    </Link>
                    <Typography.Text type="secondary">{task.campaignName}</Typography.Text>
                    <span>
                      {t('due')}：{task.dueAt ? formatTime(task.dueAt, zh) : t('noDue')}
                    </span>
                    <TaskBadges task={task} />
                  </Space>
                </Space>
              </Card>
            </List.Item>
          )}
        />
      )}
      <Modal
        open={naming !== null}
        title={t('views.save')}
        onCancel={() => setNaming(null)}
        onOk={() => {
          setViews(saveView({ name: naming ?? '', filters }));
          setNaming(null);
        }}
      >
        <Input
          aria-label={t('views.name')}
          placeholder={t('views.name')}
          value={naming ?? ''}
          onChange={(e) => setNaming(e.target.value)}
          maxLength={40}
        />
      </Modal>
      {bulkOpen && bulkKind && (
        <BulkCompleteModal
          tasks={chosen}
          onClose={(changed) => {
            setBulkOpen(false);
            if (changed) void load();
          }}
        />
      )}
    </Card>
  );
}
