// A small fixed history whose reports are worked out by hand in reports.test.ts: six
// customers, sales and returns with lines, tier changes, churn assessments, a win-back
// experiment, wallet estimates and dead letters, with some events inserted twice (as Kafka may deliver them) in a second insert,
// and corrections after late input stored after the events they override.
import type { ClickHouseClient } from '@clickhouse/client';
import {
  type CampaignResponseRow,
  type ChurnSignalRow,
  type DeadLetterRow,
  insertRows,
  type PurchaseLineRow,
  type PurchaseRow,
  type StageChangeRow,
  TABLES,
  type TableRows,
  type TierChangeRow,
  type WalletEstimateRow,
} from '../src/index.js';

type Line = readonly [category: string, quantity: number, unitPriceMinor: number];

function purchase(
  eventId: string,
  customerId: string,
  day: string,
  orderId: string,
  lines: readonly Line[],
  returnOf?: string,
): { purchase: PurchaseRow; lines: PurchaseLineRow[] } {
  const occurredAt = `${day} 12:00:00`;
  const kind = returnOf === undefined ? 'sale' : 'return';
  const total = lines.reduce((sum, [, quantity, price]) => sum + quantity * price, 0);
  return {
    purchase: {
      event_id: eventId,
      customer_id: customerId,
      occurred_at: occurredAt,
      source: 'pos-test',
      order_id: orderId,
      kind,
      return_of_order_id: returnOf ?? null,
      channel: 'pos',
      store_id: null,
      currency: 'EUR',
      total_minor: total,
      discount_minor: 0,
      net_minor: kind === 'sale' ? total : -total,
      line_count: lines.length,
    },
    lines: lines.map(([category, quantity, price], i) => ({
      event_id: eventId,
      customer_id: customerId,
      occurred_at: occurredAt,
      order_id: orderId,
      kind,
      line_no: i,
      sku: `${category}-sku`,
      category,
      quantity,
      unit_price_minor: price,
    })),
  };
}

const PURCHASES = [
  purchase('p1', 'c1', '2026-01-05', 'o1', [
    ['food', 2, 3000],
    ['drinks', 1, 4000],
  ]),
  purchase('p2', 'c1', '2026-02-10', 'o2', [['food', 1, 5000]]),
  purchase('p3', 'c1', '2026-03-20', 'o3', [['electronics', 1, 20000]]),
  purchase('r1', 'c1', '2026-03-25', 'o3-r', [['electronics', 1, 20000]], 'o3'),
  purchase('p4', 'c2', '2026-01-15', 'o4', [
    ['food', 1, 2000],
    ['drinks', 2, 3000],
  ]),
  purchase('p5', 'c2', '2026-03-01', 'o5', [
    ['drinks', 1, 2000],
    ['snacks', 2, 5000],
  ]),
  purchase('p6', 'c3', '2026-02-03', 'o6', [
    ['electronics', 1, 25000],
    ['drinks', 1, 5000],
  ]),
  purchase('p12', 'c3', '2026-04-10', 'o12', [['food', 1, 1000]]),
  purchase('p7', 'c4', '2026-03-28', 'o7', [['snacks', 1, 1500]]),
  purchase('p8', 'c5', '2026-01-20', 'o8', [['food', 2, 2000]]),
  purchase('p9', 'c5', '2026-01-25', 'o9', [
    ['food', 1, 1000],
    ['snacks', 1, 5000],
  ]),
  purchase('p10', 'c5', '2026-02-14', 'o10', [['snacks', 1, 2000]]),
  purchase('p11', 'c5', '2026-03-05', 'o11', [['food', 1, 3000]]),
  // A return of an order bought before the data set begins.
  purchase('r2', 'c6', '2026-02-20', 'o99-r', [['food', 1, 2500]], 'o99'),
];

function tierChange(
  eventId: string,
  customerId: string,
  day: string,
  previous: string | null,
  next: string,
  direction: string,
  correction: 0 | 1 = 0,
): TierChangeRow {
  return {
    event_id: eventId,
    customer_id: customerId,
    occurred_at: `${day} 12:00:00`,
    correction,
    previous_tier: previous,
    new_tier: next,
    direction,
    reason: 'test',
    qualifying_spend_minor: 0,
    currency: 'EUR',
  };
}

