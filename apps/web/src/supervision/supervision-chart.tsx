import ReactECharts from 'echarts-for-react';

/** An ECharts chart; its own chunk, loaded when the overview first shows a chart. */
export default function SupervisionChart({ option, height }: { option: object; height: number }) {
  return <ReactECharts style={{ height }} option={option} notMerge />;
}
