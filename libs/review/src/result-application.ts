import { z } from 'zod';
import {
  type Accountability,
  type Consequence,
  type EligibleForExcellent,
  SANCTIONS,
  SANCTION_LABELS,
  type Sanction,
  type TalkAndRectification,
} from './consequence.js';
import { type Explanation, explain } from './explanation.js';
import { GRADE_EN, type Grade, gradeSchema } from './grades.js';
import { formatNumber } from './numbers.util.js';
import { parseConfig } from './review.exception.js';

/**
 * How results are applied (结果运用). The township plan of 2017: 好 → the annual assessment may
 * be 优秀; 一般 / 差 (and secretaries who neglect the work) → talk and rectification by a
 * deadline; severe cases → accountability under the accountability regulations.
 */
export interface ApplicationRules {
  /** Grades that make the annual assessment eligible for 优秀 (['好']). */
  readonly excellentGrades: readonly Grade[];
  /** Grades that lead to a talk and rectification by a deadline (['一般', '差']). */
  readonly talkGrades: readonly Grade[];
  /** Days between the talk and the rectification deadline. */
  readonly rectificationDeadlineDays: number;
  readonly accountability: {
    /** A committee finding of a severe case leads to accountability. */
    readonly onSevere: boolean;
    /** A score strictly below this leads to accountability; absent: no score rule. */
    readonly belowScore?: number;
    /** A one-vote veto leads to accountability. */
    readonly onVeto: boolean;
    /** The regulation cited, e.g. 《中国共产党问责条例》. */
    readonly basis: string;
  };
}

/** Validates application rules. */
export const applicationRulesSchema: z.ZodType<ApplicationRules> = z.object({
  excellentGrades: z.array(gradeSchema),
  talkGrades: z.array(gradeSchema),
  rectificationDeadlineDays: z.number().int().positive(),
  accountability: z.object({
    onSevere: z.boolean(),
    belowScore: z.number().finite().optional(),
    onVeto: z.boolean(),
    basis: z.string().min(1),
  }),
});

/** Parses and validates application rules; throws `REVIEW_INVALID_CONFIG` listing all issues. */
export function parseApplicationRules(value: unknown): ApplicationRules {
  return parseConfig(applicationRulesSchema, value, 'application rules');
}

/** The rules of the 2017 township plan (seed 003), as a ready default. */
export const TOWNSHIP_PLAN_2017_RULES: ApplicationRules = {
  excellentGrades: ['好'],
  talkGrades: ['一般', '差'],
  rectificationDeadlineDays: 30,
  accountability: { onSevere: true, onVeto: false, basis: '《中国共产党问责条例》' },
};

/** What the committee found beyond the numbers. */
export interface CommitteeFindings {
  /** e.g. 思想上不重视、工作上不研究、不解决实际问题: a talk and rectification whatever the grade. */
  readonly neglect?: readonly string[];
  /** A severe case (情况严重), with the proposed sanction if already decided. */
  readonly severe?: { readonly reason: string; readonly sanction?: Sanction };
}

/** One organisation's result to apply. */
export interface ResultToApply {
  readonly orgId: string;
  readonly name?: string;
  /** The overall grade (综合评价); `null` when not graded. */
  readonly grade: Grade | null;
  readonly score?: number | null;
  readonly vetoed?: boolean;
  readonly findings?: CommitteeFindings;
}

/** The consequences of one result, with an explanation of the whole. */
export interface ApplicationOutcome {
  readonly orgId: string;
  readonly consequences: readonly Consequence[];
  readonly explanation: Explanation;
}

const sanctionSchema = z.enum(SANCTIONS);

/**
 * Applies the rules to one result:
 * - `eligible-for-excellent` when the grade is in `excellentGrades`, unless the result was
 *   vetoed or leads to accountability (both block commendation);
 * - `talk-and-rectification` (opens a talk and a rectification instance) when the grade is in
 *   `talkGrades` or the committee found neglect;
 * - `accountability` (opens an accountability instance) for a severe finding, a score below
 *   `belowScore`, or a veto, as configured.
 *
 * Consequences come in that order; each carries its explanation.
 */
