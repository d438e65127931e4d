import {
  assigneeRoleLabels,
  delayInfo,
  guardInfo,
  parseDuration,
  type AssigneeRule,
  type DelayType,
  type GuardRef,
  type LocalizedText,
} from '@shuping/engine';
import type { DurationUnit } from './forms/form-rules';
import type { TransitionSlot } from './graph/graph.types';

/** The designer's own strings, Chinese first. Pure data and formatting helpers (no React). */

export type Language = 'zh' | 'en';

const t = (zh: string, en: string): LocalizedText => ({ zh, en });

export const ui = {
  title: t('流程设计', 'Process designer'),
  intro: t(
    '用可视化方式设计本县的述职评议流程：拖入步骤、连线、设置办理人和期限，校验无误后发布。',
    'Draw the county’s review process: drag in steps, connect them, set assignees and deadlines, then publish.',
  ),
  definitions: t('本县流程', 'County processes'),
  newDefinition: t('新建流程', 'New process'),
  importJson: t('导入 JSON', 'Import JSON'),
  exportJson: t('导出 JSON', 'Export JSON'),
  open: t('编辑', 'Edit'),
  view: t('查看', 'View'),
  versions: t('版本', 'Versions'),
  name: t('名称', 'Name'),
  key: t('标识', 'Key'),
  latestVersion: t('最新版本', 'Latest version'),
  updatedAt: t('更新时间', 'Updated'),
  actions: t('操作', 'Actions'),
  unpublished: t('未发布', 'Unpublished'),
  versionN: t('第{n}版', 'Version {n}'),
  startFrom: t('从哪里开始', 'Start from'),
  blank: t('空白流程', 'Blank process'),
  template: t('内置模板', 'Built-in template'),
  newId: t('流程标识（英文小写，可用连字符）', 'Process id (lower case, hyphens allowed)'),
  idPattern: t(
    '只能使用小写字母、数字和连字符，如 my-county-review',
    'Lower-case letters, digits and hyphens, e.g. my-county-review',
  ),
  idTaken: t('此标识已被使用，请换一个', 'This id is taken; choose another'),
  nameZh: t('中文名称', 'Chinese name'),
  nameEn: t('英文名称', 'English name'),
  create: t('创建', 'Create'),
  cancel: t('取消', 'Cancel'),
  copySuffix: t('（副本）', ' (copy)'),
  invalidJson: t('文件不是有效的流程定义 JSON', 'The file is not a process definition in JSON'),
  readOnly: t(
    '只读：只有县委组织部和县级管理员可以修改流程',
    'Read only: only the county department and administrators change processes',
  ),
  backToList: t('返回列表', 'Back to the list'),
  save: t('保存草稿', 'Save draft'),
  saved: t('草稿已保存', 'Draft saved'),
  publish: t('发布', 'Publish'),
  published: t('已发布第{n}版', 'Version {n} published'),
  publishBlocked: t('请先解决全部问题再发布', 'Fix every problem before publishing'),
  publishConfirm: t(
    '发布后版本不可修改，确定发布吗？',
    'A published version cannot change. Publish?',
  ),
  unsaved: t('有未保存的修改', 'Unsaved changes'),
  undo: t('撤销 (Ctrl+Z)', 'Undo (Ctrl+Z)'),
  redo: t('重做 (Ctrl+Shift+Z)', 'Redo (Ctrl+Shift+Z)'),
  copy: t('复制 (Ctrl+C)', 'Copy (Ctrl+C)'),
  paste: t('粘贴 (Ctrl+V)', 'Paste (Ctrl+V)'),
  delete: t('删除 (Delete)', 'Delete (Delete)'),
  autoLayout: t('自动布局', 'Auto layout'),
  simulate: t('试运行', 'Dry run'),
  exitSimulation: t('退出试运行', 'Leave the dry run'),
  palette: t('步骤', 'Steps'),
  paletteHint: t('拖到画布上，或选中后按回车添加', 'Drag onto the canvas, or press Enter to add'),
  containers: t('分组', 'Groups'),
  parallel: t('双向并行', 'Two-way (parallel)'),
  parallelHint: t('上级与下级同时述职、测评', 'Both levels report and rate at the same time'),
  compound: t('子流程', 'Sub-process'),
  canvas: t('流程画布', 'Process canvas'),
  issues: t('问题', 'Problems'),
  noIssues: t('未发现问题，可以发布', 'No problems: ready to publish'),
  issuesCount: t('{n} 个问题', '{n} problems'),
  checking: t('校验中…', 'Checking…'),
  process: t('流程属性', 'Process'),
  step: t('步骤属性', 'Step'),
  group: t('分组属性', 'Group'),
  transition: t('连线属性', 'Transition'),
  basics: t('基本信息', 'Basics'),
  stepKey: t('步骤标识', 'Step key'),
  titleZh: t('名称（中文）', 'Title (Chinese)'),
  titleEn: t('名称（英文）', 'Title (English)'),
  descriptionZh: t('说明（中文）', 'Description (Chinese)'),
  descriptionEn: t('说明（英文）', 'Description (English)'),
  kind: t('类型', 'Kind'),
  assignee: t('办理人', 'Assignee'),
  raterGroups: t('评议组', 'Rater groups'),
  deadline: t('办理期限', 'Deadline'),
  noDeadline: t('不限期', 'No deadline'),
  reminders: t('到期前提醒', 'Reminders before the deadline'),
  addReminder: t('添加提醒', 'Add a reminder'),
  escalation: t('超期升级', 'Escalation'),
  escalateTo: t('超期后通知', 'Notify when overdue'),
  grace: t('宽限期', 'Grace period'),
  notifyAfterGrace: t('宽限期满后通知', 'Notify after the grace period'),
  autoAdvance: t('到期自动推进', 'Advance automatically'),
  autoAdvanceAt: t('推进时点', 'When'),
  autoAdvanceEvent: t('发送事件', 'Event sent'),
  atDeadline: t('期限届满时', 'At the deadline'),
  atGrace: t('宽限期满时', 'At the end of grace'),
  settings: t('表单设置', 'Form settings'),
  entryActions: t('进入时动作', 'Actions on entry'),
  exitActions: t('离开时动作', 'Actions on exit'),
  transitionActions: t('连线动作', 'Actions'),
  addAction: t('添加动作', 'Add an action'),
  remove: t('移除', 'Remove'),
  add: t('添加', 'Add'),
  moveUp: t('上移', 'Move up'),
  moveDown: t('下移', 'Move down'),
  outgoing: t('出发连线', 'Outgoing transitions'),
  connectTo: t('连线到…', 'Connect to…'),
  connectHint: t('键盘操作：选择目标步骤即可连线', 'Keyboard: choose a target step to connect'),
  setInitial: t('设为起始步骤', 'Make it the first step'),
  isInitial: t('起始步骤', 'First step'),
  initialChild: t('起始步骤', 'First step'),
  regionsHint: t(
    '并行块中的各分支同时进行，全部完成后沿“完成后”连线继续',
    'The regions run at the same time; when all are done the "when done" transition follows',
  ),
  detached: t(
    '无目标的转移（仅执行动作或记录）',
    'Transitions without a target (actions or records only)',
  ),
  trigger: t('触发方式', 'Trigger'),
  event: t('事件', 'Event'),
  delay: t('延时', 'Delay'),
  condition: t('条件', 'Condition'),
  noCondition: t('无条件（否则）', 'None (otherwise)'),
  negate: t('取反（不满足时）', 'Negate (NOT)'),
  edgeLabel: t('连线标签', 'Label'),
  source: t('来源', 'Source'),
  target: t('目标', 'Target'),
  processId: t('流程标识', 'Process id'),
  subjectLevel: t('评议对象层级', 'Level under review'),
  description: t('说明', 'Description'),
  sourceNote: t('出处', 'Source'),
  deleteRefused: t('无法删除', 'Cannot delete'),
  selectHint: t('选中步骤或连线以编辑其属性', 'Select a step or a transition to edit it'),
  layoutDone: t('已自动布局', 'Laid out'),
  pasted: t('已粘贴 {n} 个步骤', 'Pasted {n} steps'),
  copied: t('已复制 {n} 个步骤', 'Copied {n} steps'),
  importReplace: t(
    '导入后将替换当前草稿（可撤销）',
    'Importing replaces the current draft (undo possible)',
  ),
  imported: t('已导入', 'Imported'),
  loadFailed: t('加载失败', 'Failed to load'),
  notDefinition: t('草稿不是可编辑的流程定义', 'The draft is not an editable definition'),
  // Versions
  versionList: t('已发布版本', 'Published versions'),
  version: t('版本', 'Version'),
  publishedAt: t('发布时间', 'Published'),
  publishedBy: t('发布人', 'By'),
  compare: t('对比', 'Compare'),
  compareHint: t('选择两个版本查看差异', 'Choose two versions to compare'),
  from: t('旧版本', 'From'),
  to: t('新版本', 'To'),
  draft: t('当前草稿', 'Current draft'),
  noVersions: t('尚未发布任何版本', 'No published version yet'),
  added: t('新增', 'Added'),
  removed: t('删除', 'Removed'),
  changed: t('修改', 'Changed'),
  moved: t('移动', 'Moved'),
  noChanges: t('两个版本相同', 'The versions are the same'),
  changedFields: t('变化的字段', 'Changed fields'),
  readOnlyVersion: t('已发布版本（只读）', 'Published version (read only)'),
  // Simulation
  simulation: t('试运行', 'Dry run'),
  simulationInvalid: t('流程还有问题，无法试运行', 'The process has problems; it cannot run'),
  clock: t('模拟时间', 'Simulated time'),
  running: t('进行中', 'Running'),
  finished: t('已结束', 'Finished'),
  restart: t('重新开始', 'Restart'),
  currentSteps: t('当前步骤', 'Current steps'),
  openTasks: t('待办任务', 'Open tasks'),
  due: t('截止', 'Due'),
  noDue: t('不限期', 'No deadline'),
  events: t('可触发事件', 'Events'),
  fireTimer: t('触发下一个定时器', 'Fire the next timer'),
  nextTimer: t('下一个定时器：{what}，{when}', 'Next timer: {what}, {when}'),
  noTimers: t('没有定时器', 'No timers set'),
  log: t('运行记录', 'Log'),
  notHandled: t('（未被接受）', '(not accepted)'),
  effects: t('产生的效果', 'Effects'),
  started: t('开始', 'Start'),
} as const satisfies Record<string, LocalizedText>;

