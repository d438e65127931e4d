import { useCallback } from 'react';
import { useI18n } from '../i18n';
import type { CellState } from './supervision-api';

type Text = { zh: string; en: string };
const t = (zh: string, en: string): Text => ({ zh, en });

/** The supervision section's strings, Chinese first. */
export const supervisionText = {
  title: t('督办', 'Supervision'),
  intro: t(
    '逾期环节、督办单与各组织进度一目了然，可直接催办、督办、延期。',
    'Overdue steps, escalations and progress at a glance; urge, escalate or extend from here.',
  ),
  campaign: t('述职评议批次', 'Campaign'),
  allCampaigns: t('全部批次', 'All campaigns'),
  live: t('实时更新', 'Live'),
  refresh: t('刷新', 'Refresh'),
  tabOverview: t('总览', 'Overview'),
  tabHeatmap: t('热力图', 'Heatmap'),
  tabDeadlines: t('逾期与临期', 'Deadlines'),
  tabEscalations: t('督办单', 'Escalations'),
  tabResults: t('考评结果', 'Results'),
  tabInstance: t('流程详情', 'Process'),
  back: t('返回', 'Back'),
  done: t('操作成功', 'Done'),
  failed: t('操作失败', 'Failed'),
  none: t('无', 'None'),
  actions: t('操作', 'Actions'),
  reason: t('理由', 'Reason'),
  reasonRequired: t('请填写理由（至少2个字）', 'Give a reason (at least 2 characters)'),
  confirm: t('确定', 'Confirm'),
  cancel: t('取消', 'Cancel'),
  selectCampaign: t('请先在上方选择一个述职评议批次。', 'Choose a campaign above first.'),

  // Overview
  instances: t('参评组织', 'Organisations'),
  active: t('进行中', 'Active'),
  finished: t('已完成', 'Finished'),
  cancelledInstances: t('已取消', 'Cancelled'),
  openTasks: t('待办环节', 'Open tasks'),
  overdue: t('逾期', 'Overdue'),
  dueSoon: t('24小时内到期', 'Due within 24 h'),
  escalatedTasks: t('已转督办', 'Escalated'),
  onTimeRate: t('按时办结率', 'On-time rate'),
  openEscalations: t('未办结督办单', 'Open escalations'),
  closedEscalations: t('已办结督办单', 'Closed escalations'),
  ballots: t('已收测评票', 'Ballots received'),
  ratingSteps: t('测评环节完成', 'Rating steps done'),
  rectificationItems: t('未完成整改事项', 'Open rectification items'),
  rectificationOpen: t('未完成', 'Open'),
  rectificationDone: t('已完成', 'Done'),
  rectificationVerified: t('已验收', 'Verified'),
  funnel: t('各环节进行中的组织', 'Organisations by current step'),
  taskStates: t('环节办理情况', 'Tasks by state'),
  overdueByTownship: t('逾期环节分布（按乡镇）', 'Overdue tasks by township'),
  onTime: t('按时办结', 'Done on time'),
  late: t('逾期办结', 'Done late'),
  openNotDue: t('办理中', 'In progress'),
  noData: t('暂无数据', 'Nothing yet'),

  // Heatmap
  organisation: t('组织', 'Organisation'),
  heatmapHint: t(
    '行为组织（可逐级展开），列为环节；颜色表示最需关注的状态，点击村（社区）格子查看流程。',
    'Rows are organisations (expand level by level), columns steps; a cell shows the most urgent state. Click a village cell to open its process.',
  ),
  instancesCount: t('{n}个', '{n}'),

  // Deadlines
  township: t('乡镇（街道）', 'Township'),
  step: t('环节', 'Step'),
  stepKind: t('环节类型', 'Step kind'),
  assignee: t('办理人', 'Assignee'),
  unassigned: t('未认领', 'Unclaimed'),
  dueAt: t('截止时间', 'Deadline'),
  remaining: t('剩余时间', 'Time left'),
  stateFilter: t('状态', 'State'),
  all: t('全部', 'All'),
  escalated: t('督办中', 'Escalated'),
  urge: t('催办', 'Urge'),
  urgeSelected: t('批量催办（{n}）', 'Urge selected ({n})'),
  urged: t('已催办{ok}项，{failed}项未成功', 'Urged {ok}, {failed} not'),
  urgeTooSoon: t('刚催办过，请稍后再试', 'Urged a short while ago'),
  escalate: t('督办', 'Escalate'),
  extend: t('延期', 'Extend'),
  reassign: t('转办', 'Reassign'),
  view: t('查看', 'View'),
  lastUrged: t('上次催办', 'Last urged'),
  noDeadline: t('无截止时间', 'No deadline'),
  total: t('共{n}项', '{n} in all'),

  // Dialogs
  escalateTitle: t('督办：{step}', 'Escalate: {step}'),
  escalateNote: t('督办要求', 'Requirement'),
  extendTitle: t('延期：{step}', 'Extend: {step}'),
  newDeadline: t('新的截止时间', 'New deadline'),
  deadlineRequired: t('请选择新的截止时间', 'Choose the new deadline'),
  currentDeadline: t('原截止时间', 'Current deadline'),
  plusDays: t('延{n}天', '+{n} days'),
  reassignTitle: t('转办：{step}', 'Reassign: {step}'),
  reassignTo: t('转给', 'Give to'),
  searchPeople: t('输入姓名或用户名搜索', 'Search by name or username'),
  candidate: t('本环节人员', 'In the step’s roles'),
  personRequired: t('请选择人员', 'Choose a person'),

  // Escalations
  open: t('未办结', 'Open'),
  closed: t('已办结', 'Closed'),
  age: t('已持续', 'Age'),
  owner: t('督办人', 'Owner'),
  openedAt: t('督办时间', 'Opened'),
  openedBy: t('发起', 'Opened by'),
  byLadder: t('系统（逾期升级）', 'System (escalation ladder)'),
  whatWasDone: t('办理情况', 'What was done'),
  closeNote: t('办结说明', 'Closing note'),
  closeEscalation: t('办结', 'Close'),
  closeTitle: t('办结督办单', 'Close the escalation'),
  closeNoteRequired: t('请说明办理结果', 'Say what was done'),
  claim: t('由我督办', 'Take it'),
  taskState: t('环节状态', 'Task'),
  'action.opened': t('发起督办', 'Opened'),
  'action.claimed': t('认领', 'Taken'),
  'action.urged': t('催办', 'Urged'),
  'action.extended': t('延期', 'Extended'),
  'action.reassigned': t('转办', 'Reassigned'),
  'action.moved': t('推进流程', 'Moved on'),
  'action.cancelled': t('取消流程', 'Process cancelled'),
  'action.closed': t('办结', 'Closed'),

  // Results
  rank: t('排名', 'Rank'),
  score: t('得分', 'Score'),
  grade: t('等次', 'Grade'),
  class: t('类别', 'Class'),
  reward: t('奖励比例', 'Reward'),
  consequences: t('结果运用', 'Consequences'),
  explanation: t('说明', 'Explanation'),
  vetoed: t('一票否决', 'Vetoed'),
  boundaryTie: t('同分跨类，请党委研究', 'Tied across a class line'),
  rules: t(
    '在本乡镇（街道）内排名（并列同名次）{classes}；等次与结果运用按评议规则。',
    'Ranked within the township (ties share a rank){classes}; grades and consequences by the review rules.',
  ),
  rulesClasses: t('，按{shares}分类', ', classes {shares}'),
  summary: t(
    '参评{organisations}个，已打分{scored}个，已评定等次{graded}个',
    '{organisations} organisations, {scored} scored, {graded} graded',
  ),
  exportExcel: t('导出Excel', 'Export to Excel'),
  publish: t('发布公示', 'Publish notice'),
  publishTitle: t('发布考评结果公示', 'Publish the results'),
  subject: t('公示事项', 'Subject'),
  subjectDefault: t(
    '{year}年度党组织书记抓基层党建工作述职评议考核结果',
    'Results of the {year} work-report review',
  ),
  organiser: t('发布单位', 'Publisher'),
  organiserDefault: t('中共{county}委组织部', 'Organisation department of {county}'),
  period: t('公示期', 'Period'),
  contact: t('异议受理方式', 'How to object'),
  showScores: t('公示得分', 'Show scores'),
  published: t('公示已发布，公示期至{until}', 'Published until {until}'),
  unscored: t('未打分', 'Not scored'),

  // Instance
  instanceTitle: t('{org} · {campaign}', '{org} · {campaign}'),
  status: t('状态', 'Status'),
  'status.active': t('进行中', 'Active'),
  'status.done': t('已完成', 'Done'),
  'status.cancelled': t('已取消', 'Cancelled'),
  currentStep: t('当前环节', 'Current step'),
  diagram: t('流程图', 'Diagram'),
  tasks: t('环节办理', 'Tasks'),
  history: t('全过程记录', 'History'),
  timers: t('待触发的定时', 'Pending timers'),
  facts: t('考评结果', 'Results so far'),
  opened: t('开始', 'Opened'),
  closedAt: t('办结', 'Finished'),
  completedBy: t('办理人', 'By'),
  onTimeTag: t('按时', 'On time'),
  lateTag: t('逾期', 'Late'),
  timedOut: t('超时流转', 'Timed out'),
  taskOpen: t('办理中', 'Open'),
  taskClaimed: t('已认领', 'Claimed'),
  taskDone: t('已办结', 'Done'),
  taskCancelled: t('已取消', 'Cancelled'),
  actor: t('操作人', 'Actor'),
  system: t('系统', 'System'),
  event: t('事件', 'Event'),
  time: t('时间', 'Time'),
  'purpose.deadline': t('截止', 'Deadline'),
  'purpose.reminder': t('提醒', 'Reminder'),
  'purpose.escalation': t('督办升级', 'Escalation'),
  'purpose.after': t('定时流转', 'Timed transition'),
  'event.START': t('流程启动', 'Started'),
  'event.SUBMIT': t('提交', 'Submitted'),
  'event.TIMER': t('定时触发', 'Timer fired'),
  'event.TIMEOUT': t('超时流转', 'Timed out'),
  'event.OBJECT': t('提出异议', 'Objection'),
  'event.ADMIN_EXTEND_DEADLINE': t('延期', 'Deadline extended'),
  'event.ADMIN_REASSIGN': t('转办', 'Reassigned'),
  'event.ADMIN_CANCEL': t('取消流程', 'Cancelled'),
  'event.SUPERVISION_ESCALATE': t('督办', 'Escalated'),
  adminActions: t('管理操作', 'Administration'),
  moveOn: t('推进到下一环节', 'Move on'),
  moveTitle: t('推进流程', 'Move the process on'),
  moveOption: t('推进方式', 'How'),
  moveTargets: t('可能进入：{targets}', 'May go to: {targets}'),
  cancelInstance: t('取消流程', 'Cancel the process'),
  cancelTitle: t('取消该组织的述职评议流程', 'Cancel this organisation’s process'),
  cancelWarning: t(
    '取消后所有待办环节和定时将终止，且不可恢复。',
    'Every open task and timer ends; this cannot be undone.',
  ),
  factsGrade: t('等次', 'Grade'),
  factsScore: t('得分', 'Score'),
} satisfies Record<string, Text>;

