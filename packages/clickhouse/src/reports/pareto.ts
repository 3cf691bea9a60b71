import { type JsonInteger, toSafeInteger } from '../values.js';
import { compareText } from './compare.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** One point of the revenue-concentration curve: the top `percent` of customers. */
export interface ParetoPoint {
  readonly percent: number;
  readonly customers: number;
  readonly netMinor: number;
  /** Their share of all net revenue; null when the total is not positive. */
  readonly share: number | null;
}

export interface ParetoReport {
  readonly customers: number;
  readonly totalNetMinor: number;
  /** The share of net revenue from the top 20% of customers (the 80/20 rule's number). */
  readonly top20Share: number | null;
  /** The top 10%, 20%, ... 100% of customers. */
  readonly curve: readonly ParetoPoint[];
}

/**
 * How concentrated net revenue (sales less returns) is across the customers who bought or
 * returned in the range. Customers are ranked by net revenue (ties by id); the top p% is the
 * first ceil(n x p / 100) of them, so a base of 7 customers has 2 in its top 20%.
 */
export async function paretoReport(context: ReportContext, range: TimeRange): Promise<ParetoReport> {
  const rows = await reportRows<{ customer_id: string; net: JsonInteger }>(
    context,
    `SELECT customer_id, sum(net_minor) AS net
     FROM purchases FINAL
     WHERE ${rangeCondition('occurred_at', range)}
     GROUP BY customer_id`,
  );
  const ranked = rows
    .map((row) => ({ id: row.customer_id, net: toSafeInteger(row.net) }))
    .sort((a, b) => b.net - a.net || compareText(a.id, b.id));
  const prefix = [0];
  for (const customer of ranked) prefix.push((prefix.at(-1) as number) + customer.net);
  const total = prefix.at(-1) as number;
  const n = ranked.length;
  if (n === 0) return { customers: 0, totalNetMinor: 0, top20Share: null, curve: [] };
  const curve = Array.from({ length: 10 }, (_, i) => {
    const percent = (i + 1) * 10;
    const customers = Math.ceil((n * percent) / 100);
    const netMinor = prefix[customers] as number;
    return { percent, customers, netMinor, share: total > 0 ? netMinor / total : null };
  });
  return { customers: n, totalNetMinor: total, top20Share: curve[1]?.share ?? null, curve };
}