export type UiKey = keyof typeof ui;

/** Labels of the fields of step forms, guard params and action params. */
export const fieldLabels: Record<string, LocalizedText> = {
  categories: t('类别', 'Categories'),
  maxOrganisations: t('最多组织数', 'Maximum organisations'),
  methods: t('调研方式', 'Methods'),
  solicitation: t('征集方式', 'Solicitation'),
  period: t('期限', 'Period'),
  pick: t('选题方式', 'Choice'),
  targetLength: t('目标字数', 'Target length (characters)'),
  sections: t('报告结构', 'Sections'),
  attachments: t('允许附件', 'Attachments'),
  timeLimit: t('发言时限', 'Time limit'),
  order: t('述职顺序', 'Order'),
  audience: t('听取对象', 'Audience'),
  direction: t('方向', 'Direction'),
  perReport: t('逐一点评', 'One critique per report'),
  maxQuestions: t('最多提问数', 'Maximum questions'),
  public: t('公开提问', 'Public'),
  dimensions: t('测评维度', 'Dimensions'),
  grades: t('等次', 'Grades'),
  raterGroups: t('评议组', 'Rater groups'),
  oneBallotPerRater: t('每人一票', 'One ballot per rater'),
  fullMarks: t('满分', 'Full marks'),
  method: t('汇总方法', 'Method'),
  bonusUncapped: t('加分项不设上限', 'Uncapped bonus items'),
  vetoItems: t('一票否决项', 'Veto items'),
  classes: t('分类（等级）', 'Classes'),
  ranking: t('排名', 'Ranking'),
  feedback: t('反馈结果', 'Feedback'),
  archiveToCounty: t('报县委组织部备案', 'Archive with the county'),
  twoWay: t('双向承诺', 'Two-way'),
  ledger: t('台账', 'Ledger'),
  monthlyTasks: t('月任务', 'Monthly tasks'),
  quarterlyGoals: t('季目标', 'Quarterly goals'),
  subject: t('公示内容', 'Subject'),
  channels: t('公示渠道', 'Channels'),
  objections: t('接受异议', 'Objections'),
  rectificationDeadline: t('整改期限', 'Rectification deadline'),
  lists: t('清单', 'Lists'),
  notice: t('下发整改通知单', 'Rectification notice'),
  verifiedBy: t('验收人', 'Verified by'),
  weakAndLax: t('软弱涣散整顿', 'Weak-and-lax rectification'),
  pairedDepartment: t('结对帮包', 'Paired with a department'),
  grounds: t('问责情形', 'Grounds'),
  sanctions: t('处理方式', 'Sanctions'),
  supervisionOrder: t('问责督办单', 'Supervision order'),
  basis: t('依据', 'Basis'),
  outcomes: t('结果运用', 'Outcomes'),
  duration: t('等待时长', 'Duration'),
  reason: t('原因', 'Reason'),
  outcome: t('结束方式', 'Outcome'),
  key: t('标识', 'Key'),
  title: t('名称', 'Title'),
  share: t('占比', 'Share'),
  weight: t('权重', 'Weight'),
  anonymous: t('匿名', 'Anonymous'),
  rewardShare: t('奖励比例', 'Reward share'),
  grade: t('等次', 'Grade'),
  score: t('分数', 'Score'),
  count: t('名次数', 'Count'),
  bottom: t('后几名', 'Bottom N'),
  times: t('连续次数', 'Times'),
  negate: t('取反', 'Negate'),
  step: t('步骤', 'Step'),
  field: t('字段', 'Field'),
  value: t('值', 'Value'),
  tasks: t('任务', 'Tasks'),
  assignee: t('办理人', 'Assignee'),
  to: t('发送给', 'To'),
  message: t('内容', 'Message'),
  label: t('标签', 'Label'),
  deadline: t('期限', 'Deadline'),
  sanction: t('处理方式', 'Sanction'),
};

