import {
  basketReport,
  cohortsReport,
  paretoReport,
  type ReportContext,
  rfmReport,
  type TimeRange,
  tierFlowReport,
} from '@loyalty/clickhouse';
import type { ChartSpec } from './charts.js';

const percent = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10);
const SCORES = ['1', '2', '3', '4', '5'];

/** The analysts' charts: the Pareto curve, the RFM grid, cohort retention, basket pairs, tier flows. */
export async function analystCharts(context: ReportContext, range: TimeRange): Promise<ChartSpec[]> {
  const [pareto, rfm, cohorts, basket, flows] = await Promise.all([
    paretoReport(context, range),
    rfmReport(context, range),
    cohortsReport(context, range),
    basketReport(context, range),
    tierFlowReport(context, range),
  ]);
  // R x F cells: how many customers, and their mean M score as the colour.
  const grid = new Map<string, { customers: number; m: number }>();
  for (const row of rfm) {
    const key = `${row.f - 1},${row.r - 1}`;
    const cell = grid.get(key) ?? { customers: 0, m: 0 };
    grid.set(key, { customers: cell.customers + 1, m: cell.m + row.m });
  }
  const months = Math.max(0, ...cohorts.map((row) => row.active.length));
  const pairs = basket.slice(0, 10);
  const moves = new Map<string, number>();
  for (const row of flows) {
    const key = `${row.fromTier} -> ${row.toTier}`;
    moves.set(key, (moves.get(key) ?? 0) + row.changes);
  }
  return [
    {
      kind: 'line',
      id: 'pareto',
      title: `Pareto curve: the top 20% of customers bring ${percent(pareto.top20Share) ?? '-'}% of net revenue`,
      xName: 'top customers (%)',
      yName: 'share of net revenue (%)',
      xs: pareto.curve.map((point) => String(point.percent)),
      series: [
        { name: 'share of net revenue', values: pareto.curve.map((point) => percent(point.share)) },
        { name: 'equal shares', values: pareto.curve.map((point) => point.percent) },
      ],
    },
    {
      kind: 'heatmap',
      id: 'rfm',
      title: 'RFM grid: customers by recency and frequency score, colour the mean monetary score',
      xName: 'frequency score (F)',
      ys: SCORES,
      xs: SCORES,
      yName: 'recency score (R)',
      valueName: 'monetary score',
      cells: [...grid].map(([key, cell]) => {
        const [x = 0, y = 0] = key.split(',').map(Number);
        const m = cell.m / cell.customers;
        return [x, y, Math.round(m * 10) / 10, `${cell.customers} (M ${m.toFixed(1)})`] as const;
      }),
    },
    {
      kind: 'heatmap',
      id: 'cohorts',
      title: 'Cohort retention: share of each first-purchase month buying again k months later',
      xName: 'months since the first purchase',
      xs: Array.from({ length: months }, (_, k) => String(k)),
      yName: 'first purchase',
      ys: cohorts.map((row) => row.cohort),
      valueName: 'retention (%)',
      cells: cohorts.flatMap((row, y) =>
        row.active.map((active, x) => {
          const share = row.customers === 0 ? 0 : Math.round((1000 * active) / row.customers) / 10;
          return [x, y, share, `${share}%`] as const;
        }),
      ),
    },
    {
      kind: 'bars',
      id: 'basket',
      title: 'Basket pairs by lift (the ten strongest)',
      categoryName: 'pair',
      valueName: 'lift',
      categories: pairs.map((pair) => `${pair.antecedent} -> ${pair.consequent}`),
      values: pairs.map((pair) => Math.round(pair.lift * 100) / 100),
      labels: pairs.map(
        (pair) =>
          `lift ${pair.lift.toFixed(2)}, confidence ${(pair.confidence * 100).toFixed(0)}%, ${pair.orders} orders`,
      ),
    },
    {
      kind: 'bars',
      id: 'tier-flows',
      title: 'Tier flows in the range',
      categoryName: 'from -> to',
      valueName: 'changes',
      categories: [...moves.keys()],
      values: [...moves.values()],
    },
  ];
}
