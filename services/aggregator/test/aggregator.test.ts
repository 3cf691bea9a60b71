import { DEAD_LETTER_HEADERS } from '@loyalty/contracts';
import { readMessages } from '@loyalty/testkit/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, sale, waitForConsumed } from './harness.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-06T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('aggregator against the real stack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('applies good events once, emits their transitions, and dead-letters every bad message with its origin', async () => {
    const good = [
      { key: 'alice', value: json(sale('alice', 1, T0, 20_000)) },
      { key: 'alice', value: json(sale('alice', 2, T0 + 10 * DAY, 190_000)) },
      { key: 'bob', value: json(sale('bob', 1, T0 + DAY, 5_000)) },
    ];
    const bad = [
      { key: 'carol', value: Buffer.from('{"type":"purchase",'), reason: 'invalid_json' },
      {
        key: 'carol',
        value: json({ ...sale('carol', 1, T0, 100), currency: 'USD' }),
        reason: 'currency_mismatch',
      },
      {
        key: 'carol',
        value: json({ ...sale('carol', 2, T0, 100), totalMinor: 99 }),
        reason: 'lines_total_mismatch',
      },
      { key: 'dave', value: json(sale('carol', 3, T0, 100)), reason: 'key_mismatch' },
      {
        key: 'erin',
        value: json({ ...sale('erin', 1, T0, 100), type: 'complaint' }),
        reason: 'unknown_type',
      },
      { key: 'erin', value: Buffer.from([0xff, 0xfe, 0x00]), reason: 'invalid_json' },
    ];
    await h.produce(h.topics.purchases, [
      ...good,
      ...good.slice(0, 1),
      ...bad.map(({ key, value }) => ({ key, value })),
    ]);

    const aggregator = h.aggregator();
    await aggregator.start();
    await waitForConsumed(aggregator, good.length + 1 + bad.length);
    expect(aggregator.counts).toMatchObject({ applied: 3, duplicates: 1 });

    const letters = await readMessages(h.kafka, h.topics.deadLetters, bad.length);
    expect(letters).toHaveLength(bad.length);
    const byReason = letters.map((m) => String(m.headers?.[DEAD_LETTER_HEADERS.reason])).sort();
    expect(byReason).toEqual(bad.map((b) => b.reason).sort());
    for (const letter of letters) {
      expect(String(letter.headers?.[DEAD_LETTER_HEADERS.sourceTopic])).toBe(h.topics.purchases);
      const original = bad.find((b) => b.value.equals(letter.value as Buffer));
      expect(original, 'the original bytes are kept').toBeDefined();
      expect(letter.key?.toString()).toBe(original?.key);
    }

    // Replay mode: transitions up to the end of the stream minus lateness are out; the rest
    // follows when the watermark is advanced.
    await aggregator.advanceWatermarks(T0 + 11 * DAY, [0, 1, 2]);
    const tiers = await readMessages(h.kafka, h.topics.tierChanges, 3);
    const alice = tiers.map((m) => JSON.parse(String(m.value))).filter((e) => e.customerId === 'alice');
    expect(alice.map((e) => [e.previousTier, e.newTier, e.direction, e.occurredAt])).toEqual([
      [null, 'iron', 'initial', iso(T0)],
      ['iron', 'platinum', 'upgrade', iso(T0 + 10 * DAY)],
    ]);
    const state = (await h.store.loadCustomers(['alice'])).get('alice');
    expect(state?.evaluation?.values).toMatchObject({
      tier: 'platinum',
      stage: 'repeat',
      qualifyingSpendMinor: 210_000,
    });
  });
});