/** Labels of enum values, by field name. */
export const enumLabels: Record<string, Record<string, LocalizedText>> = {
  direction: {
    downward: t('上述下评（上级评下级）', 'Downward'),
    upward: t('下述上评（下级评上级）', 'Upward'),
  },
  order: {
    superiorFirst: t('先上级后下级', 'Superior first'),
    subordinateFirst: t('先下级后上级', 'Subordinates first'),
    listed: t('按名单顺序', 'As listed'),
  },
  methods: {
    visits: t('走访', 'Visits'),
    records: t('查阅资料', 'Records'),
    memberOpinions: t('听取党员意见', "Members' opinions"),
    massesOpinions: t('听取群众意见', "Masses' opinions"),
    symposium: t('座谈会', 'Symposium'),
  },
  solicitation: {
    publicSolicitation: t('公开征集', 'Public solicitation'),
    visits: t('走访', 'Visits'),
    symposium: t('座谈会', 'Symposium'),
    selfCheck: t('自查', 'Self-check'),
  },
  pick: {
    mostSupported: t('呼声最高', 'Most supported'),
    committeeChoice: t('党委确定', 'Committee choice'),
  },
  method: {
    gradeMajority: t('等次多数', 'Grade majority'),
    weightedGrades: t('加权等次', 'Weighted grades'),
    hundredPointScore: t('百分制打分', '100-point score'),
  },
  subject: {
    commitments: t('承诺', 'Commitments'),
    results: t('结果', 'Results'),
    ratings: t('测评情况', 'Ratings'),
    rectification: t('整改情况', 'Rectification'),
    accountability: t('问责情况', 'Accountability'),
    topics: t('议题', 'Topics'),
  },
  channels: {
    smartPartyPlatform: t('智慧党建平台', 'Smart party platform'),
    governmentWebsite: t('政府网站', 'Government website'),
    radioTv: t('广播电视', 'Radio and TV'),
    villageBoard: t('村务公开栏', 'Village board'),
    wechat: t('微信', 'WeChat'),
    meeting: t('会议', 'Meeting'),
  },
  lists: {
    problems: t('问题清单', 'Problems'),
    responsibilities: t('责任清单', 'Responsibilities'),
    actions: t('整改清单', 'Actions'),
  },
  grounds: { errors: t('乱作为', 'Errors'), inaction: t('不作为', 'Inaction') },
  sanctions: {
    writtenSelfExamination: t('书面检查', 'Written self-examination'),
    publicApology: t('公开道歉', 'Public apology'),
    circulatedCriticism: t('通报批评', 'Circulated criticism'),
    admonishment: t('诫勉谈话', 'Admonishment'),
    transfer: t('调离岗位', 'Transfer'),
    removal: t('免职', 'Removal'),
    demotion: t('降职', 'Demotion'),
  },
  outcomes: {
    annualAssessment: t('年度考核', 'Annual assessment'),
    excellentEligibility: t('评优资格', 'Eligible for excellence'),
    promotion: t('提拔使用', 'Promotion'),
    demotion: t('降职', 'Demotion'),
    reward: t('奖励', 'Reward'),
    upgrade: t('晋档升级', 'Upgrade'),
    cadreSelection: t('干部选拔', 'Cadre selection'),
    commendation: t('表彰', 'Commendation'),
    civilServantAssessment: t('公务员考核', 'Civil-servant assessment'),
    archive: t('归档', 'Archive'),
  },
  outcome: {
    completed: t('完成', 'Completed'),
    archived: t('归档', 'Archived'),
    cancelled: t('取消', 'Cancelled'),
  },
  subjectLevel: {
    county: t('县', 'County'),
    township: t('乡镇（街道）', 'Township'),
    village: t('村（社区）', 'Village'),
    department: t('县直部门', 'Department'),
  },
};
enumLabels['sanction'] = enumLabels['sanctions'];