export type SupervisionTextKey = keyof typeof supervisionText;

/** Labels and colours of heatmap cell states. */
export const CELL_STYLE: Record<CellState, { label: Text; color: string; text: string }> = {
  escalated: { label: t('已督办', 'Escalated'), color: '#820014', text: '#fff' },
  overdue: { label: t('逾期', 'Overdue'), color: '#f5222d', text: '#fff' },
  dueSoon: { label: t('即将到期', 'Due soon'), color: '#fa8c16', text: '#fff' },
  open: { label: t('办理中', 'Open'), color: '#1677ff', text: '#fff' },
  doneLate: { label: t('逾期办结', 'Done late'), color: '#fadb14', text: '#000' },
  doneOnTime: { label: t('按时办结', 'Done on time'), color: '#52c41a', text: '#fff' },
  cancelled: { label: t('未进行', 'Skipped'), color: '#d9d9d9', text: '#000' },
};

/** Fills `{name}` placeholders. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? `{${key}}`));
}

/** `t(key, values?)` and `pick(text)` in the current language. */
export function useSupervisionText(): {
  t: (key: SupervisionTextKey, values?: Record<string, string | number>) => string;
  pick: (text: Text | null | undefined) => string;
  has: (key: string) => key is SupervisionTextKey;
  language: 'zh' | 'en';
} {
  const { language } = useI18n();
  const tr = useCallback(
    (key: SupervisionTextKey, values?: Record<string, string | number>) =>
      values ? fill(supervisionText[key][language], values) : supervisionText[key][language],
    [language],
  );
  const pick = useCallback(
    (text: Text | null | undefined) => (text ? text[language] : ''),
    [language],
  );
  const has = useCallback(
    (key: string): key is SupervisionTextKey => Object.hasOwn(supervisionText, key),
    [],
  );
  return { t: tr, pick, has, language };
}
