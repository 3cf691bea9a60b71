import { TIERS } from '@loyalty/core';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** One level of the customer pyramid: the customers in a tier and their net revenue. */
export interface TierPyramidRow {
  readonly tier: string;
  readonly customers: number;
  /** Net revenue (sales less returns) of these customers within the range, minor units. */
  readonly netMinor: number;
}

/**
 * The customer pyramid at the end of the range: each customer in the tier their last announced
 * tier change put them in (announcement order, as the churn report reads levels, so that a
 * correction overrides what it corrects), with their net revenue within the range; top tier
 * first, every tier listed.
 */
export async function tierPyramidReport(context: ReportContext, range: TimeRange): Promise<TierPyramidRow[]> {
  const upTo = rangeCondition('occurred_at', range.toMs === undefined ? {} : { toMs: range.toMs });
  const rows = await reportRows<{ tier: string; customers: JsonInteger; net: JsonInteger }>(
    context,
    `SELECT tier, count() AS customers, sum(net) AS net
     FROM (
       SELECT customer_id, argMax(new_tier, (ingested_at, occurred_at, event_id)) AS tier
       FROM tier_changes FINAL
       WHERE ${upTo}
       GROUP BY customer_id
     ) AS tiers
     ANY LEFT JOIN (
       SELECT customer_id, sum(net_minor) AS net
       FROM purchases FINAL
       WHERE ${rangeCondition('occurred_at', range)}
       GROUP BY customer_id
     ) AS spend USING customer_id
     GROUP BY tier`,
  );
  const byTier = new Map(rows.map((row) => [row.tier, row]));
  return [...TIERS].reverse().map((tier) => {
    const row = byTier.get(tier);
    return {
      tier,
      customers: row === undefined ? 0 : toSafeInteger(row.customers),
      netMinor: row === undefined ? 0 : toSafeInteger(row.net),
    };
  });
}
