import { Alert, App, Button, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { downloadResults, supervisionApi, type ResultRow } from './supervision-api';
import { useLoad, useSupervision } from './supervision-context';
import { PublishDialog } from './supervision-dialogs';
import { useSupervisionText } from './supervision-messages';

/** Ranking, classes and consequences by the review rules, each with its explanation. */
export function ResultsView() {
  const { t, language } = useSupervisionText();
  const { campaignId, campaigns, refreshKey, href } = useSupervision();
  const { hasRole } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [townshipId, setTownshipId] = useState<string>();
  const [page, setPage] = useState({ current: 1, pageSize: 50 });
  const [publishing, setPublishing] = useState(false);
  const [exporting, setExporting] = useState(false);
  const facets = useLoad(() => supervisionApi.facets(campaignId), [campaignId]);
  const { data, loading, error } = useLoad(
    () =>
      campaignId
        ? supervisionApi.results(campaignId, {
            townshipId,
            limit: page.pageSize,
            offset: (page.current - 1) * page.pageSize,
          })
        : undefined,
    [campaignId, townshipId, page, refreshKey],
  );
  if (!campaignId) return <Empty description={t('selectCampaign')} />;
  const campaign = campaigns.find((c) => c.id === campaignId);

  const columns: ColumnsType<ResultRow> = [
    { title: t('township'), dataIndex: 'scopeName', width: 120 },
    {
      title: t('rank'),
      key: 'rank',
      width: 80,
      render: (_, r) =>
        r.rank === null ? (
          <Typography.Text type="secondary">{t('unscored')}</Typography.Text>
        ) : (
          `${r.rank}/${r.rankedAmong}`
        ),
    },
    {
      title: t('organisation'),
      key: 'org',
      render: (_, r) => (
        <Typography.Link onClick={() => void navigate(href(`instances/${r.instanceId}`))}>
          {r.name}
        </Typography.Link>
      ),
    },
    { title: t('score'), dataIndex: 'score', width: 80, render: (v: number | null) => v ?? '—' },
    { title: t('grade'), dataIndex: 'grade', width: 70, render: (v: string | null) => v ?? '—' },
    {
      title: t('class'),
      key: 'class',
      width: 130,
      render: (_, r) => (
        <Space size={2} wrap>
          {r.classLabel ?? '—'}
          {r.vetoed && <Tag color="red">{t('vetoed')}</Tag>}
          {r.boundaryTie && <Tag color="orange">{t('boundaryTie')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('reward'),
      dataIndex: 'rewardPercent',
      width: 90,
      render: (v: number | null) => (v === null ? '—' : `${v}%`),
    },
    {
      title: t('consequences'),
      key: 'consequences',
      render: (_, r) => r.consequences.map((c) => <Tag key={c}>{c}</Tag>),
    },
  ];

  const rules = data?.rules;
  const shares = rules?.classes.map((c) => `${c.label}${c.sharePercent}%`).join('/') ?? '';
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Space wrap>
          <Select
            allowClear
            placeholder={t('township')}
            style={{ width: 180 }}
            value={townshipId}
            onChange={(v) => {
              setTownshipId(v);
              setPage((p) => ({ ...p, current: 1 }));
            }}
            options={facets.data?.townships.map((x) => ({ value: x.id, label: x.name }))}
          />
          {data && (
            <Typography.Text type="secondary">
              {t('summary', {
                organisations: data.summary.organisations,
                scored: data.summary.scored,
                graded: data.summary.graded,
              })}
            </Typography.Text>
          )}
        </Space>
        <Space>
          <Button
            loading={exporting}
            onClick={() => {
              setExporting(true);
              downloadResults(campaignId, 'results.xlsx')
                .catch(() => void message.error(t('failed')))
                .finally(() => setExporting(false));
            }}
          >
            {t('exportExcel')}
          </Button>
          {hasRole('org_department', 'county_admin') && (
            <Button type="primary" onClick={() => setPublishing(true)}>
              {t('publish')}
            </Button>
          )}
        </Space>
      </Space>
      {rules && (
        <Typography.Text type="secondary">
          {t('rules', { classes: rules.classes.length ? t('rulesClasses', { shares }) : '' })}
        </Typography.Text>
      )}
      {error && <Alert type="error" showIcon message={error.message} />}
      <Table<ResultRow>
        size="small"
        rowKey="orgId"
        loading={loading}
        columns={columns}
        dataSource={data?.rows ?? []}
        pagination={{
          ...page,
          total: data?.total ?? 0,
          showTotal: (total) => t('total', { n: total }),
        }}
        onChange={(p) => setPage({ current: p.current ?? 1, pageSize: p.pageSize ?? 50 })}
        expandable={{
          expandedRowRender: (r) => (
            <div>
              {r.explanation.lines.map((line, i) => (
                <Typography.Paragraph
                  key={i}
                  style={{ marginBottom: 4, paddingLeft: line.depth * 20 }}
                  type={line.depth === 0 ? undefined : 'secondary'}
                >
                  {language === 'zh' ? line.zh : line.en}
                </Typography.Paragraph>
              ))}
            </div>
          ),
        }}
      />
      <PublishDialog
        open={publishing}
        campaignId={campaignId}
        scopeName={campaign?.scopeName ?? ''}
        onClose={() => setPublishing(false)}
      />
    </Space>
  );
}