/** Names of the fields a version diff reports. */
export const diffFieldLabels: Record<string, LocalizedText> = {
  'meta.title': t('名称', 'title'),
  'meta.description': t('说明', 'description'),
  'meta.kind': t('类型', 'kind'),
  'meta.assignee': t('办理人', 'assignee'),
  'meta.deadline': t('办理期限', 'deadline'),
  'meta.reminders': t('提醒', 'reminders'),
  'meta.escalation': t('超期升级', 'escalation'),
  'meta.form': t('表单设置', 'form settings'),
  transitions: t('连线', 'transitions'),
  entry: t('进入时动作', 'entry actions'),
  exit: t('离开时动作', 'exit actions'),
  type: t('状态类型', 'state type'),
  initial: t('起始步骤', 'first step'),
  name: t('流程名称', 'process name'),
  description: t('流程说明', 'process description'),
  subjectLevel: t('评议对象层级', 'level under review'),
  source: t('出处', 'source'),
  'machine.initial': t('起始步骤', 'first step'),
};

/** Words of the dry run's log (engine effect vocabularies). */
export const effectLabels: Record<string, LocalizedText> = {
  deadline: t('期限', 'deadline'),
  reminder: t('提醒', 'reminder'),
  escalation: t('宽限期满', 'end of grace'),
  after: t('定时', 'timer'),
  completed: t('已完成', 'completed'),
  timedOut: t('已超时', 'timed out'),
  cancelled: t('已取消', 'cancelled'),
  overdue: t('逾期', 'overdue'),
  escalated: t('升级督办', 'escalated'),
  action: t('通知', 'notice'),
  resultRecorded: t('记录结果', 'result recorded'),
  noticePublished: t('发布公示', 'notice published'),
  rectificationOpened: t('下发整改', 'rectification opened'),
  supervisionOrderIssued: t('下发问责督办单', 'supervision order issued'),
  objectionRaised: t('收到异议', 'objection raised'),
};

