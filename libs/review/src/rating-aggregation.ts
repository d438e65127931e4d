import { z } from 'zod';
import { type Explanation, explain } from './explanation.js';
import {
  GRADE_EN,
  GRADES,
  type Grade,
  emptyGradeCounts,
  gradeIndex,
  gradeSchema,
  gradesAtOrAbove,
  gradesAtOrBelow,
} from './grades.js';
import {
  SHARE_TOLERANCE,
  compareCodeUnits,
  formatNumber,
  formatPercent,
  roundScore,
  sum,
} from './numbers.util.js';
import { ReviewErrorCode, ReviewRuleError, parseConfig, requireInput } from './review.exception.js';

// ---------------------------------------------------------------------------------------------
// Ballots and directions
// ---------------------------------------------------------------------------------------------

/**
 * The two directions of a two-way review; their results are always aggregated separately.
 * - `subordinate-reports` — 下述上评: the village secretary reports, the superior side rates.
 * - `superior-reports` — 上述下评: the township secretary reports, the villages rate.
 */
export const DIRECTIONS = ['subordinate-reports', 'superior-reports'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** Chinese and English names of the directions. */
export const DIRECTION_LABELS: Readonly<Record<Direction, { zh: string; en: string }>> = {
  'subordinate-reports': { zh: '下述上评', en: 'subordinate reports, superiors rate' },
  'superior-reports': { zh: '上述下评', en: 'superior reports, subordinates rate' },
};

/** The dimension name used for the overall judgement (综合评价) on a ballot. */
export const OVERALL_DIMENSION = 'overall';

/**
 * The five rating dimensions of the Xinye two-way rating (思想建设、组织建设、党风廉政建设、
 * 工作绩效、工作创新), with their Chinese names. Processes may define their own.
 */
export const RATING_DIMENSIONS: Readonly<Record<string, string>> = {
  thought: '思想建设',
  organisation: '组织建设',
  integrity: '党风廉政建设',
  performance: '工作绩效',
  innovation: '工作创新',
  [OVERALL_DIMENSION]: '综合评价',
};

/** One rater's grade for one subject on one dimension. */
export interface Ballot {
  /** The organisation (or its secretary) being rated. */
  readonly subjectId: string;
  readonly direction: Direction;
  /** e.g. `overall`, `thought`, `organisation`, `integrity`, `performance`, `innovation`. */
  readonly dimension: string;
  /** Rater group id, e.g. `superiors`, `peers`, `members-masses`. */
  readonly group: string;
  /** Present for attributable ballots; one ballot per rater, subject, direction and dimension. */
  readonly raterId?: string;
  /** `null` is an abstention (弃权): the ballot was returned without a grade. */
  readonly grade: Grade | null;
}

/** How many raters of a group were entitled to rate a subject in a direction (the roll). */
export interface RaterRoll {
  readonly subjectId: string;
  readonly direction: Direction;
  readonly group: string;
  readonly eligible: number;
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/** A rater group's weight (and display label) in a rule. */
export interface RaterGroupConfig {
  readonly id: string;
  /** Shown in explanations, e.g. 上级, 同级, 党员群众. Defaults to the id. */
  readonly label?: string;
  /** Weight in percent; the weights of a rule add up to 100. */
  readonly weightPercent: number;
}

/**
 * One condition on the shares of grades. Conditions are "upward closed" by construction (a
 * minimum on the share of grades at or above X, a maximum on the share at or below Y), so an
 * additional 好 ballot can never make a satisfied condition fail.
 */
export type ShareCondition =
  | { readonly kind: 'min-share'; readonly atOrAbove: Grade; readonly percent: number }
  | { readonly kind: 'max-share'; readonly atOrBelow: Grade; readonly percent: number };

/** A grade awarded when all its conditions hold. */
export interface ShareGradeRule {
  readonly grade: Grade;
  readonly all: readonly ShareCondition[];
}

/**
 * Share-of-grades thresholds: rules are evaluated best grade first and the first rule whose
 * conditions all hold gives the grade; when none holds, `fallback`.
 *
 * Shares are computed over valid ballots only (abstentions and missing ballots excluded). With
 * `groups`, each group's shares are weighted by its weight (groups without valid ballots drop
 * out and the remaining weights are rescaled); without `groups`, ballots are pooled.
 */
export interface ShareThresholdRule {
  readonly kind: 'share-thresholds';
  /** Minimum share of eligible raters who returned a ballot (abstentions count as returned). */
  readonly minTurnoutPercent: number;
  readonly groups?: readonly RaterGroupConfig[];
  readonly rules: readonly ShareGradeRule[];
  readonly fallback: Grade;
}

/** A composite-points cut-off: `grade` when the composite is at least `minPoints`. */
export interface PointsCutoff {
  readonly grade: Grade;
  readonly minPoints: number;
}

/**
 * Grade points with group weights: each group's mean points over its valid ballots, weighted
 * by the group weights (groups without valid ballots drop out, remaining weights rescaled),
 * rounded to 0.01, then cut-offs best grade first; below every cut-off, `fallback`.
 */
export interface WeightedPointsRule {
  readonly kind: 'weighted-points';
  readonly minTurnoutPercent: number;
  /** Points per grade, never increasing from 好 to 差 (e.g. 100 / 80 / 60 / 40). */
  readonly points: Readonly<Record<Grade, number>>;
  readonly groups: readonly RaterGroupConfig[];
  readonly cutoffs: readonly PointsCutoff[];
  readonly fallback: Grade;
}

/** A process's rating aggregation rule. */
export type AggregationRule = ShareThresholdRule | WeightedPointsRule;

/** The rule of a process, optionally different per direction. */
export interface AggregationConfig {
  readonly rule: AggregationRule;
  readonly byDirection?: Partial<Readonly<Record<Direction, AggregationRule>>>;
}

const percentSchema = z.number().min(0).max(100);

const raterGroupSchema = z.object({
  id: z.string().min(1),
  label: z.string().min(1).optional(),
  weightPercent: z.number().positive(),
});

const shareConditionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('min-share'), atOrAbove: gradeSchema, percent: percentSchema }),
  z.object({ kind: z.literal('max-share'), atOrBelow: gradeSchema, percent: percentSchema }),
]);