function stageChange(
  eventId: string,
  customerId: string,
  day: string,
  previous: string | null,
  next: string,
): StageChangeRow {
  return {
    event_id: eventId,
    customer_id: customerId,
    occurred_at: `${day} 12:00:00`,
    correction: 0,
    previous_stage: previous,
    new_stage: next,
    reason: 'test',
  };
}

// c2 climbs from first-time buyer to repeat; c3 bought once.
const STAGE_CHANGES = [
  stageChange('g1', 'c2', '2026-01-15', null, 'first_time'),
  stageChange('g2', 'c2', '2026-03-01', 'first_time', 'repeat'),
  stageChange('g3', 'c3', '2026-02-03', null, 'first_time'),
];

const TIER_CHANGES = [
  tierChange('t1', 'c1', '2026-01-05', null, 'lead', 'initial'),
  tierChange('t2', 'c1', '2026-03-20', 'lead', 'iron', 'upgrade'),
  tierChange('t3', 'c2', '2026-01-15', null, 'lead', 'initial'),
  tierChange('t4', 'c3', '2026-02-03', null, 'gold', 'initial'),
  tierChange('t5', 'c3', '2026-03-10', 'gold', 'iron', 'downgrade'),
  tierChange('t6', 'c5', '2026-01-20', null, 'lead', 'initial'),
  tierChange('t7', 'c5', '2026-03-05', 'lead', 'iron', 'upgrade'),
  // Late input: c2 has held iron since 2026-03-01, though told nothing since lead.
  tierChange('t8', 'c2', '2026-03-01', 'lead', 'iron', 'upgrade', 1),
];

function churnSignal(
  eventId: string,
  customerId: string,
  day: string,
  previous: string | null,
  next: string,
  drivers: string[],
  correction: 0 | 1 = 0,
): ChurnSignalRow {
  return {
    event_id: eventId,
    customer_id: customerId,
    occurred_at: `${day} 12:00:00`,
    correction,
    previous_level: previous,
    new_level: next,
    score: 0.5,
    p_alive: 0.5,
    drivers,
    expected_purchases_90d: null,
    clv: null,
  };
}

const CHURN_SIGNALS = [
  churnSignal('s1', 'c1', '2026-01-10', null, 'low', []),
  churnSignal('s2', 'c1', '2026-02-15', 'low', 'high', ['open_complaint', 'recency']),
  churnSignal('s3', 'c2', '2026-01-20', null, 'medium', ['recency']),
  churnSignal('s4', 'c2', '2026-01-25', 'medium', 'low', []),
  churnSignal('s5', 'c3', '2026-03-05', null, 'high', ['recency']),
];

// c4 was told medium on 2026-03-20; late input then showed low since 2026-02-10, and a
// correction was announced a day later. Its occurred_at is the earlier one: only the order of
// storing (ingested_at) tells that it overrides the medium.
const CORRECTED_CHURN: readonly (readonly [ChurnSignalRow, string])[] = [
  [churnSignal('s6', 'c4', '2026-03-20', null, 'medium', ['recency']), '2026-03-20 12:00:05'],
  [churnSignal('s7', 'c4', '2026-02-10', 'medium', 'low', [], 1), '2026-03-21 08:00:00'],
];

function deadLetter(
  topic: string,
  partition: number,
  offset: string,
  reason: string,
  rejectedAt: string,
): DeadLetterRow {
  return {
    source_topic: topic,
    source_partition: partition,
    source_offset: offset,
    source_timestamp: '2026-03-01 09:00:00',
    reason,
    message: `${reason} at ${offset}`,
    message_key: 'c1',
    raw_payload: '{not json',
    payload_encoding: 'utf8',
    rejected_at: rejectedAt,
  };
}

const DEAD_LETTERS = [
  deadLetter('loyalty.purchases.v1', 0, '5', 'invalid_json', '2026-03-01 10:00:00'),
  deadLetter('loyalty.purchases.v1', 1, '7', 'schema_violation', '2026-03-01 11:00:00'),
  deadLetter('loyalty.complaints.v1', 0, '2', 'invalid_json', '2026-03-02 09:00:00'),
];

// A win-back experiment on 2026-01-05: c3 treated, c5 in the control group. Both buy within
// 90 days (c3 on 2026-02-03, c5 on 2026-01-20), and the windows end by the last purchase.
const CAMPAIGN_RESPONSES: CampaignResponseRow[] = [
  ['c3', 0],
  ['c5', 1],
].map(([customer, control]) => ({
  event_id: `wb1-${customer}`,
  customer_id: String(customer),
  occurred_at: '2026-01-05 09:00:00',
  source: 'esp',
  campaign_id: 'wb1',
  channel: 'email',
  response: 'delivered',
  offer_id: null,
  revenue_minor: null,
  referred_customer_id: null,
  control_group: Number(control),
}));

