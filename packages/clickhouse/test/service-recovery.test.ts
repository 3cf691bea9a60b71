// The service-recovery report against a small history worked out by hand (below), on the local
// 18.16 server and on a current ClickHouse (chDB); and its statistics against published values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ComplaintRow,
  dayRange,
  insertRows,
  type PurchaseRow,
  REPORTS,
  type ReportContext,
  TABLES,
  type TierChangeRow,
} from '../src/index.js';
import { meanInterval, wilsonInterval } from '../src/reports/intervals.js';
import {
  paradoxVerdict,
  type ServiceRecoveryRow,
  serviceRecoveryReport,
} from '../src/reports/service-recovery.js';
import { type BothEngines, bothEngines } from './both-engines.js';

describe('service-recovery statistics', () => {
  it('calls the paradox shown, refuted or not shown by where the difference interval lies', () => {
    expect(paradoxVerdict({ low: 0.01, high: 0.2 })).toBe('paradox shown');
    expect(paradoxVerdict({ low: -0.2, high: -0.01 })).toBe('paradox refuted');
    expect(paradoxVerdict({ low: -0.01, high: 0.2 })).toBe('paradox not shown');
    expect(paradoxVerdict(null)).toBe('paradox not shown');
  });
});

// The history, all at noon unless a time is given; the last purchase (n2, Dec 31) ends it, so
// a window counts if it ends by Dec 30.
//
// Complaints:
//   A  k1  opened Jan 6 10:00, resolved Jan 6 18:00 (5)                 resolved 4-5, within 1 day
//   B  k2  opened Jan 10, escalated Jan 12, resolved Jan 17 (4): 168 h   resolved 4-5, 1-7 days
//   C  k3  opened Jan 12, resolved Jan 25 (2)                            resolved 1-3, over 7 days
//   D  k4  opened Jan 11, resolved Jan 12 10:00 (5), reopened Jan 14, resolved Jun 20 (2)
//                                                                        resolved 1-3, within 1 day
//   E  k5  opened Jan 13, escalated Jan 20                               open, never resolved
//   F  k6  opened Aug 15, resolved Aug 16 (3): 24 h; never bought        resolved 1-3, within 1 day
//   G  k7  opened Dec 1                                                  censored (Dec 1 + 90 > Dec 30)
// F has no comparison (recency never): unmatched at 90 days, censored at 180.
//
// Purchases and tiers (lead unless said):
//   k1  Jan 5 4000, Feb 20 3000, Jun 1 2000       n1  Jan 3 2000, Jan 20 1000 (iron from Jan 20)
//   k2  Jan 8 2500                                n2  Jan 15 1500, Dec 31 500
//   k3  Jan 9 1000, returned Feb 1                n3  Jan 25 1200, Mar 10 2000 (500 of it returned Mar 20)
//   k4  Jan 10 1500, May 15 6000                  n4  Jan 4 9000, Feb 10 5000 (gold)
//   k5  Jan 12 20000, Mar 1 8000 (gold)           n5  Jan 18 7000 (gold)
//
// Complaint units, each with recency 0-30 (a sale 1-3 days before) in January:
//   A lead: back Feb 20; spend 90 days 3000, 180 days 5000 (Jun 1)
//   B lead: never back. C lead: never back; k3's return is of an order placed before, so no spend.
//   D lead: back May 15 only, after 90 days (Apr 11): 90 days 0, 180 days 6000
//   E gold: back Mar 1: 8000
// Comparison units, January sale days of customers who had not complained by then (k1 to k5
// complained the day after, or a few days after, their January sale, so those sales count):
//   lead  n1 Jan 3 (back Jan 20; 1000), n2 Jan 15, n3 Jan 25 (back Mar 10; 2000 - 500), k1 Jan 5
//         (back Feb 20; 3000, 180 days 5000), k2 Jan 8, k3 Jan 9, k4 Jan 10 (back May 15 at
//         180 days only; 6000): 90 days 3 of 7, spend 5500 / 7; 180 days 4 of 7, 13500 / 7
//   gold  n4 Jan 4 (back Feb 10; 5000), n5 Jan 18, k5 Jan 12 (back Mar 1; 8000): 2 of 3, 13000 / 3
//   iron  n1 Jan 20: 0 of 1, matched to no complaint
const LEAD_90 = 3 / 7;
const LEAD_180 = 4 / 7;
const GOLD = 2 / 3;