function checkGroups(
  groups: readonly RaterGroupConfig[] | undefined,
  ctx: z.RefinementCtx,
  required: boolean,
): void {
  if (groups === undefined) {
    if (required) {
      ctx.addIssue({ code: 'custom', path: ['groups'], message: 'groups are required' });
    }
    return;
  }
  if (groups.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['groups'], message: 'at least one group' });
    return;
  }
  const ids = new Set(groups.map((group) => group.id));
  if (ids.size !== groups.length) {
    ctx.addIssue({ code: 'custom', path: ['groups'], message: 'group ids must be unique' });
  }
  const total = sum(groups.map((group) => group.weightPercent));
  if (Math.abs(total - 100) > 1e-9) {
    ctx.addIssue({
      code: 'custom',
      path: ['groups'],
      message: `group weights must add up to 100, not ${total}`,
    });
  }
}

function checkDescendingGrades(
  grades: readonly Grade[],
  fallback: Grade,
  ctx: z.RefinementCtx,
  path: string,
): void {
  for (let i = 1; i < grades.length; i += 1) {
    if (gradeIndex(grades[i]) <= gradeIndex(grades[i - 1])) {
      ctx.addIssue({
        code: 'custom',
        path: [path, i],
        message: 'grades must go best first, each once',
      });
    }
  }
  const last = grades.at(-1);
  if (last !== undefined && gradeIndex(fallback) <= gradeIndex(last)) {
    ctx.addIssue({
      code: 'custom',
      path: ['fallback'],
      message: 'fallback must be worse than every ruled grade',
    });
  }
}

const shareThresholdRuleSchema = z
  .object({
    kind: z.literal('share-thresholds'),
    minTurnoutPercent: percentSchema,
    groups: z.array(raterGroupSchema).optional(),
    rules: z
      .array(z.object({ grade: gradeSchema, all: z.array(shareConditionSchema).min(1) }))
      .min(1),
    fallback: gradeSchema,
  })
  .superRefine((rule, ctx) => {
    checkGroups(rule.groups, ctx, false);
    checkDescendingGrades(
      rule.rules.map((r) => r.grade),
      rule.fallback,
      ctx,
      'rules',
    );
  });