function walletEstimate(
  eventId: string,
  customerId: string,
  day: string,
  walletMinor: number,
  segmentId: string | null = null,
): WalletEstimateRow {
  return {
    event_id: eventId,
    customer_id: customerId,
    occurred_at: `${day} 12:00:00`,
    source: segmentId === null ? 'survey-tool' : 'consumer-panel',
    currency: 'EUR',
    wallet_minor: walletMinor,
    method: segmentId === null ? 'survey' : 'panel',
    segment_id: segmentId,
  };
}

// c1 answered a survey, c2 has its panel cell's estimate; c3's comes after Q1.
const WALLET_ESTIMATES = [
  walletEstimate('w1', 'c1', '2026-02-01', 100_000),
  walletEstimate('w2', 'c2', '2026-03-02', 50_000, 'cell-1'),
  walletEstimate('w3', 'c3', '2026-04-15', 60_000),
];

const FIRST: TableRows = {
  purchases: PURCHASES.map((p) => p.purchase),
  purchase_lines: PURCHASES.flatMap((p) => p.lines),
  tier_changes: TIER_CHANGES,
  stage_changes: STAGE_CHANGES,
  churn_signals: CHURN_SIGNALS,
  campaign_responses: CAMPAIGN_RESPONSES,
  wallet_estimates: WALLET_ESTIMATES,
  dead_letters: DEAD_LETTERS,
};

const byId = <T extends { event_id: string }>(rows: readonly T[], ...ids: string[]) =>
  rows.filter((row) => ids.includes(row.event_id));

// Redelivered copies; the dead letter was written a second time a little later.
const COPIES: TableRows = {
  purchases: byId(FIRST.purchases ?? [], 'p1', 'p6', 'r1'),
  purchase_lines: byId(FIRST.purchase_lines ?? [], 'p1', 'p6', 'r1'),
  tier_changes: byId(TIER_CHANGES, 't2'),
  stage_changes: byId(STAGE_CHANGES, 'g2'),
  churn_signals: byId(CHURN_SIGNALS, 's2'),
  campaign_responses: byId(CAMPAIGN_RESPONSES, 'wb1-c5'),
  wallet_estimates: byId(WALLET_ESTIMATES, 'w2'),
  dead_letters: [{ ...(DEAD_LETTERS[0] as DeadLetterRow), rejected_at: '2026-03-01 10:05:00' }],
};

/** How many distinct events of each table the fixture holds. */
export const FIXTURE_COUNTS = {
  purchases: PURCHASES.length,
  purchase_lines: PURCHASES.flatMap((p) => p.lines).length,
  tier_changes: TIER_CHANGES.length,
  stage_changes: STAGE_CHANGES.length,
  churn_signals: CHURN_SIGNALS.length + CORRECTED_CHURN.length,
  campaign_responses: CAMPAIGN_RESPONSES.length,
  wallet_estimates: WALLET_ESTIMATES.length,
  dead_letters: DEAD_LETTERS.length,
};

/**
 * Inserts the fixture, then the redelivered copies in a second insert per table; the
 * corrected churn assessments one by one with the ingestion times they name.
 */
export async function insertFixture(client: ClickHouseClient): Promise<void> {
  for (const [row, ingestedAt] of CORRECTED_CHURN) {
    await client.insert({
      table: TABLES.churnSignals,
      values: [{ ...row, ingested_at: ingestedAt }],
      format: 'JSONEachRow',
    });
  }
  for (const batch of [FIRST, COPIES]) {
    await insertRows(client, TABLES.purchases, batch.purchases ?? []);
    await insertRows(client, TABLES.purchaseLines, batch.purchase_lines ?? []);
    await insertRows(client, TABLES.tierChanges, batch.tier_changes ?? []);
    await insertRows(client, TABLES.stageChanges, batch.stage_changes ?? []);
    await insertRows(client, TABLES.churnSignals, batch.churn_signals ?? []);
    await insertRows(client, TABLES.campaignResponses, batch.campaign_responses ?? []);
    await insertRows(client, TABLES.walletEstimates, batch.wallet_estimates ?? []);
    await insertRows(client, TABLES.deadLetters, batch.dead_letters ?? []);
  }
}
