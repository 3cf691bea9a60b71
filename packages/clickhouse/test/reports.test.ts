// Each report against values worked out by hand from report-fixture.ts (see the comments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  basketReport,
  churnReport,
  cohortsReport,
  customerTimeline,
  dayRange,
  deadLettersReport,
  loyaltyLadderReport,
  migrate,
  paretoReport,
  REPORTS,
  type ReportContext,
  reportContext,
  rfmReport,
  selectRows,
  shareOfWalletReport,
  tierFlowReport,
  tierPyramidReport,
  winBackReport,
} from '../src/index.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';
import { FIXTURE_COUNTS, insertFixture } from './report-fixture.js';

const Q1 = dayRange('2026-01-01', '2026-03-31');

describe('reports', () => {
  let db: FreshDatabase;
  let context: ReportContext;
  beforeAll(async () => {
    db = await freshDatabase('reports');
    await migrate(db.client);
    await insertFixture(db.client);
    context = await reportContext(db.client);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('reads every table without the redelivered copies', async () => {
    for (const [table, count] of Object.entries(FIXTURE_COUNTS)) {
      const [row] = await selectRows<{ n: string }>(db.client, `SELECT count() AS n FROM ${table} FINAL`);
      expect([table, Number(row?.n)]).toEqual([table, count]);
    }
  });

  it('rfm: recency to the end of the range, frequency in sale orders, net monetary, quintiles, segments', async () => {
    // As of 2026-04-01 00:00; last sales at noon. c6 only returned, so has no RFM.
    // Scores: 1 + floor(5 (2b + e) / 2n), b values strictly worse, e equal (itself included), n 5.
    // recency  c1 11, c2 30, c3 56, c4 3, c5 26        -> R 4 2 1 5 3
    // orders   c1 3,  c2 2,  c3 1,  c4 1, c5 4          -> F 4 3 2 2 5 (c3, c4 tie: b 0, e 2 -> 2)
    // net      c1 15000 (35000 - the 20000 return), c2 20000, c3 30000, c4 1500, c5 15000
    //                                                   -> M 3 4 5 1 3 (c1, c5 tie: b 1, e 2 -> 3)
    // FM = round-half-up((F + M) / 2): 4 4 4 2 4
    expect(await rfmReport(context, Q1)).toEqual([
      {
        customerId: 'c1',
        recencyDays: 11,
        frequency: 3,
        monetaryMinor: 15000,
        r: 4,
        f: 4,
        m: 3,
        segment: 'loyal',
      },
      {
        customerId: 'c2',
        recencyDays: 30,
        frequency: 2,
        monetaryMinor: 20000,
        r: 2,
        f: 3,
        m: 4,
        segment: 'at risk',
      },
      {
        customerId: 'c3',
        recencyDays: 56,
        frequency: 1,
        monetaryMinor: 30000,
        r: 1,
        f: 2,
        m: 5,
        segment: "can't lose them",
      },
      {
        customerId: 'c4',
        recencyDays: 3,
        frequency: 1,
        monetaryMinor: 1500,
        r: 5,
        f: 2,
        m: 1,
        segment: 'potential loyalists',
      },
      {
        customerId: 'c5',
        recencyDays: 26,
        frequency: 4,
        monetaryMinor: 15000,
        r: 3,
        f: 5,
        m: 3,
        segment: 'loyal',
      },
    ]);
  });

  it('pareto: the top 20% and the curve by decile, returns netted', async () => {
    // Net by customer: c3 30000, c2 20000, c1 15000, c5 15000, c4 1500, c6 -2500; total 79000.
    // Top p% of 6 customers = ceil(6p/100): 1 2 2 3 3 4 5 5 6 6.
    const report = await paretoReport(context, Q1);
    const cumulative = [30000, 50000, 50000, 65000, 65000, 80000, 81500, 81500, 79000, 79000];
    const counts = [1, 2, 2, 3, 3, 4, 5, 5, 6, 6];
    expect(report.customers).toBe(6);
    expect(report.totalNetMinor).toBe(79000);
    expect(report.top20Share).toBe(50000 / 79000);
    expect(report.curve).toEqual(
      cumulative.map((net, i) => ({
        percent: (i + 1) * 10,
        customers: counts[i],
        netMinor: net,
        share: net / 79000,
      })),
    );
  });

  it('cohorts: first-sale month by months since, with gaps and later months counted', async () => {
    // 2026-01: c1 (Jan Feb Mar), c2 (Jan Mar), c5 (Jan Feb Mar); 2026-02: c3 (Feb, Apr); 2026-03: c4.
    expect(await cohortsReport(context, Q1)).toEqual([
      { cohort: '2026-01', customers: 3, active: [3, 2, 3] },
      { cohort: '2026-02', customers: 1, active: [1, 0, 1] },
      { cohort: '2026-03', customers: 1, active: [1] },
    ]);
    expect(await cohortsReport(context, dayRange('2026-02-01', '2026-02-28'))).toEqual([
      { cohort: '2026-02', customers: 1, active: [1, 0, 1] },
    ]);
  });

  it('basket: support, confidence and lift of category pairs in sale orders', async () => {
    // 11 sale orders in Q1 (returns and the April sale left out).
    // Orders with food 6, drinks 4, snacks 4, electronics 2.
    // Together: food+drinks 2 (o1 o4), drinks+snacks 1 (o5), electronics+drinks 1 (o6), food+snacks 1 (o9).
    const rule = (a: string, b: string, both: number, withA: number, withB: number) => ({
      antecedent: a,
      consequent: b,
      orders: both,
      support: both / 11,
      confidence: both / withA,
      lift: (both * 11) / (withA * withB),
    });
    expect(await basketReport(context, Q1)).toEqual([
      rule('drinks', 'electronics', 1, 4, 2), // lift 11/8
      rule('electronics', 'drinks', 1, 2, 4),
      rule('drinks', 'food', 2, 4, 6), // lift 11/12
      rule('food', 'drinks', 2, 6, 4),
      rule('drinks', 'snacks', 1, 4, 4), // lift 11/16
      rule('snacks', 'drinks', 1, 4, 4),
      rule('food', 'snacks', 1, 6, 4), // lift 11/24
      rule('snacks', 'food', 1, 4, 6),
    ]);
    expect(await basketReport(context, dayRange('2027-01-01', '2027-01-31'))).toEqual([]);
  });

  it('tier-flow: movements per month, lowest tiers first, corrections apart', async () => {
    const flow = (
      month: string,
      fromTier: string,
      toTier: string,
      direction: string,
      changes: number,
      corrections = 0,
    ) => ({ month, fromTier, toTier, direction, changes, corrections, customers: changes + corrections });
    // c2's correction lead -> iron (t8) sits beside c1's and c5's upgrades.
    expect(await tierFlowReport(context, Q1)).toEqual([
      flow('2026-01', 'none', 'lead', 'initial', 3),
      flow('2026-02', 'none', 'gold', 'initial', 1),
      flow('2026-03', 'lead', 'iron', 'upgrade', 2, 1),
      flow('2026-03', 'gold', 'iron', 'downgrade', 1),
    ]);
    expect(await tierFlowReport(context, dayRange('2026-03-01', '2026-03-15'))).toEqual([
      flow('2026-03', 'lead', 'iron', 'upgrade', 1, 1),
      flow('2026-03', 'gold', 'iron', 'downgrade', 1),
    ]);
  });

  it('churn: level and drivers at each month end, carried over months without events', async () => {
    // Jan: c1 low, c2 low (its medium was replaced within January).
    // Feb: c1 high (open_complaint, recency), c2 low, c4 low (the correction s7, since Feb 10).
    // Mar: as Feb, plus c3 high (recency); c4 stays low: s7 was announced after its medium
    // of Mar 20 (s6) and overrides it, though s7's event time is earlier.
    const row = (month: string, level: string, driver: string | null, customers: number) => ({
      month,
      level,
      driver,
      customers,
    });
    const expected = [
      row('2026-01', 'low', null, 2),
      row('2026-02', 'low', null, 2),
      row('2026-02', 'high', null, 1),
      row('2026-02', 'high', 'open_complaint', 1),
      row('2026-02', 'high', 'recency', 1),
      row('2026-03', 'low', null, 2),
      row('2026-03', 'high', null, 2),
      row('2026-03', 'high', 'open_complaint', 1),
      row('2026-03', 'high', 'recency', 2),
    ];
    expect(await churnReport(context, Q1)).toEqual(expected);
    // Open-ended: from the first assessment's month to the last one's.
    expect(await churnReport(context, {})).toEqual(expected);
    expect(await churnReport(context, dayRange('2026-03-01', '2026-03-31'))).toEqual(expected.slice(5));
  });

  it('tier-pyramid: customers by their last announced tier, with their net revenue in the range', async () => {
    // By 2026-04-01: c1 iron (t2), c2 iron (the correction t8 after lead), c3 iron (gold, then
    // down), c5 iron; c4 and c6 never had a tier. Net in Q1: c1 15000, c2 20000, c3 30000, c5 15000.
    expect(await tierPyramidReport(context, Q1)).toEqual([
      { tier: 'platinum', customers: 0, netMinor: 0 },
      { tier: 'gold', customers: 0, netMinor: 0 },
      { tier: 'iron', customers: 4, netMinor: 80_000 },
      { tier: 'lead', customers: 0, netMinor: 0 },
    ]);
  });

  it('share-of-wallet: latest estimates by the end, a copy once, tiers as last announced', async () => {
    // By 2026-04-01: c1 15000 of its own 100000 (0.15, low), c2 20000 of its cell's 50000 (0.4,
    // medium; delivered twice), both iron (c2 by the correction t8); c3's estimate comes later.
    // Buyers of the 365 days: c1 to c5.
    const report = await shareOfWalletReport(context, Q1);
    const all = {
      breakdown: 'all',
      group: 'all customers',
      customers: 2,
      personal: 1,
      segment: 1,
      meanShare: 0.275,
      medianShare: 0.275,
      aggregateShare: 35_000 / 150_000,
      spendMinor: 35_000,
      walletMinor: 150_000,
      headroomMinor: 115_000,
      inconsistent: 0,
    };
    expect(report.rows[0]).toEqual(all);
    expect(report.rows.find((row) => row.group === 'iron')).toEqual({
      ...all,
      breakdown: 'tier',
      group: 'iron',
    });
    expect(report.rows.filter((row) => row.breakdown === 'band').map((row) => row.customers)).toEqual([
      1, 1, 0,
    ]);
    expect(report.coverage).toEqual({ buyers: 5, estimated: 2 });
  });

  it('win-back: customers whose last announced level is high, most valuable first', async () => {
    // By 2026-04-01: c1 high since s2, c3 high since s5; c2 and c4 (corrected) low. No CLV here,
    // so the customer id orders them.
    expect(await winBackReport(context, Q1, 10)).toEqual([
      {
        customerId: 'c1',
        highSince: '2026-02-15 12:00:00',
        drivers: ['open_complaint', 'recency'],
        clv: null,
        expectedPurchases90d: null,
      },
      {
        customerId: 'c3',
        highSince: '2026-03-05 12:00:00',
        drivers: ['recency'],
        clv: null,
        expectedPurchases90d: null,
      },
    ]);
    expect(await winBackReport(context, Q1, 1)).toHaveLength(1);
  });

  it("customer timeline: one customer's events and the changes they caused, oldest first, copies once", async () => {
    const story = await customerTimeline(context, 'c1');
    // c1: four purchases (one a return), tier t1 and t2, churn s1 and s2, a wallet estimate.
    expect(story.map((entry) => entry.kind)).toEqual([
      'purchase',
      'tier',
      'churn',
      'wallet',
      'purchase',
      'churn',
      'purchase',
      'tier',
      'purchase',
    ]);
    expect(story[1]).toEqual({
      at: '2026-01-05 12:00:00',
      kind: 'tier',
      what: 'tier none -> lead',
      why: 'test',
      netMinor: 0,
    });
    expect(story[3]?.what).toBe('wallet estimate 100000 (survey)');
    expect((await customerTimeline(context, 'c2')).find((entry) => entry.kind === 'wallet')?.what).toBe(
      'wallet estimate 50000 (panel, segment cell-1)',
    );
    expect(story.find((entry) => entry.what.startsWith('churn risk low -> high'))?.why).toBe(
      'open_complaint, recency',
    );
    expect(story.reduce((sum, entry) => sum + entry.netMinor, 0)).toBe(15_000);
    expect(await customerTimeline(context, "nobody'; DROP TABLE purchases; --")).toEqual([]);
  });

  it('loyalty ladder: customers by their last stage, and the moves within the range', async () => {
    // c2: first_time (g1), then repeat (g2, delivered twice); c3: first_time (g3).
    expect(await loyaltyLadderReport(context, Q1)).toEqual({
      stages: [
        { stage: 'suspect', customers: 0 },
        { stage: 'prospect', customers: 0 },
        { stage: 'disqualified', customers: 0 },
        { stage: 'first_time', customers: 1 },
        { stage: 'repeat', customers: 1 },
        { stage: 'client', customers: 0 },
        { stage: 'advocate', customers: 0 },
      ],
      flows: [
        { from: 'none', to: 'first_time', changes: 2 },
        { from: 'first_time', to: 'repeat', changes: 1 },
      ],
    });
  });

  it('dead-letters: by day of rejection, reason and source topic, copies once', async () => {
    const expected = [
      { day: '2026-03-01', reason: 'invalid_json', sourceTopic: 'loyalty.purchases.v1', messages: 1 },
      { day: '2026-03-01', reason: 'schema_violation', sourceTopic: 'loyalty.purchases.v1', messages: 1 },
      { day: '2026-03-02', reason: 'invalid_json', sourceTopic: 'loyalty.complaints.v1', messages: 1 },
    ];
    expect(await deadLettersReport(context, {})).toEqual(expected);
    expect(await deadLettersReport(context, dayRange('2026-03-02', undefined))).toEqual(expected.slice(2));
  });

  it('every registered report runs as a table whose rows have its columns', async () => {
    for (const [name, report] of Object.entries(REPORTS)) {
      const table = await report.run(context, Q1);
      expect(table.rows.length, name).toBeGreaterThan(0);
      for (const row of table.rows) expect(Object.keys(row), name).toEqual(table.columns);
    }
  });
});