const weightedPointsRuleSchema = z
  .object({
    kind: z.literal('weighted-points'),
    minTurnoutPercent: percentSchema,
    points: z.object({ 好: z.number(), 较好: z.number(), 一般: z.number(), 差: z.number() }),
    groups: z.array(raterGroupSchema),
    cutoffs: z.array(z.object({ grade: gradeSchema, minPoints: z.number() })).min(1),
    fallback: gradeSchema,
  })
  .superRefine((rule, ctx) => {
    checkGroups(rule.groups, ctx, true);
    for (let i = 1; i < GRADES.length; i += 1) {
      if (rule.points[GRADES[i]] > rule.points[GRADES[i - 1]]) {
        ctx.addIssue({
          code: 'custom',
          path: ['points', GRADES[i]],
          message: 'points must not increase from 好 to 差',
        });
      }
    }
    checkDescendingGrades(
      rule.cutoffs.map((c) => c.grade),
      rule.fallback,
      ctx,
      'cutoffs',
    );
    for (let i = 1; i < rule.cutoffs.length; i += 1) {
      if (rule.cutoffs[i].minPoints >= rule.cutoffs[i - 1].minPoints) {
        ctx.addIssue({
          code: 'custom',
          path: ['cutoffs', i, 'minPoints'],
          message: 'cut-offs must decrease from the best grade down',
        });
      }
    }
  });

/** Validates an aggregation rule (e.g. from a process definition). */
export const aggregationRuleSchema: z.ZodType<AggregationRule> = z.discriminatedUnion('kind', [
  shareThresholdRuleSchema,
  weightedPointsRuleSchema,
]);

/** Parses and validates an aggregation rule; throws `REVIEW_INVALID_CONFIG` listing all issues. */
export function parseAggregationRule(value: unknown): AggregationRule {
  return parseConfig(aggregationRuleSchema, value, 'aggregation rule');
}

/**
 * Rules already checked, by content (a rule aggregates every dimension of a round; a caller may
 * change its object between calls, so the object itself is no key).
 */
const checkedRules = new Map<string, AggregationRule>();

function checkedRule(rule: AggregationRule): AggregationRule {
  const key = JSON.stringify(rule);
  let checked = checkedRules.get(key);
  if (!checked) {
    checked = parseAggregationRule(rule);
    if (checkedRules.size >= 200) checkedRules.clear();
    checkedRules.set(key, checked);
  }
  return checked;
}

// ---------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------

/** Ballot counts of one rater group (or of all groups together). */
export interface BallotTally {
  /** Eligible raters from the roll; `null` when no roll was given. */
  readonly eligible: number | null;
  /** Ballots returned, abstentions included. */
  readonly cast: number;
  /** Returned without a grade (弃权): counted for turnout, excluded from shares. */
  readonly abstentions: number;
  /** Ballots with a grade: the denominator of shares and mean points. */
  readonly valid: number;
  /** Eligible raters who returned no ballot (未投); `null` without a roll. */
  readonly missing: number | null;
  readonly counts: Readonly<Record<Grade, number>>;
}

/** One group's tally with its weight and, for the points rule, its mean points. */
export interface GroupTally extends BallotTally {
  readonly group: string;
  readonly label: string;
  /** The configured weight; `null` when ballots are pooled. */
  readonly weightPercent: number | null;
  /** Mean points over the group's valid ballots (weighted-points rule), rounded to 0.01. */
  readonly meanPoints: number | null;
}

/** Why a subject did or did not get a grade. */
export type RatingStatus = 'graded' | 'insufficient-turnout' | 'no-valid-ballots';

/** The aggregated rating of one subject, in one direction, on one dimension. */
export interface RatingResult {
  readonly subjectId: string;
  readonly direction: Direction;
  readonly dimension: string;
  readonly ruleKind: AggregationRule['kind'];
  readonly status: RatingStatus;
  /** `null` unless `status` is `graded`. */
  readonly grade: Grade | null;
  readonly groups: readonly GroupTally[];
  readonly total: BallotTally;
  /** Cast over eligible in percent, rounded to 0.01; `null` without a roll. */
  readonly turnoutPercent: number | null;
  /** Share of each grade among valid ballots (weighted when groups are weighted), rounded to 0.01. */
  readonly sharesPercent: Readonly<Record<Grade, number>> | null;
  /** Composite points (weighted-points rule only). */
  readonly points: number | null;
  readonly explanation: Explanation;
}

/** Identifies what is being aggregated. */
export interface RatingKey {
  readonly subjectId: string;
  readonly direction: Direction;
  readonly dimension: string;
}

interface MutableTally {
  cast: number;
  abstentions: number;
  counts: Record<Grade, number>;
}

