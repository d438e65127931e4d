import { type Consequence, consequenceLabel } from './consequence.js';
import { type Explanation, explain } from './explanation.js';
import { GRADE_EN, type Grade } from './grades.js';
import { compareCodeUnits, formatNumber, formatPercent } from './numbers.util.js';
import {
  type ClassAssignment,
  type ClassScheme,
  type RankedEntry,
  type RankingOptions,
  type TopNResult,
  type TopNRule,
  assignClasses,
  rankScope,
  selectTopN,
} from './ranking.js';
import {
  type ApplicationRules,
  type CommitteeFindings,
  applyResult,
} from './result-application.js';
import { requireInput } from './review.exception.js';

/** An organisation taking part in a campaign. */
export interface CampaignOrganisation {
  readonly orgId: string;
  /** Tie-break key, e.g. the administrative division code. */
  readonly code: string;
  readonly name: string;
  /** The scope it is ranked within (township id). */
  readonly scopeId: string;
  /** e.g. 王庄镇; used in explanations and notices. */
  readonly scopeName?: string;
}

/** A score to rank by: a `ScoreResult` or any score with its veto status. */
export interface CampaignScore {
  readonly orgId: string;
  readonly score: number;
  readonly vetoed: boolean;
  readonly vetoes?: readonly unknown[];
  readonly explanation?: Explanation;
}

/** An overall grade: a `RatingResult` (of the direction and dimension that count). */
export interface CampaignRating {
  readonly subjectId: string;
  readonly grade: Grade | null;
  readonly explanation?: Explanation;
}

/** Everything a campaign's results are computed from. */
export interface CampaignInput {
  readonly organisations: readonly CampaignOrganisation[];
  /** One per organisation when given; without scores nothing is ranked. */
  readonly scores?: readonly CampaignScore[];
  /** At most one per organisation. */
  readonly ratings?: readonly CampaignRating[];
  /** Base pay per organisation id, for reward amounts. */
  readonly basePay?: Readonly<Record<string, number>>;
  /** Committee findings per organisation id (neglect, severe cases). */
  readonly findings?: Readonly<Record<string, CommitteeFindings>>;
}

/** How a campaign's results are computed. */
export interface CampaignRules {
  /** Rank within each scope (township) or across all organisations (county). */
  readonly rankWithin: 'scope' | 'all';
  readonly ranking: RankingOptions;
  /** Classes by share, within the same ranking groups. */
  readonly classes?: ClassScheme;
  /** County-wide top-N selection (十佳). */
  readonly topN?: TopNRule;
  readonly application: ApplicationRules;
}

/** One organisation's complete result: the row of the results table. */
export interface OrgResult {
  readonly orgId: string;
  readonly code: string;
  readonly name: string;
  readonly scopeId: string;
  readonly scopeName: string | null;
  readonly score: number | null;
  readonly vetoed: boolean;
  readonly rank: number | null;
  readonly position: number | null;
  readonly rankedAmong: number | null;
  readonly grade: Grade | null;
  readonly classNumber: number | null;
  readonly classLabel: string | null;
  readonly rewardPercent: number | null;
  readonly rewardAmount: number | null;
  readonly boundaryTie: boolean;
  /** Selected by the top-N rule (十佳). */
  readonly topN: boolean;
  readonly consequences: readonly Consequence[];
  /** `campaign.result`: a summary sentence, with every underlying explanation in `because`. */
  readonly explanation: Explanation;
}

/** A campaign's results. */
export interface CampaignResults {
  /** Ordered by ranking group (scope id, or one group), then position; unranked by code. */
  readonly results: readonly OrgResult[];
  readonly topN: TopNResult | null;
}

function indexBy<T>(items: readonly T[], key: (item: T) => string, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const id = key(item);
    requireInput(!map.has(id), `${what} for ${id} given twice`);
    map.set(id, item);
  }
  return map;
}

/**
 * Computes a campaign's results: rank (within each scope or across all), classes and rewards
 * per ranking group, the county-wide top-N, and the application of each result (grade →
 * 优秀 / talk and rectification / accountability). Every result carries a `campaign.result`
 * explanation that answers "why this grade, this rank, this class" with the numbers.
 *
 * @throws ReviewRuleError on duplicate or unknown organisations, or a missing score.
 */
