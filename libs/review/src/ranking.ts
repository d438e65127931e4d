import { z } from 'zod';
import { type Explanation, explain } from './explanation.js';
import {
  compareCodeUnits,
  formatNumber,
  formatPercent,
  roundScore,
  roundTo,
  sum,
} from './numbers.util.js';
import { parseConfig, requireInput } from './review.exception.js';

// ---------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------

/** An organisation to rank, with its final score. */
export interface RankingEntry {
  readonly orgId: string;
  /** Deterministic tie-break key, e.g. the 12-digit administrative division code. */
  readonly code: string;
  readonly name: string;
  /** The scope ranked within, e.g. the township id (or the county id for county-wide lists). */
  readonly scopeId: string;
  readonly score: number;
  /** One-vote veto: ranked after every organisation that was not vetoed. */
  readonly vetoed?: boolean;
  /** Number of vetoes; fewer comes first among vetoed organisations with the same score. */
  readonly vetoCount?: number;
}

/**
 * How tied organisations are numbered:
 * - `competition` (standard competition ranking, 1-2-2-4): rank = 1 + number of organisations
 *   strictly ahead, so "ranked 11th" means ten did better;
 * - `dense` (1-2-2-3): rank = 1 + number of distinct better results.
 */
export type RankMethod = 'competition' | 'dense';

/** Options of the ranking. */
export interface RankingOptions {
  readonly method: RankMethod;
}

/** A ranked organisation. */
export interface RankedEntry extends RankingEntry {
  /** Shared by organisations with the same veto status and the same score (to 0.01). */
  readonly rank: number;
  /** 1-based unique position after tie-breaks; classes and top-N cut by position. */
  readonly position: number;
  /** Number of organisations ranked in the scope. */
  readonly scopeSize: number;
  /** Other organisations sharing the rank, in position order. */
  readonly tiedWith: readonly string[];
  readonly explanation: Explanation;
}

/** The sort key of a result: vetoed last, then score (0.01) high to low. */
function resultKey(entry: RankingEntry): { vetoed: boolean; score: number } {
  return { vetoed: entry.vetoed === true, score: roundScore(entry.score) };
}

/**
 * Orders entries: not vetoed before vetoed; higher score (rounded to 0.01) first; then fewer
 * vetoes; then `code`, then `orgId`, both by UTF-16 code units (locale-independent). The
 * result is a total order, so the ranking never depends on input order.
 */
export function compareForRanking(a: RankingEntry, b: RankingEntry): number {
  const ka = resultKey(a);
  const kb = resultKey(b);
  return (
    Number(ka.vetoed) - Number(kb.vetoed) ||
    kb.score - ka.score ||
    (a.vetoCount ?? Number(ka.vetoed)) - (b.vetoCount ?? Number(kb.vetoed)) ||
    compareCodeUnits(a.code, b.code) ||
    compareCodeUnits(a.orgId, b.orgId)
  );
}

function sameResult(a: RankingEntry, b: RankingEntry): boolean {
  const ka = resultKey(a);
  const kb = resultKey(b);
  return ka.vetoed === kb.vetoed && ka.score === kb.score;
}

/**
 * Ranks the organisations of one scope (see {@link compareForRanking} for the order and
 * {@link RankMethod} for the numbering). Organisations share a rank when they have the same
 * veto status and the same score to 0.01; their positions are decided by fewer vetoes, then
 * code, then id.
 *
 * @throws ReviewRuleError when an organisation appears twice or a score is not finite.
 */
