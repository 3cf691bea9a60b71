// The value pyramid against a history worked out by hand (comments), on the local ClickHouse
// (18.16) and a current one (chDB), which must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayRange,
  insertRows,
  pyramidMismatchReport,
  type ReportContext,
  TABLES,
  type TierChangeRow,
  valuePyramidAndMismatches,
  valuePyramidReport,
  yearSpendValues,
} from '../src/index.js';
import { type BothEngines, bothEngines } from './both-engines.js';
import { churnRow, purchaseRow } from './history-rows.js';

function tier(customer: string, day: string, next: string): TierChangeRow {
  return {
    event_id: `t-${customer}-${day}`,
    customer_id: customer,
    occurred_at: `${day} 12:00:00`,
    correction: 0,
    previous_tier: null,
    new_tier: next,
    direction: 'initial',
    reason: 'qualifying_spend',
    qualifying_spend_minor: 0,
    currency: 'EUR',
  };
}

// As of the end of 2026-06-30, net spend in the 365 days before: a 500 (its 900 of 2025-01 is
// older), b 400, c 450 - 50 = 400, d 100, e 20 - 70 = -50. f only returned, so is not ranked.
const PURCHASES = [
  purchaseRow('a', '2025-01-10 12:00:00', 900),
  purchaseRow('a', '2026-03-01 12:00:00', 500),
  purchaseRow('b', '2026-02-01 12:00:00', 400),
  purchaseRow('c', '2026-01-15 12:00:00', 450),
  purchaseRow('c', '2026-04-01 12:00:00', -50),
  purchaseRow('d', '2026-05-05 12:00:00', 100),
  purchaseRow('e', '2026-05-01 12:00:00', 20),
  purchaseRow('e', '2026-05-20 12:00:00', -70),
  purchaseRow('f', '2026-05-20 12:00:00', -10),
];
const TIERS = [
  tier('a', '2026-03-01', 'gold'),
  tier('b', '2026-02-01', 'platinum'),
  tier('d', '2026-05-05', 'lead'),
];
// A fitted model's CLVs arrive in July: b 80.5, d 120, e none yet (null); a and c never.
const SIGNALS = [
  churnRow('b', '2026-07-02 12:00:00', 'low', 80.5),
  churnRow('d', '2026-07-02 12:00:00', 'low', 120),
  churnRow('e', '2026-07-03 12:00:00', 'low', null),
];

async function insertHistory(context: ReportContext): Promise<void> {
  await insertRows(context.client, TABLES.purchases, PURCHASES);
  await insertRows(context.client, TABLES.tierChanges, TIERS);
  await insertRows(context.client, TABLES.churnSignals, SIGNALS);
}

const FIFTHS = { platinumShare: 0.2, goldShare: 0.2, ironShare: 0.2 };

describe('the value pyramid report', () => {
  let contexts: BothEngines;
  beforeAll(async () => {
    contexts = await bothEngines('value_pyramid', insertHistory);
  }, 120_000);
  afterAll(async () => {
    await contexts?.close();
  });

  it('ranks by 365-day net spend before any CLV, cut-offs shared by equal values', async () => {
    const pyramid = await valuePyramidReport(contexts.old, dayRange('2026-01-01', '2026-06-30'), FIFTHS);
    // Sorted: a 500, b 400, c 400, d 100, e -50. Cut-offs at positions 1, 2, 3: 500, 400, 400,
    // so b and c are gold and iron is empty.
    expect(pyramid.measure).toBe('net_spend_365d');
    expect(pyramid.levels.map((l) => [l.level, l.customers, l.cutoff, l.value])).toEqual([
      ['platinum', 1, 500, 500],
      ['gold', 2, 400, 800],
      ['iron', 0, null, 0],
      ['lead', 2, -50, 50],
    ]);
    // Against the service tiers: a (gold) is the top customer; c has no tier change.
    expect(pyramid.levels[0]?.byTier).toMatchObject({ gold: 1, platinum: 0 });
    expect(pyramid.levels[1]?.byTier).toMatchObject({ platinum: 1, none: 1 });
    expect(pyramid.levels[3]?.byTier).toMatchObject({ lead: 1, none: 1 });
  });

  it('ranks by CLV once a model has given one, customers without one at 0', async () => {
    const pyramid = await valuePyramidReport(contexts.old, dayRange('2026-01-01', '2026-07-31'), FIFTHS);
    // d 120, b 80.5, then a, c, e at 0: cut-offs 120, 80.5, 0.
    expect(pyramid.measure).toBe('clv');
    expect(pyramid.levels.map((l) => [l.level, l.customers, l.cutoff])).toEqual([
      ['platinum', 1, 120],
      ['gold', 1, 80.5],
      ['iron', 3, 0],
      ['lead', 0, null],
    ]);
  });

  it('lists the customers the two classifications place differently, widest gaps first', async () => {
    const listed = async (context: ReportContext, to: string) =>
      (await pyramidMismatchReport(context, dayRange('2026-01-01', to), FIFTHS)).customers.map((c) => [
        c.customerId,
        c.level,
        c.tier,
        c.gap,
      ]);
    for (const context of [contexts.old, contexts.current]) {
      // By spend: a is platinum by rank but gold by thresholds (+1), b the reverse (-1); d is
      // lead both ways; c and e have no tier change.
      expect(await listed(context, '2026-06-30')).toEqual([
        ['a', 'platinum', 'gold', 1],
        ['b', 'gold', 'platinum', -1],
      ]);
      // By CLV: d is now platinum but a lead customer (+3); b gold (-1); a at 0 is iron (-1),
      // after b for its lower value.
      expect(await listed(context, '2026-07-31')).toEqual([
        ['d', 'platinum', 'lead', 3],
        ['b', 'gold', 'platinum', -1],
        ['a', 'iron', 'gold', -1],
      ]);
    }
  });

  it('gives both reports from one ranking, equal to each alone', async () => {
    for (const range of [dayRange('2026-01-01', '2026-06-30'), dayRange('2026-01-01', '2026-07-31')]) {
      const both = await valuePyramidAndMismatches(contexts.old, range, FIFTHS);
      expect(both.pyramid).toEqual(await valuePyramidReport(contexts.old, range, FIFTHS));
      expect(both.mismatches).toEqual((await pyramidMismatchReport(contexts.old, range, FIFTHS)).customers);
    }
  });

  it('gives the values it ranks by spend, those the live sketch is measured against', async () => {
    const end = dayRange('2026-01-01', '2026-06-30').toMs as number;
    for (const context of [contexts.old, contexts.current]) {
      expect((await yearSpendValues(context, end)).sort((p, q) => q - p)).toEqual([500, 400, 400, 100, -50]);
    }
  });

  it('gives the same results on a current ClickHouse', async () => {
    for (const range of [dayRange('2026-01-01', '2026-06-30'), dayRange('2026-01-01', '2026-07-31')]) {
      expect(await valuePyramidReport(contexts.current, range, FIFTHS)).toEqual(
        await valuePyramidReport(contexts.old, range, FIFTHS),
      );
    }
  });
});