export function evaluateCampaign(input: CampaignInput, rules: CampaignRules): CampaignResults {
  const orgs = indexBy(input.organisations, (o) => o.orgId, 'organisation');
  const scores = input.scores === undefined ? null : indexBy(input.scores, (s) => s.orgId, 'score');
  const ratings = indexBy(input.ratings ?? [], (r) => r.subjectId, 'rating');
  for (const id of [
    ...(scores?.keys() ?? []),
    ...ratings.keys(),
    ...Object.keys(input.findings ?? {}),
  ]) {
    requireInput(orgs.has(id), `${id} is not an organisation of the campaign`);
  }

  const ranked = new Map<string, RankedEntry>();
  const classes = new Map<string, ClassAssignment>();
  if (scores !== null) {
    const groups = new Map<string, CampaignOrganisation[]>();
    for (const org of input.organisations) {
      requireInput(scores.has(org.orgId), `no score for ${org.orgId}`);
      const group = rules.rankWithin === 'scope' ? org.scopeId : '*';
      groups.set(group, [...(groups.get(group) ?? []), org]);
    }
    for (const members of groups.values()) {
      const entries = rankScope(
        members.map((org) => {
          const score = scores.get(org.orgId)!;
          return {
            orgId: org.orgId,
            code: org.code,
            name: org.name,
            scopeId: org.scopeId,
            score: score.score,
            vetoed: score.vetoed,
            vetoCount: score.vetoes?.length ?? Number(score.vetoed),
          };
        }),
        rules.ranking,
      );
      for (const entry of entries) {
        ranked.set(entry.orgId, entry);
      }
      if (rules.classes !== undefined) {
        for (const assignment of assignClasses(entries, rules.classes, input.basePay)) {
          classes.set(assignment.orgId, assignment);
        }
      }
    }
  }

  const topN =
    rules.topN === undefined || scores === null
      ? null
      : selectTopN(
          [...ranked.values()].map((entry) => ({
            ...entry,
            classNumber: classes.get(entry.orgId)?.classNumber ?? null,
          })),
          rules.topN,
        );
  const selected = new Set(topN?.selected ?? []);

  const results = input.organisations.map((org): OrgResult => {
    const score = scores?.get(org.orgId);
    const rating = ratings.get(org.orgId);
    const rank = ranked.get(org.orgId);
    const assignment = classes.get(org.orgId);
    const grade = rating?.grade ?? null;
    const vetoed = score?.vetoed === true;
    const outcome = applyResult(
      {
        orgId: org.orgId,
        name: org.name,
        grade,
        score: score?.score ?? null,
        vetoed,
        findings: input.findings?.[org.orgId],
      },
      rules.application,
    );
    const inTopN = selected.has(org.orgId);
    // Ranked within the township: name it; ranked across all organisations: say so.
    const where = rules.rankWithin === 'scope' ? (org.scopeName ?? '本乡镇') : '全部';
    const whereEn =
      rules.rankWithin === 'scope' ? `in ${org.scopeName ?? 'its township'}` : 'overall';
    const zh: string[] = [];
    const en: string[] = [];
    // A process without ratings (score only) does not mention grades at all.
    if (input.ratings !== undefined) {
      zh.push(grade === null ? '未评定等次' : `综合评价“${grade}”`);
      en.push(grade === null ? 'not graded' : `overall grade ${grade} (${GRADE_EN[grade]})`);
    }
    if (score !== undefined && rank !== undefined) {
      zh.push(
        `得分${formatNumber(score.score)}分${vetoed ? '(一票否决)' : ''},在${where}${rank.scopeSize}个组织中排名第${rank.rank}`,
      );
      en.push(
        `score ${formatNumber(score.score)}${vetoed ? ' (vetoed)' : ''}, rank ${rank.rank} of ${rank.scopeSize} ${whereEn}`,
      );
    }
    if (assignment !== undefined) {
      zh.push(`属${assignment.classLabel},奖励比例${formatPercent(assignment.rewardPercent)}`);
      en.push(
        `${assignment.classLabel} (class ${assignment.classNumber}), reward ${formatPercent(assignment.rewardPercent)} of base pay`,
      );
    }
    if (inTopN && rules.topN !== undefined) {
      zh.push(`入选${rules.topN.label}`);
      en.push(`selected for ${rules.topN.label}`);
    }
    zh.push(
      outcome.consequences.length === 0
        ? '无其他结果运用'
        : `结果运用:${outcome.consequences.map(consequenceLabel).join('、')}`,
    );
    en.push(
      outcome.consequences.length === 0
        ? 'no further consequence'
        : `consequences: ${outcome.consequences.map((c) => c.kind).join(', ')}`,
    );
    const because: Explanation[] = [];
    for (const part of [
      rating?.explanation,
      score?.explanation,
      rank?.explanation,
      assignment?.explanation,
      assignment?.rewardExplanation,
      inTopN ? topN?.explanation : undefined,
      outcome.explanation,
    ]) {
      if (part !== undefined) {
        because.push(part);
      }
    }
    return {
      orgId: org.orgId,
      code: org.code,
      name: org.name,
      scopeId: org.scopeId,
      scopeName: org.scopeName ?? null,
      score: score?.score ?? null,
      vetoed,
      rank: rank?.rank ?? null,
      position: rank?.position ?? null,
      rankedAmong: rank?.scopeSize ?? null,
      grade,
      classNumber: assignment?.classNumber ?? null,
      classLabel: assignment?.classLabel ?? null,
      rewardPercent: assignment?.rewardPercent ?? null,
      rewardAmount: assignment?.rewardAmount ?? null,
      boundaryTie: assignment?.boundaryTie ?? false,
      topN: inTopN,
      consequences: outcome.consequences,
      explanation: explain(
        'campaign.result',
        { orgId: org.orgId, name: org.name, scopeId: org.scopeId },
        {
          grade,
          score: score?.score ?? null,
          rank: rank?.rank ?? null,
          classNumber: assignment?.classNumber ?? null,
          rewardPercent: assignment?.rewardPercent ?? null,
          topN: inTopN,
          consequences: outcome.consequences.map((c) => c.kind),
        },
        { zh: `${org.name}:${zh.join(';')}。`, en: `${org.name}: ${en.join('; ')}.` },
        because,
      ),
    };
  });

  const groupOf = (r: OrgResult): string => (rules.rankWithin === 'scope' ? r.scopeId : '*');
  results.sort(
    (a, b) =>
      compareCodeUnits(groupOf(a), groupOf(b)) ||
      (a.position ?? Number.MAX_SAFE_INTEGER) - (b.position ?? Number.MAX_SAFE_INTEGER) ||
      compareCodeUnits(a.code, b.code) ||
      compareCodeUnits(a.orgId, b.orgId),
  );
  return { results, topN };
}
