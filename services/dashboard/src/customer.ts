import { customerTimeline, type ReportContext } from '@loyalty/clickhouse';
import type { ChartSpec } from './charts.js';
import { table } from './layout.js';

/** One customer's page: their net spend over time, and their story with the changes' reasons. */
export async function customerPage(
  context: ReportContext,
  customerId: string,
  currency: string,
): Promise<{ charts: ChartSpec[]; body: string; found: boolean }> {
  const story = await customerTimeline(context, customerId);
  let total = 0;
  const purchases = story.filter((entry) => entry.kind === 'purchase');
  const cumulative = purchases.map((entry) => {
    total += entry.netMinor;
    return Math.round(total) / 100;
  });
  return {
    found: story.length > 0,
    charts: [
      {
        kind: 'line',
        id: 'spend',
        title: `Cumulative net spend (${currency})`,
        xName: 'purchase time (UTC)',
        yName: `net spend (${currency})`,
        xs: purchases.map((entry) => entry.at),
        series: [{ name: 'cumulative net spend', values: cumulative }],
      },
    ],
    body: `<section class="wide">${table(
      story.length === 0 ? `No event of ${customerId} in the history` : `The story of ${customerId}`,
      ['time (UTC)', 'kind', 'what', `net amount (${currency})`, 'why'],
      story.map((entry) => [
        entry.at,
        entry.kind,
        entry.what,
        entry.kind === 'purchase' ? (entry.netMinor / 100).toFixed(2) : '',
        entry.why,
      ]),
    )}</section>`,
  };
}
