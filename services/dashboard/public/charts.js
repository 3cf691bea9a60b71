// Draws every chart the page lists (#charts) with ECharts' SVG renderer. Bars carry their
// values as labels and heat-map cells their text, with decal patterns: no chart relies on
// colour alone.
/* global echarts */
const charts = JSON.parse(document.getElementById('charts').textContent);

const common = { animation: false, aria: { enabled: true, decal: { show: true } }, tooltip: {} };

const draw = {
  bars: (spec) => ({
    // Room on the right for the longest text beside a bar (about 7 pixels a character).
    grid: {
      left: 10,
      right: Math.min(
        300,
        20 + 7 * Math.max(0, ...(spec.labels ?? spec.values.map(String)).map((l) => l.length)),
      ),
      top: 40,
      bottom: 50,
      containLabel: true,
    },
    xAxis: { type: 'value', name: spec.valueName, nameLocation: 'middle', nameGap: 30, minInterval: 1 },
    yAxis: {
      type: 'category',
      data: spec.categories,
      name: spec.categoryName,
      nameLocation: 'start',
      nameGap: 12,
      inverse: true,
    },
    series: [
      {
        type: 'bar',
        name: spec.valueName,
        data: spec.values,
        label: {
          show: true,
          position: 'right',
          formatter: (p) => (spec.labels ? spec.labels[p.dataIndex] : String(p.value)),
        },
      },
    ],
  }),
  line: (spec) => ({
    grid: { left: 70, right: 30, top: 40, bottom: 50 },
    legend: { top: 0 },
    xAxis: { type: 'category', data: spec.xs, name: spec.xName, nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'value', name: spec.yName, nameLocation: 'middle', nameGap: 50 },
    series: spec.series.map((s, i) => ({
      type: 'line',
      name: s.name,
      data: s.values,
      symbol: ['circle', 'rect', 'triangle'][i % 3],
      lineStyle: { type: ['solid', 'dashed', 'dotted'][i % 3] },
      // Values beside the points while they fit; a long series shows them on hover.
      label: { show: i === 0 && spec.xs.length <= 24, position: 'top' },
      markLine:
        i === 0 && spec.marker
          ? {
              symbol: 'none',
              lineStyle: { type: 'dashed' },
              label: { formatter: spec.marker.label },
              data: [{ xAxis: spec.marker.x }],
            }
          : undefined,
    })),
  }),
  funnel: (spec) => ({
    series: [
      {
        type: 'funnel',
        name: spec.valueName,
        sort: 'none',
        left: '10%',
        width: '80%',
        top: 30,
        bottom: 10,
        minSize: '8%',
        data: spec.steps.map((step, i) => ({ name: step, value: spec.values[i] })),
        // On a light box: readable on every slice's colour and pattern.
        label: {
          show: true,
          position: 'inside',
          color: '#1d2733',
          backgroundColor: 'rgba(255, 255, 255, 0.85)',
          padding: [2, 4],
          formatter: (p) => spec.labels[p.dataIndex],
        },
      },
    ],
  }),
  heatmap: (spec) => ({
    grid: { left: 90, right: 30, top: 30, bottom: 80 },
    xAxis: { type: 'category', data: spec.xs, name: spec.xName, nameLocation: 'middle', nameGap: 30 },
    yAxis: { type: 'category', data: spec.ys, name: spec.yName, nameLocation: 'middle', nameGap: 60 },
    visualMap: {
      min: 0,
      max: Math.max(1, ...spec.cells.map((c) => c[2])),
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      text: [`more ${spec.valueName}`, `less ${spec.valueName}`],
    },
    series: [
      {
        type: 'heatmap',
        name: spec.valueName,
        data: spec.cells.map((c) => [c[0], c[1], c[2]]),
        label: { show: true, formatter: (p) => spec.cells[p.dataIndex][3] },
      },
    ],
  }),
};

for (const spec of charts) {
  const chart = echarts.init(document.getElementById(spec.id), null, { renderer: 'svg' });
  chart.setOption({ ...common, ...draw[spec.kind](spec) });
}