export function rankScope(
  entries: readonly RankingEntry[],
  options: RankingOptions,
): RankedEntry[] {
  const ids = new Set(entries.map((entry) => entry.orgId));
  requireInput(ids.size === entries.length, 'an organisation appears twice in the ranking');
  for (const entry of entries) {
    requireInput(Number.isFinite(entry.score), `score of ${entry.orgId} must be a number`);
  }
  const sorted = [...entries].sort(compareForRanking);
  const size = sorted.length;
  // Ties are contiguous in the sorted order: find each group once (linear, not pairwise).
  const groupStart: number[] = new Array<number>(size);
  const groupEnd: number[] = new Array<number>(size);
  for (let i = 0; i < size; i += 1) {
    const previous = sorted[i - 1];
    groupStart[i] =
      previous !== undefined && sameResult(previous, sorted[i]) ? groupStart[i - 1] : i;
  }
  for (let i = size - 1; i >= 0; i -= 1) {
    const next = sorted[i + 1];
    groupEnd[i] = next !== undefined && sameResult(next, sorted[i]) ? groupEnd[i + 1] : i;
  }
  const result: RankedEntry[] = [];
  let rank = 0;
  let distinct = 0;
  for (let i = 0; i < size; i += 1) {
    const entry = sorted[i];
    const previous = sorted[i - 1];
    if (previous === undefined || !sameResult(previous, entry)) {
      distinct += 1;
      rank = options.method === 'competition' ? i + 1 : distinct;
    }
    const tiedWith = sorted
      .slice(groupStart[i], groupEnd[i] + 1)
      .filter((other) => other !== entry)
      .map((o) => o.orgId);
    const ahead = groupStart[i];
    const score = roundScore(entry.score);
    const methodZh =
      options.method === 'competition'
        ? '竞争排名,并列者同名次、后续名次顺延'
        : '密集排名,并列者同名次、后续名次连续';
    const methodEn =
      options.method === 'competition'
        ? 'competition ranking: ties share a rank, the next rank skips'
        : 'dense ranking: ties share a rank, the next rank follows';
    const tieZh =
      tiedWith.length > 0
        ? `;与${tiedWith.length}个组织同分并列,按${entry.vetoed === true ? '否决项少者、' : ''}组织代码先后排位,位次第${i + 1}`
        : '';
    const tieEn =
      tiedWith.length > 0
        ? `; tied with ${tiedWith.length} other(s), positioned by ${entry.vetoed === true ? 'fewer vetoes, then ' : ''}organisation code at ${i + 1}`
        : '';
    result.push({
      ...entry,
      rank,
      position: i + 1,
      scopeSize: size,
      tiedWith,
      explanation: explain(
        'ranking.rank',
        {
          method: options.method,
          score,
          vetoed: entry.vetoed === true,
          scopeId: entry.scopeId,
          scopeSize: size,
        },
        { rank, position: i + 1, strictlyAhead: ahead, tiedWith },
        {
          zh:
            `得分${formatNumber(score)}分${entry.vetoed === true ? '(被一票否决,排在未否决组织之后)' : ''},` +
            `在${size}个组织中排名第${rank}(${methodZh};${ahead}个组织成绩更优)${tieZh}。`,
          en:
            `Score ${formatNumber(score)}${entry.vetoed === true ? ' (vetoed: ranked after every organisation not vetoed)' : ''}; ` +
            `rank ${rank} of ${size} (${methodEn}; ${ahead} did better)${tieEn}.`,
        },
      ),
    });
  }
  return result;
}

/** Ranks every scope separately; scopes are returned in code-unit order of their ids. */
export function rankByScope(
  entries: readonly RankingEntry[],
  options: RankingOptions,
): { readonly scopeId: string; readonly ranked: readonly RankedEntry[] }[] {
  const scopes = new Map<string, RankingEntry[]>();
  for (const entry of entries) {
    const list = scopes.get(entry.scopeId) ?? [];
    list.push(entry);
    scopes.set(entry.scopeId, list);
  }
  return [...scopes.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([scopeId, list]) => ({ scopeId, ranked: rankScope(list, options) }));
}

// ---------------------------------------------------------------------------------------------
// Classes and rewards
// ---------------------------------------------------------------------------------------------

/** One class of a scheme, best first. */
export interface ClassConfig {
  /** e.g. 一类, 二类, 三类. */
  readonly label: string;
  /** Target share of the scope in percent (up to two decimals); shares add up to 100. */
  readonly sharePercent: number;
  /** Reward as a percentage of the members' base pay (原工作报酬), e.g. 100 / 50 / 20. */
  readonly rewardPercent: number;
}

/** Classes by share with rewards (Shenqiu: 20% / 50% / 30% → 100% / 50% / 20%). */
export interface ClassScheme {
  readonly classes: readonly ClassConfig[];
  /** Reward of a vetoed organisation (placed in the last class); 0 unless the process says otherwise. */
  readonly vetoRewardPercent: number;
}

const basisPoints = (percent: number): number => Math.round(percent * 100);

