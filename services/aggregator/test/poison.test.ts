// Poison messages on the real stack: each one only hurts itself. Whatever a single message
// causes (text no store can hold, money sums beyond exact integers, a key Redis holds as
// another type, a script error on a damaged customer, a message too large to copy whole) sends
// that message to the dead-letter topic with its reason, and every other message of the same
// partitions is applied once; the consumer keeps running.

import { erasureEnv, parseEnv } from '@loyalty/config';
import { DEAD_LETTER_HEADERS, parseDeadLetterHeaders, TierChangedEventSchema } from '@loyalty/contracts';
import { type ApplyOutcome, CustomerStore } from '@loyalty/redis-store';
import { createLogger } from '@loyalty/runtime';
import { waitFor } from '@loyalty/testkit';
import { readAllMessages, readMessages } from '@loyalty/testkit/servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Aggregator } from '../src/aggregator.js';
import type { CustomerValues } from '../src/customer-values.js';
import { createHarness, type Harness, sale, waitForConsumed } from './harness.js';

const DAY = 86_400_000;
const T0 = Date.parse('2025-01-06T10:00:00.000Z');

const message = (key: string, value: unknown) => ({ key, value: Buffer.from(JSON.stringify(value)) });

describe('poison messages in the aggregator', () => {
  let h: Harness;
  let aggregator: Aggregator;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('dead-letters each with its reason and applies everything else once', { timeout: 180_000 }, async () => {
    // Damaged state a message runs into: another type at a customer's key, a money total that
    // is no integer (the apply script fails on it).
    await h.redis.set(h.store.keys.customer('wrongtype'), 'not a hash');
    await h.redis.hset(h.store.keys.customer('damaged'), 'money', 'lots');
    const good = ['ok1', 'ok2', 'ok3', 'ok4'].flatMap((id) => [
      message(id, sale(id, 1, T0, 10_000)),
      message(id, sale(id, 2, T0 + DAY, 20_000)),
    ]);
    const poison = [
      { ...message('surrogate', sale('surrogate', 1, T0, 100, 'till\ud800')), reason: 'invalid_text' },
      // The first sale at the schema's maximum fits; a second one at the same instant would make
      // the customer's spend 2^54-2, beyond exact integers.
      { ...message('rich', sale('rich', 2, T0, Number.MAX_SAFE_INTEGER)), reason: 'amount_overflow' },
      { ...message('wrongtype', sale('wrongtype', 1, T0, 100)), reason: 'store_refused' },
      { ...message('damaged', sale('damaged', 1, T0, 100)), reason: 'store_refused' },
      // Within the broker's limit as input; over it once a dead letter's headers are added.
      { key: 'huge', value: Buffer.alloc(1_048_400, 'x'), reason: 'too_large' },
    ];
    const richFirst = message('rich', sale('rich', 1, T0, Number.MAX_SAFE_INTEGER));
    const [huge, ...small] = [...poison].reverse().map(({ key, value }) => ({ key, value }));
    await h.produce(h.topics.purchases, [...good.slice(0, 4), richFirst, ...small.reverse()]);
    // Alone: with anything else the request would be over the broker's limit.
    await h.produce(h.topics.purchases, [huge as { key: string; value: Buffer }]);
    await h.produce(h.topics.purchases, good.slice(4));

    aggregator = h.aggregator();
    await aggregator.start();
    await waitForConsumed(aggregator, good.length + 1 + poison.length, 120_000);
    expect(aggregator.counts).toMatchObject({ applied: good.length + 1, duplicates: 0 });

    const letters = await readMessages(h.kafka, h.topics.deadLetters, poison.length);
    const got = letters.map((m) => [m.key?.toString(), String(m.headers?.[DEAD_LETTER_HEADERS.reason])]);
    expect(got.sort()).toEqual(poison.map((p) => [p.key, p.reason]).sort());
    for (const letter of letters) {
      const parsed = parseDeadLetterHeaders(letter.headers ?? {});
      expect(parsed.ok && parsed.deadLetter.source.topic).toBe(h.topics.purchases);
    }
    const trimmed = letters.find((m) => m.key?.toString() === 'huge');
    expect(trimmed?.value?.length).toBeLessThan(1_000_000);
    expect(String(trimmed?.headers?.[DEAD_LETTER_HEADERS.message])).toMatch(/^\[dead letter trimmed from/);
    const refused = letters.filter(
      (m) => String(m.headers?.[DEAD_LETTER_HEADERS.reason]) === 'store_refused',
    );
    expect(refused.map((m) => String(m.headers?.[DEAD_LETTER_HEADERS.message])).sort()).toEqual([
      expect.stringMatching(/^Redis refused the event at its customer's key: ERR .*not an integer/),
      expect.stringMatching(/^Redis refused the event at its customer's key: WRONGTYPE/),
    ]);

    // Every customer reaches its outputs, the one at the money limit too, and all are valid.
    await aggregator.advanceWatermarks(T0 + 30 * DAY, [0, 1, 2]);
    const tiers = (await readAllMessages(h.kafka, h.topics.tierChanges)).map((m) =>
      TierChangedEventSchema.parse(JSON.parse(String(m.value))),
    );
    expect(new Set(tiers.map((t) => t.customerId))).toEqual(new Set(['ok1', 'ok2', 'ok3', 'ok4', 'rich']));
    expect(tiers.find((t) => t.customerId === 'rich')?.qualifyingSpendMinor).toBe(Number.MAX_SAFE_INTEGER);
    expect(aggregator.consuming).toBe(true);
  });

  it('leaves a customer whose key was damaged since out of the evaluation, and evaluates the rest', async () => {
    await h.produce(h.topics.purchases, [
      message('later', sale('later', 1, T0 + 40 * DAY, 5_000)),
      message('spoiled', sale('spoiled', 1, T0 + 40 * DAY, 5_000)),
    ]);
    await waitForConsumed(aggregator, aggregator.counts.consumed + 2);
    // Between its event and its evaluation, someone overwrites the customer's key.
    await h.redis.del(h.store.keys.customer('spoiled'));
    await h.redis.set(h.store.keys.customer('spoiled'), 'not a hash');
    await aggregator.advanceWatermarks(T0 + 60 * DAY, [0, 1, 2]);
    expect(aggregator.evaluator.skipped).toEqual({ unreadable: 1 });
    const state = (await h.store.loadCustomers(['later'])).get('later');
    expect(state?.evaluation?.values).toMatchObject({ tier: 'lead' });
    expect(aggregator.consuming).toBe(true);
  });

  it('stops on a bug rather than stay up idle: the consumer crash is fatal and it is no longer ready', async () => {
    const fatal: unknown[] = [];
    // A bug in the store's code, as a programming error surfaces: retrying cannot fix it.
    class BuggyStore extends CustomerStore<CustomerValues> {
      override async applyEvents(): Promise<ApplyOutcome[]> {
        throw new TypeError('a bug in applyEvents');
      }
    }
    const store = new BuggyStore(h.redis, {
      prefix: h.prefix,
      maxHistoryEntries: 5_000,
      erasureSecret: parseEnv(erasureEnv, process.env).LOYALTY_ERASURE_SECRET,
    });
    const buggy = h.aggregator(
      { groupId: `${h.groupId}-buggy` },
      { store, log: createLogger('aggregator-test', 'silent'), onFatal: (error) => void fatal.push(error) },
    );
    await h.produce(h.topics.purchases, [message('bugged', sale('bugged', 1, T0, 100))]);
    await buggy.start();
    expect(buggy.consuming).toBe(true);
    await waitFor('the crash to be reported', () => (fatal.length > 0 ? true : undefined), {
      timeoutMs: 60_000,
    });
    expect(String(fatal[0])).toContain('a bug in applyEvents');
    expect(buggy.consuming).toBe(false);
  });
});