function tallyByGroup(ballots: readonly Ballot[]): Map<string, MutableTally> {
  const tallies = new Map<string, MutableTally>();
  for (const ballot of ballots) {
    let tally = tallies.get(ballot.group);
    if (tally === undefined) {
      tally = { cast: 0, abstentions: 0, counts: emptyGradeCounts() };
      tallies.set(ballot.group, tally);
    }
    tally.cast += 1;
    if (ballot.grade === null) {
      tally.abstentions += 1;
    } else {
      tally.counts[ballot.grade] += 1;
    }
  }
  return tallies;
}

function validOf(counts: Readonly<Record<Grade, number>>): number {
  return sum(GRADES.map((grade) => counts[grade]));
}

function countsText(counts: Readonly<Record<Grade, number>>, language: 'zh' | 'en'): string {
  return GRADES.map((grade) => `${grade}${language === 'zh' ? '' : ' '}${counts[grade]}`).join(
    language === 'zh' ? '、' : ', ',
  );
}

/** Cumulative shares in percent (unrounded) per grade, weighted or pooled. */
interface Shares {
  readonly exact: Record<Grade, number>;
  readonly atOrAbove: Record<Grade, number>;
  readonly atOrBelow: Record<Grade, number>;
}

function sharesOf(groups: readonly GroupTally[], weighted: boolean): Shares | null {
  const withVotes = groups.filter((group) => group.valid > 0);
  if (withVotes.length === 0) {
    return null;
  }
  const share = (pick: readonly Grade[]): number => {
    if (!weighted) {
      const count = sum(withVotes.map((group) => sum(pick.map((grade) => group.counts[grade]))));
      const valid = sum(withVotes.map((group) => group.valid));
      return (count * 100) / valid;
    }
    const weightTotal = sum(withVotes.map((group) => group.weightPercent ?? 0));
    const weightedSum = sum(
      withVotes.map(
        (group) =>
          ((group.weightPercent ?? 0) * sum(pick.map((grade) => group.counts[grade]))) /
          group.valid,
      ),
    );
    return (weightedSum * 100) / weightTotal;
  };
  const exact = emptyGradeCounts();
  const atOrAbove = emptyGradeCounts();
  const atOrBelow = emptyGradeCounts();
  for (const grade of GRADES) {
    exact[grade] = share([grade]);
    atOrAbove[grade] = share(gradesAtOrAbove(grade));
    atOrBelow[grade] = share(gradesAtOrBelow(grade));
  }
  return { exact, atOrAbove, atOrBelow };
}

function conditionHolds(
  condition: ShareCondition,
  shares: Shares,
): { holds: boolean; share: number } {
  switch (condition.kind) {
    case 'min-share': {
      const share = shares.atOrAbove[condition.atOrAbove];
      return { holds: share >= condition.percent - SHARE_TOLERANCE, share };
    }
    case 'max-share': {
      const share = shares.atOrBelow[condition.atOrBelow];
      return { holds: share <= condition.percent + SHARE_TOLERANCE, share };
    }
  }
}

function conditionText(
  condition: ShareCondition,
  share: number,
  holds: boolean,
): { zh: string; en: string } {
  const mark = holds ? '✓' : '✗';
  switch (condition.kind) {
    case 'min-share': {
      const g = condition.atOrAbove;
      const zhName = g === '好' ? `“好”票` : `“${g}”及以上票`;
      const enName = g === '好' ? '好' : `${g} or better`;
      return {
        zh: `${zhName}占${formatPercent(share)}(需≥${formatPercent(condition.percent)})${mark}`,
        en: `${enName} ${formatPercent(share)} (needs ≥ ${formatPercent(condition.percent)}) ${mark}`,
      };
    }
    case 'max-share': {
      const g = condition.atOrBelow;
      const zhName = g === '差' ? `“差”票` : `“${g}”及以下票`;
      const enName = g === '差' ? '差' : `${g} or worse`;
      return {
        zh: `${zhName}占${formatPercent(share)}(需≤${formatPercent(condition.percent)})${mark}`,
        en: `${enName} ${formatPercent(share)} (needs ≤ ${formatPercent(condition.percent)}) ${mark}`,
      };
    }
  }
}

function groupConfigOf(rule: AggregationRule): ReadonlyMap<string, RaterGroupConfig> | null {
  const groups = rule.groups;
  return groups === undefined ? null : new Map(groups.map((group) => [group.id, group]));
}

