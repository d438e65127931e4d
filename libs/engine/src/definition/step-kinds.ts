import type { LocalizedText } from './common.schema.js';

/** Every step kind of the designer, in the order a review usually runs. */
export const STEP_KINDS = [
  'nominate',
  'investigate',
  'topicSelection',
  'reportWriting',
  'speaking',
  'critique',
  'questioning',
  'rating',
  'aggregation',
  'commitment',
  'publicity',
  'talk',
  'rectification',
  'accountability',
  'resultApplication',
  'decision',
  'wait',
  'end',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Kind of a compound or parallel container state (a frame on the canvas, not a step). */
export const GROUP_KIND = 'group';
export type NodeKind = StepKind | typeof GROUP_KIND;

/** What the catalogue says about a step kind. */
export interface StepKindInfo {
  readonly label: LocalizedText;
  /** Human steps open a task for an assignee and need an assignee rule. */
  readonly human: boolean;
  readonly description: LocalizedText;
}

/** Labels and nature of every step kind (the designer's palette). */
export const stepKindCatalogue: Readonly<Record<StepKind, StepKindInfo>> = {
  nominate: {
    label: { zh: '党委点名', en: 'Nominate' },
    human: true,
    description: {
      zh: '党委按类别选定述职对象',
      en: 'The committee picks the reporting organisations by category',
    },
  },
  investigate: {
    label: { zh: '调研', en: 'Investigate' },
    human: true,
    description: {
      zh: '走访、查阅资料、听取党员群众意见',
      en: "Visits, record checks, members' and masses' opinions",
    },
  },
  topicSelection: {
    label: { zh: '群众点题', en: 'Topic selection' },
    human: true,
    description: {
      zh: '公开征集议题、分类梳理、选定呼声最高的题目',
      en: 'Public solicitation of topics; classify; pick the most demanded',
    },
  },
  reportWriting: {
    label: { zh: '撰写述职报告', en: 'Report writing' },
    human: true,
    description: {
      zh: '履职情况、问题与原因、下步措施各占约三分之一',
      en: 'Performance, problems and causes, next measures: about a third each',
    },
  },
  speaking: {
    label: { zh: '述职', en: 'Speaking' },
    human: true,
    description: { zh: '会议现场述职，严格控制时间', en: 'Report at the meeting, hard time limit' },
  },
  critique: {
    label: { zh: '点评', en: 'Critique' },
    human: true,
    description: {
      zh: '上级（或双向时下级）逐一点评',
      en: 'Superior (or, two-way, subordinates) comment',
    },
  },
  questioning: {
    label: { zh: '提问', en: 'Questioning' },
    human: true,
    description: { zh: '现场提问与回答', en: 'On-site questions and answers' },
  },
  rating: {
    label: { zh: '测评', en: 'Rating' },
    human: true,
    description: {
      zh: '按维度评定好、较好、一般、差四个等次',
      en: 'Four grades 好 / 较好 / 一般 / 差 per dimension',
    },
  },
  aggregation: {
    label: { zh: '汇总排队', en: 'Aggregation & ranking' },
    human: true,
    description: {
      zh: '汇总测评与打分，排名分类并反馈',
      en: 'Combine ratings and scores, rank, classify, feed back',
    },
  },
  commitment: {
    label: { zh: '承诺', en: 'Commitment' },
    human: true,
    description: {
      zh: '签订承诺，建立月任务、季目标台账',
      en: 'Sign commitments; ledger of monthly tasks and quarterly goals',
    },
  },
  publicity: {
    label: { zh: '公示', en: 'Publicity' },
    human: false,
    description: {
      zh: '在平台公示一段时间，接受异议',
      en: 'Published for a period on the platform; objections accepted',
    },
  },
  talk: {
    label: { zh: '约谈', en: 'Talk' },
    human: true,
    description: {
      zh: '对一般、差等次的约谈并限期整改',
      en: 'Formal talk for 一般 / 差, with a deadline',
    },
  },
  rectification: {
    label: { zh: '整改', en: 'Rectification' },
    human: true,
    description: {
      zh: '问题清单、责任清单、整改清单，逐项落实',
      en: 'Problem, responsibility and action lists, item by item',
    },
  },
  accountability: {
    label: { zh: '问责', en: 'Accountability' },
    human: true,
    description: {
      zh: '问责督办单，视情节给予处理',
      en: 'Supervision order; sanctions by severity',
    },
  },
  resultApplication: {
    label: { zh: '结果运用', en: 'Result application' },
    human: true,
    description: {
      zh: '与评先评优、干部任用、报酬挂钩，报县委组织部备案',
      en: 'Linked to awards, promotion and pay; archived with the county',
    },
  },
  decision: {
    label: { zh: '判断', en: 'Decision' },
    human: false,
    description: { zh: '按结果数据自动分支', en: 'Branches automatically on result data' },
  },
  wait: {
    label: { zh: '等待', en: 'Wait' },
    human: false,
    description: { zh: '等待一段时间或外部事件', en: 'Waits for a period or an outside event' },
  },
  end: {
    label: { zh: '结束', en: 'End' },
    human: false,
    description: { zh: '流程结束', en: 'The process ends' },
  },
};

/** True for kinds that open a task. */
export function isHumanKind(kind: NodeKind | undefined): kind is StepKind {
  return kind !== undefined && kind !== GROUP_KIND && stepKindCatalogue[kind].human;
}
