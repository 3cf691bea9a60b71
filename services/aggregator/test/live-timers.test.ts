// Win-back needs timers: a customer who simply stops buying gets a churn-risk change when
// the moment passes, with no event arriving for them.
import { readMessages } from '@loyalty/testkit/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, waitForConsumed } from './harness.js';

const DAY = 86_400_000;

describe('aggregator timers in live mode', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('emits a churn-risk change for a silent customer when 180 days since the only purchase pass', async () => {
    const at = Date.now() - 180 * DAY + 4_000;
    const sale = {
      type: 'purchase',
      eventId: 'sam-1',
      customerId: 'sam',
      occurredAt: new Date(at).toISOString(),
      source: 'pos-test',
      schemaVersion: 1,
      orderId: 'sam-o1',
      channel: 'pos',
      kind: 'sale',
      currency: 'EUR',
      totalMinor: 5_000,
      discountMinor: 0,
      lines: [{ sku: 's', category: 'books', quantity: 1, unitPriceMinor: 5_000 }],
    };
    await h.produce(h.topics.purchases, [{ key: 'sam', value: Buffer.from(JSON.stringify(sale)) }]);
    // The sale is history when it arrives: its partition holds the watermark until it is idle.
    const aggregator = h.aggregator({
      mode: 'live',
      latenessMs: 500,
      timerIntervalMs: 200,
      idleTimeoutMs: 1_000,
    });
    await aggregator.start();
    await waitForConsumed(aggregator, 1);

    const churn = (await readMessages(h.kafka, h.topics.churnRisk, 2, { timeoutMs: 30_000 })).map((m) =>
      JSON.parse(String(m.value)),
    );
    expect(churn.map((e) => [e.previousLevel, e.newLevel, e.occurredAt])).toEqual([
      [null, 'low', new Date(at).toISOString()],
      ['low', 'medium', new Date(at + 180 * DAY).toISOString()],
    ]);
    expect(churn[1].drivers).toEqual(['single_purchase_180d']);
    expect(aggregator.counts.consumed).toBe(1);
  });
});
