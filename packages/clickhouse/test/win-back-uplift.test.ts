// The win-back uplift report against a history worked out by hand (comments), on the local
// ClickHouse (18.16) and on a current one (chDB), which must agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CampaignResponseRow, dayRange, insertRows, type ReportContext, TABLES } from '../src/index.js';
import { meanDifferenceInterval, proportionDifferenceInterval } from '../src/reports/intervals.js';
import { winBackUpliftReport } from '../src/reports/win-back-uplift.js';
import { type BothEngines, bothEngines } from './both-engines.js';
import { churnRow, purchaseRow } from './history-rows.js';

function response(
  customer: string,
  campaign: string,
  at: string,
  response: string,
  controlGroup: 0 | 1 | null,
): CampaignResponseRow {
  return {
    event_id: `${campaign}-${customer}-${response}`,
    customer_id: customer,
    occurred_at: at,
    source: 'esp',
    campaign_id: campaign,
    channel: 'email',
    response,
    offer_id: null,
    revenue_minor: null,
    referred_customer_id: null,
    control_group: controlGroup,
  };
}

// Campaign w1 assigns t1, t2, t3 (treated) and c1, c2 (control) on 2026-01-10; its 90-day
// window ends on 2026-04-10. w2 assigns t4 on 2026-04-20, whose window ends after the last
// purchase (2026-05-01): it does not count yet. spring has no control group.
const RESPONSES = [
  response('t1', 'w1', '2026-01-10 12:00:00', 'delivered', 0),
  response('t1', 'w1', '2026-01-11 08:00:00', 'opened', 0),
  response('t2', 'w1', '2026-01-10 12:00:00', 'delivered', 0),
  response('t2', 'spring', '2026-01-12 12:00:00', 'delivered', null),
  response('t3', 'w1', '2026-01-10 12:00:00', 'delivered', 0),
  response('c1', 'w1', '2026-01-10 12:00:00', 'delivered', 1),
  response('c2', 'w1', '2026-01-10 12:00:00', 'delivered', 1),
  response('t4', 'w2', '2026-04-20 12:00:00', 'delivered', 0),
];
const PURCHASES = [
  // t1 converts (5,000) and returns 1,000 within the window: revenue 4,000.
  purchaseRow('t1', '2026-01-20 10:00:00', 5_000),
  purchaseRow('t1', '2026-02-01 10:00:00', -1_000),
  // t2 buys after the window, t3 only before the assignment: neither converts.
  purchaseRow('t2', '2026-05-01 10:00:00', 9_000),
  purchaseRow('t3', '2026-01-10 11:00:00', 7_000),
  // c1 buys without the offer (2,000); c2 does not.
  purchaseRow('c1', '2026-03-01 10:00:00', 2_000),
];
const SIGNALS = [
  churnRow('t1', '2026-01-05 00:00:00', 'high', 250),
  // t2's change to medium comes after the assignment: high and 30 hold at it.
  churnRow('t2', '2026-01-01 00:00:00', 'high', 30),
  churnRow('t2', '2026-01-15 00:00:00', 'medium', 400),
  churnRow('c1', '2026-01-02 00:00:00', 'high', 120),
  churnRow('c2', '2026-01-03 00:00:00', 'high', null),
];

async function insertHistory(context: ReportContext): Promise<void> {
  await insertRows(context.client, TABLES.campaignResponses, RESPONSES);
  await insertRows(context.client, TABLES.purchases, PURCHASES);
  await insertRows(context.client, TABLES.churnSignals, SIGNALS);
}

const one = (treated: number, control: number) => ({ treated, control });

describe('the win-back uplift report', () => {
  let contexts: BothEngines;
  beforeAll(async () => {
    contexts = await bothEngines('uplift', insertHistory);
  }, 120_000);
  afterAll(async () => {
    await contexts?.close();
  });

  it('compares treated with control over every unit, then by churn level and CLV band at assignment', async () => {
    const rows = await winBackUpliftReport(contexts.old, {});
    // All: treated t1 (converted, 4,000), t2 (0), t3 (0); control c1 (converted, 2,000), c2 (0).
    expect(rows[0]).toEqual({
      churnLevel: 'all',
      clvBand: 'all',
      treated: 3,
      control: 2,
      treatedConversion: 1 / 3,
      controlConversion: 1 / 2,
      conversionUplift: 1 / 3 - 1 / 2,
      conversionUpliftInterval: proportionDifferenceInterval(1, 3, 1, 2),
      treatedRevenue: 4_000 / 3,
      controlRevenue: 1_000,
      revenueUplift: 4_000 / 3 - 1_000,
      revenueUpliftInterval: meanDifferenceInterval(
        { n: 3, sum: 4_000, sumOfSquares: 16_000_000 },
        { n: 2, sum: 2_000, sumOfSquares: 4_000_000 },
      ),
    });
    expect(rows.slice(1).map((row) => [row.churnLevel, row.clvBand, one(row.treated, row.control)])).toEqual([
      ['high', '200 or more', one(1, 0)],
      ['high', '50 to 200', one(0, 1)],
      ['high', 'no estimate', one(0, 1)],
      ['high', 'under 50', one(1, 0)],
      ['no estimate', 'no estimate', one(1, 0)],
    ]);
    // A group without a control has no uplift.
    expect(rows[1]).toMatchObject({
      treatedConversion: 1,
      conversionUplift: null,
      revenueUpliftInterval: null,
    });
  });

  it('takes the units assigned in the range, and none whose window is still open', async () => {
    expect(await winBackUpliftReport(contexts.old, dayRange('2026-04-01', '2026-06-30'))).toEqual([]);
    expect((await winBackUpliftReport(contexts.old, dayRange('2026-01-10', '2026-01-10')))[0]).toMatchObject(
      one(3, 2),
    );
  });

  it('gives the same results on a current ClickHouse', async () => {
    expect(await winBackUpliftReport(contexts.current, {})).toEqual(
      await winBackUpliftReport(contexts.old, {}),
    );
  });
});
