import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

export type Language = 'zh' | 'en';

const messages = {
  'app.name': { zh: '述评', en: 'Shuping' },
  'app.subtitle': {
    zh: '党组织书记抓基层党建述职评议考核',
    en: 'Party secretaries’ work-report review',
  },
  'nav.designer': { zh: '流程设计', en: 'Process designer' },
  'nav.inbox': { zh: '我的待办', en: 'My tasks' },
  'nav.supervision': { zh: '督办', en: 'Supervision' },
  'nav.notices': { zh: '公示', en: 'Public notices' },
  'nav.admin': { zh: '管理', en: 'Administration' },
  'lang.switch': { zh: 'English', en: '中文' },
  'page.designer.intro': {
    zh: '用可视化方式设计本县的述职评议流程：点题、述职、点评、提问、测评、公示、整改、问责。',
    en: 'Draw the county’s review process: topics, reports, critique, questions, rating, publicity, rectification, accountability.',
  },
  'page.inbox.intro': {
    zh: '需要您办理的事项，按截止时间排序。',
    en: 'Tasks waiting for you, by deadline.',
  },
  'page.supervision.intro': {
    zh: '逾期环节、督办单与各组织进度一目了然。',
    en: 'Overdue steps, escalations and progress at a glance.',
  },
  'page.notices.intro': {
    zh: '公示期内的承诺、结果与整改情况。',
    en: 'Commitments, results and rectification under publicity.',
  },
  'page.admin.intro': {
    zh: '组织架构、人员与角色、工作日历、审计日志。',
    en: 'Organisation tree, people and roles, working calendar, audit log.',
  },
  'common.empty': { zh: '暂无数据', en: 'Nothing here yet' },
  'login.title': { zh: '登录', en: 'Sign in' },
  'login.username': { zh: '用户名', en: 'Username' },
  'login.password': { zh: '密码', en: 'Password' },
  'login.submit': { zh: '登录', en: 'Sign in' },
  'login.required': { zh: '请填写此项', en: 'Required' },
  'login.wrong': { zh: '用户名或密码错误', en: 'Wrong username or password' },
  'login.locked': {
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed attempts; try again later',
  },
  'login.failed': { zh: '登录失败，请稍后再试', en: 'Sign-in failed; try again later' },
  'nav.logout': { zh: '退出', en: 'Sign out' },
} as const;

export type MessageKey = keyof typeof messages;

interface I18n {
  language: Language;
  setLanguage: (language: Language) => void;
  t: (key: MessageKey) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(
    () => (localStorage.getItem('shuping.language') as Language | null) ?? 'zh',
  );
  const value = useMemo<I18n>(
    () => ({
      language,
      setLanguage: (next) => {
        localStorage.setItem('shuping.language', next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLanguage(next);
      },
      t: (key) => messages[key][language],
    }),
    [language],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const context = useContext(I18nContext);
  if (!context) throw new Error('useI18n outside I18nProvider');
  return context;
}
