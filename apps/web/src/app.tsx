import {
  ApartmentOutlined,
  AuditOutlined,
  InboxOutlined,
  NotificationOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { Button, ConfigProvider, Layout, Menu, Space, Spin, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { SUPERVISION_VIEWER_ROLES } from '@shuping/contracts';
import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { PasswordChangeGate } from './admin/account-section';
import { AdminPage } from './admin/admin-page';
import { AuthProvider, useAuth } from './auth/auth-context';
import { LoginPage } from './auth/login-page';
import { I18nProvider, useI18n, type MessageKey } from './i18n';
import { InboxPage } from './inbox/inbox-page';
import { NoticesPage } from './notices/notices-page';
import { SupervisionPage } from './supervision/supervision-page';

// The designer (React Flow, ELK) loads on first visit only.
const DesignerPage = lazy(() =>
  import('./designer/designer-page').then((m) => ({ default: m.DesignerPage })),
);

interface Section {
  path: string;
  label: MessageKey;
  icon: ReactNode;
  page: ComponentType;
  /** Readable without logging in (public notices). */
  public?: boolean;
  /**
   * Shown in the navigation to holders of these roles only (the api decides what each may do;
   * a village secretary or a rater has nothing to design or supervise). Absent: to everyone.
   */
  roles?: string[];
}

/** Who the process designer is for: county staff, who edit, and the secretaries above villages. */
const DESIGNER_ROLES = ['county_admin', 'org_department', 'supervisor', 'township_secretary'];

const sections: Section[] = [
  {
    path: '/designer',
    label: 'nav.designer',
    icon: <ApartmentOutlined />,
    page: DesignerPage,
    roles: DESIGNER_ROLES,
  },
  { path: '/inbox', label: 'nav.inbox', icon: <InboxOutlined />, page: InboxPage },
  {
    path: '/supervision',
    label: 'nav.supervision',
    icon: <AuditOutlined />,
    page: SupervisionPage,
    roles: [...SUPERVISION_VIEWER_ROLES],
  },
  {
    path: '/notices',
    label: 'nav.notices',
    icon: <NotificationOutlined />,
    page: NoticesPage,
    public: true,
  },
  { path: '/admin', label: 'nav.admin', icon: <SettingOutlined />, page: AdminPage },
];

function Shell() {
  const { t, language, setLanguage } = useI18n();
  const { me, loading, logout, hasRole } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const current = sections.find((s) => location.pathname.startsWith(s.path));
  const selected = current?.path ?? '/inbox';
  const mustLogin = !loading && !me && !current?.public;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 16 }}>
        <Space align="baseline">
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            {t('app.name')}
          </Typography.Title>
          <Typography.Text style={{ color: 'rgba(255,255,255,0.65)' }}>
            {t('app.subtitle')}
          </Typography.Text>
        </Space>
        <Menu
          theme="dark"
          mode="horizontal"
          aria-label={language === 'zh' ? '主导航' : 'Main navigation'}
          selectedKeys={[selected]}
          style={{ flex: 1, minWidth: 0 }}
          onClick={({ key }) => void navigate(key)}
          items={sections
            .filter((s) => !s.roles || hasRole(...s.roles) || s.path === current?.path)
            .map((s) => ({ key: s.path, icon: s.icon, label: t(s.label) }))}
        />
        {me && (
          <Space>
            <Typography.Text style={{ color: '#fff' }}>{me.displayName}</Typography.Text>
            <Button size="small" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Space>
        )}
        <Button size="small" onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
          {t('lang.switch')}
        </Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        {loading ? (
          <Spin />
        ) : mustLogin ? (
          <LoginPage />
        ) : (
          <PasswordChangeGate>
            <Routes>
              <Route path="/" element={<Navigate to="/inbox" replace />} />
              {sections.map((s) => (
                <Route
                  key={s.path}
                  path={`${s.path}/*`}
                  element={
                    <Suspense fallback={<Spin />}>
                      <s.page />
                    </Suspense>
                  }
                />
              ))}
              <Route path="*" element={<Navigate to="/inbox" replace />} />
            </Routes>
          </PasswordChangeGate>
        )}
      </Layout.Content>
    </Layout>
  );
}

function Themed() {
  const { language } = useI18n();
  return (
    <ConfigProvider
      locale={language === 'zh' ? zhCN : enUS}
      theme={{ token: { colorPrimary: '#c8102e' } }}
    >
      <BrowserRouter>
        <AuthProvider>
          <Shell />
        </AuthProvider>
      </BrowserRouter>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <I18nProvider>
      <Themed />
    </I18nProvider>
  );
}
