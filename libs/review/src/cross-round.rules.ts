import { z } from 'zod';
import type { LaggingCleared, LaggingPairing, WeakAndLaxListing } from './consequence.js';
import { type Explanation, explain } from './explanation.js';
import { compareCodeUnits, formatPercent } from './numbers.util.js';
import type { RankedEntry } from './ranking.js';
import { parseConfig, requireInput } from './review.exception.js';

/** The part of a ranked entry the cross-round rules read. */
export type RoundEntry = Pick<RankedEntry, 'orgId' | 'rank' | 'position' | 'scopeSize'> &
  Partial<Pick<RankedEntry, 'name' | 'score'>>;

/**
 * True when an organisation is "in the bottom `n`" of its ranking: its rank is greater than
 * `scopeSize − n`, i.e. at least `scopeSize − n` organisations did strictly better. Ties at the
 * boundary are all left out — nobody is sanctioned because of a tie-break key — so a round may
 * count fewer than `n` organisations at the bottom (none at all if everyone ties).
 */
export function isInBottom(entry: Pick<RankedEntry, 'rank' | 'scopeSize'>, n: number): boolean {
  return entry.rank > entry.scopeSize - n;
}

// ---------------------------------------------------------------------------------------------
// Weak and lax (软弱涣散): bottom N in K consecutive rounds
// ---------------------------------------------------------------------------------------------

/** One round's ranking of one scope (e.g. a township's quarterly 打分排队). */
export interface RoundRanking {
  readonly roundId: string;
  /** Round number; rounds are consecutive when their numbers differ by exactly 1. */
  readonly sequence: number;
  readonly scopeId: string;
  readonly ranked: readonly RoundEntry[];
}

/** Xinye: "连续三次排在后三名的,列入软弱涣散村党组织". */
export interface WeakAndLaxRule {
  readonly bottomN: number;
  readonly consecutiveRounds: number;
}

/** Validates a weak-and-lax rule. */
export const weakAndLaxRuleSchema: z.ZodType<WeakAndLaxRule> = z.object({
  bottomN: z.number().int().positive(),
  consecutiveRounds: z.number().int().positive(),
});

function streakExplanation(
  orgId: string,
  name: string | undefined,
  rule: WeakAndLaxRule,
  streak: readonly { round: RoundRanking; entry: RoundEntry }[],
): Explanation {
  const roundsZh = streak
    .map(({ round, entry }) => `${round.roundId}第${entry.rank}名/共${entry.scopeSize}个`)
    .join('、');
  const roundsEn = streak
    .map(({ round, entry }) => `${round.roundId} rank ${entry.rank} of ${entry.scopeSize}`)
    .join(', ');
  return explain(
    'cross-round.weak-and-lax',
    { bottomN: rule.bottomN, consecutiveRounds: rule.consecutiveRounds, orgId, name: name ?? null },
    {
      rounds: streak.map(({ round, entry }) => ({
        roundId: round.roundId,
        sequence: round.sequence,
        rank: entry.rank,
        scopeSize: entry.scopeSize,
        score: entry.score ?? null,
      })),
    },
    {
      zh:
        `${name ?? orgId}连续${rule.consecutiveRounds}次排在后${rule.bottomN}名(${roundsZh};名次大于“总数−${rule.bottomN}”计入后${rule.bottomN}名,与前一名并列者不计),` +
        `列入软弱涣散村党组织,进行集中整顿。`,
      en:
        `${name ?? orgId} was in the bottom ${rule.bottomN} for ${rule.consecutiveRounds} consecutive rounds (${roundsEn}; bottom means rank > size − ${rule.bottomN}, boundary ties excluded): ` +
        `listed as weak and lax, concentrated rectification.`,
    },
  );
}

