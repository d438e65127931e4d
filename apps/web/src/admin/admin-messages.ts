import { useCallback } from 'react';
import { useI18n } from '../i18n';

type Text = { zh: string; en: string };
const t = (zh: string, en: string): Text => ({ zh, en });

/** The administration section's strings, Chinese first. */
export const adminText = {
  title: t('管理', 'Administration'),
  intro: t(
    '本县自行维护组织架构、人员与角色、联系点、工作日历，所有操作记入审计日志。',
    'The county maintains its organisation tree, people and roles, links and working calendar; every action is audited.',
  ),
  tabOrgs: t('组织架构', 'Organisations'),
  tabPeople: t('人员与角色', 'People and roles'),
  tabStandIns: t('代理', 'Stand-ins'),
  tabCalendar: t('工作日历', 'Working calendar'),
  tabAudit: t('审计日志', 'Audit log'),
  tabCounties: t('县区设置', 'Counties'),
  tabAccount: t('我的账户', 'My account'),
  notAdmin: t(
    '您不是县级管理员。可在“我的账户”中修改密码。',
    'You are not a county administrator. You can change your password under “My account”.',
  ),

  // Common
  save: t('保存', 'Save'),
  cancel: t('取消', 'Cancel'),
  confirm: t('确定', 'Confirm'),
  search: t('搜索', 'Search'),
  refresh: t('刷新', 'Refresh'),
  actions: t('操作', 'Actions'),
  name: t('名称', 'Name'),
  code: t('编码', 'Code'),
  kind: t('类型', 'Kind'),
  status: t('状态', 'Status'),
  active: t('正常', 'Active'),
  closed: t('已撤销', 'Closed'),
  none: t('无', 'None'),
  current: t('在任', 'Current'),
  ended: t('已结束', 'Ended'),
  upcoming: t('未开始', 'Upcoming'),
  from: t('自', 'From'),
  to: t('至', 'To'),
  note: t('备注', 'Note'),
  done: t('操作成功', 'Done'),
  required: t('请填写此项', 'Required'),

  // Organisation tree
  searchOrgs: t('搜索组织名称或编码', 'Search name or code'),
  importTree: t('导入组织架构', 'Import organisations'),
  addChild: t('新增下级', 'Add subordinate'),
  rename: t('修改', 'Edit'),
  move: t('移动', 'Move'),
  close: t('撤销', 'Close'),
  reopen: t('恢复', 'Reopen'),
  closeConfirm: t(
    '撤销后该组织不再参加新的述职评议。确定撤销？',
    'A closed organisation joins no new reviews. Close it?',
  ),
  newParent: t('新的上级组织', 'New parent'),
  moveHint: t(
    '整个下级组织树一起移动，相关角色范围与待办随之更新。',
    'The whole subtree moves; role scopes and open tasks follow.',
  ),
  secretary: t('书记', 'Secretary'),
  appointSecretary: t('任命书记', 'Appoint secretary'),
  appointHint: t(
    '任命后原书记的任职即时结束（历史保留），其已认领的待办退回本岗位。',
    'The previous secretary’s post ends now (history is kept); tasks they had claimed return to the post.',
  ),
  person: t('人员', 'Person'),
  pickPerson: t('输入姓名、登录名或手机号搜索', 'Search by name, username or phone'),
  roleHolders: t('任职记录', 'Role holders'),
  links: t('联系点', 'Links'),
  addLink: t('添加联系领导', 'Add linked leader'),
  linkTitle: t('职务', 'Title'),
  linkHint: t(
    '县级领导联系乡镇（街道），乡镇干部联系村（社区）。流程中可将环节交由“联系领导”办理。',
    'County leaders are linked to townships, township cadres to villages. Process steps can go to “the linked leader”.',
  ),
  endLink: t('结束联系', 'End link'),
  path: t('所在位置', 'Location'),
  children: t('下级组织', 'Subordinates'),
  runningReviews: t('进行中的述职评议', 'Running reviews'),
  pickOrg: t('请选择左侧的组织', 'Select an organisation on the left'),
  linkedLeaders: t('联系领导', 'Linked leaders'),

  // Import
  importIntro: t(
    '按模板填写组织编码、名称、类型、上级组织编码及书记信息。上传后先预览，整份文件无误才会导入。',
    'Fill in the template: code, name, kind, parent code and secretary. Upload to preview; nothing is imported unless the whole file is valid.',
  ),
  templateXlsx: t('下载 Excel 模板', 'Download Excel template'),
  templateCsv: t('下载 CSV 模板', 'Download CSV template'),
  chooseFile: t('选择文件（.xlsx 或 .csv）', 'Choose a file (.xlsx or .csv)'),
  previewValid: t('文件检查通过，可以导入', 'The file is valid and can be imported'),
  previewInvalid: t(
    '文件有错误，请修改后重新上传（未导入任何数据）',
    'The file has errors: fix them and upload again (nothing was imported)',
  ),
  rowsCount: t('共 {n} 个组织，{s} 名书记', '{n} organisations, {s} secretaries'),
  doImport: t('确认导入', 'Import'),
  imported: t(
    '已导入 {n} 个组织、{s} 名书记账号',
    'Imported {n} organisations and {s} secretary accounts',
  ),
  issueImported: t('为新账号生成一次性密码并下载', 'Issue one-time passwords and download'),
  issuedDone: t(
    '已生成 {n} 个一次性密码，请妥善分发',
    '{n} one-time passwords issued; hand them out safely',
  ),
  row: t('行', 'Row'),
  column: t('列', 'Column'),
  problem: t('问题', 'Problem'),
  parentCode: t('上级编码', 'Parent code'),
  depth: t('层级', 'Level'),
  errorsTitle: t('错误（{n}）', 'Errors ({n})'),

  // People
  addPerson: t('新增人员', 'Add person'),
  username: t('登录名', 'Username'),
  displayName: t('姓名', 'Name'),
  phone: t('手机号', 'Phone'),
  homeOrg: t('所在组织', 'Organisation'),
  roles: t('角色', 'Roles'),
  accountState: t('账号状态', 'Account'),
  inactive: t('已停用', 'Deactivated'),
  noPassword: t('未开通', 'No password yet'),
  mustChange: t('待改密', 'Must change password'),
  deactivate: t('停用', 'Deactivate'),
  reactivate: t('启用', 'Reactivate'),
  deactivateConfirm: t(
    '停用后该人员无法登录，已登录的会话立即失效。确定停用？',
    'They can no longer log in and their sessions end now. Deactivate?',
  ),
  resetPassword: t('重置密码', 'Reset password'),
  oneTimePassword: t('一次性密码', 'One-time password'),
  otpHint: t(
    '请将此一次性密码当面或电话告知本人，仅显示这一次；首次登录后必须修改。',
    'Give this one-time password to the person directly; it is shown only once and must be changed at first login.',
  ),
  grantRole: t('授予角色', 'Grant role'),
  role: t('角色', 'Role'),
  scope: t('适用范围（组织）', 'Scope (organisation)'),
  raterGroup: t('评议组', 'Rater group'),
  endRole: t('结束', 'End'),
  roleHistory: t('角色与任职历史', 'Roles and history'),
  standIns: t('代理', 'Stand-ins'),
  setStandIn: t('设置代理', 'Set a stand-in'),
  standInPerson: t('代理人', 'Stand-in'),
  absentPerson: t('请假人', 'Absent person'),
  period: t('请假期间', 'Absence'),
  reason: t('事由', 'Reason'),
  standInHint: t(
    '代理期间，代理人获得请假人的角色（可选择部分角色），到期自动结束。',
    'During the period the stand-in holds the absent person’s roles (all or some); it ends by itself.',
  ),
  handOver: t('移交的角色（不选即全部）', 'Roles handed over (none chosen: all)'),
  showPast: t('显示已结束', 'Show ended'),
  sessions: t('在线会话', 'Active sessions'),
  total: t('共 {n} 人', '{n} people'),

  // Calendar
  calendarIntro: t(
    '全国法定节假日与调休来自 chinese-days 数据；本县可另行设置休息日或工作日，按工作日计算的办理期限将随之调整。',
    'National holidays and make-up days come from chinese-days; the county may add days off or working days, which working-day deadlines then use.',
  ),
  nationalHoliday: t('法定节假日', 'Public holiday'),
  nationalWorkday: t('调休上班', 'Make-up working day'),
  countyHoliday: t('本县休息', 'County day off'),
  countyWorkday: t('本县上班', 'County working day'),
  workingDays: t('本年工作日 {n} 天', '{n} working days this year'),
  setDay: t('设置 {d}', 'Set {d}'),
  makeHoliday: t('设为本县休息日', 'Make it a county day off'),
  makeWorkday: t('设为本县工作日', 'Make it a county working day'),
  removeOverride: t('恢复全国日历', 'Back to the national calendar'),
  overrides: t('本县调整', 'County overrides'),
  date: t('日期', 'Date'),
  setBy: t('设置人', 'Set by'),

  // Audit
  auditIntro: t(
    '管理操作与流程状态变更均记录在案，任何人（包括数据库账号）都无法修改或删除。',
    'Admin actions and process state changes are recorded; nobody, not even with database access, can change or delete them.',
  ),
  source: t('来源', 'Source'),
  sourceAll: t('全部', 'All'),
  sourceAdmin: t('管理操作', 'Admin actions'),
  sourceProcess: t('流程状态变更', 'Process changes'),
  actor: t('操作人', 'Who'),
  action: t('操作', 'What'),
  target: t('对象', 'Target'),
  when: t('时间', 'When'),
  detail: t('详情', 'Detail'),
  exportCsv: t('导出 CSV', 'Export CSV'),
  exportXlsx: t('导出 Excel', 'Export Excel'),
  more: t('加载更多', 'Load more'),
  system: t('系统', 'System'),

  // Counties
  countiesIntro: t(
    '省级管理员创建县区并邀请其首位管理员。',
    'Provincial administrators create counties and invite their first administrator.',
  ),
  addCounty: t('新建县区', 'New county'),
  countyName: t('县区名称', 'County name'),
  countyCode: t('县区编码', 'County code'),
  firstAdmin: t('首位管理员', 'First administrator'),
  admins: t('管理员', 'Administrators'),
  inviteAdmin: t('邀请管理员', 'Invite administrator'),
  organisations: t('组织数', 'Organisations'),
  users: t('人数', 'People'),

  // Account
  changePassword: t('修改密码', 'Change password'),
  mustChangeTitle: t('请先修改一次性密码', 'Please replace your one-time password first'),
  mustChangeIntro: t(
    '您正在使用管理员发放的一次性密码。设置自己的新密码后即可继续使用。',
    'You are using a one-time password from your administrator. Set your own password to continue.',
  ),
  currentPassword: t('当前密码', 'Current password'),
  newPassword: t(
    '新密码（至少 8 位，含字母和数字）',
    'New password (8+ characters, letters and digits)',
  ),
  repeatPassword: t('再次输入新密码', 'Repeat the new password'),
  passwordsDiffer: t('两次输入的新密码不一致', 'The new passwords differ'),
  passwordRule: t(
    '至少 8 位，且同时包含字母和数字',
    'At least 8 characters with letters and digits',
  ),
  passwordChanged: t('密码已修改', 'Password changed'),
} as const;

