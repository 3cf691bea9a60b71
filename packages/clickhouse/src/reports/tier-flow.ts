import { TIERS } from '@loyalty/contracts';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { compareByOrder, compareText } from './compare.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** Movements from one tier to another in one month. */
export interface TierFlowRow {
  /** YYYY-MM of the change's event time (of a correction: since when the corrected tier holds). */
  readonly month: string;
  /** The tier before; "none" for a customer's first tier. */
  readonly fromTier: string;
  readonly toTier: string;
  readonly direction: string;
  /** Ordinary tier changes, corrections excluded. */
  readonly changes: number;
  /**
   * Corrections after late input: fromTier is the tier subscribers had been told, toTier the
   * one the history has; the move did not happen as announced, so it is kept apart.
   */
  readonly corrections: number;
  /** Distinct customers with a change or a correction on this row. */
  readonly customers: number;
}

const TIER_ORDER = ['none', ...TIERS];

/** Tier changes and corrections per month, from tier to tier, lowest tiers first. */
export async function tierFlowReport(context: ReportContext, range: TimeRange): Promise<TierFlowRow[]> {
  const rows = await reportRows<{
    month: string;
    from_tier: string;
    to_tier: string;
    direction: string;
    changes: JsonInteger;
    corrections: JsonInteger;
    customers: JsonInteger;
  }>(
    context,
    `SELECT substring(toString(toStartOfMonth(occurred_at)), 1, 7) AS month,
            ifNull(previous_tier, 'none') AS from_tier,
            new_tier AS to_tier,
            direction,
            countIf(correction = 0) AS changes,
            countIf(correction = 1) AS corrections,
            uniqExact(customer_id) AS customers
     FROM tier_changes FINAL
     WHERE ${rangeCondition('occurred_at', range)}
     GROUP BY month, from_tier, to_tier, direction`,
  );
  return rows
    .map((row) => ({
      month: row.month,
      fromTier: row.from_tier,
      toTier: row.to_tier,
      direction: row.direction,
      changes: toSafeInteger(row.changes),
      corrections: toSafeInteger(row.corrections),
      customers: toSafeInteger(row.customers),
    }))
    .sort(
      (a, b) =>
        compareText(a.month, b.month) ||
        compareByOrder(TIER_ORDER, a.fromTier, b.fromTier) ||
        compareByOrder(TIER_ORDER, a.toTier, b.toTier) ||
        compareText(a.direction, b.direction),
    );
}
