// The value pyramid against a history worked out by hand (comments), on the local ClickHouse
// (18.16) and a current one (chDB), which must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChurnSignalRow,
  dayRange,
  insertRows,
  type PurchaseRow,
  type ReportContext,
  TABLES,
  type TierChangeRow,
  valuePyramidReport,
} from '../src/index.js';
import { type BothEngines, bothEngines } from './both-engines.js';

function purchase(customer: string, day: string, netMinor: number): PurchaseRow {
  const kind = netMinor >= 0 ? 'sale' : 'return';
  return {
    event_id: `p-${customer}-${day}`,
    customer_id: customer,
    occurred_at: `${day} 12:00:00`,
    source: 'pos',
    order_id: `o-${customer}-${day}`,
    kind,
    return_of_order_id: kind === 'return' ? 'o-x' : null,
    channel: 'pos',
    store_id: null,
    currency: 'EUR',
    total_minor: Math.abs(netMinor),
    discount_minor: 0,
    net_minor: netMinor,
    line_count: 1,
  };
}

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

function clv(customer: string, day: string, value: number | null): ChurnSignalRow {
  return {
    event_id: `c-${customer}-${day}`,
    customer_id: customer,
    occurred_at: `${day} 12:00:00`,
    correction: 0,
    previous_level: null,
    new_level: 'low',
    score: 0.1,
    p_alive: 0.9,
    drivers: [],
    expected_purchases_90d: null,
    clv: value,
  };
}

// As of the end of 2026-06-30, net spend in the 365 days before: a 500 (its 900 of 2025-01 is
// older), b 400, c 450 - 50 = 400, d 100, e 20 - 70 = -50. f only returned, so is not ranked.
const PURCHASES = [
  purchase('a', '2025-01-10', 900),
  purchase('a', '2026-03-01', 500),
  purchase('b', '2026-02-01', 400),
  purchase('c', '2026-01-15', 450),
  purchase('c', '2026-04-01', -50),
  purchase('d', '2026-05-05', 100),
  purchase('e', '2026-05-01', 20),
  purchase('e', '2026-05-20', -70),
  purchase('f', '2026-05-20', -10),
];
const TIERS = [
  tier('a', '2026-03-01', 'gold'),
  tier('b', '2026-02-01', 'platinum'),
  tier('d', '2026-05-05', 'lead'),
];
// A fitted model's CLVs arrive in July: b 80.5, d 120, e none yet (null); a and c never.
const SIGNALS = [clv('b', '2026-07-02', 80.5), clv('d', '2026-07-02', 120), clv('e', '2026-07-03', null)];

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

  it('gives the same results on a current ClickHouse', async () => {
    for (const range of [dayRange('2026-01-01', '2026-06-30'), dayRange('2026-01-01', '2026-07-31')]) {
      expect(await valuePyramidReport(contexts.current, range, FIFTHS)).toEqual(
        await valuePyramidReport(contexts.old, range, FIFTHS),
      );
    }
  });
});
