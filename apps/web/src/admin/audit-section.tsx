import { DownloadOutlined } from '@ant-design/icons';
import type { AuditEntryView, AuditPage } from '@shuping/contracts';
import {
  App as AntApp,
  Button,
  Card,
  DatePicker,
  Input,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import { downloadFile, errorText } from './admin-api';
import { actionLabels, useAdminText } from './admin-messages';

interface Filters {
  source: 'all' | 'admin' | 'process';
  actor: string;
  action: string;
  targetType: string;
  period: [Dayjs | null, Dayjs | null] | null;
}

const PAGE = 50;

/** Query string of the filters (shared by the search and the export). */
export function auditParams(f: Filters): URLSearchParams {
  const params = new URLSearchParams({ source: f.source });
  if (f.actor.trim()) params.set('actor', f.actor.trim());
  if (f.action.trim()) params.set('action', f.action.trim());
  if (f.targetType.trim()) params.set('targetType', f.targetType.trim());
  if (f.period?.[0]) params.set('from', f.period[0].startOf('day').toISOString());
  if (f.period?.[1]) params.set('to', f.period[1].add(1, 'day').startOf('day').toISOString());
  return params;
}

/** The audit trail: who did what when, admin actions and process state changes; export. */
export function AuditSection() {
  const { t, pick } = useAdminText();
  const { message } = AntApp.useApp();
  const [filters, setFilters] = useState<Filters>({
    source: 'all',
    actor: '',
    action: '',
    targetType: '',
    period: null,
  });
  const [applied, setApplied] = useState(filters);
  const [items, setItems] = useState<AuditEntryView[]>([]);
  const [more, setMore] = useState(false);
  const [busy, setBusy] = useState(false);

  const fetchPage = useCallback(
    async (offset: number) => {
      const params = auditParams(applied);
      params.set('limit', String(PAGE));
      params.set('offset', String(offset));
      return api<AuditPage>(`/admin/audit?${params.toString()}`);
    },
    [applied],
  );
  useEffect(() => {
    setBusy(true);
    fetchPage(0)
      .then((page) => {
        setItems(page.items);
        setMore(page.more);
      })
      .catch((e: unknown) => void message.error(errorText(e)))
      .finally(() => setBusy(false));
  }, [fetchPage, message]);

  const exportAs = (format: 'csv' | 'xlsx') => {
    const params = auditParams(applied);
    params.set('format', format);
    downloadFile(`/admin/audit/export?${params.toString()}`, `审计日志.${format}`).catch(
      (e: unknown) => void message.error(errorText(e)),
    );
  };

  return (
    <Card
      title={t('tabAudit')}
      extra={
        <Space>
          <Button icon={<DownloadOutlined />} onClick={() => exportAs('csv')}>
            {t('exportCsv')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={() => exportAs('xlsx')}>
            {t('exportXlsx')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('auditIntro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          value={filters.source}
          style={{ width: 140 }}
          aria-label={t('source')}
          onChange={(source) => setFilters({ ...filters, source })}
          options={[
            { value: 'all', label: t('sourceAll') },
            { value: 'admin', label: t('sourceAdmin') },
            { value: 'process', label: t('sourceProcess') },
          ]}
        />
        <Input
          placeholder={t('actor')}
          aria-label={t('actor')}
          value={filters.actor}
          onChange={(e) => setFilters({ ...filters, actor: e.target.value })}
          style={{ width: 160 }}
        />
        <Input
          placeholder={`${t('action')}（org. / user. / calendar.）`}
          aria-label={t('action')}
          value={filters.action}
          onChange={(e) => setFilters({ ...filters, action: e.target.value })}
          style={{ width: 240 }}
        />
        <DatePicker.RangePicker
          value={filters.period}
          allowEmpty={[true, true]}
          onChange={(period) => setFilters({ ...filters, period })}
        />
        <Button type="primary" onClick={() => setApplied(filters)}>
          {t('search')}
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="id"
        loading={busy}
        dataSource={items}
        pagination={false}
        columns={[
          {
            title: t('when'),
            dataIndex: 'at',
            key: 'at',
            width: 170,
            render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss'),
          },
          {
            title: t('source'),
            dataIndex: 'source',
            key: 'source',
            width: 110,
            render: (v: AuditEntryView['source']) =>
              v === 'admin' ? (
                <Tag color="blue">{t('sourceAdmin')}</Tag>
              ) : (
                <Tag color="purple">{t('sourceProcess')}</Tag>
              ),
          },
          {
            title: t('actor'),
            key: 'actor',
            width: 120,
            render: (_: unknown, e: AuditEntryView) =>
              e.actorName ?? (e.actorUserId ? e.actorUserId.slice(0, 8) : t('system')),
          },
          {
            title: t('action'),
            key: 'action',
            width: 240,
            render: (_: unknown, e: AuditEntryView) => (
              <Space size={4}>
                {actionLabels[e.action] && pick(actionLabels[e.action])}
                <Typography.Text code>{e.action}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('target'),
            key: 'target',
            width: 200,
            render: (_: unknown, e: AuditEntryView) =>
              `${e.targetType}${e.targetId ? ` · ${e.targetId.slice(0, 13)}` : ''}`,
          },
          {
            title: t('detail'),
            key: 'detail',
            render: (_: unknown, e: AuditEntryView) => (
              <Typography.Text
                type="secondary"
                ellipsis={{ tooltip: JSON.stringify(e.detail) }}
                style={{ maxWidth: 360 }}
              >
                {JSON.stringify(e.detail)}
              </Typography.Text>
            ),
          },
        ]}
      />
      {more && (
        <Button
          style={{ marginTop: 12 }}
          loading={busy}
          onClick={() => {
            setBusy(true);
            fetchPage(items.length)
              .then((page) => {
                setItems([...items, ...page.items]);
                setMore(page.more);
              })
              .catch((e: unknown) => void message.error(errorText(e)))
              .finally(() => setBusy(false));
          }}
        >
          {t('more')}
        </Button>
      )}
    </Card>
  );
}
