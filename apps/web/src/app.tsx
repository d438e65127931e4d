import {
  ApartmentOutlined,
  AuditOutlined,
  InboxOutlined,
  NotificationOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import { Button, ConfigProvider, Layout, Menu, Space, Typography } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { I18nProvider, useI18n, type MessageKey } from './i18n';
import { SectionPage } from './pages/section-page';

const sections: { path: string; label: MessageKey; intro: MessageKey; icon: React.ReactNode }[] = [
  {
    path: '/designer',
    label: 'nav.designer',
    intro: 'page.designer.intro',
    icon: <ApartmentOutlined />,
  },
  { path: '/inbox', label: 'nav.inbox', intro: 'page.inbox.intro', icon: <InboxOutlined /> },
  {
    path: '/supervision',
    label: 'nav.supervision',
    intro: 'page.supervision.intro',
    icon: <AuditOutlined />,
  },
  {
    path: '/notices',
    label: 'nav.notices',
    intro: 'page.notices.intro',
    icon: <NotificationOutlined />,
  },
  { path: '/admin', label: 'nav.admin', intro: 'page.admin.intro', icon: <SettingOutlined /> },
];

function Shell() {
  const { t, language, setLanguage } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const selected = sections.find((s) => location.pathname.startsWith(s.path))?.path ?? '/inbox';
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
          items={sections.map((s) => ({ key: s.path, icon: s.icon, label: t(s.label) }))}
        />
        <Button onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}>
          {t('lang.switch')}
        </Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>
        <Routes>
          <Route path="/" element={<Navigate to="/inbox" replace />} />
          {sections.map((s) => (
            <Route
              key={s.path}
              path={`${s.path}/*`}
              element={<SectionPage title={s.label} intro={s.intro} />}
            />
          ))}
          <Route path="*" element={<Navigate to="/inbox" replace />} />
        </Routes>
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
        <Shell />
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
