import { funnelOption, statesOption, townshipOption } from './overview-charts';
import type { Overview } from './supervision-api';

const overview = (tasks: Partial<Overview['tasks']>): Overview => ({
  now: '2026-12-06T00:00:00.000Z',
  campaign: null,
  instances: { total: 5, active: 5, done: 0, cancelled: 0 },
  funnel: [],
  tasks: {
    open: 0,
    overdue: 0,
    dueSoon: 0,
    escalated: 0,
    done: 0,
    doneOnTime: 0,
    doneLate: 0,
    onTimeRate: null,
    ...tasks,
  },
  escalations: { open: 0, closed: 0 },
  ballots: { received: 0, ratingTasks: { done: 0, total: 0 } },
  rectification: { items: { open: 0, done: 0, verified: 0 }, tasks: { open: 0, done: 0 } },
  overdueByTownship: [],
});

type Slice = { name: string; value: number; label?: { show: boolean } };

describe('the overview states chart', () => {
  const slices = (tasks: Partial<Overview['tasks']>) =>
    statesOption(overview(tasks), (key) => key).series[0].data as Slice[];

  it('counts open tasks not yet due apart from those due soon and overdue', () => {
    const data = slices({ open: 5, overdue: 1, dueSoon: 2, doneOnTime: 3, doneLate: 1 });
    expect(data.map((s) => [s.name, s.value])).toEqual([
      ['onTime', 3],
      ['late', 1],
      ['openNotDue', 2],
      ['dueSoon', 2],
      ['overdue', 1],
    ]);
  });

  it('draws no label for a slice of nothing, and keeps it in the legend', () => {
    const data = slices({ open: 5 });
    expect(data).toHaveLength(5);
    expect(data.filter((s) => s.label?.show === false).map((s) => s.name)).toEqual([
      'onTime',
      'late',
      'dueSoon',
      'overdue',
    ]);
    expect(data.find((s) => s.name === 'openNotDue')).not.toHaveProperty('label');
  });

  it('draws the funnel and the townships first item on top (ECharts counts bottom up)', () => {
    const data = {
      ...overview({}),
      funnel: [
        { key: 'a', title: { zh: '甲', en: 'A' }, kind: 'speaking', count: 3 },
        { key: 'b', title: { zh: '乙', en: 'B' }, kind: 'rating', count: 1 },
      ],
      overdueByTownship: [
        { orgId: 't1', name: '东镇', count: 4 },
        { orgId: 't2', name: '西镇', count: 2 },
      ],
    };
    const funnel = funnelOption(data, (text) => text.zh);
    expect(funnel.yAxis.data).toEqual(['乙', '甲']);
    expect(funnel.series[0].data).toEqual([1, 3]);
    const towns = townshipOption(data);
    expect(towns.yAxis.data).toEqual(['西镇', '东镇']);
    expect(towns.series[0].data).toEqual([2, 4]);
    // The caller's lists are left as they were.
    expect(data.funnel.map((s) => s.key)).toEqual(['a', 'b']);
  });
});
