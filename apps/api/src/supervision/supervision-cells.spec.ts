import { cellCounts, type CellCountRow } from './supervision-cells.js';

const row = (status: string, counts: Partial<CellCountRow>): CellCountRow => ({
  status,
  n: 0,
  escalated: 0,
  overdue: 0,
  due_soon: 0,
  late: 0,
  timed_out: 0,
  ...counts,
});

describe('cellCounts', () => {
  it('tells open tasks escalated, overdue, due soon and open, worst first', () => {
    expect(cellCounts(row('open', { n: 10, escalated: 1, overdue: 2, due_soon: 3 }))).toEqual({
      escalated: 1,
      overdue: 2,
      dueSoon: 3,
      open: 4,
    });
    expect(cellCounts(row('claimed', { n: 2, overdue: 2 }))).toEqual({ overdue: 2 });
  });

  it('tells done tasks late (timed out or after the deadline) from on time', () => {
    expect(cellCounts(row('done', { n: 5, late: 2, timed_out: 1 }))).toEqual({
      doneLate: 2,
      doneOnTime: 3,
    });
    expect(cellCounts(row('done', { n: 3 }))).toEqual({ doneOnTime: 3 });
  });

  it('counts a cancelled task late only when its deadline closed it', () => {
    // Closed after the deadline by a cancellation is not lateness: `late` does not count here.
    expect(cellCounts(row('cancelled', { n: 4, late: 3, timed_out: 1 }))).toEqual({
      doneLate: 1,
      cancelled: 3,
    });
  });

  it('leaves out states with no task', () => {
    expect(cellCounts(row('open', { n: 0 }))).toEqual({});
  });
});
