/**
 * Tolerant readers of a step's form settings (`meta.form` of the definition, copied onto each
 * task as `form_settings`). The engine validates definitions when they are published; here we
 * only pick what the forms need and fall back to the defaults the seeds describe, so a step
 * drawn with empty settings still gets a usable form.
 */

/** Chinese and English text. */
export interface Text2 {
  zh: string;
  en: string;
}

/** A keyed, titled entry of the settings (sections, dimensions, categories, rater groups). */
export interface KeyedTitle {
  key: string;
  title: Text2;
}

/** The step kinds that open a task (the forms of the inbox). */
export const FORM_STEP_KINDS = [
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
  'talk',
  'rectification',
  'accountability',
  'resultApplication',
] as const;
export type FormStepKind = (typeof FORM_STEP_KINDS)[number];

export function isFormStepKind(kind: string): kind is FormStepKind {
  return (FORM_STEP_KINDS as readonly string[]).includes(kind);
}

/** The four grades, best first. */
export const FORM_GRADES = ['好', '较好', '一般', '差'] as const;
export type FormGrade = (typeof FORM_GRADES)[number];

export const INVESTIGATE_METHODS = [
  'visits',
  'records',
  'memberOpinions',
  'massesOpinions',
  'symposium',
] as const;
export const ACCOUNTABILITY_GROUNDS = ['errors', 'inaction'] as const;
export const SANCTION_KEYS = [
  'writtenSelfExamination',
  'publicApology',
  'circulatedCriticism',
  'admonishment',
  'transfer',
  'removal',
  'demotion',
] as const;
export const RECTIFICATION_LIST_KEYS = ['problems', 'responsibilities', 'actions'] as const;
export type RectificationListKey = (typeof RECTIFICATION_LIST_KEYS)[number];
export const OUTCOME_KEYS = [
  'annualAssessment',
  'excellentEligibility',
  'promotion',
  'demotion',
  'reward',
  'upgrade',
  'cadreSelection',
  'commendation',
  'civilServantAssessment',
  'archive',
] as const;

/** Labels of the enumerations the forms show (Chinese first). */
export const FORM_LABELS = {
  methods: {
    visits: { zh: '走访党员群众', en: 'Visits' },
    records: { zh: '查看软件资料', en: 'Record checks' },
    memberOpinions: { zh: '听取党员意见', en: "Members' opinions" },
    massesOpinions: { zh: '听取群众意见', en: "Masses' opinions" },
    symposium: { zh: '召开座谈会', en: 'Symposium' },
  },
  grounds: {
    errors: { zh: '有错问责', en: 'Accountability for errors' },
    inaction: { zh: '无为问责', en: 'Accountability for inaction' },
  },
  sanctions: {
    writtenSelfExamination: { zh: '书面检查', en: 'Written self-examination' },
    publicApology: { zh: '公开道歉', en: 'Public apology' },
    circulatedCriticism: { zh: '通报批评', en: 'Circulated criticism' },
    admonishment: { zh: '诫勉', en: 'Admonishment' },
    transfer: { zh: '调离岗位', en: 'Transfer' },
    removal: { zh: '免职', en: 'Removal' },
    demotion: { zh: '降职', en: 'Demotion' },
  },
  lists: {
    problems: { zh: '问题清单', en: 'Problem list' },
    responsibilities: { zh: '责任清单', en: 'Responsibility list' },
    actions: { zh: '整改清单', en: 'Action list' },
  },
  outcomes: {
    annualAssessment: { zh: '年度考核', en: 'Annual assessment' },
    excellentEligibility: { zh: '评优资格', en: 'Eligibility for 优秀' },
    promotion: { zh: '提拔重用', en: 'Promotion' },
    demotion: { zh: '降职处理', en: 'Demotion' },
    reward: { zh: '奖励', en: 'Reward' },
    upgrade: { zh: '晋位升级', en: 'Upgrade' },
    cadreSelection: { zh: '干部选拔任用', en: 'Cadre selection' },
    commendation: { zh: '评先评优', en: 'Commendation' },
    civilServantAssessment: { zh: '公务员年度考核', en: 'Civil-servant assessment' },
    archive: { zh: '报县委组织部备案', en: 'Archive with the county' },
  },
  ledgerKinds: {
    monthly: { zh: '月任务', en: 'Monthly task' },
    quarterly: { zh: '季度目标', en: 'Quarterly goal' },
  },
} as const satisfies Record<string, Record<string, Text2>>;