/** Validates a class scheme: at least one class, shares with ≤ 2 decimals adding up to 100. */
export const classSchemeSchema: z.ZodType<ClassScheme> = z
  .object({
    classes: z
      .array(
        z.object({
          label: z.string().min(1),
          sharePercent: z.number().min(0).max(100),
          rewardPercent: z.number().min(0).finite(),
        }),
      )
      .min(1),
    vetoRewardPercent: z.number().min(0).finite(),
  })
  .superRefine((scheme, ctx) => {
    scheme.classes.forEach((c, i) => {
      if (Math.abs(basisPoints(c.sharePercent) - c.sharePercent * 100) > 1e-6) {
        ctx.addIssue({
          code: 'custom',
          path: ['classes', i, 'sharePercent'],
          message: 'at most two decimals',
        });
      }
    });
    const total = sum(scheme.classes.map((c) => basisPoints(c.sharePercent)));
    if (total !== 10_000) {
      ctx.addIssue({
        code: 'custom',
        path: ['classes'],
        message: `shares must add up to 100, not ${total / 100}`,
      });
    }
  });

/** Parses and validates a class scheme; throws `REVIEW_INVALID_CONFIG` listing all issues. */
export function parseClassScheme(value: unknown): ClassScheme {
  return parseConfig(classSchemeSchema, value, 'class scheme');
}

/**
 * Class sizes for `count` organisations by the largest-remainder (Hamilton) method: each class
 * first gets ⌊count × share⌋, then the organisations left over go one each to the classes with
 * the largest fractional remainders; equal remainders favour the better class. Every size is
 * within one organisation of its exact quota (|size − count × share| < 1). Integer arithmetic
 * on basis points, so no floating-point drift.
 *
 * @example classSizes(23, [20, 50, 30]) → [5, 11, 7] (quotas 4.6 / 11.5 / 6.9)
 */
export function classSizes(count: number, sharesPercent: readonly number[]): number[] {
  requireInput(Number.isInteger(count) && count >= 0, `count must be a whole number, not ${count}`);
  const units = sharesPercent.map(basisPoints);
  requireInput(sum(units) === 10_000, 'class shares must add up to 100');
  const numerators = units.map((u) => count * u);
  const sizes = numerators.map((n) => Math.floor(n / 10_000));
  const remainders = numerators.map((n, i) => ({ i, remainder: n - sizes[i] * 10_000 }));
  remainders.sort((a, b) => b.remainder - a.remainder || a.i - b.i);
  let left = count - sum(sizes);
  for (const { i } of remainders) {
    if (left === 0) {
      break;
    }
    sizes[i] = sizes[i] + 1;
    left -= 1;
  }
  return sizes;
}

/** The class and reward of one ranked organisation. */
export interface ClassAssignment {
  readonly orgId: string;
  /** 1 for the best class. */
  readonly classNumber: number;
  readonly classLabel: string;
  readonly rewardPercent: number;
  /** Base pay × reward percent, to the cent (0.01 yuan); `null` when the base pay is unknown. */
  readonly rewardAmount: number | null;
  /**
   * True when an organisation with the same rank fell into another class: the cut went by
   * position (fewer vetoes, then code), and the committee may want to look at it.
   */
  readonly boundaryTie: boolean;
  readonly explanation: Explanation;
  readonly rewardExplanation: Explanation;
}

/**
 * Divides one scope's ranking into classes by position: the first `sizes[0]` positions form
 * class 1, and so on (sizes by {@link classSizes}). Vetoed organisations (ranked last) always
 * land in the last class; if they outnumber it, the last class grows and the classes above it
 * shrink from the bottom up. Rewards are the class's `rewardPercent` of base pay, except
 * `vetoRewardPercent` for vetoed organisations.
 *
 * @param ranked the output of {@link rankScope} for one scope.
 * @param basePay base pay per organisation id (yuan), for reward amounts.
 */