function buildGroupTallies(
  rule: AggregationRule,
  ballots: readonly Ballot[],
  eligibleByGroup: Readonly<Record<string, number>> | undefined,
): GroupTally[] {
  const configs = groupConfigOf(rule);
  const tallies = tallyByGroup(ballots);
  const ids = new Set<string>([...tallies.keys(), ...Object.keys(eligibleByGroup ?? {})]);
  // Configured groups in the rule's order, then any others by id: stable whatever the ballot order.
  const configured = rule.groups?.map((group) => group.id) ?? [];
  const ordered = [
    ...configured.filter((id) => ids.has(id)),
    ...[...ids].filter((id) => !configured.includes(id)).sort(compareCodeUnits),
  ];
  const result: GroupTally[] = [];
  for (const id of ordered) {
    const config = configs?.get(id);
    if (configs !== null && config === undefined) {
      throw new ReviewRuleError(
        ReviewErrorCode.UnknownRaterGroup,
        `rater group "${id}" has no weight in the rule`,
      );
    }
    const tally = tallies.get(id) ?? { cast: 0, abstentions: 0, counts: emptyGradeCounts() };
    let eligible: number | null = null;
    if (eligibleByGroup !== undefined) {
      const rolled = eligibleByGroup[id];
      requireInput(rolled !== undefined, `rater group "${id}" cast ballots but is not on the roll`);
      requireInput(
        Number.isInteger(rolled) && rolled >= 0,
        `eligible raters of "${id}" must be a count`,
      );
      if (tally.cast > rolled) {
        throw new ReviewRuleError(
          ReviewErrorCode.TooManyBallots,
          `rater group "${id}" cast ${tally.cast} ballots but only ${rolled} raters are eligible`,
        );
      }
      eligible = rolled;
    }
    const valid = validOf(tally.counts);
    const meanPoints =
      rule.kind === 'weighted-points' && valid > 0
        ? roundScore(sum(GRADES.map((grade) => tally.counts[grade] * rule.points[grade])) / valid)
        : null;
    result.push({
      group: id,
      label: config?.label ?? id,
      weightPercent: config?.weightPercent ?? null,
      eligible,
      cast: tally.cast,
      abstentions: tally.abstentions,
      valid,
      missing: eligible === null ? null : eligible - tally.cast,
      counts: { ...tally.counts },
      meanPoints,
    });
  }
  return result;
}

function totalOf(groups: readonly GroupTally[], hasRoll: boolean): BallotTally {
  const counts = emptyGradeCounts();
  for (const group of groups) {
    for (const grade of GRADES) {
      counts[grade] += group.counts[grade];
    }
  }
  const eligible = hasRoll ? sum(groups.map((group) => group.eligible ?? 0)) : null;
  const cast = sum(groups.map((group) => group.cast));
  return {
    eligible,
    cast,
    abstentions: sum(groups.map((group) => group.abstentions)),
    valid: validOf(counts),
    missing: eligible === null ? null : eligible - cast,
    counts,
  };
}

function turnoutExplanation(
  rule: AggregationRule,
  total: BallotTally,
  turnout: number | null,
): Explanation {
  const inputs = { minTurnoutPercent: rule.minTurnoutPercent };
  const computed = {
    eligible: total.eligible,
    cast: total.cast,
    abstentions: total.abstentions,
    valid: total.valid,
    missing: total.missing,
    turnoutPercent: turnout === null ? null : roundScore(turnout),
  };
  if (turnout === null || total.eligible === null || total.missing === null) {
    return explain('rating.turnout', inputs, computed, {
      zh: `收回选票${total.cast}张(其中弃权${total.abstentions}张,有效${total.valid}张);未提供应参评人数,不计参评率。`,
      en: `${total.cast} ballots returned (${total.abstentions} abstention(s), ${total.valid} valid); no roll given, so turnout is not checked.`,
    });
  }
  const enough = turnout >= rule.minTurnoutPercent - SHARE_TOLERANCE;
  return explain('rating.turnout', inputs, computed, {
    zh:
      `应参评${total.eligible}人,收回选票${total.cast}张(其中弃权${total.abstentions}张,有效${total.valid}张),未投${total.missing}张,` +
      `参评率${formatPercent(turnout)}(最低${formatPercent(rule.minTurnoutPercent)})${enough ? '' : ',未达最低参评率,不评定等次'}。`,
    en:
      `${total.eligible} eligible raters, ${total.cast} ballots returned (${total.abstentions} abstention(s), ${total.valid} valid), ${total.missing} missing; ` +
      `turnout ${formatPercent(turnout)} (minimum ${formatPercent(rule.minTurnoutPercent)})${enough ? '' : ': below the minimum, no grade'}.`,
  });
}

