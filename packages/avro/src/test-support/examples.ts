import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ParserConfigSchema, type ParserOptions, SCHEMA_VERSION } from '@loyalty/contracts';
import { AVRO_DIRECTORY, type AvroEventType } from '../avro-schemas.js';

/** A JSON event as a test builds it. */
export type JsonEvent = Record<string, unknown>;

/** A fresh copy of the published example event of a type (schemas/examples). */
export function example(type: AvroEventType): JsonEvent {
  const path = join(AVRO_DIRECTORY, '..', 'examples', `${type}.v${SCHEMA_VERSION}.example.json`);
  return JSON.parse(readFileSync(path, 'utf8')) as JsonEvent;
}

/** The example of a type with some fields replaced; a field set to undefined is removed. */
export function exampleWith(type: AvroEventType, changes: JsonEvent): JsonEvent {
  const event = example(type);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete event[key];
    else event[key] = value;
  }
  return event;
}

/** The default parser settings at a wall clock after every example's occurredAt. */
export const TEST_PARSER_OPTIONS: ParserOptions = {
  ...ParserConfigSchema.parse({}),
  nowMs: Date.parse('2026-06-01T00:00:00.000Z'),
};

/** The examples plus variants that exercise each optional, defaulted and nullable field. */
export const EVENT_CASES: ReadonlyArray<readonly [string, AvroEventType, JsonEvent]> = [
  ['the purchase example', 'purchase', example('purchase')],
  ['the complaint example', 'complaint', example('complaint')],
  ['the campaign-response example', 'campaign-response', example('campaign-response')],
  ['the wallet-estimate example', 'wallet-estimate', example('wallet-estimate')],
  ['the tier-changed example', 'tier-changed', example('tier-changed')],
  ['the stage-changed example', 'stage-changed', example('stage-changed')],
  ['the churn-risk example', 'churn-risk', example('churn-risk')],
  ['the pyramid-level-changed example', 'pyramid-level-changed', example('pyramid-level-changed')],
  ['the customer-erased example', 'customer-erased', example('customer-erased')],
  ['the customer-state example', 'customer-state', example('customer-state')],
  [
    'a return without storeId or discountMinor',
    'purchase',
    exampleWith('purchase', {
      eventId: 'pos-return-1',
      kind: 'return',
      returnOfOrderId: 'ORD-1',
      storeId: undefined,
      discountMinor: undefined,
      totalMinor: 3248,
    }),
  ],
  [
    'an opened complaint without orderId or satisfaction',
    'complaint',
    exampleWith('complaint', {
      eventId: 'crm-opened-1',
      status: 'opened',
      satisfaction: undefined,
      orderId: undefined,
    }),
  ],
  [
    'a referral',
    'campaign-response',
    exampleWith('campaign-response', {
      eventId: 'esp-referred-1',
      response: 'referred',
      revenueMinor: undefined,
      offerId: undefined,
      referredCustomerId: 'cus_x',
    }),
  ],
  [
    'a segment wallet estimate',
    'wallet-estimate',
    exampleWith('wallet-estimate', { eventId: 'panel-7', method: 'panel', segmentId: 'panel-cell-12' }),
  ],
  [
    'an initial tier',
    'tier-changed',
    exampleWith('tier-changed', { direction: 'initial', previousTier: null }),
  ],
  ['a first stage', 'stage-changed', exampleWith('stage-changed', { previousStage: null })],
  [
    'a tier correction',
    'tier-changed',
    exampleWith('tier-changed', {
      correction: true,
      previousTier: 'gold',
      newTier: 'platinum',
      reason: 'qualifying_spend',
    }),
  ],
  [
    'a stage change from before the correction flag',
    'stage-changed',
    exampleWith('stage-changed', { correction: undefined }),
  ],
  [
    'the state of a customer with a stage only',
    'customer-state',
    exampleWith('customer-state', {
      tier: null,
      tierSince: null,
      churnLevel: null,
      churnSince: null,
      occurredAt: '2026-03-01T09:02:00.000Z',
      changes: 1,
    }),
  ],
  [
    'a first churn assessment without estimates',
    'churn-risk',
    exampleWith('churn-risk', { previousLevel: null, clv: undefined, expectedPurchases90d: undefined }),
  ],
  [
    'a first pyramid level',
    'pyramid-level-changed',
    exampleWith('pyramid-level-changed', { previousLevel: null, newLevel: 'lead', valueMinor: -1200 }),
  ],
  [
    'the state of a customer without a pyramid level',
    'customer-state',
    exampleWith('customer-state', { pyramidLevel: null, pyramidLevelSince: null }),
  ],
];

/** Messages read back from Kafka as the consumer hands them over: values as Buffers. */
export function asConsumed(messages: ReadonlyArray<{ readonly value: Buffer | string | null }>): Array<{
  readonly value: Buffer | null;
}> {
  return messages.map(({ value }) => ({ value: typeof value === 'string' ? Buffer.from(value) : value }));
}
