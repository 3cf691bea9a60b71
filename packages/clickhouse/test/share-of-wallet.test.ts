// The share-of-wallet report against a history worked out by hand (comments), on the local
// ClickHouse (18.16) and a current one (chDB), which must agree.
import { DEFAULT_RULES } from '@loyalty/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayRange,
  insertRows,
  REPORTS,
  type ReportContext,
  shareOfWalletReport,
  TABLES,
  type TierChangeRow,
  type WalletEstimateRow,
} from '../src/index.js';
import { type BothEngines, bothEngines } from './both-engines.js';
import { purchaseRow } from './history-rows.js';

function estimate(customer: string, at: string, walletMinor: number, segment: string | null = null) {
  return {
    event_id: `w-${customer}-${at}`,
    customer_id: customer,
    occurred_at: at,
    source: segment === null ? 'survey-tool' : 'consumer-panel',
    currency: 'EUR',
    wallet_minor: walletMinor,
    method: segment === null ? 'survey' : 'panel',
    segment_id: segment,
  } satisfies WalletEstimateRow;
}

function tier(customer: string, at: string, next: string): TierChangeRow {
  return {
    event_id: `t-${customer}-${at}`,
    customer_id: customer,
    occurred_at: at,
    correction: 0,
    previous_tier: null,
    new_tier: next,
    direction: 'initial',
    reason: 'qualifying_spend',
    qualifying_spend_minor: 0,
    currency: 'EUR',
  };
}

// As of the end of 2026-06-30, the 365-day window is [2025-07-01, 2026-07-01).
// a: two estimates, the later (400,000) counts; spend 100,000 + 60,000 - 20,000 (a return) =
//    140,000, its sale of 2025-05 is older: share 0.35, medium; gold (its platinum comes later).
// b: 80,000 over 50,000: share 1.6, high and inconsistent; platinum after iron.
// c: a panel cell's estimate, 30,000 (an hour before the end) over 200,000: 0.15, low; no tier.
//    Its estimate of July is after the end.
// d: bought, but its only estimate comes after the end: no share; lead.
// e: a panel cell's estimate and no purchase: 0 over 100,000, low; no tier.
// f: bought, never estimated.
// g: 50,000 over 100,000: exactly 0.5, high; iron.
const ESTIMATES = [
  estimate('a', '2026-01-10 12:00:00', 1_000_000),
  estimate('a', '2026-03-01 12:00:00', 400_000),
  estimate('b', '2026-02-01 12:00:00', 50_000),
  estimate('c', '2026-01-01 12:00:00', 200_000, 'cell-1'),
  estimate('c', '2026-07-02 12:00:00', 10_000),
  estimate('d', '2026-07-05 12:00:00', 90_000),
  estimate('e', '2026-06-01 12:00:00', 100_000, 'cell-2'),
  estimate('g', '2026-04-01 12:00:00', 100_000),
];
const PURCHASES = [
  purchaseRow('a', '2025-05-01 12:00:00', 500_000),
  purchaseRow('a', '2025-12-01 12:00:00', 100_000),
  purchaseRow('a', '2026-04-01 12:00:00', 60_000),
  purchaseRow('a', '2026-04-15 12:00:00', -20_000),
  purchaseRow('b', '2026-05-01 12:00:00', 80_000),
  purchaseRow('c', '2026-06-30 23:00:00', 30_000),
  purchaseRow('d', '2026-02-15 12:00:00', 40_000),
  purchaseRow('f', '2025-09-01 12:00:00', 10_000),
  purchaseRow('g', '2026-04-02 12:00:00', 50_000),
];
const TIERS = [
  tier('a', '2026-03-01 12:00:00', 'gold'),
  tier('a', '2026-07-03 12:00:00', 'platinum'),
  tier('b', '2026-01-01 12:00:00', 'iron'),
  tier('b', '2026-05-01 12:00:00', 'platinum'),
  tier('d', '2026-02-15 12:00:00', 'lead'),
  tier('g', '2026-04-02 12:00:00', 'iron'),
];