export function assignClasses(
  ranked: readonly RankedEntry[],
  scheme: ClassScheme,
  basePay: Readonly<Record<string, number>> = {},
): ClassAssignment[] {
  const checked = parseClassScheme(scheme);
  const ordered = [...ranked].sort((a, b) => a.position - b.position);
  ordered.forEach((entry, i) =>
    requireInput(
      entry.position === i + 1,
      'assignClasses expects the complete ranking of one scope',
    ),
  );
  const count = ordered.length;
  const quotas = checked.classes.map((c) => (count * c.sharePercent) / 100);
  const sizes = classSizes(
    count,
    checked.classes.map((c) => c.sharePercent),
  );
  const vetoed = ordered.filter((entry) => entry.vetoed === true).length;
  const last = sizes.length - 1;
  let enlarged = false;
  if (sizes[last] < vetoed) {
    enlarged = true;
    let excess = vetoed - sizes[last];
    sizes[last] = vetoed;
    for (let i = last - 1; i >= 0 && excess > 0; i -= 1) {
      const taken = Math.min(sizes[i], excess);
      sizes[i] = sizes[i] - taken;
      excess -= taken;
    }
  }
  const classOfPosition: number[] = [];
  sizes.forEach((size, i) => {
    for (let k = 0; k < size; k += 1) {
      classOfPosition.push(i);
    }
  });
  const sharesZh = checked.classes.map((c) => formatPercent(c.sharePercent)).join('/');
  const sizesZh = checked.classes.map((c, i) => `${c.label}${sizes[i]}个`).join('、');
  const sizesEn = checked.classes.map((c, i) => `${c.label} ${sizes[i]}`).join(', ');
  const quotasText = quotas.map((q) => formatNumber(q)).join('/');

  return ordered.map((entry, i): ClassAssignment => {
    const classIndex = classOfPosition[i];
    const config = checked.classes[classIndex];
    const isVetoed = entry.vetoed === true;
    const boundaryTie = ordered.some(
      (other, j) => other.rank === entry.rank && classOfPosition[j] !== classIndex,
    );
    const rewardPercent = isVetoed ? checked.vetoRewardPercent : config.rewardPercent;
    const pay = basePay[entry.orgId];
    requireInput(
      pay === undefined || (Number.isFinite(pay) && pay >= 0),
      `base pay of ${entry.orgId} must be a sum of money`,
    );
    const rewardAmount = pay === undefined ? null : roundTo((pay * rewardPercent) / 100, 2);
    const tieZh = boundaryTie
      ? ';与相邻类别的组织同分,按位次(否决项少者、组织代码先后)划分,请党委复核'
      : '';
    const tieEn = boundaryTie
      ? '; tied with an organisation in another class, split by position (fewer vetoes, then code): for the committee to review'
      : '';
    const vetoZh = isVetoed ? ';被一票否决,列入末类' : '';
    const vetoEn = isVetoed ? '; vetoed, so placed in the last class' : '';
    const enlargedZh = enlarged ? `(否决组织${vetoed}个,末类相应扩大)` : '';
    const enlargedEn = enlarged ? ` (${vetoed} vetoed, so the last class grew)` : '';
    const explanation = explain(
      'ranking.class',
      {
        scopeSize: count,
        sharesPercent: checked.classes.map((c) => c.sharePercent),
        position: entry.position,
        rank: entry.rank,
        vetoed: isVetoed,
      },
      {
        quotas: quotas.map((q) => roundScore(q)),
        sizes: [...sizes],
        classNumber: classIndex + 1,
        boundaryTie,
      },
      {
        zh:
          `${count}个组织按${sharesZh}(最大余数法取整,余数相同优先较高类别)分为${sizesZh}${enlargedZh};` +
          `位次第${entry.position},属${config.label}${vetoZh}${tieZh}。`,
        en:
          `${count} organisations split ${sharesZh} (largest remainder; quotas ${quotasText}; equal remainders favour the better class) into ${sizesEn}${enlargedEn}; ` +
          `position ${entry.position} is in ${config.label} (class ${classIndex + 1})${vetoEn}${tieEn}.`,
      },
    );
    const amountZh =
      rewardAmount === null
        ? ''
        : `,基数${formatNumber(pay ?? 0)}元,奖励${formatNumber(rewardAmount)}元`;
    const amountEn =
      rewardAmount === null
        ? ''
        : `: base ${formatNumber(pay ?? 0)} yuan, reward ${formatNumber(rewardAmount)} yuan`;
    const rewardExplanation = explain(
      'ranking.reward',
      {
        classNumber: classIndex + 1,
        classRewardPercent: config.rewardPercent,
        vetoed: isVetoed,
        basePay: pay ?? null,
      },
      { rewardPercent, rewardAmount },
      {
        zh: isVetoed
          ? `被一票否决,奖励按原工作报酬的${formatPercent(rewardPercent)}计${amountZh}。`
          : `${config.label}按原工作报酬的${formatPercent(rewardPercent)}奖励${amountZh}。`,
        en: isVetoed
          ? `Vetoed: reward ${formatPercent(rewardPercent)} of base pay${amountEn}.`
          : `${config.label} earns ${formatPercent(rewardPercent)} of base pay${amountEn}.`,
      },
    );
    return {
      orgId: entry.orgId,
      classNumber: classIndex + 1,
      classLabel: config.label,
      rewardPercent,
      rewardAmount,
      boundaryTie,
      explanation,
      rewardExplanation,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Top-N (十佳)
// ---------------------------------------------------------------------------------------------

/** A top-N selection rule, e.g. the county's ten best branches chosen among class-1 villages. */
export interface TopNRule {
  /** e.g. 十佳村级党支部. */
  readonly label: string;
  readonly n: number;
  /** Only these classes may be chosen; absent: any class. Vetoed organisations never are. */
  readonly eligibleClasses?: readonly number[];
  /**
   * Ties at the cut-off: `by-position` keeps exactly `n` (fewer vetoes, then code decide);
   * `include-all` takes every organisation tied with the n-th.
   */
  readonly onTieAtCutoff: 'by-position' | 'include-all';
}

/** Validates a top-N rule. */
export const topNRuleSchema: z.ZodType<TopNRule> = z.object({
  label: z.string().min(1),
  n: z.number().int().positive(),
  eligibleClasses: z.array(z.number().int().positive()).optional(),
  onTieAtCutoff: z.enum(['by-position', 'include-all']),
});

/** A candidate for top-N selection (from any scope). */
export interface TopNCandidate extends RankingEntry {
  readonly classNumber: number | null;
}

/** The outcome of a top-N selection. */
export interface TopNResult {
  /** Selected organisation ids, best first. */
  readonly selected: readonly string[];
  /** True when an organisation tied with the last selected one was left out (by-position). */
  readonly tieAtCutoff: boolean;
  readonly explanation: Explanation;
}

/**
 * Selects the best `n` eligible candidates county-wide by the ranking order of
 * {@link compareForRanking}. Vetoed candidates and candidates outside `eligibleClasses` are
 * never selected.
 */
export function selectTopN(candidates: readonly TopNCandidate[], rule: TopNRule): TopNResult {
  const checked = parseConfig(topNRuleSchema, rule, 'top-N rule');
  const eligible = candidates
    .filter(
      (c) =>
        c.vetoed !== true &&
        (checked.eligibleClasses === undefined ||
          (c.classNumber !== null && checked.eligibleClasses.includes(c.classNumber))),
    )
    .sort(compareForRanking);
  let selected = eligible.slice(0, checked.n);
  const lastSelected = selected.at(-1);
  const tiedOut =
    lastSelected === undefined
      ? []
      : eligible.slice(checked.n).filter((c) => sameResult(c, lastSelected));
  if (checked.onTieAtCutoff === 'include-all') {
    selected = [...selected, ...tiedOut];
  }
  const tieAtCutoff = checked.onTieAtCutoff === 'by-position' && tiedOut.length > 0;
  const classesZh =
    checked.eligibleClasses === undefined ? '' : `从第${checked.eligibleClasses.join('、')}类中`;
  const classesEn =
    checked.eligibleClasses === undefined
      ? ''
      : ` among class ${checked.eligibleClasses.join(', ')}`;
  const cutoff = lastSelected === undefined ? null : roundScore(lastSelected.score);
  return {
    selected: selected.map((c) => c.orgId),
    tieAtCutoff,
    explanation: explain(
      'ranking.top-n',
      {
        label: checked.label,
        n: checked.n,
        eligibleClasses: checked.eligibleClasses ? [...checked.eligibleClasses] : null,
        onTieAtCutoff: checked.onTieAtCutoff,
        candidates: candidates.length,
      },
      {
        eligible: eligible.length,
        selected: selected.map((c) => c.orgId),
        cutoffScore: cutoff,
        tieAtCutoff,
        tiedOut: tiedOut.map((c) => c.orgId),
      },
      {
        zh:
          `${checked.label}${classesZh}按得分从高到低评选${checked.n}个(被一票否决者不参评):符合条件${eligible.length}个,入选${selected.length}个` +
          `${cutoff === null ? '' : `,入选线${formatNumber(cutoff)}分`}` +
          `${tiedOut.length === 0 ? '' : checked.onTieAtCutoff === 'include-all' ? `,与入选线同分者${tiedOut.length}个一并入选` : `,与入选线同分者${tiedOut.length}个按组织代码未入选,请党委复核`}。`,
        en:
          `${checked.label}: best ${checked.n} by score${classesEn} (vetoed excluded): ${eligible.length} eligible, ${selected.length} selected` +
          `${cutoff === null ? '' : `, cut-off score ${formatNumber(cutoff)}`}` +
          `${tiedOut.length === 0 ? '' : checked.onTieAtCutoff === 'include-all' ? `, ${tiedOut.length} tied at the cut-off also selected` : `, ${tiedOut.length} tied at the cut-off left out by code: for the committee to review`}.`,
      },
    ),
  };
}
