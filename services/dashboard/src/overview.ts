import {
  churnReport,
  deadLettersReport,
  loyaltyLadderReport,
  type ReportContext,
  type TimeRange,
  tierPyramidReport,
} from '@loyalty/clickhouse';
import type { ChartSpec } from './charts.js';

const money = (minor: number, currency: string) =>
  `${(minor / 100).toLocaleString('en', { maximumFractionDigits: 0 })} ${currency}`;

/**
 * The overview's charts: the customer pyramid, the loyalty ladder and its moves, churn risk at
 * the range's end and by month, dead letters.
 */
export async function overviewCharts(
  context: ReportContext,
  range: TimeRange,
  currency: string,
): Promise<ChartSpec[]> {
  const [pyramid, ladder, churn, deadLetters] = await Promise.all([
    tierPyramidReport(context, range),
    loyaltyLadderReport(context, range),
    churnReport(context, range),
    deadLettersReport(context, range),
  ]);
  const months = [...new Set(churn.map((row) => row.month))];
  const trend = (level: string) =>
    months.map(
      (m) =>
        churn.find((row) => row.month === m && row.level === level && row.driver === null)?.customers ?? 0,
    );
  const month = churn.at(-1)?.month;
  const levels = churn.filter((row) => row.month === month && row.driver === null);
  const reasons = new Map<string, number>();
  for (const row of deadLetters) reasons.set(row.reason, (reasons.get(row.reason) ?? 0) + row.messages);
  const byCount = [...reasons].sort((a, b) => b[1] - a[1]);
  return [
    {
      kind: 'bars',
      id: 'pyramid',
      title: 'Customer pyramid',
      categoryName: 'tier',
      valueName: 'customers',
      categories: pyramid.map((row) => row.tier),
      values: pyramid.map((row) => row.customers),
      labels: pyramid.map(
        (row) => `${row.customers} customers, ${money(row.netMinor, currency)} net revenue`,
      ),
    },
    {
      kind: 'bars',
      id: 'ladder',
      title: 'Loyalty ladder: customers on each stage',
      categoryName: 'stage',
      valueName: 'customers',
      categories: ladder.stages.map((row) => row.stage),
      values: ladder.stages.map((row) => row.customers),
    },
    {
      kind: 'bars',
      id: 'ladder-flows',
      title: 'Moves on the ladder in the range',
      categoryName: 'from -> to',
      valueName: 'changes',
      categories: ladder.flows.map((row) => `${row.from} -> ${row.to}`),
      values: ladder.flows.map((row) => row.changes),
    },
    {
      kind: 'line',
      id: 'churn-trend',
      title: "Churn risk by month (customers at each level at the month's end)",
      xName: 'month',
      yName: 'customers',
      xs: months,
      series: ['high', 'medium', 'low'].map((level) => ({ name: level, values: trend(level) })),
    },
    {
      kind: 'bars',
      id: 'churn',
      title: month === undefined ? 'Churn risk (no assessments yet)' : `Churn risk at the end of ${month}`,
      categoryName: 'level',
      valueName: 'customers',
      categories: levels.map((row) => row.level),
      values: levels.map((row) => row.customers),
    },
    {
      kind: 'bars',
      id: 'dead-letters',
      title: 'Dead letters by reason',
      categoryName: 'reason',
      valueName: 'messages',
      categories: byCount.map(([reason]) => reason),
      values: byCount.map(([, messages]) => messages),
    },
  ];
}