async function insertHistory(context: ReportContext): Promise<void> {
  await insertRows(context.client, TABLES.walletEstimates, ESTIMATES);
  // A redelivered copy of a's latest estimate counts once.
  await insertRows(context.client, TABLES.walletEstimates, [ESTIMATES[1] as WalletEstimateRow]);
  await insertRows(context.client, TABLES.purchases, PURCHASES);
  await insertRows(context.client, TABLES.tierChanges, TIERS);
}

const COLUMNS = [
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

/** A row of the table, by its columns' order; the coverage only on the all-customers row. */
function row(...cells: (string | number | null)[]) {
  const full = cells.length === COLUMNS.length ? cells : [...cells, null, null];
  return Object.fromEntries(COLUMNS.map((column, i) => [column, full[i]]));
}

const JUNE = dayRange('2026-01-01', '2026-06-30');

describe('the share-of-wallet report', () => {
  let contexts: BothEngines;
  beforeAll(async () => {
    contexts = await bothEngines('share_of_wallet', insertHistory);
  }, 120_000);
  afterAll(async () => {
    await contexts?.close();
  });

  it('divides the window’s net spend by the latest estimate, in all, by band and by tier', async () => {
    const table = await REPORTS['share-of-wallet'].run(contexts.old, JUNE, DEFAULT_RULES);
    expect(table.columns).toEqual(COLUMNS);
    // Shares a 0.35, b 1.6, c 0.15, e 0, g 0.5: mean 2.6 / 5, median 0.35; spend 300,000 over
    // wallets of 850,000; headroom 260,000 + 0 + 170,000 + 100,000 + 50,000. Of the six buyers
    // of the window (a, b, c, d, f, g), four have an estimate by the end.
    expect(table.rows).toEqual([
      row('all', 'all customers', 5, 3, 2, 0.52, 0.35, 0.352941, 300_000, 850_000, 580_000, 1, 6, 4),
      row('band', 'low', 2, 0, 2, 0.075, 0.075, 0.1, 30_000, 300_000, 270_000, 0),
      row('band', 'medium', 1, 1, 0, 0.35, 0.35, 0.35, 140_000, 400_000, 260_000, 0),
      row('band', 'high', 2, 2, 0, 1.05, 1.05, 0.866667, 130_000, 150_000, 50_000, 1),
      row('tier', 'platinum', 1, 1, 0, 1.6, 1.6, 1.6, 80_000, 50_000, 0, 1),
      row('tier', 'gold', 1, 1, 0, 0.35, 0.35, 0.35, 140_000, 400_000, 260_000, 0),
      row('tier', 'iron', 1, 1, 0, 0.5, 0.5, 0.5, 50_000, 100_000, 50_000, 0),
      row('tier', 'lead', 0, 0, 0, null, null, null, 0, 0, 0, 0),
      row('tier', 'none', 2, 0, 2, 0.075, 0.075, 0.1, 30_000, 300_000, 270_000, 0),
    ]);
  });

  it("takes the window and the bands from the rules' wallet section", async () => {
    const rules = { windowDays: 100, mediumShare: 0.1, highShare: 0.3 };
    const report = await shareOfWalletReport(contexts.old, JUNE, rules);
    // From 2026-03-23: a 40,000 / 400,000 = 0.1 is medium now, c 0.15 too; d's and f's sales are
    // older, so four buyers remain, all estimated.
    expect(report.rows.filter((r) => r.breakdown === 'band').map((r) => [r.group, r.customers])).toEqual([
      ['low', 1],
      ['medium', 2],
      ['high', 2],
    ]);
    expect(report.rows[0]?.spendMinor).toBe(40_000 + 80_000 + 30_000 + 50_000);
    expect(report.coverage).toEqual({ buyers: 4, estimated: 4 });
  });

  it('counts nobody before the first estimate', async () => {
    const [all] = (await shareOfWalletReport(contexts.old, dayRange(undefined, '2025-12-31'))).rows;
    expect(all).toMatchObject({ customers: 0, meanShare: null, medianShare: null, aggregateShare: null });
  });

  it('gives the same results on a current ClickHouse', async () => {
    for (const range of [JUNE, dayRange(undefined, '2026-03-15'), dayRange(undefined, '2026-12-31')]) {
      expect(await shareOfWalletReport(contexts.current, range)).toEqual(
        await shareOfWalletReport(contexts.old, range),
      );
    }
  });
});