function sale(customer: string, day: string, order: string, total: number): PurchaseRow {
  return {
    event_id: `sale-${order}`,
    customer_id: customer,
    occurred_at: `${day} 12:00:00`,
    source: 'pos-test',
    order_id: order,
    kind: 'sale',
    return_of_order_id: null,
    channel: 'pos',
    store_id: null,
    currency: 'EUR',
    total_minor: total,
    discount_minor: 0,
    net_minor: total,
    line_count: 1,
  };
}

function refund(customer: string, day: string, order: string, total: number): PurchaseRow {
  return {
    ...sale(customer, day, `${order}-r`, total),
    event_id: `return-${order}`,
    kind: 'return',
    return_of_order_id: order,
    net_minor: -total,
  };
}

const PURCHASES = [
  sale('k1', '2026-01-05', 'k1a', 4000),
  sale('k1', '2026-02-20', 'k1b', 3000),
  sale('k1', '2026-06-01', 'k1c', 2000),
  sale('k2', '2026-01-08', 'k2a', 2500),
  sale('k3', '2026-01-09', 'k3a', 1000),
  refund('k3', '2026-02-01', 'k3a', 1000),
  sale('k4', '2026-01-10', 'k4a', 1500),
  sale('k4', '2026-05-15', 'k4b', 6000),
  sale('k5', '2026-01-12', 'k5a', 20000),
  sale('k5', '2026-03-01', 'k5b', 8000),
  sale('n1', '2026-01-03', 'n1a', 2000),
  sale('n1', '2026-01-20', 'n1b', 1000),
  sale('n2', '2026-01-15', 'n2a', 1500),
  sale('n2', '2026-12-31', 'n2b', 500),
  sale('n3', '2026-01-25', 'n3a', 1200),
  sale('n3', '2026-03-10', 'n3b', 2000),
  refund('n3', '2026-03-20', 'n3b', 500),
  sale('n4', '2026-01-04', 'n4a', 9000),
  sale('n4', '2026-02-10', 'n4b', 5000),
  sale('n5', '2026-01-18', 'n5a', 7000),
];

function tier(customer: string, day: string, previous: string | null, next: string): TierChangeRow {
  return {
    event_id: `tier-${customer}-${next}`,
    customer_id: customer,
    occurred_at: `${day} 12:00:00`,
    correction: 0,
    previous_tier: previous,
    new_tier: next,
    direction: previous === null ? 'initial' : 'upgrade',
    reason: 'test',
    qualifying_spend_minor: 0,
    currency: 'EUR',
  };
}

const TIER_CHANGES = [
  tier('k1', '2026-01-05', null, 'lead'),
  tier('k2', '2026-01-08', null, 'lead'),
  tier('k3', '2026-01-09', null, 'lead'),
  tier('k4', '2026-01-10', null, 'lead'),
  tier('k5', '2026-01-12', null, 'gold'),
  tier('n1', '2026-01-03', null, 'lead'),
  tier('n1', '2026-01-20', 'lead', 'iron'),
  tier('n2', '2026-01-15', null, 'lead'),
  tier('n3', '2026-01-25', null, 'lead'),
  tier('n4', '2026-01-04', null, 'gold'),
  tier('n5', '2026-01-18', null, 'gold'),
];

function step(
  complaint: string,
  customer: string,
  at: string,
  status: string,
  satisfaction: number | null = null,
): ComplaintRow {
  return {
    event_id: `${complaint}-${status}-${at}`,
    customer_id: customer,
    occurred_at: at.length === 10 ? `${at} 12:00:00` : at,
    source: 'crm-test',
    complaint_id: complaint,
    status,
    dimension: 'reliability',
    severity: 'medium',
    order_id: null,
    satisfaction,
  };
}

