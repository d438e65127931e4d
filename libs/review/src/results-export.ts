import type { OrgResult } from './campaign-results.js';
import { consequenceLabel } from './consequence.js';
import type { Language } from './explanation.js';
import { GRADES } from './grades.js';
import { compareCodeUnits, formatNumber, formatPercent } from './numbers.util.js';
import { requireInput } from './review.exception.js';

// ---------------------------------------------------------------------------------------------
// Results table
// ---------------------------------------------------------------------------------------------

/** Keys of the columns of the results table. */
export const RESULT_COLUMN_KEYS = [
  'scope',
  'rank',
  'org',
  'code',
  'score',
  'grade',
  'class',
  'rewardPercent',
  'rewardAmount',
  'veto',
  'topN',
  'consequences',
  'explanation',
] as const;
export type ResultColumnKey = (typeof RESULT_COLUMN_KEYS)[number];

/** Column headers in Chinese (the published table) and English. */
export const RESULT_COLUMN_HEADERS: Readonly<Record<ResultColumnKey, { zh: string; en: string }>> =
  {
    scope: { zh: '乡镇(街道)', en: 'Township' },
    rank: { zh: '排名', en: 'Rank' },
    org: { zh: '组织', en: 'Organisation' },
    code: { zh: '组织代码', en: 'Code' },
    score: { zh: '得分', en: 'Score' },
    grade: { zh: '等次', en: 'Grade' },
    class: { zh: '类别', en: 'Class' },
    rewardPercent: { zh: '奖励比例', en: 'Reward' },
    rewardAmount: { zh: '奖励金额(元)', en: 'Reward (yuan)' },
    veto: { zh: '一票否决', en: 'Vetoed' },
    topN: { zh: '评优', en: 'Honour' },
    consequences: { zh: '结果运用', en: 'Consequences' },
    explanation: { zh: '说明', en: 'Explanation' },
  };

/** A cell: numbers stay numbers (for .xlsx), missing values are `null`. */
export type Cell = string | number | null;

