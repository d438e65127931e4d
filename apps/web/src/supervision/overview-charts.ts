import type { Overview } from './supervision-api';
import { CELL_STYLE } from './supervision-messages';

/** The overview's ECharts options (pure: the data in, the chart's option out). */

/** The labels the states chart names its slices with. */
export type StateKey = 'onTime' | 'late' | 'openNotDue' | 'dueSoon' | 'overdue';

export function funnelOption(data: Overview, pick: (text: { zh: string; en: string }) => string) {
  const steps = [...data.funnel].reverse();
  return {
    animationDuration: 300,
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: steps.map((s) => pick(s.title)) },
    series: [
      {
        type: 'bar',
        data: steps.map((s) => s.count),
        itemStyle: { color: '#c8102e' },
        label: { show: true, position: 'right' },
      },
    ],
  };
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

export function townshipOption(data: Overview) {
  const rows = [...data.overdueByTownship].reverse();
  return {
    animationDuration: 300,
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: rows.map((r) => r.name) },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => r.count),
        itemStyle: { color: CELL_STYLE.overdue.color },
        label: { show: true, position: 'right' },
      },
    ],
  };
}
