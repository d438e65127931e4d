import { z } from 'zod';
import { type Explanation, explain } from './explanation.js';
import { compareCodeUnits, formatSigned, roundScore, sum } from './numbers.util.js';
import { parseConfig } from './review.exception.js';

/**
 * One red or black record (红黑档案) as approved at the monthly joint meeting: a red record
 * (表扬) adds points, a black record (批评) deducts them.
 */
export interface RedBlackEntry {
  readonly orgId: string;
  /** The month the record was approved in, `YYYY-MM`. */
  readonly month: string;
  readonly kind: 'red' | 'black';
  /** Points, always positive; the kind gives the sign. */
  readonly points: number;
  /** The central task concerned, e.g. 秸秆禁烧, 清洁家园. */
  readonly item?: string;
}

const redBlackEntrySchema = z.object({
  orgId: z.string().min(1),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM'),
  kind: z.enum(['red', 'black']),
  points: z.number().positive().finite(),
  item: z.string().optional(),
});

/** One month's tally of an organisation's red and black records. */
export interface RedBlackMonth {
  readonly month: string;
  /** Points added by red records. */
  readonly red: number;
  /** Points deducted by black records (positive number). */
  readonly black: number;
  /** `red - black`, rounded to 0.01: the figure published in the monthly circular. */
  readonly net: number;
  readonly entries: number;
}

/** An organisation's red and black records of one year. */
export interface RedBlackYear {
  readonly orgId: string;
  readonly year: number;
  /** Months with at least one record, in calendar order. */
  readonly months: readonly RedBlackMonth[];
  /** Sum of the monthly nets (as published, not re-assessed), rounded to 0.01. */
  readonly total: number;
  readonly explanation: Explanation;
}

function yearOf(orgId: string, year: number, entries: readonly RedBlackEntry[]): RedBlackYear {
  const byMonth = new Map<string, RedBlackEntry[]>();
  for (const entry of entries) {
    const list = byMonth.get(entry.month) ?? [];
    list.push(entry);
    byMonth.set(entry.month, list);
  }
  const months = [...byMonth.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([month, list]): RedBlackMonth => {
      const red = roundScore(sum(list.filter((e) => e.kind === 'red').map((e) => e.points)));
      const black = roundScore(sum(list.filter((e) => e.kind === 'black').map((e) => e.points)));
      return { month, red, black, net: roundScore(red - black), entries: list.length };
    });
  const total = roundScore(sum(months.map((m) => m.net)));
  const monthsZh = months
    .map((m) => `${Number(m.month.slice(5))}月${formatSigned(m.net)}`)
    .join('、');
  const monthsEn = months.map((m) => `${m.month} ${formatSigned(m.net)}`).join(', ');
  const explanation = explain(
    'scoring.red-black-records',
    { year, entries: entries.length },
    { months: months.map((m) => ({ ...m })), total },
    months.length === 0
      ? {
          zh: `${year}年无红黑档案记录,计0分。`,
          en: `No red or black records in ${year}: 0 points.`,
        }
      : {
          zh: `${year}年红黑档案按月汇总:${monthsZh};年底合计${formatSigned(total)}分。`,
          en: `Red/black records of ${year} by month: ${monthsEn}; year total ${formatSigned(total)} points.`,
        },
  );
  return { orgId, year, months, total, explanation };
}

/**
 * Tallies red and black records per organisation and month, and sums the monthly nets at year
 * end ("每月汇总统计一次,年底直接使用"). Entries of other years are ignored. Organisations are
 * returned in code-unit order of their ids.
 *
 * @throws ReviewRuleError (`REVIEW_INVALID_CONFIG`) on a malformed entry.
 */
export function summariseRedBlack(entries: readonly RedBlackEntry[], year: number): RedBlackYear[] {
  const checked = parseConfig(z.array(redBlackEntrySchema), entries, 'red/black records');
  const prefix = `${String(year).padStart(4, '0')}-`;
  const byOrg = new Map<string, RedBlackEntry[]>();
  for (const entry of checked) {
    if (!entry.month.startsWith(prefix)) {
      continue;
    }
    const list = byOrg.get(entry.orgId) ?? [];
    list.push(entry);
    byOrg.set(entry.orgId, list);
  }
  return [...byOrg.entries()]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([orgId, list]) => yearOf(orgId, year, list));
}

/** {@link summariseRedBlack} for one organisation; a year without records totals 0. */
export function summariseRedBlackForOrg(
  orgId: string,
  entries: readonly RedBlackEntry[],
  year: number,
): RedBlackYear {
  return (
    summariseRedBlack(
      entries.filter((entry) => entry.orgId === orgId),
      year,
    )[0] ?? yearOf(orgId, year, [])
  );
}
