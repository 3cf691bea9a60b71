/**
 * Share of wallet as of the end of the range (docs/share-of-wallet.md): for every customer with
 * a wallet estimate by then (their latest one counts), the net spend (sales less returns) of the
 * rules' window before the end over that estimate. The customers in all, by share band (the
 * rules' `wallet` thresholds) and by service tier at the end, with how many of the customers who
 * bought in the window have an estimate at all.
 */
import { DEFAULT_RULES, type Rules, TIERS, WALLET_BANDS, walletBand } from '@loyalty/core';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { type Cell, type ReportTable, ratio } from './report-table.js';
import { rangeCondition, type TimeRange } from './time-range.js';

export type WalletRules = Rules['wallet'];

const DAY_MS = 86_400_000;
const NO_TIER = 'none';
const ALL = 'all customers';

/** A customer with an estimate, as of the end. */
interface EstimatedCustomer {
  /** The latest estimate's wallet, minor units (> 0). */
  readonly walletMinor: number;
  /** Whether the latest estimate is the customer's own rather than a segment's. */
  readonly personal: boolean;
  /** Net spend in the window, minor units (negative when returns outweigh sales). */
  readonly spendMinor: number;
  /** The service tier at the end; "none" before any tier change. */
  readonly tier: string;
}

/** The share-of-wallet figures of a group of customers with an estimate. */
export interface ShareOfWalletRow {
  readonly breakdown: 'all' | 'band' | 'tier';
  readonly group: string;
  readonly customers: number;
  /** Customers whose latest estimate is their own, and a segment's. */
  readonly personal: number;
  readonly segment: number;
  /** Null without customers. */
  readonly meanShare: number | null;
  /** The middle share, or the mean of the two middle ones; null without customers. */
  readonly medianShare: number | null;
  /** Σ spend / Σ wallet: the share of the group's wallets we have; null without customers. */
  readonly aggregateShare: number | null;
  readonly spendMinor: number;
  readonly walletMinor: number;
  /** Σ max(0, wallet - spend): what these customers spend on our categories elsewhere. */
  readonly headroomMinor: number;
  /** Customers whose share is above 1: their estimate is below what they spend with us. */
  readonly inconsistent: number;
}

/**
 * How representative the figures are: the customers with a sale in the window, and how many of
 * them have an estimate by the end.
 */
export interface WalletCoverage {
  readonly buyers: number;
  readonly estimated: number;
}

export interface ShareOfWallet {
  readonly rows: readonly ShareOfWalletRow[];
  readonly coverage: WalletCoverage;
}

/** The figures of one group of customers. */
function shareOfWalletRow(
  breakdown: ShareOfWalletRow['breakdown'],
  group: string,
  customers: readonly EstimatedCustomer[],
): ShareOfWalletRow {
  const shares = customers.map((c) => c.spendMinor / c.walletMinor).sort((p, q) => p - q);
  const n = shares.length;
  const sum = (of: (c: EstimatedCustomer) => number) => customers.reduce((total, c) => total + of(c), 0);
  const spendMinor = sum((c) => c.spendMinor);
  const walletMinor = sum((c) => c.walletMinor);
  const middle = (i: number) => shares[i] as number;
  return {
    breakdown,
    group,
    customers: n,
    personal: customers.filter((c) => c.personal).length,
    segment: customers.filter((c) => !c.personal).length,
    meanShare: n === 0 ? null : shares.reduce((total, share) => total + share, 0) / n,
    medianShare: n === 0 ? null : n % 2 === 1 ? middle((n - 1) / 2) : (middle(n / 2 - 1) + middle(n / 2)) / 2,
    aggregateShare: n === 0 ? null : spendMinor / walletMinor,
    spendMinor,
    walletMinor,
    headroomMinor: sum((c) => Math.max(0, c.walletMinor - c.spendMinor)),
    inconsistent: shares.filter((share) => share > 1).length,
  };
}

/**
 * Share of wallet as of the end of the range (now when it is open): every customer with an
 * estimate by then, in all, by band (low, medium, high) and by tier (top first, then "none"),
 * every band and tier listed; and the coverage of the window's buyers.
 */
