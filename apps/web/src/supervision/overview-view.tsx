import { Alert, Card, Col, Empty, Row, Spin, Statistic } from 'antd';
import { lazy, Suspense, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { supervisionApi } from './supervision-api';
import { useLoad, useSupervision } from './supervision-context';
import { funnelOption, statesOption, townshipOption } from './overview-charts';
import { CELL_STYLE, useSupervisionText } from './supervision-messages';

// ECharts is large: it loads with the first chart, not with the app.
const Chart = lazy(() => import('./supervision-chart'));

function LazyChart({ option }: { option: object }) {
  return (
    <Suspense fallback={<Spin />}>
      <Chart option={option} height={300} />
    </Suspense>
  );
}

function Stat({
  id,
  title,
  value,
  suffix,
  color,
  onClick,
}: {
  id: string;
  title: string;
  value: ReactNode;
  suffix?: string;
  color?: string;
  onClick?: () => void;
}) {
  return (
    <Col xs={12} md={8} xl={6}>
      <Card
        size="small"
        hoverable={!!onClick}
        onClick={onClick}
        data-testid={`stat-${id}`}
        style={{ height: '100%' }}
      >
        <Statistic
          title={title}
          value={value as number}
          suffix={suffix}
          valueStyle={color ? { color } : undefined}
        />
      </Card>
    </Col>
  );
}

/** Counts at a glance and three charts; every number is an aggregate query on the server. */
export function OverviewView() {
  const { t, pick } = useSupervisionText();
  const { campaignId, refreshKey, href } = useSupervision();
  const navigate = useNavigate();
  const { data, loading, error } = useLoad(
    () => supervisionApi.overview(campaignId),
    [campaignId, refreshKey],
  );
  if (error) return <Alert type="error" showIcon message={error.message} />;
  if (!data) return <Spin />;
  const go = (path: string, params?: Record<string, string>) => () =>
    void navigate(href(path, params));
  const rate = data.tasks.onTimeRate === null ? '—' : (data.tasks.onTimeRate * 100).toFixed(1);
  return (
    <Spin spinning={loading} delay={300}>
      <Row gutter={[12, 12]}>
        <Stat
          id="instances"
          title={t('instances')}
          value={data.instances.total}
          suffix={`/ ${t('active')} ${data.instances.active}`}
        />
        <Stat id="open" title={t('openTasks')} value={data.tasks.open} />
        <Stat
          id="overdue"
          title={t('overdue')}
          value={data.tasks.overdue}
          color={data.tasks.overdue > 0 ? CELL_STYLE.overdue.color : undefined}
          onClick={go('deadlines', { state: 'overdue' })}
        />
        <Stat
          id="due-soon"
          title={t('dueSoon')}
          value={data.tasks.dueSoon}
          color={data.tasks.dueSoon > 0 ? CELL_STYLE.dueSoon.color : undefined}
          onClick={go('deadlines', { state: 'dueSoon' })}
        />
        <Stat id="on-time" title={t('onTimeRate')} value={rate} suffix={rate === '—' ? '' : '%'} />
        <Stat
          id="escalations"
          title={t('openEscalations')}
          value={data.escalations.open}
          suffix={`/ ${t('closedEscalations')} ${data.escalations.closed}`}
          color={data.escalations.open > 0 ? CELL_STYLE.escalated.color : undefined}
          onClick={go('escalations')}
        />
        <Stat
          id="ballots"
          title={t('ballots')}
          value={data.ballots.received}
          suffix={`/ ${t('ratingSteps')} ${data.ballots.ratingTasks.done}/${data.ballots.ratingTasks.total}`}
        />
        <Stat
          id="rectification"
          title={t('rectificationItems')}
          value={data.rectification.items.open}
          suffix={`/ ${t('rectificationDone')} ${data.rectification.items.done + data.rectification.items.verified}`}
        />
      </Row>
      <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
        <Col xs={24} xl={10}>
          <Card size="small" title={t('funnel')}>
            {data.funnel.length === 0 ? (
              <Empty description={t('noData')} />
            ) : (
              <LazyChart option={funnelOption(data, pick)} />
            )}
          </Card>
        </Col>
        <Col xs={24} md={12} xl={7}>
          <Card size="small" title={t('taskStates')}>
            <LazyChart option={statesOption(data, t)} />
          </Card>
        </Col>
        <Col xs={24} md={12} xl={7}>
          <Card size="small" title={t('overdueByTownship')}>
            {data.overdueByTownship.length === 0 ? (
              <Empty description={t('noData')} />
            ) : (
              <LazyChart option={townshipOption(data)} />
            )}
          </Card>
        </Col>
      </Row>
    </Spin>
  );
}