/** Well-known events. */
export const eventLabels: Record<string, LocalizedText> = {
  SUBMIT: t('提交', 'Submit'),
  TIMEOUT: t('超时', 'Timeout'),
  OBJECT: t('异议', 'Objection'),
  CANCEL: t('取消', 'Cancel'),
  REVIEW: t('复核', 'Review'),
};

export const unitLabels: Record<DurationUnit, LocalizedText> = {
  minutes: t('分钟', 'minutes'),
  hours: t('小时', 'hours'),
  days: t('天', 'days'),
  workingDays: t('个工作日', 'working days'),
  weeks: t('周', 'weeks'),
  months: t('个月', 'months'),
};

export const nodeTypeLabels = {
  parallel: t('并行', 'Parallel'),
  compound: t('子流程', 'Sub-process'),
  start: t('开始', 'Start'),
  history: t('历史', 'History'),
  end: t('结束', 'End'),
} as const;

/** Picks one language of a bilingual text. */
export function pick(text: LocalizedText | undefined, language: Language): string {
  return text ? text[language] : '';
}

/** Fills `{name}` placeholders. */
export function format(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

/** A duration for people: `3个工作日`, `8分钟`, `1天2小时`. */
export function describeDuration(text: string | undefined, language: Language): string {
  if (!text) return '';
  const d = parseDuration(text);
  if (!d) return text;
  if (d.kind === 'workingDays') {
    return language === 'zh' ? `${d.days}个工作日` : `${d.days} working days`;
  }
  const parts: [number, string, string][] = [
    [d.years, '年', 'y'],
    [d.months, '个月', 'mo'],
    [d.weeks, '周', 'w'],
    [d.days, '天', 'd'],
    [d.hours, '小时', 'h'],
    [d.minutes, '分钟', 'min'],
    [d.seconds, '秒', 's'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, zh, en]) => (language === 'zh' ? `${n}${zh}` : `${n} ${en}`))
    .join(language === 'zh' ? '' : ' ');
}

