import { App as AntApp, Card, Menu, Typography } from 'antd';
import type { ComponentType } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/auth-context';
import { AccountSection } from './account-section';
import { useAdminText, type AdminTextKey } from './admin-messages';
import { AuditSection } from './audit-section';
import { CalendarSection } from './calendar-section';
import { CountiesSection } from './counties-section';
import { OrgsSection } from './orgs-section';
import { PeopleSection, StandInsSection } from './people-section';

interface Tab {
  path: string;
  label: AdminTextKey;
  page: ComponentType;
  /** Who sees it: county administrators, provincial administrators, or everyone. */
  audience: 'county' | 'province' | 'everyone';
}

const TABS: Tab[] = [
  { path: 'orgs', label: 'tabOrgs', page: OrgsSection, audience: 'county' },
  { path: 'people', label: 'tabPeople', page: PeopleSection, audience: 'county' },
  { path: 'stand-ins', label: 'tabStandIns', page: StandInsSection, audience: 'county' },
  { path: 'calendar', label: 'tabCalendar', page: CalendarSection, audience: 'county' },
  { path: 'audit', label: 'tabAudit', page: AuditSection, audience: 'county' },
  { path: 'counties', label: 'tabCounties', page: CountiesSection, audience: 'province' },
  { path: 'account', label: 'tabAccount', page: AccountSection, audience: 'everyone' },
];

/** Administration (管理): organisation tree, people and roles, stand-ins, calendar, audit, counties. */
export function AdminPage() {
  const { t } = useAdminText();
  const { me } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const countyAdmin = !!me?.countyId && me.roles.some((r) => r.role === 'county_admin');
  const provinceAdmin = !!me?.roles.some((r) => r.role === 'province_admin');
  const tabs = TABS.filter(
    (tab) =>
      tab.audience === 'everyone' ||
      (tab.audience === 'county' && countyAdmin) ||
      (tab.audience === 'province' && provinceAdmin),
  );
  const current = tabs.find((tab) => location.pathname.startsWith(`/admin/${tab.path}`));
  return (
    <AntApp>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Menu
        mode="horizontal"
        aria-label={t('title')}
        selectedKeys={current ? [current.path] : []}
        onClick={({ key }) => void navigate(`/admin/${key}`)}
        items={tabs.map((tab) => ({ key: tab.path, label: t(tab.label) }))}
        style={{ marginBottom: 16 }}
      />
      {!countyAdmin && !provinceAdmin && (
        <Card style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{t('notAdmin')}</Typography.Text>
        </Card>
      )}
      <Routes>
        <Route index element={<Navigate to={tabs[0].path} replace />} />
        {tabs.map((tab) => (
          <Route key={tab.path} path={`${tab.path}/*`} element={<tab.page />} />
        ))}
        <Route path="*" element={<Navigate to={tabs[0].path} replace />} />
      </Routes>
    </AntApp>
  );
}
