import {
  churnReport,
  deadLettersReport,
  loyaltyLadderReport,
  type ReportContext,
  type TimeRange,
  tierPyramidReport,
  valuePyramidReport,
} from '@loyalty/clickhouse';
import { TIERS } from '@loyalty/core';
import type { ChartSpec } from './charts.js';

/** The service tiers from the top, as the value pyramid's levels run. */
const TIER_COLUMNS = [...TIERS].reverse();

const percentOf = (part: number, whole: number) =>
  whole === 0 ? '-' : `${Math.round((1000 * part) / whole) / 10}%`;

const money = (minor: number, currency: string) =>
  `${(minor / 100).toLocaleString('en', { maximumFractionDigits: 0 })} ${currency}`;

/**
 * The overview's charts: the customer pyramid, the value pyramid against it, the loyalty ladder
 * and its moves, churn risk at the range's end and by month, dead letters.
 */
export async function overviewCharts(
  context: ReportContext,
  range: TimeRange,
  currency: string,
): Promise<ChartSpec[]> {
  const [pyramid, value, ladder, churn, deadLetters] = await Promise.all([
    tierPyramidReport(context, range),
    valuePyramidReport(context, range),
    loyaltyLadderReport(context, range),
    churnReport(context, range),
    deadLettersReport(context, range),
  ]);
  // The ladder as a funnel: how many customers reached each rung, counting those above it.
  const onLadder = ladder.stages.filter((row) => row.stage !== 'disqualified');
  const disqualified = ladder.stages.find((row) => row.stage === 'disqualified')?.customers ?? 0;
  const rungs = onLadder.map((row, i) => ({
    stage: row.stage,
    reached: onLadder.slice(i).reduce((sum, above) => sum + above.customers, 0),
  }));
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
      kind: 'heatmap',
      id: 'value-pyramid',
      title: `Value pyramid (by ${value.measure === 'clv' ? 'CLV' : '365-day net spend'}) against the service tiers`,
      xName: 'service tier (spend thresholds)',
      xs: TIER_COLUMNS,
      yName: 'value pyramid (rank)',
      // From the bottom: lead first, platinum on top.
      ys: [...value.levels].reverse().map((level) => level.level),
      valueName: 'customers',
      cells: [...value.levels].reverse().flatMap((level, y) =>
        TIER_COLUMNS.map((tier, x) => {
          const customers = level.byTier[tier] ?? 0;
          return [x, y, customers, String(customers)] as const;
        }),
      ),
    },
    {
      kind: 'funnel',
      id: 'ladder',
      title: `Loyalty ladder: customers on each rung or above (${disqualified} disqualified aside)`,
      valueName: 'customers',
      steps: rungs.map((rung) => rung.stage),
      values: rungs.map((rung) => rung.reached),
      labels: rungs.map(
        (rung, i) =>
          `${rung.stage}: ${rung.reached}` +
          (i === 0 ? '' : ` (${percentOf(rung.reached, rungs[i - 1]?.reached ?? 0)} of the rung above)`),
      ),
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