export async function shareOfWalletReport(
  context: ReportContext,
  range: TimeRange,
  rules: WalletRules = DEFAULT_RULES.wallet,
): Promise<ShareOfWallet> {
  const endMs = range.toMs ?? Date.now();
  const before = rangeCondition('occurred_at', { toMs: endMs });
  const window = rangeCondition('occurred_at', { fromMs: endMs - rules.windowDays * DAY_MS, toMs: endMs });
  // The latest estimate by event time, then event id (the order the aggregator reads a history
  // in). argMax skips NULL arguments, so the segment is read through isNull, never as itself.
  const estimates = `SELECT customer_id, argMax(wallet_minor, (occurred_at, event_id)) AS wallet,
                            argMax(isNull(segment_id), (occurred_at, event_id)) AS own
                     FROM wallet_estimates FINAL
                     WHERE ${before}
                     GROUP BY customer_id`;
  // 18.16: one join per SELECT, and a customer without purchases in the window or without a tier
  // change gets the columns' defaults (0, '') from the LEFT JOIN, as current releases do by default.
  const customers = await reportRows<{ wallet: JsonInteger; own: number; spend: JsonInteger; tier: string }>(
    context,
    `SELECT wallet, own, spend, tier
     FROM
     (
         SELECT customer_id, wallet, own, spend
         FROM (${estimates}) AS estimated
         ANY LEFT JOIN
         (
             SELECT customer_id, sum(net_minor) AS spend
             FROM purchases FINAL
             WHERE ${window}
             GROUP BY customer_id
         ) AS spent
         USING customer_id
     ) AS shared
     ANY LEFT JOIN
     (
         SELECT customer_id, argMax(new_tier, (ingested_at, occurred_at, event_id)) AS tier
         FROM tier_changes FINAL
         WHERE ${before}
         GROUP BY customer_id
     ) AS tiers
     USING customer_id`,
  );
  const [coverage] = await reportRows<{ buyers: JsonInteger; with_estimate: JsonInteger }>(
    context,
    `SELECT count() AS buyers, sum(has_estimate) AS with_estimate
     FROM
     (
         SELECT customer_id
         FROM purchases FINAL
         WHERE ${window}
         GROUP BY customer_id
         HAVING countIf(kind = 'sale') > 0
     ) AS bought
     ANY LEFT JOIN
     (
         SELECT customer_id, 1 AS has_estimate
         FROM wallet_estimates FINAL
         WHERE ${before}
         GROUP BY customer_id
     ) AS any_estimate
     USING customer_id`,
  );
  const shares: EstimatedCustomer[] = customers.map((row) => ({
    walletMinor: toSafeInteger(row.wallet),
    personal: Number(row.own) === 1,
    spendMinor: toSafeInteger(row.spend),
    tier: row.tier === '' ? NO_TIER : row.tier,
  }));
  const band = (c: EstimatedCustomer) => walletBand(c.spendMinor / c.walletMinor, rules);
  const group = (breakdown: 'band' | 'tier', name: string, of: (c: EstimatedCustomer) => boolean) =>
    shareOfWalletRow(breakdown, name, shares.filter(of));
  return {
    rows: [
      shareOfWalletRow('all', ALL, shares),
      ...WALLET_BANDS.map((b) => group('band', b, (c) => band(c) === b)),
      ...[...[...TIERS].reverse(), NO_TIER].map((tier) => group('tier', tier, (c) => c.tier === tier)),
    ],
    coverage: {
      buyers: toSafeInteger(coverage?.buyers ?? 0),
      estimated: toSafeInteger(coverage?.with_estimate ?? 0),
    },
  };
}

const REPORT_COLUMNS = [
  'breakdown',
  'group',
  'customers',
  'personal',
  'segment',
  'mean_share',
  'median_share',
  'aggregate_share',
  'spend_minor',
  'wallet_minor',
  'headroom_minor',
  'inconsistent',
  'buyers',
  'buyers_estimated',
] as const;

/** The report as a table: shares to 6 decimals; the coverage on the all-customers row only. */
export function shareOfWalletTable(report: ShareOfWallet): ReportTable {
  return {
    columns: REPORT_COLUMNS,
    rows: report.rows.map((row): Record<(typeof REPORT_COLUMNS)[number], Cell> => {
      const all = row.breakdown === 'all';
      return {
        breakdown: row.breakdown,
        group: row.group,
        customers: row.customers,
        personal: row.personal,
        segment: row.segment,
        mean_share: ratio(row.meanShare),
        median_share: ratio(row.medianShare),
        aggregate_share: ratio(row.aggregateShare),
        spend_minor: row.spendMinor,
        wallet_minor: row.walletMinor,
        headroom_minor: row.headroomMinor,
        inconsistent: row.inconsistent,
        buyers: all ? report.coverage.buyers : null,
        buyers_estimated: all ? report.coverage.estimated : null,
      };
    }),
  };
}