export type AdminTextKey = keyof typeof adminText;

/** Names of audit actions (the stable codes stay visible next to them). */
export const actionLabels: Readonly<Record<string, Text>> = {
  'auth.login': t('登录', 'Log in'),
  'auth.logout': t('退出', 'Log out'),
  'auth.login_failed': t('登录失败', 'Failed login'),
  'account.password_change': t('修改密码', 'Password changed'),
  'account.password_change_failed': t('修改密码失败', 'Password change failed'),
  'org.create': t('新增组织', 'Organisation added'),
  'org.update': t('修改组织', 'Organisation edited'),
  'org.move': t('移动组织', 'Organisation moved'),
  'org.close': t('撤销组织', 'Organisation closed'),
  'org.reopen': t('恢复组织', 'Organisation reopened'),
  'org.import': t('导入组织架构', 'Organisations imported'),
  'org.secretary_appoint': t('任命书记', 'Secretary appointed'),
  'user.create': t('新增人员', 'Person added'),
  'user.update': t('修改人员', 'Person edited'),
  'user.deactivate': t('停用账号', 'Account deactivated'),
  'user.reactivate': t('启用账号', 'Account reactivated'),
  'user.password_issue': t('发放一次性密码', 'One-time password issued'),
  'role.grant': t('授予角色', 'Role granted'),
  'role.end': t('结束角色', 'Role ended'),
  'stand_in.create': t('设置代理', 'Stand-in set'),
  'stand_in.end': t('结束代理', 'Stand-in ended'),
  'link.create': t('添加联系点', 'Link added'),
  'link.end': t('结束联系点', 'Link ended'),
  'calendar.set': t('调整工作日历', 'Calendar day set'),
  'calendar.unset': t('恢复全国日历', 'Calendar day reset'),
  'county.create': t('新建县区', 'County created'),
  'county.admin_invite': t('邀请管理员', 'Administrator invited'),
  'audit.export': t('导出审计日志', 'Audit log exported'),
  'instance.start': t('流程启动', 'Process started'),
  'instance.submit': t('提交办理', 'Step completed'),
  'instance.timer': t('定时触发', 'Timer fired'),
  'instance.timeout': t('超时流转', 'Timed out'),
  'instance.object': t('提出异议', 'Objection raised'),
};

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

/** `t(key, values?)` in the current language. */
export function useAdminText(): {
  t: (key: AdminTextKey, values?: Record<string, string | number>) => string;
  pick: (text: Text) => string;
  language: 'zh' | 'en';
} {
  const { language } = useI18n();
  const t = useCallback(
    (key: AdminTextKey, values?: Record<string, string | number>) =>
      values ? fill(adminText[key][language], values) : adminText[key][language],
    [language],
  );
  const pick = useCallback((text: Text) => text[language], [language]);
  return { t, pick, language };
}
