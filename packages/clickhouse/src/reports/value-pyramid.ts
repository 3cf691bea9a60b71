/**
 * The value pyramid at the end of the range, by exact rank: every customer with a sale by then,
 * ranked by value, platinum the top share, gold the next, iron the next, lead the rest (the
 * shares of the rules' `pyramid`). The value is the predicted CLV of the customer's last
 * churn-risk announcement when a fitted model has given any customer one (customers without one
 * count 0), else the net spend (sales less returns) of the 365 days before the range's end.
 *
 * A level starts at a cut-off value, the value of the last customer its share reaches, so equal
 * values always share a level (a level can hold a little more than its share). The service
 * tiers (fixed spend thresholds, `tier-pyramid`) are set against it: which customers sit in
 * different places in the two classifications.
 */
import {
  cutoffValues,
  DEFAULT_RULES,
  levelOfValue,
  PYRAMID_LEVELS,
  type PyramidLevel,
  type Rules,
  TIERS,
} from '@loyalty/core';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

export type PyramidShares = Rules['pyramid'];

const DAY_MS = 86_400_000;
const NO_TIER = 'none';

export interface PyramidLevelRow {
  readonly level: PyramidLevel;
  readonly customers: number;
  /** The least value in the level (null when empty): CLV in major units, or spend in minor units. */
  readonly cutoff: number | null;
  readonly value: number;
  /** Of these customers, how many are in each service tier ("none" without a tier change). */
  readonly byTier: Readonly<Record<string, number>>;
}

export interface ValuePyramid {
  /** What customers are ranked by. */
  readonly measure: 'clv' | 'net_spend_365d';
  readonly levels: readonly PyramidLevelRow[];
}

/**
 * Every customer with a sale by `endMs`, with the net spend (sales less returns) of the 365 days
 * before it: what the pyramid ranks by without a CLV model.
 */
function yearSpendQuery(endMs: number): string {
  return `SELECT customer_id,
                 sumIf(net_minor, ${rangeCondition('occurred_at', { fromMs: endMs - 365 * DAY_MS, toMs: endMs })}) AS spend
          FROM purchases FINAL
          WHERE ${rangeCondition('occurred_at', { toMs: endMs })}
          GROUP BY customer_id
          HAVING countIf(kind = 'sale') > 0`;
}

/** The 365-day net spend of every customer with a sale by `endMs`, in minor units, unordered. */
export async function yearSpendValues(context: ReportContext, endMs: number): Promise<number[]> {
  const rows = await reportRows<{ spend: JsonInteger }>(
    context,
    `SELECT spend FROM (${yearSpendQuery(endMs)})`,
  );
  return rows.map((row) => toSafeInteger(row.spend));
}

/** The value pyramid as of the end of the range (now when it is open), with its service tiers. */
export async function valuePyramidReport(
  context: ReportContext,
  range: TimeRange,
  shares: PyramidShares = DEFAULT_RULES.pyramid,
  nowMs: number = Date.now(),
): Promise<ValuePyramid> {
  const endMs = range.toMs ?? nowMs;
  const before = rangeCondition('occurred_at', { toMs: endMs });
  const rows = await reportRows<{
    customer_id: string;
    spend: JsonInteger;
    tier: string;
    announced: JsonInteger;
    clv: number | null;
  }>(
    context,
    `SELECT customer_id, spend, tier, announced, clv
     FROM
     (
         SELECT customer_id, spend, tier
         FROM (${yearSpendQuery(endMs)}) AS spent
         ANY LEFT JOIN
         (
             SELECT customer_id, argMax(new_tier, (ingested_at, occurred_at, event_id)) AS tier
             FROM tier_changes FINAL
             WHERE ${before}
             GROUP BY customer_id
         ) AS tiers
         USING customer_id
     ) AS ranked
     ANY LEFT JOIN
     (
         SELECT customer_id, 1 AS announced,
                argMax(clv, (ingested_at, occurred_at, event_id)) AS clv
         FROM churn_signals FINAL
         WHERE ${before}
         GROUP BY customer_id
     ) AS assessed
     USING customer_id`,
  );
  const byClv = rows.some((row) => toSafeInteger(row.announced) === 1 && row.clv !== null);
  const customers = rows
    .map((row) => ({
      value: byClv ? (toSafeInteger(row.announced) === 1 ? (row.clv ?? 0) : 0) : toSafeInteger(row.spend),
      tier: row.tier === '' ? NO_TIER : row.tier,
    }))
    .sort((p, q) => q.value - p.value);
  const cutoffs = cutoffValues(
    customers.map((c) => c.value),
    shares,
  );
  const levelOf = (value: number): PyramidLevel => levelOfValue(value, cutoffs);
  const tiers = [...TIERS, NO_TIER];
  const levels = PYRAMID_LEVELS.map((level) => ({
    level,
    customers: 0,
    cutoff: null as number | null,
    value: 0,
    byTier: Object.fromEntries(tiers.map((tier) => [tier, 0])) as Record<string, number>,
  }));
  for (const customer of customers) {
    const row = levels[PYRAMID_LEVELS.indexOf(levelOf(customer.value))];
    if (row === undefined) continue;
    row.customers += 1;
    row.value += customer.value;
    // Sorted by value, the last customer of a level holds its least value.
    row.cutoff = customer.value;
    row.byTier[customer.tier] = (row.byTier[customer.tier] ?? 0) + 1;
  }
  return { measure: byClv ? 'clv' : 'net_spend_365d', levels };
}
