// Draws the overview's charts from the figures the page carries (#data), with ECharts' SVG
// renderer. Every bar carries its value as a label, so no chart relies on colour alone.
/* global echarts */
const data = JSON.parse(document.getElementById('data').textContent);
const money = (minor) =>
  `${(minor / 100).toLocaleString('en', { maximumFractionDigits: 0 })} ${data.currency}`;

function bars(id, { categories, series, xName, yName, rightMargin = 60 }) {
  const chart = echarts.init(document.getElementById(id), null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    grid: { left: 110, right: rightMargin, top: 40, bottom: 50 },
    legend: series.length > 1 ? { top: 0 } : undefined,
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: xName, nameLocation: 'middle', nameGap: 30, minInterval: 1 },
    yAxis: {
      type: 'category',
      data: categories,
      name: yName,
      nameLocation: 'start',
      nameGap: 12,
      inverse: true,
    },
    series: series.map((s, i) => ({
      type: 'bar',
      name: s.name,
      data: s.values,
      xAxisIndex: 0,
      label: { show: true, position: 'right', formatter: s.format ?? ((p) => String(p.value)) },
      itemStyle: { decal: i === 0 ? undefined : { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3] } },
    })),
    aria: { enabled: true, decal: { show: true } },
  });
}

bars('pyramid', {
  rightMargin: 230,
  categories: data.pyramid.map((row) => row.tier),
  xName: 'customers',
  yName: 'tier',
  series: [{ name: 'customers', values: data.pyramid.map((row) => row.customers) }],
});
// The revenue of each tier, in the currency's major units, as a second series on the same axis
// would dwarf the counts: it goes into the labels of the customer bars instead.
echarts.getInstanceByDom(document.getElementById('pyramid')).setOption({
  series: [
    {
      label: {
        formatter: (p) => `${p.value} customers, ${money(data.pyramid[p.dataIndex].netMinor)} net revenue`,
      },
    },
  ],
});
bars('churn', {
  categories: data.churn.levels.map((row) => row.level),
  xName: 'customers',
  yName: 'level',
  series: [{ name: 'customers', values: data.churn.levels.map((row) => row.customers) }],
});
bars('dead-letters', {
  categories: data.deadLetters.map((row) => row.reason),
  xName: 'messages',
  yName: 'reason',
  series: [{ name: 'messages', values: data.deadLetters.map((row) => row.messages) }],
});