/**
 * Finds the organisations to list as weak and lax: in the bottom `bottomN` (see
 * {@link isInBottom}) in `consecutiveRounds` consecutive rounds of the same scope. A listing is
 * produced at the round where the streak reaches the required length; a streak that goes on
 * does not list again, but after a break a new streak can. Missing a round (no ranking for the
 * scope, or the organisation not ranked in it) breaks the streak.
 *
 * Each listing is a {@link WeakAndLaxListing} consequence that opens a rectification instance.
 * Listings are returned by scope, then round, then organisation id.
 */
export function findWeakAndLax(
  rounds: readonly RoundRanking[],
  rule: WeakAndLaxRule,
): WeakAndLaxListing[] {
  const checked = parseConfig(weakAndLaxRuleSchema, rule, 'weak-and-lax rule');
  const byScope = new Map<string, RoundRanking[]>();
  for (const round of rounds) {
    const list = byScope.get(round.scopeId) ?? [];
    list.push(round);
    byScope.set(round.scopeId, list);
  }
  const listings: WeakAndLaxListing[] = [];
  for (const [scopeId, scopeRounds] of [...byScope.entries()].sort(([a], [b]) =>
    compareCodeUnits(a, b),
  )) {
    const ordered = [...scopeRounds].sort((a, b) => a.sequence - b.sequence);
    ordered.forEach((round, i) => {
      requireInput(
        Number.isInteger(round.sequence),
        `round ${round.roundId} needs a whole sequence number`,
      );
      requireInput(
        i === 0 || ordered[i - 1].sequence !== round.sequence,
        `two rounds of ${scopeId} share sequence ${round.sequence}`,
      );
    });
    const streaks = new Map<string, { round: RoundRanking; entry: RoundEntry }[]>();
    let previousSequence: number | null = null;
    for (const round of ordered) {
      const adjacent = previousSequence !== null && round.sequence === previousSequence + 1;
      const next = new Map<string, { round: RoundRanking; entry: RoundEntry }[]>();
      for (const entry of [...round.ranked].sort((a, b) => compareCodeUnits(a.orgId, b.orgId))) {
        if (!isInBottom(entry, checked.bottomN)) {
          continue;
        }
        const streak = [...(adjacent ? (streaks.get(entry.orgId) ?? []) : []), { round, entry }];
        next.set(entry.orgId, streak);
        if (streak.length === checked.consecutiveRounds) {
          listings.push({
            kind: 'weak-and-lax-listing',
            orgId: entry.orgId,
            scopeId,
            roundIds: streak.map((s) => s.round.roundId),
            opens: ['rectification'],
            explanation: streakExplanation(entry.orgId, entry.name, checked, streak),
          });
        }
      }
      streaks.clear();
      for (const [orgId, streak] of next) {
        streaks.set(orgId, streak);
      }
      previousSequence = round.sequence;
    }
  }
  return listings;
}

// ---------------------------------------------------------------------------------------------
// Lagging organisations (后进村) paired with departments until cleared
// ---------------------------------------------------------------------------------------------

/** Shenqiu: "每年都按5%的比例排查出后进村,组织县直有关部门结对帮包". */
export interface LaggingRule {
  /** Share screened each year, in percent (5). The count is ⌈size × share⌉. */
  readonly sharePercent: number;
}

/** Validates a lagging rule. */
export const laggingRuleSchema: z.ZodType<LaggingRule> = z.object({
  sharePercent: z.number().positive().max(100),
});

/** A pairing of a lagging organisation with a department, as kept from year to year. */
export interface PairingRecord {
  readonly orgId: string;
  readonly departmentId: string | null;
  readonly sinceYear: number;
  /** The year it was verified as fixed (销号); `null` while the pairing is open. */
  readonly clearedYear: number | null;
}

/** One year's screening input. */
export interface LaggingYearInput {
  readonly year: number;
  /** The year's ranking of the whole screened scope (usually the county). */
  readonly ranked: readonly RoundEntry[];
  /** Pairings carried over from earlier years (open and cleared). */
  readonly previous: readonly PairingRecord[];
  /** Organisations the county verified as fixed this year. */
  readonly clearedOrgIds: readonly string[];
  /** Departments to pair new lagging organisations with, in turn (worst organisation first). */
  readonly departments: readonly string[];
  /** Explicit choices of department, by organisation id; they win over the rotation. */
  readonly assignments?: Readonly<Record<string, string>>;
}