/** A table ready to be written to .xlsx or CSV. */
export interface ResultsTable {
  readonly headers: readonly string[];
  readonly keys: readonly ResultColumnKey[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Options of {@link buildResultsTable}. */
export interface ResultsTableOptions {
  /** Header and text language; the default is Chinese. */
  readonly language?: Language;
  /** Columns to include, in order; the default is all of {@link RESULT_COLUMN_KEYS}. */
  readonly columns?: readonly ResultColumnKey[];
  /** Label of the top-N honour for the 评优 column, e.g. 十佳. */
  readonly topNLabel?: string;
}

function cellOf(
  result: OrgResult,
  key: ResultColumnKey,
  language: Language,
  topNLabel: string,
): Cell {
  const zh = language === 'zh';
  switch (key) {
    case 'scope':
      return result.scopeName ?? result.scopeId;
    case 'rank':
      return result.rank;
    case 'org':
      return result.name;
    case 'code':
      return result.code;
    case 'score':
      return result.score;
    case 'grade':
      return result.grade;
    case 'class':
      return result.classLabel;
    case 'rewardPercent':
      return result.rewardPercent === null ? null : formatPercent(result.rewardPercent);
    case 'rewardAmount':
      return result.rewardAmount;
    case 'veto':
      return result.vetoed ? (zh ? '是' : 'yes') : zh ? '否' : 'no';
    case 'topN':
      return result.topN ? topNLabel : null;
    case 'consequences':
      return result.consequences.length === 0
        ? null
        : zh
          ? result.consequences.map(consequenceLabel).join(';')
          : result.consequences.map((c) => c.kind).join('; ');
    case 'explanation':
      return result.explanation[language];
  }
}

/**
 * The rows of a campaign's results table, in the order of the results (scope, then position),
 * with Chinese headers by default (排名、组织、得分、等次、类别、奖励比例、说明 …). Pure: the
 * API writes them into an .xlsx file.
 */
export function buildResultsTable(
  results: readonly OrgResult[],
  options: ResultsTableOptions = {},
): ResultsTable {
  const language = options.language ?? 'zh';
  const keys = options.columns ?? RESULT_COLUMN_KEYS;
  const topNLabel = options.topNLabel ?? (language === 'zh' ? '入选' : 'selected');
  return {
    keys,
    headers: keys.map((key) => RESULT_COLUMN_HEADERS[key][language]),
    rows: results.map((result) => keys.map((key) => cellOf(result, key, language, topNLabel))),
  };
}

// ---------------------------------------------------------------------------------------------
// Results notice (公示)
// ---------------------------------------------------------------------------------------------

/** What a results notice says besides the results. */
export interface ResultsNoticeInput {
  /** What is published, e.g. 2019年度村党组织书记抓基层党建工作述职评议考核结果. */
  readonly subject: string;
  /** Who publishes, e.g. 中共王庄镇委员会. */
  readonly organiser: string;
  /** Date of issue, `YYYY-MM-DD`. */
  readonly issuedOn: string;
  /** First and last day of the publicity period, `YYYY-MM-DD`. */
  readonly periodStart: string;
  readonly periodEnd: string;
  /** How to raise an objection, e.g. 联系电话:0377-1234567. */
  readonly contact?: string;
  /** The basis cited in the opening sentence, e.g. 县委组织部有关通知. */
  readonly basis?: string;
  /** Append the score after each name. */
  readonly showScores?: boolean;
  /** The top-N honour to announce (十佳), with the organisations selected. */
  readonly honour?: { readonly label: string; readonly orgIds: readonly string[] };
}

const CHINESE_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** Chinese numeral for 1–99 (一, 十, 十一, 二十三), used to number sections. */
export function chineseNumeral(value: number): string {
  requireInput(
    Number.isInteger(value) && value >= 1 && value <= 99,
    `cannot number ${value} in Chinese`,
  );
  const tens = Math.floor(value / 10);
  const ones = value % 10;
  const tensText = tens === 0 ? '' : tens === 1 ? '十' : `${CHINESE_DIGITS[tens]}十`;
  return `${tensText}${ones === 0 ? '' : CHINESE_DIGITS[ones]}`;
}

/** Formats `YYYY-MM-DD` as 2019年12月24日. */
export function formatChineseDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  requireInput(match !== null, `date must be YYYY-MM-DD, not ${isoDate}`);
  const [, year, month, day] = match;
  const m = Number(month);
  const d = Number(day);
  requireInput(m >= 1 && m <= 12 && d >= 1 && d <= 31, `no such date: ${isoDate}`);
  return `${year}年${m}月${d}日`;
}

function nameOf(result: OrgResult, multiScope: boolean, showScores: boolean): string {
  const name =
    multiScope && result.scopeName !== null ? `${result.scopeName}${result.name}` : result.name;
  return showScores && result.score !== null ? `${name}(${formatNumber(result.score)}分)` : name;
}

/**
 * The text of a results notice (公示) for the public platform. Organisations are listed by
 * class when classes were assigned, otherwise by grade (好 → 差), otherwise in ranking order;
 * within a section in ranking order. Vetoed organisations are named as such. The publicity
 * period and the way to object close the notice, then the organiser and the date.
 */
export function renderResultsNotice(
  results: readonly OrgResult[],
  input: ResultsNoticeInput,
): string {
  requireInput(
    compareCodeUnits(input.periodStart, input.periodEnd) <= 0,
    'the publicity period ends before it starts',
  );
  const showScores = input.showScores ?? false;
  const multiScope = new Set(results.map((r) => r.scopeId)).size > 1;
  const ordered = [...results];
  const sections: { title: string; members: OrgResult[] }[] = [];
  if (results.some((r) => r.classLabel !== null)) {
    const labels = new Map<number, string>();
    for (const r of ordered) {
      if (r.classNumber !== null && r.classLabel !== null) {
        labels.set(r.classNumber, r.classLabel);
      }
    }
    for (const classNumber of [...labels.keys()].sort((a, b) => a - b)) {
      sections.push({
        title: labels.get(classNumber)!,
        members: ordered.filter((r) => r.classNumber === classNumber),
      });
    }
  } else if (results.some((r) => r.grade !== null)) {
    for (const grade of GRADES) {
      const members = ordered.filter((r) => r.grade === grade);
      if (members.length > 0) {
        sections.push({ title: `评议等次为“${grade}”`, members });
      }
    }
    const ungraded = ordered.filter((r) => r.grade === null);
    if (ungraded.length > 0) {
      sections.push({ title: '未评定等次', members: ungraded });
    }
  } else {
    sections.push({ title: '排名', members: ordered });
  }

  const lines: string[] = [];
  lines.push(`关于${input.subject}的公示`);
  lines.push('');
  lines.push(
    `${input.basis === undefined ? '' : `根据${input.basis},`}经述职、点评、测评和综合考评,现将${input.subject}予以公示:`,
  );
  sections.forEach((section, i) => {
    const names = section.members.map(
      (r) => `${nameOf(r, multiScope, showScores)}${r.vetoed ? '(一票否决)' : ''}`,
    );
    lines.push(
      `${chineseNumeral(i + 1)}、${section.title}(${section.members.length}个):${names.join('、')}。`,
    );
  });
  if (input.honour !== undefined && input.honour.orgIds.length > 0) {
    const byId = new Map(results.map((r) => [r.orgId, r]));
    const names = input.honour.orgIds.map((id) => {
      const r = byId.get(id);
      requireInput(r !== undefined, `${id} is honoured but has no result`);
      return nameOf(r, multiScope, showScores);
    });
    lines.push(
      `${chineseNumeral(sections.length + 1)}、${input.honour.label}(${names.length}个):${names.join('、')}。`,
    );
  }
  lines.push(
    `公示时间:${formatChineseDate(input.periodStart)}至${formatChineseDate(input.periodEnd)}。公示期间,如有异议,请以书面、电话或来访等方式向${input.organiser}反映${input.contact === undefined ? '' : `(${input.contact})`}。`,
  );
  lines.push('');
  lines.push(input.organiser);
  lines.push(formatChineseDate(input.issuedOn));
  return lines.join('\n');
}
