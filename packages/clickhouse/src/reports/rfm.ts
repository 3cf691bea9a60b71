import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { quintileScores, type RfmSegment, rfmSegment } from './rfm-scores.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** One customer's RFM values and scores. */
export interface RfmRow {
  readonly customerId: string;
  /** Whole days from the last sale to the end of the range (or now). */
  readonly recencyDays: number;
  /** Distinct sale orders in the range. */
  readonly frequency: number;
  /** Net revenue in the range (sales less returns), in minor units. */
  readonly monetaryMinor: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly segment: RfmSegment;
}

const DAY_S = 86_400;

/**
 * RFM of every customer with a sale in the range, scored in quintiles across them (see
 * rfm-scores.ts for the scores and the segment grid). Recency is measured to the end of the
 * range, or to `nowMs` when the range is open-ended.
 */
export async function rfmReport(
  context: ReportContext,
  range: TimeRange,
  nowMs = Date.now(),
): Promise<RfmRow[]> {
  const asOfS = Math.floor((range.toMs ?? nowMs) / 1000);
  const rows = await reportRows<{
    customer_id: string;
    last_sale_s: JsonInteger;
    orders: JsonInteger;
    net: JsonInteger;
  }>(
    context,
    `SELECT customer_id,
            toUInt32(maxIf(occurred_at, kind = 'sale')) AS last_sale_s,
            uniqExactIf(order_id, kind = 'sale') AS orders,
            sum(net_minor) AS net
     FROM purchases FINAL
     WHERE ${rangeCondition('occurred_at', range)}
     GROUP BY customer_id
     HAVING orders > 0
     ORDER BY customer_id`,
  );
  const recency = rows.map((row) =>
    Math.max(0, Math.floor((asOfS - toSafeInteger(row.last_sale_s)) / DAY_S)),
  );
  const frequency = rows.map((row) => toSafeInteger(row.orders));
  const monetary = rows.map((row) => toSafeInteger(row.net));
  const r = quintileScores(recency, 'lower');
  const f = quintileScores(frequency, 'higher');
  const m = quintileScores(monetary, 'higher');
  return rows.map((row, i) => {
    const scores = { r: r[i] as number, f: f[i] as number, m: m[i] as number };
    return {
      customerId: row.customer_id,
      recencyDays: recency[i] as number,
      frequency: frequency[i] as number,
      monetaryMinor: monetary[i] as number,
      ...scores,
      segment: rfmSegment(scores.r, scores.f, scores.m),
    };
  });
}
