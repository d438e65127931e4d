import { ReloadOutlined } from '@ant-design/icons';
import { App, Badge, Button, Card, Flex, Select, Space, Tabs, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Route, Routes, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { DeadlinesView } from './deadlines-view';
import { EscalationsView } from './escalations-view';
import { HeatmapView } from './heatmap-view';
import { InstanceView } from './instance-view';
import { useLiveUpdates } from './live-events';
import { OverviewView } from './overview-view';
import { ResultsView } from './results-view';
import { supervisionApi } from './supervision-api';
import { SupervisionContext, useLoad, type SupervisionState } from './supervision-context';
import { useSupervisionText, type SupervisionTextKey } from './supervision-messages';

const TABS: { key: string; label: SupervisionTextKey }[] = [
  { key: '', label: 'tabOverview' },
  { key: 'heatmap', label: 'tabHeatmap' },
  { key: 'deadlines', label: 'tabDeadlines' },
  { key: 'escalations', label: 'tabEscalations' },
  { key: 'results', label: 'tabResults' },
];

/**
 * The supervision dashboard (督办): overview, organisation × step heatmap, deadlines, supervision
 * records, results and each instance, for a campaign (`?campaign=`) or every campaign in scope.
 * Counts follow the server live (server-sent events).
 */
export function SupervisionPage() {
  const { t } = useSupervisionText();
  const navigate = useNavigate();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  const [refreshKey, setRefreshKey] = useState(0);
  const [lastUpdate, setLastUpdate] = useState<Date | null>(null);
  const refresh = useCallback(() => setRefreshKey((n) => n + 1), []);
  useLiveUpdates(
    useCallback(() => {
      setLastUpdate(new Date());
      refresh();
    }, [refresh]),
  );
  // Also once a minute: timers fired by a separate worker process are not pushed to this server.
  useEffect(() => {
    const handle = setInterval(refresh, 60_000);
    return () => clearInterval(handle);
  }, [refresh]);
  const campaigns = useLoad(() => supervisionApi.campaigns(), [refreshKey]);
  const campaignId = search.get('campaign') ?? undefined;

  const href = useCallback(
    (path: string, params: Record<string, string> = {}) => {
      const query = new URLSearchParams(params);
      if (campaignId) query.set('campaign', campaignId);
      const text = query.toString();
      return `/supervision${path ? `/${path}` : ''}${text ? `?${text}` : ''}`;
    },
    [campaignId],
  );
  const state = useMemo<SupervisionState>(
    () => ({
      campaigns: campaigns.data ?? [],
      campaignId,
      setCampaignId: (id) =>
        setSearch((params) => {
          if (id) params.set('campaign', id);
          else params.delete('campaign');
          return params;
        }),
      refreshKey,
      refresh,
      href,
    }),
    [campaigns.data, campaignId, setSearch, refreshKey, refresh, href],
  );

  const section = location.pathname.replace(/^\/supervision\/?/, '').split('/')[0] ?? '';
  const activeTab = TABS.some((tab) => tab.key === section) ? section : 'instance';
  return (
    <SupervisionContext.Provider value={state}>
      <App>
        <Card>
          <Flex justify="space-between" align="center" wrap gap={12}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('title')}
            </Typography.Title>
            <Space wrap>
              <Typography.Text>{t('campaign')}</Typography.Text>
              <Select
                aria-label={t('campaign')}
                style={{ minWidth: 260 }}
                value={campaignId ?? ''}
                onChange={(value) => state.setCampaignId(value || undefined)}
                options={[
                  { value: '', label: t('allCampaigns') },
                  ...(campaigns.data ?? []).map((c) => ({
                    value: c.id,
                    label: `${c.name}（${c.scopeName}）`,
                  })),
                ]}
              />
              <Badge
                status="processing"
                text={`${t('live')}${lastUpdate ? ` ${lastUpdate.toLocaleTimeString('zh-CN', { hour12: false })}` : ''}`}
              />
              <Button icon={<ReloadOutlined />} onClick={refresh}>
                {t('refresh')}
              </Button>
            </Space>
          </Flex>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {t('intro')}
          </Typography.Paragraph>
          <Tabs
            activeKey={activeTab}
            onChange={(key) => void navigate(href(key))}
            items={[
              ...TABS.map((tab) => ({ key: tab.key, label: t(tab.label) })),
              ...(activeTab === 'instance' ? [{ key: 'instance', label: t('tabInstance') }] : []),
            ]}
          />
          <Routes>
            <Route index element={<OverviewView />} />
            <Route path="heatmap" element={<HeatmapView />} />
            <Route path="deadlines" element={<DeadlinesView />} />
            <Route path="escalations" element={<EscalationsView />} />
            <Route path="results" element={<ResultsView />} />
            <Route path="instances/:id" element={<InstanceView />} />
          </Routes>
        </Card>
      </App>
    </SupervisionContext.Provider>
  );
}
