// Valid events of every type, built from a number so that a test can make many, and the
// Kafka messages that carry them.
import {
  type CampaignResponseEvent,
  type ChurnRiskEvent,
  type ComplaintEvent,
  deadLetterHeaders,
  OUTPUT_SOURCE,
  type PurchaseEvent,
  type PyramidLevelChangedEvent,
  type StageChangedEvent,
  type TierChangedEvent,
  type WalletEstimateEvent,
  type WalletShareChangedEvent,
} from '@loyalty/contracts';
import type { Message } from 'kafkajs';

const BASE_MS = Date.parse('2026-03-01T10:00:00.000Z');

function envelope(id: string, i: number) {
  return {
    eventId: id,
    customerId: `cust-${i % 97}`,
    occurredAt: new Date(BASE_MS + i * 60_000).toISOString(),
    schemaVersion: 1 as const,
  };
}

/** A sale with three lines, or (every fifth) a return with one. */
export function purchase(i: number, prefix = 'p'): PurchaseEvent {
  const base = {
    ...envelope(`${prefix}${i}`, i),
    type: 'purchase' as const,
    source: 'pos-1',
    channel: 'pos' as const,
  };
  if (i % 5 === 4) {
    return {
      ...base,
      orderId: `${prefix}o${i}-r`,
      kind: 'return',
      returnOfOrderId: `${prefix}o${i - 1}`,
      currency: 'EUR',
      totalMinor: 1200,
      discountMinor: 0,
      lines: [{ sku: 'sku-1', category: 'food', quantity: 1, unitPriceMinor: 1200 }],
    };
  }
  return {
    ...base,
    orderId: `${prefix}o${i}`,
    kind: 'sale',
    storeId: 'store-1',
    currency: 'EUR',
    totalMinor: 1200 + 2 * 450 + 999 - 100,
    discountMinor: 100,
    lines: [
      { sku: 'sku-1', category: 'food', quantity: 1, unitPriceMinor: 1200 },
      { sku: 'sku-2', category: 'drinks', quantity: 2, unitPriceMinor: 450 },
      { sku: 'sku-3', category: 'snacks', quantity: 1, unitPriceMinor: 999 },
    ],
  };
}

/** The number of purchase_lines rows of purchase(i). */
export function linesOf(i: number): number {
  return purchase(i).lines.length;
}

export function complaint(i: number): ComplaintEvent {
  return {
    ...envelope(`k${i}`, i),
    type: 'complaint',
    source: 'crm',
    complaintId: `cmp-${i}`,
    status: 'resolved',
    dimension: 'reliability',
    severity: 'high',
    satisfaction: 4,
  };
}

export function campaignResponse(i: number): CampaignResponseEvent {
  return {
    ...envelope(`r${i}`, i),
    type: 'campaign-response',
    source: 'mailer',
    campaignId: 'spring',
    channel: 'email',
    response: 'converted',
    revenueMinor: 2500,
  };
}

/** A customer's own survey answer, or (odd i) a panel cell's estimate. */
export function walletEstimate(i: number): WalletEstimateEvent {
  return {
    ...envelope(`w${i}`, i),
    type: 'wallet-estimate',
    source: 'survey-tool',
    currency: 'EUR',
    walletMinor: 300_000 + i,
    ...(i % 2 === 0 ? { method: 'survey' } : { method: 'panel', segmentId: `cell-${i % 3}` }),
  };
}

export function tierChanged(i: number): TierChangedEvent {
  return {
    ...envelope(`t${i}`, i),
    type: 'tier-changed',
    source: OUTPUT_SOURCE,
    correction: false,
    previousTier: 'lead',
    newTier: 'iron',
    direction: 'upgrade',
    reason: 'qualifying_spend',
    qualifyingSpendMinor: 150000,
    currency: 'EUR',
  };
}

export function stageChanged(i: number): StageChangedEvent {
  return {
    ...envelope(`s${i}`, i),
    type: 'stage-changed',
    source: OUTPUT_SOURCE,
    correction: false,
    previousStage: 'first_time',
    newStage: 'repeat',
    reason: 'repeat_order',
  };
}

export function churnRisk(i: number): ChurnRiskEvent {
  return {
    ...envelope(`c${i}`, i),
    type: 'churn-risk',
    source: OUTPUT_SOURCE,
    correction: false,
    previousLevel: 'low',
    newLevel: 'high',
    score: 0.8,
    pAlive: 0.2,
    drivers: ['complaint_open', 'p_alive_below_0.3'],
    clv: 1234.5,
  };
}

export function walletShareChanged(i: number): WalletShareChangedEvent {
  return {
    ...envelope(`b${i}`, i),
    type: 'wallet-share-changed',
    source: OUTPUT_SOURCE,
    correction: false,
    previousBand: 'medium',
    newBand: 'low',
    share: 0.15,
    spendMinor: 45_000 + i,
    walletMinor: 300_000,
    currency: 'EUR',
  };
}

/** A rise to gold at the epoch of March 2026, where every level change of the pyramid happens. */
export function pyramidLevelChanged(i: number): PyramidLevelChangedEvent {
  return {
    ...envelope(`l${i}`, i),
    occurredAt: '2026-03-01T00:00:00.000Z',
    type: 'pyramid-level-changed',
    source: OUTPUT_SOURCE,
    correction: false,
    previousLevel: 'iron',
    newLevel: 'gold',
    valueMinor: 150_000 + i,
    cutoffs: { platinumMinor: 612_480, goldMinor: 147_930, ironMinor: 41_260 },
    customers: 2_000,
    currency: 'EUR',
  };
}

/** The Kafka message of an event: key customerId, value its JSON. */
export function messageOf(event: { customerId: string }): Message {
  return { key: event.customerId, value: JSON.stringify(event) };
}

/** A dead letter as the aggregator publishes it, for the input at `offset` of `topic`. */
export function deadLetterMessage(topic: string, offset: number, value: Buffer): Message {
  return {
    key: 'cust-1',
    value,
    headers: deadLetterHeaders(
      { reason: 'invalid_json', message: 'invalid JSON: Unexpected token' },
      { topic, partition: 0, offset: String(offset), timestampMs: BASE_MS },
      BASE_MS + 1_000,
    ),
  };
}