const COMPLAINTS = [
  step('A', 'k1', '2026-01-06 10:00:00', 'opened'),
  step('A', 'k1', '2026-01-06 18:00:00', 'resolved', 5),
  step('B', 'k2', '2026-01-10', 'opened'),
  step('B', 'k2', '2026-01-12', 'escalated'),
  step('B', 'k2', '2026-01-17', 'resolved', 4),
  step('C', 'k3', '2026-01-12', 'opened'),
  step('C', 'k3', '2026-01-25', 'resolved', 2),
  step('D', 'k4', '2026-01-11', 'opened'),
  step('D', 'k4', '2026-01-12 10:00:00', 'resolved', 5),
  step('D', 'k4', '2026-01-14', 'reopened'),
  step('D', 'k4', '2026-06-20', 'resolved', 2),
  step('E', 'k5', '2026-01-13', 'opened'),
  step('E', 'k5', '2026-01-20', 'escalated'),
  step('F', 'k6', '2026-08-15', 'opened'),
  step('F', 'k6', '2026-08-16', 'resolved', 3),
  step('G', 'k7', '2026-12-01', 'opened'),
];

/** The history, then redelivered copies of A's resolution and k1's return visit. */
async function insertHistory(context: ReportContext): Promise<void> {
  await insertRows(context.client, TABLES.purchases, PURCHASES);
  await insertRows(context.client, TABLES.tierChanges, TIER_CHANGES);
  await insertRows(context.client, TABLES.complaints, COMPLAINTS);
  await insertRows(context.client, TABLES.purchases, [sale('k1', '2026-02-20', 'k1b', 3000)]);
  await insertRows(context.client, TABLES.complaints, [
    step('A', 'k1', '2026-01-06 18:00:00', 'resolved', 5),
  ]);
}

type Counts = [group: string, complaints: number, unmatched: number, retained: number];

/** Each row's group and counts, and its retention against the standardised comparison. */
function expectRows(
  rows: readonly ServiceRecoveryRow[],
  windowDays: number,
  expected: readonly (readonly [...Counts, retention: number | null, control: number | null])[],
): void {
  const inWindow = rows.filter((row) => row.windowDays === windowDays);
  expect(inWindow.map((row) => [row.group, row.complaints, row.unmatched, row.retained])).toEqual(
    expected.map(([group, complaints, unmatched, retained]) => [group, complaints, unmatched, retained]),
  );
  for (const [i, [group, , , , retention, control]] of expected.entries()) {
    const row = inWindow[i];
    for (const [actual, value] of [
      [row?.retention, retention],
      [row?.controlRetention, control],
    ] as const) {
      if (value === null) expect(actual, group).toBeNull();
      else expect(actual, group).toBeCloseTo(value, 12);
    }
  }
}