function roundedShares(shares: Shares | null): Record<Grade, number> | null {
  if (shares === null) {
    return null;
  }
  const rounded = emptyGradeCounts();
  for (const grade of GRADES) {
    rounded[grade] = roundScore(shares.exact[grade]);
  }
  return rounded;
}

function evaluateShareRule(
  rule: ShareThresholdRule,
  shares: Shares,
  total: BallotTally,
  because: readonly Explanation[],
): { grade: Grade; explanation: Explanation } {
  const weighted = rule.groups !== undefined;
  const zhParts: string[] = [];
  const enParts: string[] = [];
  const evaluated: { grade: Grade; conditions: { share: number; holds: boolean }[] }[] = [];
  let chosen: Grade = rule.fallback;
  let matched = false;
  for (const gradeRule of rule.rules) {
    const results = gradeRule.all.map((condition) => ({
      condition,
      ...conditionHolds(condition, shares),
    }));
    evaluated.push({
      grade: gradeRule.grade,
      conditions: results.map((r) => ({ share: roundScore(r.share), holds: r.holds })),
    });
    const texts = results.map((r) => conditionText(r.condition, r.share, r.holds));
    zhParts.push(`“${gradeRule.grade}”等次:${texts.map((t) => t.zh).join(',')}`);
    enParts.push(`${gradeRule.grade} rule: ${texts.map((t) => t.en).join(', ')}`);
    if (results.every((r) => r.holds)) {
      chosen = gradeRule.grade;
      matched = true;
      break;
    }
  }
  const prefixZh = weighted ? '按组加权,' : '';
  const prefixEn = weighted ? 'Group-weighted; ' : '';
  const conclusionZh = matched
    ? `符合“${chosen}”等次条件,评为“${chosen}”。`
    : `以上条件均未满足,评为“${chosen}”。`;
  const conclusionEn = matched
    ? `the ${chosen} (${GRADE_EN[chosen]}) rule holds.`
    : `no rule holds, so the fallback ${chosen} (${GRADE_EN[chosen]}) applies.`;
  const explanation = explain(
    'rating.share-thresholds',
    {
      rules: rule.rules.map((r) => ({
        grade: r.grade,
        all: r.all.map((c) => ({ ...c })),
      })),
      fallback: rule.fallback,
      groups: rule.groups?.map((g) => ({ ...g })) ?? null,
      counts: { ...total.counts },
    },
    {
      valid: total.valid,
      sharesPercent: roundedShares(shares),
      evaluated,
      grade: chosen,
    },
    {
      zh: `有效票${total.valid}张(${countsText(total.counts, 'zh')});${prefixZh}${zhParts.join(';')};${conclusionZh}`,
      en: `${total.valid} valid ballots (${countsText(total.counts, 'en')}); ${prefixEn}${enParts.join('; ')}; ${conclusionEn}`,
    },
    because,
  );
  return { grade: chosen, explanation };
}

