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

/** One customer's place in the value pyramid, with their service tier. */
export interface RankedCustomer {
  readonly customerId: string;
  /** CLV in major units, or spend in minor units (see ValuePyramid.measure). */
  readonly value: number;
  readonly level: PyramidLevel;
  /** The customer's last announced service tier, "none" without a tier change. */
  readonly tier: string;
}

interface Ranking {
  readonly measure: ValuePyramid['measure'];
  /** Highest value first. */
  readonly customers: readonly RankedCustomer[];
}

/** Every customer with a sale by `endMs`, ranked by value into the pyramid's levels. */
async function rankCustomers(context: ReportContext, endMs: number, shares: PyramidShares): Promise<Ranking> {
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
  const valued = rows
    .map((row) => ({
      customerId: row.customer_id,
      value: byClv ? (toSafeInteger(row.announced) === 1 ? (row.clv ?? 0) : 0) : toSafeInteger(row.spend),
      tier: row.tier === '' ? NO_TIER : row.tier,
    }))
    // Equal values by id, so that a listing is the same on every run and engine.
    .sort((p, q) => q.value - p.value || (p.customerId < q.customerId ? -1 : 1));
  const cutoffs = cutoffValues(
    valued.map((c) => c.value),
    shares,
  );
  return {
    measure: byClv ? 'clv' : 'net_spend_365d',
    customers: valued.map((c) => ({ ...c, level: levelOfValue(c.value, cutoffs) })),
  };
}

/** The value pyramid as of the end of the range (now when it is open), with its service tiers. */
export async function valuePyramidReport(
  context: ReportContext,
  range: TimeRange,
  shares: PyramidShares = DEFAULT_RULES.pyramid,
  nowMs: number = Date.now(),
): Promise<ValuePyramid> {
  return pyramidOf(await rankCustomers(context, range.toMs ?? nowMs, shares));
}

/** A customer whose place in the value pyramid differs from their service tier. */
export interface PyramidMismatch extends RankedCustomer {
  /**
   * Levels from the service tier to the pyramid level: positive when the customer is worth more
   * than their tier says (platinum by rank, lead by thresholds: +3), negative when less.
   */
  readonly gap: number;
}

/**
 * The customers the two classifications place differently as of the end of the range, the
 * widest gaps first (then by value): who the fixed thresholds under-serve and over-serve.
 * Customers without a tier change are left out.
 */
export async function pyramidMismatchReport(
  context: ReportContext,
  range: TimeRange,
  shares: PyramidShares = DEFAULT_RULES.pyramid,
  nowMs: number = Date.now(),
): Promise<{ measure: ValuePyramid['measure']; customers: PyramidMismatch[] }> {
  const ranking = await rankCustomers(context, range.toMs ?? nowMs, shares);
  return { measure: ranking.measure, customers: mismatchesOf(ranking) };
}

/** Both reports from one ranking of the customers (one query instead of two). */
export async function valuePyramidAndMismatches(
  context: ReportContext,
  range: TimeRange,
  shares: PyramidShares = DEFAULT_RULES.pyramid,
  nowMs: number = Date.now(),
): Promise<{ pyramid: ValuePyramid; mismatches: PyramidMismatch[] }> {
  const ranking = await rankCustomers(context, range.toMs ?? nowMs, shares);
  return { pyramid: pyramidOf(ranking), mismatches: mismatchesOf(ranking) };
}

function pyramidOf({ measure, customers }: Ranking): ValuePyramid {
  const tiers = [...TIERS, NO_TIER];
  const levels = PYRAMID_LEVELS.map((level) => ({
    level,
    customers: 0,
    cutoff: null as number | null,
    value: 0,
    byTier: Object.fromEntries(tiers.map((tier) => [tier, 0])) as Record<string, number>,
  }));
  for (const customer of customers) {
    const row = levels[PYRAMID_LEVELS.indexOf(customer.level)];
    if (row === undefined) continue;
    row.customers += 1;
    row.value += customer.value;
    // Sorted by value, the last customer of a level holds its least value.
    row.cutoff = customer.value;
    row.byTier[customer.tier] = (row.byTier[customer.tier] ?? 0) + 1;
  }
  return { measure, levels };
}

function mismatchesOf({ customers }: Ranking): PyramidMismatch[] {
  // Both classifications use the same four names; their order is TIERS' (lead first).
  const rank = (name: string) => TIERS.indexOf(name as (typeof TIERS)[number]);
  const mismatches = customers
    .filter((c) => c.tier !== NO_TIER && c.tier !== c.level)
    .map((c) => ({ ...c, gap: rank(c.level) - rank(c.tier) }));
  // A stable sort keeps the ranking's order (value, then id) within a gap.
  return mismatches.sort((p, q) => Math.abs(q.gap) - Math.abs(p.gap));
}
