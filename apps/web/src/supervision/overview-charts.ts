import type { Overview } from './supervision-api';
import { CELL_STYLE } from './supervision-messages';

/** The overview's ECharts options (pure: the data in, the chart's option out). */

/** The labels the states chart names its slices with. */
export type StateKey = 'onTime' | 'late' | 'openNotDue' | 'dueSoon' | 'overdue';

/** Horizontal bars, first item on top, each labelled with its count. */
function barsOption(labels: string[], counts: number[], color: string) {
  return {
    animationDuration: 300,
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    // ECharts draws a category axis bottom up.
    yAxis: { type: 'category', data: [...labels].reverse() },
    series: [
      {
        type: 'bar',
        data: [...counts].reverse(),
        itemStyle: { color },
        label: { show: true, position: 'right' },
      },
    ],
  };
}

/** Active instances by the step they are at, in process order. */
export function funnelOption(data: Overview, pick: (text: { zh: string; en: string }) => string) {
  return barsOption(
    data.funnel.map((s) => pick(s.title)),
    data.funnel.map((s) => s.count),
    '#c8102e',
  );
}

export function statesOption(data: Overview, t: (key: StateKey) => string) {
  const inProgress = Math.max(0, data.tasks.open - data.tasks.overdue - data.tasks.dueSoon);
  const slices = [
    { name: t('onTime'), value: data.tasks.doneOnTime, color: CELL_STYLE.doneOnTime.color },
    { name: t('late'), value: data.tasks.doneLate, color: CELL_STYLE.doneLate.color },
    { name: t('openNotDue'), value: inProgress, color: CELL_STYLE.open.color },
    { name: t('dueSoon'), value: data.tasks.dueSoon, color: CELL_STYLE.dueSoon.color },
    { name: t('overdue'), value: data.tasks.overdue, color: CELL_STYLE.overdue.color },
  ];
  return {
    animationDuration: 300,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, type: 'scroll', itemWidth: 10, itemGap: 6, textStyle: { fontSize: 11 } },
    series: [
      {
        type: 'pie',
        radius: ['40%', '68%'],
        center: ['50%', '45%'],
        label: { formatter: '{c}' },
        // A slice of nothing keeps its legend entry but draws no label ("0") on the ring.
        data: slices.map((s) => ({
          name: s.name,
          value: s.value,
          itemStyle: { color: s.color },
          ...(s.value === 0 ? { label: { show: false }, labelLine: { show: false } } : {}),
        })),
      },
    ],
  };
}

/** Overdue tasks by township, worst first. */
export function townshipOption(data: Overview) {
  return barsOption(
    data.overdueByTownship.map((r) => r.name),
    data.overdueByTownship.map((r) => r.count),
    CELL_STYLE.overdue.color,
  );
}