/** The outcome of a year's screening. */
export interface LaggingYearResult {
  /** All pairings after this year (the input's, updated, plus new ones), by org id then year. */
  readonly pairings: readonly PairingRecord[];
  readonly consequences: readonly (LaggingPairing | LaggingCleared)[];
  readonly explanation: Explanation;
}

/**
 * Runs one year of the lagging rule, in this order:
 * 1. open pairings of organisations in `clearedOrgIds` are closed (销号, `lagging-cleared`);
 * 2. the bottom ⌈size × share⌉ of the ranking (boundary ties excluded, see
 *    {@link isInBottom}) are screened; each without an open pairing gets a new one
 *    (`lagging-pairing`/`new`, opening a pairing and a rectification instance) with the
 *    assigned department or the next one in rotation;
 * 3. every pairing still open continues (`lagging-pairing`/`continuing`) whether or not the
 *    organisation is still at the bottom: "问题不解决,工作组不撤出,后进村不销号".
 */
export function screenLagging(input: LaggingYearInput, rule: LaggingRule): LaggingYearResult {
  const checked = parseConfig(laggingRuleSchema, rule, 'lagging rule');
  const size = input.ranked.length;
  const count = Math.ceil((size * Math.round(checked.sharePercent * 100)) / 10_000);
  const screened = input.ranked
    .filter((entry) => isInBottom({ rank: entry.rank, scopeSize: size }, count))
    .sort((a, b) => b.position - a.position);
  const cleared = new Set(input.clearedOrgIds);
  const openBefore = new Map<string, PairingRecord>();
  for (const record of input.previous) {
    if (record.clearedYear === null) {
      requireInput(!openBefore.has(record.orgId), `${record.orgId} has two open pairings`);
      openBefore.set(record.orgId, record);
    }
  }
  for (const orgId of cleared) {
    requireInput(openBefore.has(orgId), `${orgId} is cleared but has no open pairing`);
  }

  const pairings: PairingRecord[] = input.previous.filter((record) => record.clearedYear !== null);
  const consequences: (LaggingPairing | LaggingCleared)[] = [];
  const names = new Map(input.ranked.map((entry) => [entry.orgId, entry.name ?? entry.orgId]));
  const nameOf = (orgId: string): string => names.get(orgId) ?? orgId;

  for (const record of [...openBefore.values()].sort((a, b) =>
    compareCodeUnits(a.orgId, b.orgId),
  )) {
    if (cleared.has(record.orgId)) {
      pairings.push({ ...record, clearedYear: input.year });
      consequences.push({
        kind: 'lagging-cleared',
        orgId: record.orgId,
        year: input.year,
        sinceYear: record.sinceYear,
        departmentId: record.departmentId,
        opens: [],
        explanation: explain(
          'cross-round.lagging-pairing',
          { year: input.year, sinceYear: record.sinceYear, departmentId: record.departmentId },
          { status: 'cleared' },
          {
            zh: `${nameOf(record.orgId)}自${record.sinceYear}年列为后进村,由${record.departmentId ?? '(未定部门)'}结对帮包,${input.year}年经验收问题已解决,予以销号。`,
            en: `${nameOf(record.orgId)}, lagging since ${record.sinceYear} and paired with ${record.departmentId ?? '(no department yet)'}, was verified as fixed in ${input.year}: pairing closed.`,
          },
        ),
      });
    }
  }

  let turn = 0;
  const screenedIds = new Set(screened.map((entry) => entry.orgId));
  for (const entry of screened) {
    const open = openBefore.get(entry.orgId);
    if (open !== undefined && !cleared.has(entry.orgId)) {
      continue; // handled below as continuing
    }
    let departmentId = input.assignments?.[entry.orgId] ?? null;
    if (departmentId === null && input.departments.length > 0) {
      departmentId = input.departments[turn % input.departments.length]!;
      turn += 1;
    }
    pairings.push({ orgId: entry.orgId, departmentId, sinceYear: input.year, clearedYear: null });
    consequences.push({
      kind: 'lagging-pairing',
      orgId: entry.orgId,
      year: input.year,
      sinceYear: input.year,
      departmentId,
      status: 'new',
      opens: ['pairing', 'rectification'],
      explanation: explain(
        'cross-round.lagging-pairing',
        { year: input.year, sharePercent: checked.sharePercent, scopeSize: size, rank: entry.rank },
        { screenedCount: count, departmentId, status: 'new' },
        {
          zh: `${input.year}年按${formatPercent(checked.sharePercent)}比例排查后进村(${size}个中取后${count}名,与前一名并列者不计):${nameOf(entry.orgId)}排名第${entry.rank},列为后进村,由${departmentId ?? '(待定部门)'}结对帮包,问题不解决不销号。`,
          en: `${input.year} screening of the bottom ${formatPercent(checked.sharePercent)} (${count} of ${size}, boundary ties excluded): ${nameOf(entry.orgId)} ranked ${entry.rank}, listed as lagging and paired with ${departmentId ?? '(department to be assigned)'} until fixed.`,
        },
      ),
    });
  }

  for (const record of [...openBefore.values()].sort((a, b) =>
    compareCodeUnits(a.orgId, b.orgId),
  )) {
    if (cleared.has(record.orgId)) {
      continue;
    }
    pairings.push(record);
    const stillBottom = screenedIds.has(record.orgId);
    consequences.push({
      kind: 'lagging-pairing',
      orgId: record.orgId,
      year: input.year,
      sinceYear: record.sinceYear,
      departmentId: record.departmentId,
      status: 'continuing',
      opens: [],
      explanation: explain(
        'cross-round.lagging-pairing',
        { year: input.year, sinceYear: record.sinceYear, departmentId: record.departmentId },
        { status: 'continuing', stillInBottom: stillBottom },
        {
          zh: `${nameOf(record.orgId)}自${record.sinceYear}年列为后进村,尚未验收销号${stillBottom ? ',本年仍在后进之列' : ''},继续由${record.departmentId ?? '(待定部门)'}结对帮包。`,
          en: `${nameOf(record.orgId)}, lagging since ${record.sinceYear}, is not cleared yet${stillBottom ? ' and is still at the bottom this year' : ''}: the pairing with ${record.departmentId ?? '(department to be assigned)'} continues.`,
        },
      ),
    });
  }

  pairings.sort((a, b) => compareCodeUnits(a.orgId, b.orgId) || a.sinceYear - b.sinceYear);
  const newCount = consequences.filter(
    (c) => c.kind === 'lagging-pairing' && c.status === 'new',
  ).length;
  const continuing = consequences.filter(
    (c) => c.kind === 'lagging-pairing' && c.status === 'continuing',
  ).length;
  const clearedCount = consequences.filter((c) => c.kind === 'lagging-cleared').length;
  return {
    pairings,
    consequences,
    explanation: explain(
      'cross-round.lagging-pairing',
      { year: input.year, sharePercent: checked.sharePercent, scopeSize: size },
      {
        screenedCount: count,
        screened: screened.map((e) => e.orgId),
        newCount,
        continuing,
        cleared: clearedCount,
      },
      {
        zh: `${input.year}年后进村排查:${size}个组织按${formatPercent(checked.sharePercent)}向上取整为${count}个;新列入${newCount}个,继续帮包${continuing}个,销号${clearedCount}个。`,
        en: `${input.year} lagging screening: ${formatPercent(checked.sharePercent)} of ${size} rounded up to ${count}; ${newCount} new, ${continuing} continuing, ${clearedCount} cleared.`,
      },
    ),
  };
}
