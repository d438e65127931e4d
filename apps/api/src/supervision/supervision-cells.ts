import type { CellState } from '@shuping/contracts';

/**
 * The heatmap's tasks of one organisation, step and status, counted by SQL (see `CELL_COUNTS`).
 * Grouping by status rather than by a computed state keeps the planner's estimate of the groups
 * small (it guesses every row a group of its own for a CASE over several columns, and sorts a
 * million rows instead of hashing them), and leaves each row a few cheap comparisons.
 */
export interface CellCountRow {
  status: string;
  n: number;
  /** Escalated (level 2 and above). */
  escalated: number;
  /** Not escalated and past due. */
  overdue: number;
  /** Not escalated and due before "soon". */
  due_soon: number;
  /** Timed out, or closed after the deadline. */
  late: number;
  timed_out: number;
}

/**
 * The counts of `CellCountRow` for the task alias `t`, with $4 = now and $5 = the end of "due
 * soon". Meaningful per status as `cellCounts` reads them.
 */
export const CELL_COUNTS = `count(*)::int AS n,
  count(*) FILTER (WHERE t.escalation_level >= 2)::int AS escalated,
  count(*) FILTER (WHERE t.due_at < $4 AND t.escalation_level < 2)::int AS overdue,
  count(*) FILTER (WHERE t.due_at >= $4 AND t.due_at < $5 AND t.escalation_level < 2)::int AS due_soon,
  count(*) FILTER (WHERE t.closed_at > t.due_at OR t.close_reason = 'timedOut')::int AS late,
  count(*) FILTER (WHERE t.close_reason = 'timedOut')::int AS timed_out`;

/**
 * A row's tasks by cell state. Open tasks: escalated, else overdue, else due soon, else open.
 * Done: late when timed out or closed after the deadline, else on time. Cancelled: late when the
 * deadline closed them (timed out), else cancelled. States with no task are left out.
 */
export function cellCounts(row: CellCountRow): Partial<Record<CellState, number>> {
  const counts: [CellState, number][] =
    row.status === 'open' || row.status === 'claimed'
      ? [
          ['escalated', row.escalated],
          ['overdue', row.overdue],
          ['dueSoon', row.due_soon],
          ['open', row.n - row.escalated - row.overdue - row.due_soon],
        ]
      : row.status === 'done'
        ? [
            ['doneLate', row.late],
            ['doneOnTime', row.n - row.late],
          ]
        : [
            ['doneLate', row.timed_out],
            ['cancelled', row.n - row.timed_out],
          ];
  return Object.fromEntries(counts.filter(([, n]) => n > 0));
}