describe('service-recovery report', () => {
  let contexts: BothEngines;
  beforeAll(async () => {
    contexts = await bothEngines('service_recovery', insertHistory);
  }, 120_000);
  afterAll(async () => {
    await contexts?.close();
  });

  it('compares retention after complaints with matched sales, by outcome and time to resolution', async () => {
    const rows = await serviceRecoveryReport(contexts.old, {});
    // 90 days: A to E matched (4 lead, 1 gold), F unmatched, G censored; back A and E.
    const all90 = (4 * LEAD_90 + GOLD) / 5;
    expectRows(rows, 90, [
      ['all complaints', 5, 1, 2, 2 / 5, all90],
      ['resolved 4-5', 2, 0, 1, 1 / 2, LEAD_90], // A B
      ['resolved 1-3', 2, 1, 0, 0, LEAD_90], // C D, F
      ['open', 1, 0, 1, 1, GOLD], // E
      ['within 1 day', 2, 1, 1, 1 / 2, LEAD_90], // A D, F
      ['1-7 days', 1, 0, 0, 0, LEAD_90], // B
      ['over 7 days', 1, 0, 0, 0, LEAD_90], // C
      ['never resolved', 1, 0, 1, 1, GOLD], // E
    ]);
    // 180 days: F censored too; D is back now.
    expectRows(rows, 180, [
      ['all complaints', 5, 0, 3, 3 / 5, (4 * LEAD_180 + GOLD) / 5],
      ['resolved 4-5', 2, 0, 1, 1 / 2, LEAD_180],
      ['resolved 1-3', 2, 0, 1, 1 / 2, LEAD_180],
      ['open', 1, 0, 1, 1, GOLD],
      ['within 1 day', 2, 0, 2, 1, LEAD_180],
      ['1-7 days', 1, 0, 0, 0, LEAD_180],
      ['over 7 days', 1, 0, 0, 0, LEAD_180],
      ['never resolved', 1, 0, 1, 1, GOLD],
    ]);
    const [all] = rows;
    expect(all?.retentionInterval).toEqual(wilsonInterval(2, 5));
    expect(all?.difference).toBeCloseTo(2 / 5 - all90, 12);
    // Spend at 90 days: A 3000, E 8000, the rest 0; lead sales 5500 / 7, gold 13000 / 3.
    expect(all?.spendMeanMinor).toBe(2200);
    expect(all?.spendInterval).toEqual(
      meanInterval({ n: 5, sum: 11000, sumOfSquares: 3000 ** 2 + 8000 ** 2 }),
    );
    expect(all?.controlSpendMinor).toBeCloseTo((4 * (5500 / 7) + 13000 / 3) / 5, 9);
    // At 180 days: A 5000, D 6000, E 8000; lead sales 13500 / 7.
    const all180 = rows.find((row) => row.windowDays === 180 && row.breakdown === 'all');
    expect(all180?.spendMeanMinor).toBe(19000 / 5);
    expect(all180?.controlSpendMinor).toBeCloseTo((4 * (13500 / 7) + 13000 / 3) / 5, 9);
    // One complaint back of two cannot tell 1/2 from 3/7.
    expect(rows.filter((row) => row.verdict !== null).map((row) => [row.windowDays, row.verdict])).toEqual([
      [90, 'paradox not shown'],
      [180, 'paradox not shown'],
    ]);
  });

  it('judges outcomes and censors windows at the end of the range', async () => {
    // To Jun 10: the last purchase is k1's of Jun 1, so 90-day windows must end by May 31
    // (January's do) and no 180-day window is complete. D, reopened, is open then.
    const rows = await serviceRecoveryReport(contexts.old, dayRange(undefined, '2026-06-10'));
    expectRows(rows, 90, [
      ['all complaints', 5, 0, 2, 2 / 5, (4 * LEAD_90 + GOLD) / 5],
      ['resolved 4-5', 2, 0, 1, 1 / 2, LEAD_90],
      ['resolved 1-3', 1, 0, 0, 0, LEAD_90], // C
      ['open', 2, 0, 1, 1 / 2, (LEAD_90 + GOLD) / 2], // D E
      ['within 1 day', 2, 0, 1, 1 / 2, LEAD_90],
      ['1-7 days', 1, 0, 0, 0, LEAD_90],
      ['over 7 days', 1, 0, 0, 0, LEAD_90],
      ['never resolved', 1, 0, 1, 1, GOLD],
    ]);
    expect(rows.filter((row) => row.windowDays === 180).every((row) => row.complaints === 0)).toBe(true);
    // From August: only F (unmatched) and G (censored) opened in the range.
    const august = await serviceRecoveryReport(contexts.old, dayRange('2026-08-01', undefined));
    expect(august[0]).toMatchObject({ complaints: 0, unmatched: 1, retention: null, spendMeanMinor: null });
  });

  it('prints every group of both windows, and the same table on a current ClickHouse', async () => {
    for (const range of [{}, dayRange(undefined, '2026-06-10'), dayRange('2026-01-11', '2026-09-30')]) {
      const table = await REPORTS['service-recovery'].run(contexts.old, range);
      expect(table.rows).toHaveLength(16);
      for (const row of table.rows) expect(Object.keys(row)).toEqual(table.columns);
      expect(await REPORTS['service-recovery'].run(contexts.current, range)).toEqual(table);
    }
    const [all] = (await REPORTS['service-recovery'].run(contexts.old, {})).rows;
    expect(all).toMatchObject({ retention: 0.4, spend_mean_minor: 2200, control_spend_minor: 1495 });
  });
});
