// A new owner of a shard resumes from how far the shard's input reached under its earlier
// owners, but a channel with unread messages still holds the watermark back. The timer sweep
// runs every few milliseconds here, so a sweep between the two (the clock resumed, the backlog
// not yet tracked) would move the watermark past the unread sales and make them late.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness, PARTITIONS, sale, waitForConsumed } from './harness.js';

const FIRST = Date.parse('2025-01-01T00:00:00Z');
const REACHED = Date.parse('2025-12-01T00:00:00Z');
const DAY = 86_400_000;
const CUSTOMERS = 60;
const SALES_EACH = 5;

describe('a shard taken over from an earlier owner', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('holds its watermark at the unread backlog, not at how far other channels reached', async () => {
    // The earlier owner watermarked every shard at FIRST after another input reached REACHED.
    for (let shard = 0; shard < PARTITIONS; shard++) await h.store.advanceWatermark(shard, FIRST, REACHED);
    const messages = Array.from({ length: SALES_EACH }, (_, n) =>
      Array.from({ length: CUSTOMERS }, (_, c) => {
        const at = FIRST + (n + 1) * 30 * DAY + c * 60_000;
        return { key: `cus_${c}`, value: JSON.stringify(sale(`cus_${c}`, n, at, 2_000)) };
      }),
    ).flat();
    await h.produce(h.topics.purchases, messages);

    const aggregator = h.aggregator({ latenessMs: 60_000, timerIntervalMs: 5 });
    await aggregator.start();
    await waitForConsumed(aggregator, messages.length);

    expect(aggregator.counts.applied).toBe(messages.length);
    expect(aggregator.counts.late[h.topics.purchases]).toBe(0);
  });
});