export function applyResult(result: ResultToApply, rules: ApplicationRules): ApplicationOutcome {
  const checked = parseApplicationRules(rules);
  const name = result.name ?? result.orgId;
  const severe = result.findings?.severe;
  if (severe?.sanction !== undefined) {
    parseConfig(sanctionSchema, severe.sanction, 'sanction');
  }
  const neglect = result.findings?.neglect ?? [];
  const score = result.score ?? null;
  const vetoed = result.vetoed === true;

  const accountabilityReasons: { zh: string; en: string }[] = [];
  if (checked.accountability.onSevere && severe !== undefined) {
    accountabilityReasons.push({
      zh: `情况严重:${severe.reason}`,
      en: `severe case: ${severe.reason}`,
    });
  }
  const below = checked.accountability.belowScore;
  if (below !== undefined && score !== null && score < below) {
    accountabilityReasons.push({
      zh: `得分${formatNumber(score)}分低于问责线${formatNumber(below)}分`,
      en: `score ${formatNumber(score)} is below the accountability line ${formatNumber(below)}`,
    });
  }
  if (checked.accountability.onVeto && vetoed) {
    accountabilityReasons.push({ zh: '被一票否决', en: 'vetoed' });
  }

  const consequences: Consequence[] = [];
  const gradeText = result.grade === null ? '未评定等次' : `综合评价为“${result.grade}”`;
  const gradeTextEn =
    result.grade === null
      ? 'not graded'
      : `overall grade ${result.grade} (${GRADE_EN[result.grade]})`;

  const excellentByGrade = result.grade !== null && checked.excellentGrades.includes(result.grade);
  const blockers: { zh: string; en: string }[] = [];
  if (excellentByGrade && vetoed) {
    blockers.push({ zh: '被一票否决', en: 'vetoed' });
  }
  if (excellentByGrade && accountabilityReasons.length > 0) {
    blockers.push({ zh: '被问责', en: 'held accountable' });
  }
  if (excellentByGrade && blockers.length === 0) {
    const consequence: EligibleForExcellent = {
      kind: 'eligible-for-excellent',
      orgId: result.orgId,
      opens: [],
      explanation: explain(
        'application.excellent-eligible',
        { grade: result.grade, excellentGrades: [...checked.excellentGrades] },
        { eligible: true },
        {
          zh: `${name}${gradeText},年度考核可确定为优秀等次。`,
          en: `${name}: ${gradeTextEn}, so the annual assessment may be 优秀 (excellent).`,
        },
      ),
    };
    consequences.push(consequence);
  }

  const talkByGrade = result.grade !== null && checked.talkGrades.includes(result.grade);
  if (talkByGrade || neglect.length > 0) {
    const reasonsZh = [...(talkByGrade ? [gradeText] : []), ...neglect];
    const reasonsEn = [...(talkByGrade ? [gradeTextEn] : []), ...neglect];
    const consequence: TalkAndRectification = {
      kind: 'talk-and-rectification',
      orgId: result.orgId,
      deadlineDays: checked.rectificationDeadlineDays,
      opens: ['talk', 'rectification'],
      explanation: explain(
        'application.talk-rectification',
        { grade: result.grade, talkGrades: [...checked.talkGrades], neglect: [...neglect] },
        { deadlineDays: checked.rectificationDeadlineDays },
        {
          zh: `${name}${reasonsZh.join(';')},由党委约谈,并限期${checked.rectificationDeadlineDays}天整改(列出问题清单、责任清单、整改清单)。`,
          en: `${name}: ${reasonsEn.join('; ')}: a formal talk and rectification within ${checked.rectificationDeadlineDays} days (problem, responsibility and action lists).`,
        },
      ),
    };
    consequences.push(consequence);
  }

  if (accountabilityReasons.length > 0) {
    const sanction = severe?.sanction ?? null;
    const sanctionZh =
      sanction === null ? '处理方式由党委研究决定' : `拟给予${SANCTION_LABELS[sanction]}`;
    const sanctionEn =
      sanction === null
        ? 'sanction to be decided by the committee'
        : `proposed sanction: ${sanction}`;
    const consequence: Accountability = {
      kind: 'accountability',
      orgId: result.orgId,
      sanction,
      basis: checked.accountability.basis,
      opens: ['accountability'],
      explanation: explain(
        'application.accountability',
        {
          severe: severe?.reason ?? null,
          score,
          belowScore: below ?? null,
          vetoed,
          basis: checked.accountability.basis,
        },
        { reasons: accountabilityReasons.map((r) => r.zh), sanction },
        {
          zh: `${name}${accountabilityReasons.map((r) => r.zh).join(';')},依据${checked.accountability.basis}进行问责,${sanctionZh}。`,
          en: `${name}: ${accountabilityReasons.map((r) => r.en).join('; ')}: accountability under ${checked.accountability.basis}, ${sanctionEn}.`,
        },
      ),
    };
    consequences.push(consequence);
  }

  const blockedZh =
    blockers.length > 0
      ? `虽${gradeText},但${blockers.map((b) => b.zh).join('、')},不得评为优秀;`
      : '';
  const blockedEn =
    blockers.length > 0
      ? `${gradeTextEn} but ${blockers.map((b) => b.en).join(' and ')}, so not eligible for 优秀; `
      : '';
  // When 优秀 was blocked the grade was just named; do not repeat it.
  const noneZh = `${blockers.length > 0 ? '' : `${gradeText},`}无需约谈、整改或问责`;
  const noneEn = `${blockers.length > 0 ? '' : `${gradeTextEn}: `}no talk, rectification or accountability`;
  const listZh = consequences.length === 0 ? noneZh : `共${consequences.length}项结果运用`;
  const listEn = consequences.length === 0 ? noneEn : `${consequences.length} consequence(s)`;
  return {
    orgId: result.orgId,
    consequences,
    explanation: explain(
      'application.outcome',
      {
        grade: result.grade,
        score,
        vetoed,
        findings: { neglect: [...neglect], severe: severe?.reason ?? null },
      },
      {
        consequences: consequences.map((c) => c.kind),
        blockedExcellent: blockers.map((b) => b.en),
      },
      { zh: `${name}:${blockedZh}${listZh}。`, en: `${name}: ${blockedEn}${listEn}.` },
      consequences.map((c) => c.explanation),
    ),
  };
}

/** {@link applyResult} for many results, in input order. */
export function applyResults(
  results: readonly ResultToApply[],
  rules: ApplicationRules,
): ApplicationOutcome[] {
  return results.map((result) => applyResult(result, rules));
}
