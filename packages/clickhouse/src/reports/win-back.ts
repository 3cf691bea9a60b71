import { integerLiteral } from '../sql.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** A customer at high churn risk at the end of the range, with what their win-back is worth. */
export interface WinBackRow {
  readonly customerId: string;
  /** When their risk became high (UTC, "YYYY-MM-DD hh:mm:ss"). */
  readonly highSince: string;
  readonly drivers: readonly string[];
  /** Expected value over the model's horizon, major units; null without a fitted model. */
  readonly clv: number | null;
  readonly expectedPurchases90d: number | null;
}

/**
 * The customers whose last announced churn level by the end of the range is high (announcement
 * order, as the churn report reads levels), most valuable first: by CLV, then by expected
 * purchases, those without a model's figures last; at most `limit`.
 */
export async function winBackReport(
  context: ReportContext,
  range: TimeRange,
  limit: number,
): Promise<WinBackRow[]> {
  const upTo = rangeCondition('occurred_at', range.toMs === undefined ? {} : { toMs: range.toMs });
  const rows = await reportRows<{
    customer_id: string;
    level: string;
    since: string;
    drivers: string[];
    clv: number | null;
    expected: number | null;
    order_clv: number;
    order_expected: number;
  }>(
    context,
    `SELECT customer_id, level, since, drivers, clv, expected,
            ifNull(clv, -1) AS order_clv, ifNull(expected, -1) AS order_expected
     FROM (
       SELECT customer_id,
              argMax(new_level, (ingested_at, occurred_at, event_id)) AS level,
              argMax(occurred_at, (ingested_at, occurred_at, event_id)) AS since,
              argMax(drivers, (ingested_at, occurred_at, event_id)) AS drivers,
              argMax(clv, (ingested_at, occurred_at, event_id)) AS clv,
              argMax(expected_purchases_90d, (ingested_at, occurred_at, event_id)) AS expected
       FROM churn_signals FINAL
       WHERE ${upTo}
       GROUP BY customer_id
     )
     WHERE level = 'high'
     ORDER BY order_clv DESC, order_expected DESC, customer_id
     LIMIT ${integerLiteral(limit)}`,
  );
  return rows.map((row) => ({
    customerId: row.customer_id,
    highSince: row.since,
    drivers: row.drivers,
    clv: row.clv,
    expectedPurchases90d: row.expected,
  }));
}
