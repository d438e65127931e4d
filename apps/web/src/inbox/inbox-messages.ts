import { stepKindCatalogue, type StepKind } from '@shuping/engine';
import { useI18n } from '../i18n';

/** The inbox's own strings, Chinese first. */
const messages = {
  title: { zh: '我的待办', en: 'My tasks' },
  'tab.open': { zh: '待办', en: 'To do' },
  'tab.done': { zh: '已办', en: 'Done' },
  'tab.copied': { zh: '抄送我的', en: 'Copied to me' },
  search: { zh: '搜索组织、环节、活动', en: 'Search organisation, step, campaign' },
  filters: { zh: '筛选与视图', en: 'Filters and views' },
  'filter.kind': { zh: '环节类型', en: 'Step kind' },
  'filter.campaign': { zh: '述评活动', en: 'Campaign' },
  'filter.overdue': { zh: '只看逾期', en: 'Overdue only' },
  'sort.due': { zh: '按截止时间', en: 'By deadline' },
  'sort.opened': { zh: '按到达时间', en: 'Newest first' },
  'sort.org': { zh: '按组织', en: 'By organisation' },
  'sort.kind': { zh: '按环节', en: 'By step' },
  'views.save': { zh: '保存为视图', en: 'Save view' },
  'views.name': { zh: '视图名称', en: 'View name' },
  'views.placeholder': { zh: '我的视图', en: 'My views' },
  'views.delete': { zh: '删除视图', en: 'Delete view' },
  'bulk.claim': { zh: '批量认领', en: 'Claim selected' },
  'bulk.complete': { zh: '批量办结', en: 'Complete selected' },
  'bulk.onlySame': {
    zh: '批量办结仅适用于同时选择的“结果运用”环节',
    en: 'Bulk completion is for result-application tasks only',
  },
  'bulk.result': { zh: '成功 {ok} 件，失败 {failed} 件', en: '{ok} done, {failed} failed' },
  overdue: { zh: '已逾期', en: 'Overdue' },
  escalated: { zh: '已督办', en: 'Escalated' },
  due: { zh: '截止', en: 'Due' },
  noDue: { zh: '无截止时间', en: 'No deadline' },
  claimable: { zh: '待认领', en: 'To claim' },
  'via.standIn': { zh: '代理', en: 'Stand-in' },
  'via.delegate': { zh: '委派给我', en: 'Delegated to me' },
  'via.coHandler': { zh: '请我加签', en: 'Co-sign' },
  'via.copy': { zh: '抄送', en: 'Copy' },
  'via.subject': { zh: '本组织', en: 'My organisation' },
  'via.overseer': { zh: '下级', en: 'Subordinate' },
  'via.done': { zh: '已办', en: 'Done' },
  open: { zh: '办理', en: 'Open' },
  claim: { zh: '认领', en: 'Claim' },
  submit: { zh: '提交', en: 'Submit' },
  saveDraft: { zh: '保存草稿', en: 'Save draft' },
  draftSaved: { zh: '草稿已保存', en: 'Draft saved' },
  submitted: { zh: '已提交，流程已推进', en: 'Submitted: the process moved on' },
  formErrors: { zh: '请按提示修改后再提交', en: 'Please fix the marked fields' },
  back: { zh: '返回列表', en: 'Back to the list' },
  'action.transfer': { zh: '转办', en: 'Transfer' },
  'action.delegate': { zh: '委派', en: 'Delegate' },
  'action.resolve': { zh: '委派办结', en: 'Hand back' },
  'action.coHandler': { zh: '加签', en: 'Add co-handler' },
  'action.coSign': { zh: '会签', en: 'Co-sign' },
  'action.copy': { zh: '抄送', en: 'Copy to' },
  'action.sendBack': { zh: '退回', en: 'Send back' },
  'action.urge': { zh: '催办', en: 'Urge' },
  'action.print': { zh: '打印/下载PDF', en: 'Print (PDF)' },
  'action.done': { zh: '操作成功', en: 'Done' },
  person: { zh: '人员', en: 'Person' },
  people: { zh: '人员（可多选）', en: 'People' },
  note: { zh: '说明', en: 'Note' },
  reason: { zh: '退回理由', en: 'Reason' },
  opinion: { zh: '会签意见', en: 'Opinion' },
  agree: { zh: '同意', en: 'Agree' },
  disagree: { zh: '不同意', en: 'Disagree' },
  searchPeople: { zh: '输入姓名或用户名搜索', en: 'Type a name to search' },
  'tab.form': { zh: '办理', en: 'Form' },
  'tab.diagram': { zh: '流程图', en: 'Diagram' },
  'tab.history': { zh: '流转记录', en: 'History' },
  'tab.people': { zh: '参与人', en: 'People' },
  campaign: { zh: '述评活动', en: 'Campaign' },
  org: { zh: '组织', en: 'Organisation' },
  kind: { zh: '环节', en: 'Step' },
  status: { zh: '状态', en: 'Status' },
  assignee: { zh: '办理人', en: 'Assignee' },
  'status.open': { zh: '待办', en: 'Open' },
  'status.claimed': { zh: '办理中', en: 'Claimed' },
  'status.done': { zh: '已完成', en: 'Done' },
  'status.cancelled': { zh: '已取消', en: 'Cancelled' },
  readOnly: {
    zh: '您可以查看本环节，但不是办理人。',
    en: 'You can read this step but do not act on it.',
  },
  submittedData: { zh: '已提交的内容', en: 'Submitted data' },
  history: { zh: '流程流转', en: 'Process history' },
  actions: { zh: '办理记录', en: 'Actions' },
  'standIns.title': { zh: '外出代理', en: 'Out of office' },
  'standIns.intro': {
    zh: '外出期间由代理人持有您的角色、查看并办理您的待办（测评票除外）。',
    en: 'While you are away a stand-in holds your roles and sees your tasks (not your ballots).',
  },
  'standIns.person': { zh: '代理人', en: 'Stand-in' },
  'standIns.period': { zh: '代理期间', en: 'Period' },
  'standIns.add': { zh: '设置代理', en: 'Set a stand-in' },
  'standIns.end': { zh: '结束代理', en: 'End' },
  'standIns.forMe': { zh: '为我代理', en: 'Standing in for me' },
  'standIns.forOthers': { zh: '我代理他人', en: 'I stand in for' },
  'standIns.current': { zh: '进行中', en: 'Current' },
  'standIns.none': { zh: '暂无代理', en: 'No stand-ins' },
  empty: { zh: '暂无待办事项', en: 'Nothing to do' },
  diagramMissing: { zh: '流程图暂不可用，以下为环节列表', en: 'Diagram unavailable; steps below' },
  refresh: { zh: '刷新', en: 'Refresh' },
} as const;

export type InboxMessageKey = keyof typeof messages;

/** `t(key, { n: 1 })` fills `{n}` placeholders. */
export function useInboxText(): {
  t: (key: InboxMessageKey, values?: Record<string, string | number>) => string;
  zh: boolean;
  kindLabel: (kind: string) => string;
} {
  const { language } = useI18n();
  return {
    zh: language === 'zh',
    t: (key, values) => {
      let text: string = messages[key][language];
      for (const [k, v] of Object.entries(values ?? {})) text = text.replace(`{${k}}`, String(v));
      return text;
    },
    kindLabel: (kind) =>
      (stepKindCatalogue as Record<string, { label: { zh: string; en: string } } | undefined>)[
        kind as StepKind
      ]?.label[language] ?? kind,
  };
}

/** Due time in China time, short. */
export function formatTime(iso: string | null, zh: boolean): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(zh ? 'zh-CN' : 'en-GB', {
    timeZone: 'Asia/Shanghai',
    hour12: false,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
}