function evaluatePointsRule(
  rule: WeightedPointsRule,
  groups: readonly GroupTally[],
  because: readonly Explanation[],
): { grade: Grade; points: number; explanation: Explanation } {
  const withVotes = groups.filter((group) => group.valid > 0);
  const weightTotal = sum(withVotes.map((group) => group.weightPercent ?? 0));
  const exactMeans = withVotes.map(
    (group) => sum(GRADES.map((grade) => group.counts[grade] * rule.points[grade])) / group.valid,
  );
  const composite = roundScore(
    sum(withVotes.map((group, i) => (group.weightPercent ?? 0) * exactMeans[i])) / weightTotal,
  );
  const cutoff = rule.cutoffs.find((c) => composite >= c.minPoints - SHARE_TOLERANCE);
  const grade = cutoff?.grade ?? rule.fallback;
  const rescaled = Math.abs(weightTotal - 100) > 1e-9;
  const groupZh = withVotes
    .map(
      (g) =>
        `${g.label}(权重${formatPercent(g.weightPercent ?? 0)})平均${formatNumber(g.meanPoints ?? 0)}分`,
    )
    .join(',');
  const groupEn = withVotes
    .map(
      (g) =>
        `${g.label} (weight ${formatPercent(g.weightPercent ?? 0)}) mean ${formatNumber(g.meanPoints ?? 0)}`,
    )
    .join(', ');
  const cutoffZh = rule.cutoffs.map((c) => `${c.grade}≥${formatNumber(c.minPoints)}`).join('、');
  const cutoffEn = rule.cutoffs.map((c) => `${c.grade} ≥ ${formatNumber(c.minPoints)}`).join(', ');
  const pointsZh = GRADES.map((g) => `${g}=${formatNumber(rule.points[g])}`).join('、');
  const pointsEn = GRADES.map((g) => `${g}=${formatNumber(rule.points[g])}`).join(', ');
  const explanation = explain(
    'rating.weighted-points',
    {
      points: { ...rule.points },
      groups: rule.groups.map((g) => ({ ...g })),
      cutoffs: rule.cutoffs.map((c) => ({ ...c })),
      fallback: rule.fallback,
    },
    {
      groupMeans: withVotes.map((g) => ({
        group: g.group,
        valid: g.valid,
        meanPoints: g.meanPoints,
      })),
      weightTotalPercent: weightTotal,
      points: composite,
      grade,
    },
    {
      zh:
        `计分标准${pointsZh};${groupZh}${rescaled ? `(无有效票的组不计,权重按${formatNumber(weightTotal)}%折算)` : ''};` +
        `加权得分${formatNumber(composite)}分;等次线${cutoffZh};评为“${grade}”。`,
      en:
        `Points ${pointsEn}; ${groupEn}${rescaled ? ` (groups without valid ballots drop out; weights rescaled from ${formatNumber(weightTotal)}%)` : ''}; ` +
        `weighted points ${formatNumber(composite)}; cut-offs ${cutoffEn}; grade ${grade} (${GRADE_EN[grade]}).`,
    },
    because,
  );
  return { grade, points: composite, explanation };
}

/**
 * Aggregates the ballots of one subject, direction and dimension under `rule`.
 *
 * Rules, in order: (1) ballots are tallied per rater group, so the result does not depend on
 * ballot order; (2) with a roll (`eligibleByGroup`), turnout = returned ballots (abstentions
 * included) / eligible raters, and below `minTurnoutPercent` the status is
 * `insufficient-turnout` with no grade; (3) with no valid ballot the status is
 * `no-valid-ballots`; (4) otherwise the share or points rule gives the grade.
 *
 * @throws ReviewRuleError on ballots for another key, duplicate raters, unknown groups, more
 *   ballots than eligible raters, or a minimum turnout without a roll.
 */
export function aggregateSubject(
  key: RatingKey,
  ballots: readonly Ballot[],
  rule: AggregationRule,
  eligibleByGroup?: Readonly<Record<string, number>>,
): RatingResult {
  const checked = checkedRule(rule);
  const raters = new Set<string>();
  for (const ballot of ballots) {
    requireInput(
      ballot.subjectId === key.subjectId &&
        ballot.direction === key.direction &&
        ballot.dimension === key.dimension,
      `ballot for ${ballot.subjectId}/${ballot.direction}/${ballot.dimension} given to ${key.subjectId}/${key.direction}/${key.dimension}`,
    );
    if (ballot.raterId !== undefined) {
      if (raters.has(ballot.raterId)) {
        throw new ReviewRuleError(
          ReviewErrorCode.DuplicateBallot,
          `rater "${ballot.raterId}" cast two ballots for ${key.subjectId}/${key.direction}/${key.dimension}`,
        );
      }
      raters.add(ballot.raterId);
    }
  }
  if (checked.minTurnoutPercent > 0 && eligibleByGroup === undefined) {
    throw new ReviewRuleError(
      ReviewErrorCode.InvalidInput,
      `a minimum turnout of ${checked.minTurnoutPercent}% needs the rater roll of ${key.subjectId}/${key.direction}`,
    );
  }
  const groups = buildGroupTallies(checked, ballots, eligibleByGroup);
  const total = totalOf(groups, eligibleByGroup !== undefined);
  const turnout =
    total.eligible === null || total.eligible === 0 ? null : (total.cast * 100) / total.eligible;
  const turnoutExpl = turnoutExplanation(checked, total, turnout);
  const base = {
    ...key,
    ruleKind: checked.kind,
    groups,
    total,
    turnoutPercent: turnout === null ? null : roundScore(turnout),
  };
  const weighted = checked.groups !== undefined;
  const shares = sharesOf(groups, weighted);

  const belowTurnout =
    total.eligible !== null &&
    (total.eligible === 0
      ? checked.minTurnoutPercent > 0
      : (turnout ?? 0) < checked.minTurnoutPercent - SHARE_TOLERANCE);
  if (belowTurnout) {
    return {
      ...base,
      status: 'insufficient-turnout',
      grade: null,
      sharesPercent: roundedShares(shares),
      points: null,
      explanation: turnoutExpl,
    };
  }
  if (shares === null) {
    return {
      ...base,
      status: 'no-valid-ballots',
      grade: null,
      sharesPercent: null,
      points: null,
      explanation: explain(
        checked.kind === 'share-thresholds' ? 'rating.share-thresholds' : 'rating.weighted-points',
        {},
        { valid: 0 },
        { zh: '没有有效票,不评定等次。', en: 'No valid ballots, so no grade.' },
        [turnoutExpl],
      ),
    };
  }
  switch (checked.kind) {
    case 'share-thresholds': {
      const { grade, explanation } = evaluateShareRule(checked, shares, total, [turnoutExpl]);
      return {
        ...base,
        status: 'graded',
        grade,
        sharesPercent: roundedShares(shares),
        points: null,
        explanation,
      };
    }
    case 'weighted-points': {
      const { grade, points, explanation } = evaluatePointsRule(checked, groups, [turnoutExpl]);
      return {
        ...base,
        status: 'graded',
        grade,
        sharesPercent: roundedShares(shares),
        points,
        explanation,
      };
    }
  }
}