/** An assignee rule for people: `上级党委书记`, `评议人（按组）：partyMembers、massesReps`. */
export function describeAssignee(
  rule: AssigneeRule | undefined,
  language: Language,
  groupTitles?: ReadonlyMap<string, LocalizedText>,
): string {
  if (!rule) return '';
  const label = pick(assigneeRoleLabels[rule.role], language);
  if (rule.role !== 'raters') return label;
  const groups = rule.groups.map((g) => pick(groupTitles?.get(g), language) || g);
  return `${language === 'zh' ? '评议组' : 'Raters'}: ${groups.join(language === 'zh' ? '、' : ', ')}`;
}

/** A delay key for people: a catalogue delay's label or a duration. */
export function describeDelay(delay: string, language: Language): string {
  const info = (delayInfo as Record<string, { label: LocalizedText } | undefined>)[
    delay as DelayType
  ];
  return info ? pick(info.label, language) : describeDuration(delay, language);
}

/** The trigger of a transition: `提交`, `自动`, `3个工作日后`, `完成后`. */
export function describeSlot(slot: TransitionSlot, language: Language): string {
  switch (slot.kind) {
    case 'on':
      return pick(eventLabels[slot.event], language) || slot.event;
    case 'always':
      return language === 'zh' ? '自动' : 'Always';
    case 'after':
      return language === 'zh'
        ? `${describeDelay(slot.delay, language)}后`
        : `After ${describeDelay(slot.delay, language)}`;
    case 'onDone':
      return language === 'zh' ? '完成后' : 'When done';
  }
}

/** A guard for people: `等次不高于 一般`, `非：有异议`. */
export function describeGuard(guard: GuardRef | undefined, language: Language): string {
  if (!guard) return '';
  const label = pick(guardInfo[guard.type].label, language);
  const params = { ...(guard.params ?? {}) } as Record<string, unknown>;
  const negate = params['negate'] === true;
  delete params['negate'];
  const values = Object.entries(params).map(([k, v]) =>
    typeof v === 'number' && k === 'share' ? `${Math.round(v * 100)}%` : String(v),
  );
  const text = [label, ...values].join(' ');
  return negate ? (language === 'zh' ? `非：${text}` : `NOT ${text}`) : text;
}

/** Label of a form field, falling back to its name. */
export function fieldLabel(name: string, language: Language): string {
  return pick(fieldLabels[name], language) || name;
}

/** Label of an enum value of a field, falling back to the value. */
export function enumLabel(field: string, value: string, language: Language): string {
  return pick(enumLabels[field]?.[value], language) || value;
}