type Settings = Record<string, unknown>;

function record(value: unknown): Settings {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Settings)
    : {};
}

function text2(value: unknown, fallback: Text2): Text2 {
  const v = record(value);
  return typeof v['zh'] === 'string'
    ? { zh: v['zh'], en: typeof v['en'] === 'string' ? v['en'] : v['zh'] }
    : fallback;
}

function keyedTitles(value: unknown): KeyedTitle[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const e = record(entry);
    return typeof e['key'] === 'string'
      ? [{ key: e['key'], title: text2(e['title'], { zh: e['key'], en: e['key'] }) }]
      : [];
  });
}

function stringList<T extends string>(value: unknown, allowed: readonly T[]): T[] {
  if (!Array.isArray(value)) return [];
  return value.filter((v): v is T => typeof v === 'string' && allowed.includes(v as T));
}

/** Seconds of an ISO 8601 duration with hours, minutes and seconds (`PT7M`, `PT1H30M`). */
export function durationSeconds(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/.exec(value);
  if (!match || value === 'PT') return null;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/** Days of a calendar or working-day duration (`P30D`, `5WD`, `P1M` ≈ 30 days); null otherwise. */
export function durationDays(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const wd = /^(\d+)WD$/.exec(value);
  if (wd) return Math.ceil((Number(wd[1]) * 7) / 5);
  const d = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/.exec(value);
  if (!d || value === 'P') return null;
  return (
    Number(d[1] ?? 0) * 365 + Number(d[2] ?? 0) * 30 + Number(d[3] ?? 0) * 7 + Number(d[4] ?? 0)
  );
}

export const DEFAULT_REPORT_SECTIONS: (KeyedTitle & { share: number })[] = [
  { key: 'performance', title: { zh: '履职情况', en: 'Performance of duties' }, share: 0.34 },
  {
    key: 'problems',
    title: { zh: '存在的问题和原因分析', en: 'Problems and causes' },
    share: 0.33,
  },
  { key: 'measures', title: { zh: '下一步工作措施', en: 'Next measures' }, share: 0.33 },
];

/** Sections of a written report with their share of the target length. */
export function reportSections(settings: unknown): (KeyedTitle & { share: number })[] {
  const raw = record(settings)['sections'];
  const sections = keyedTitles(raw);
  if (sections.length === 0) return DEFAULT_REPORT_SECTIONS;
  const shares = Array.isArray(raw)
    ? raw.map((s) => record(s)['share']).map((s) => (typeof s === 'number' ? s : null))
    : [];
  const unset = shares.filter((s) => s === null).length;
  const given = shares.reduce<number>((sum, s) => sum + (s ?? 0), 0);
  return sections.map((s, i) => ({
    ...s,
    share: shares[i] ?? (unset > 0 ? Math.max(0, 1 - given) / unset : 1 / sections.length),
  }));
}

/** Target length of a report in characters (about 2,500 in the seeds). */
export function reportTargetLength(settings: unknown): number {
  const v = record(settings)['targetLength'];
  return typeof v === 'number' && v > 0 ? v : 2500;
}

export function attachmentsAllowed(settings: unknown): boolean {
  return record(settings)['attachments'] === true;
}

/** The speaking time limit in seconds (village 7–8 minutes, township 10); 8 minutes by default. */
export function speakingLimitSeconds(settings: unknown): number {
  return durationSeconds(record(settings)['timeLimit']) ?? 480;
}

export function speakingSections(settings: unknown): KeyedTitle[] {
  return keyedTitles(record(settings)['sections']);
}

export function investigateMethods(settings: unknown): string[] {
  const listed = stringList(record(settings)['methods'], INVESTIGATE_METHODS);
  return listed.length > 0 ? listed : [...INVESTIGATE_METHODS];
}

export function categories(settings: unknown): KeyedTitle[] {
  return keyedTitles(record(settings)['categories']);
}

export function topicPick(settings: unknown): 'mostSupported' | 'committeeChoice' {
  return record(settings)['pick'] === 'committeeChoice' ? 'committeeChoice' : 'mostSupported';
}

export function ratingGrades(settings: unknown): FormGrade[] {
  const grades = stringList(record(settings)['grades'], FORM_GRADES);
  return grades.length >= 2 ? grades : [...FORM_GRADES];
}

export function ratingDimensions(settings: unknown): KeyedTitle[] {
  return keyedTitles(record(settings)['dimensions']);
}

export interface RaterGroupSetting extends KeyedTitle {
  weight: number | null;
  anonymous: boolean;
}

export function raterGroups(settings: unknown): RaterGroupSetting[] {
  const raw = record(settings)['raterGroups'];
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((entry) => {
    const e = record(entry);
    if (typeof e['key'] !== 'string') return [];
    return [
      {
        key: e['key'],
        title: text2(e['title'], { zh: e['key'], en: e['key'] }),
        weight: typeof e['weight'] === 'number' ? e['weight'] : null,
        anonymous: e['anonymous'] === true,
      },
    ];
  });
}

/** Direction of a two-way step; `downward` (the superior judges the organisation) by default. */
export function direction(settings: unknown): 'downward' | 'upward' {
  return record(settings)['direction'] === 'upward' ? 'upward' : 'downward';
}

export type AggregationMethod = 'gradeMajority' | 'weightedGrades' | 'hundredPointScore';

export function aggregationMethod(settings: unknown): AggregationMethod {
  const m = record(settings)['method'];
  return m === 'weightedGrades' || m === 'hundredPointScore' ? m : 'gradeMajority';
}

export function fullMarks(settings: unknown): number {
  const v = record(settings)['fullMarks'];
  return typeof v === 'number' && v > 0 ? v : 100;
}

export function flag(settings: unknown, name: string): boolean {
  return record(settings)[name] === true;
}

export function ledgerSettings(settings: unknown): {
  monthlyTasks: boolean;
  quarterlyGoals: boolean;
} {
  const l = record(record(settings)['ledger']);
  return { monthlyTasks: l['monthlyTasks'] === true, quarterlyGoals: l['quarterlyGoals'] === true };
}

/** Days until the rectification deadline agreed at a talk (30 by default). */
export function talkDeadlineDays(settings: unknown): number {
  return durationDays(record(settings)['rectificationDeadline']) ?? 30;
}

export function rectificationLists(settings: unknown): RectificationListKey[] {
  const lists = stringList(record(settings)['lists'], RECTIFICATION_LIST_KEYS);
  return lists.length > 0 ? lists : [...RECTIFICATION_LIST_KEYS];
}

/** Role that verifies rectification items, if the step names one. */
export function verifiedByRole(settings: unknown): string | null {
  const v = record(record(settings)['verifiedBy'])['role'];
  return typeof v === 'string' ? v : null;
}

export function accountabilityGrounds(settings: unknown): string[] {
  const g = stringList(record(settings)['grounds'], ACCOUNTABILITY_GROUNDS);
  return g.length > 0 ? g : [...ACCOUNTABILITY_GROUNDS];
}

export function sanctions(settings: unknown): string[] {
  return stringList(record(settings)['sanctions'], SANCTION_KEYS);
}

export function accountabilityBasis(settings: unknown): Text2 | null {
  const b = record(settings)['basis'];
  return b === undefined ? null : text2(b, { zh: '', en: '' });
}

export function outcomes(settings: unknown): string[] {
  return stringList(record(settings)['outcomes'], OUTCOME_KEYS);
}