/** Options of {@link aggregateRatings}. */
export interface AggregateRatingsOptions {
  /** Eligible raters per subject, direction and group; needed for turnout and missing ballots. */
  readonly roll?: readonly RaterRoll[];
  /**
   * Dimensions on the ballot form. When given, every subject and direction on the roll gets a
   * result for each, even when no ballot at all came back (then: insufficient turnout).
   */
  readonly dimensions?: readonly string[];
}

function keyString(subjectId: string, direction: Direction): string {
  return `${subjectId}\u0000${direction}`;
}

/**
 * Aggregates a campaign's ballots: one {@link RatingResult} per subject, direction and
 * dimension. Directions are never mixed (上述下评 and 下述上评 are separate results), and each
 * uses `config.byDirection[direction]` or else `config.rule`. Results are sorted by subject id,
 * direction (as in {@link DIRECTIONS}), then dimension.
 */
export function aggregateRatings(
  ballots: readonly Ballot[],
  config: AggregationConfig,
  options: AggregateRatingsOptions = {},
): RatingResult[] {
  const rolls = new Map<string, Record<string, number>>();
  for (const entry of options.roll ?? []) {
    const key = keyString(entry.subjectId, entry.direction);
    const groups = rolls.get(key) ?? {};
    requireInput(
      groups[entry.group] === undefined,
      `rater group "${entry.group}" is on the roll of ${entry.subjectId}/${entry.direction} twice`,
    );
    groups[entry.group] = entry.eligible;
    rolls.set(key, groups);
  }
  const buckets = new Map<string, { key: RatingKey; ballots: Ballot[] }>();
  const bucket = (key: RatingKey): Ballot[] => {
    const id = `${keyString(key.subjectId, key.direction)}\u0000${key.dimension}`;
    let found = buckets.get(id);
    if (found === undefined) {
      found = { key, ballots: [] };
      buckets.set(id, found);
    }
    return found.ballots;
  };
  for (const entry of options.roll ?? []) {
    for (const dimension of options.dimensions ?? []) {
      bucket({ subjectId: entry.subjectId, direction: entry.direction, dimension });
    }
  }
  for (const ballot of ballots) {
    bucket({
      subjectId: ballot.subjectId,
      direction: ballot.direction,
      dimension: ballot.dimension,
    }).push(ballot);
  }
  const ordered = [...buckets.values()].sort(
    (a, b) =>
      compareCodeUnits(a.key.subjectId, b.key.subjectId) ||
      DIRECTIONS.indexOf(a.key.direction) - DIRECTIONS.indexOf(b.key.direction) ||
      compareCodeUnits(a.key.dimension, b.key.dimension),
  );
  return ordered.map(({ key, ballots: subjectBallots }) =>
    aggregateSubject(
      key,
      subjectBallots,
      config.byDirection?.[key.direction] ?? config.rule,
      rolls.get(keyString(key.subjectId, key.direction)),
    ),
  );
}
