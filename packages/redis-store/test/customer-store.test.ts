import type { HistoryEntry } from '@loyalty/core';
import { uniqueName } from '@loyalty/testkit';
import { connectRedis } from '@loyalty/testkit/servers';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerStore, eventIdHash, readShardClocks } from '../src/index.js';

const DAY = 86_400_000;
const sale = (eventId: string, at: number, amountMinor: number): HistoryEntry => ({
  kind: 'purchase',
  eventId,
  at,
  orderId: `o-${eventId}`,
  type: 'sale',
  amountMinor,
  categories: ['books'],
});

describe('CustomerStore against the real Redis', () => {
  let redis: Redis;
  let store: CustomerStore<{ tier: string | null }>;
  const prefix = `${uniqueName('test-store', ':')}:`;

  beforeAll(async () => {
    redis = await connectRedis();
    store = new CustomerStore(redis, {
      prefix,
      maxHistoryEntries: 5,
      erasureSecret: 'test-erasure-secret-0001',
    });
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('applies each event once, in any order, and gives the history back as applied', async () => {
    const events = [
      sale('e1', 10 * DAY, 1000),
      sale('e2', 5 * DAY, 2500),
      { ...sale('e3', 7 * DAY, 500), type: 'return' as const },
    ];
    const alice = events.map((entry) => ({ customerId: 'alice', shard: 2, entry }));
    const first = await store.applyEvents(alice);
    expect(first).toEqual(['applied', 'applied', 'applied']);
    await store.markDue(alice);
    const again = await store.applyEvents(
      [...events].reverse().map((entry) => ({ customerId: 'alice', shard: 2, entry })),
    );
    expect(again).toEqual(['duplicate', 'duplicate', 'duplicate']);

    const state = (await store.loadCustomers(['alice'])).get('alice');
    expect(state?.history.map((e) => e.eventId).sort()).toEqual(['e1', 'e2', 'e3'].map(eventIdHash).sort());
    const byId = new Map(state?.history.map((e) => [e.eventId, e]));
    expect(events.map((e) => byId.get(eventIdHash(e.eventId)))).toEqual(
      events.map((e) => ({ ...e, eventId: eventIdHash(e.eventId) })),
    );
    expect(state?.evaluation).toBeUndefined();
  });

  it('makes a customer due at the earliest event time and bounds the history', async () => {
    const bob = Array.from({ length: 7 }, (_, i) => ({
      customerId: 'bob',
      shard: 2,
      entry: sale(`b${i}`, (20 - i) * DAY, 100),
    }));
    const outcomes = await store.applyEvents(bob);
    await store.markDue(bob);
    expect(outcomes).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
      'history_full',
      'history_full',
    ]);
    expect(await store.dueCustomers(2, 14 * DAY, 10)).toEqual(['alice', 'bob']);
    expect(await store.dueCustomers(2, 14 * DAY - 1, 10)).toEqual(['alice']);
  });

  it('saves evaluations only forward in time and moves timers', async () => {
    await store.saveEvaluations([
      {
        customerId: 'alice',
        shard: 2,
        evaluation: { asOf: 30 * DAY, values: { tier: 'iron' } },
        nextDueAt: 375 * DAY,
      },
    ]);
    await store.saveEvaluations([
      {
        customerId: 'alice',
        shard: 2,
        evaluation: { asOf: 20 * DAY, values: { tier: 'lead' } },
        nextDueAt: 375 * DAY,
      },
    ]);
    expect((await store.loadCustomers(['alice'])).get('alice')?.evaluation).toEqual({
      asOf: 30 * DAY,
      values: { tier: 'iron' },
    });
    expect(await store.dueCustomers(2, 100 * DAY, 10)).toEqual(['bob']);
    await store.saveEvaluations([
      {
        customerId: 'bob',
        shard: 2,
        evaluation: { asOf: 30 * DAY, values: { tier: null } },
        nextDueAt: undefined,
      },
    ]);
    expect(await store.dueCustomers(2, 1_000 * DAY, 10)).toEqual(['alice']);
  });

  it('keeps the evaluation beside the history without counting it against the bound', async () => {
    // bob holds the full five entries and now an evaluation: one more event is still refused,
    // and a redelivered one is still a duplicate.
    const more = [sale('b9', 40 * DAY, 100), sale('b0', 20 * DAY, 100)].map((entry) => ({
      customerId: 'bob',
      shard: 2,
      entry,
    }));
    expect(await store.applyEvents(more)).toEqual(['history_full', 'duplicate']);
    const bob = (await store.loadCustomers(['bob'])).get('bob');
    expect(bob?.history).toHaveLength(5);
    expect(bob?.evaluation).toEqual({ asOf: 30 * DAY, values: { tier: null } });
  });

  it('moves a watermark forward only', async () => {
    expect(await store.watermark(4)).toBeUndefined();
    expect(await store.advanceWatermark(4, 1_000)).toBe(1_000);
    expect(await store.advanceWatermark(4, 500)).toBe(1_000);
    expect(await store.watermark(4)).toBe(1_000);
  });

  it("keeps a shard's pyramid sketch of its customers' current buckets, whatever is repeated", async () => {
    const place = (customerId: string, bucket: number | null) =>
      store.placeInPyramid(6, [{ customerId, bucket }]);
    expect(await place('ann', 900)).toBe(1);
    expect(await place('ann', 900)).toBe(0);
    await place('ben', 900);
    await place('cat', 950);
    expect((await store.pyramidCounts(7))[6]).toEqual(
      new Map([
        [900, 2],
        [950, 1],
      ]),
    );
    // A customer whose value moves leaves their bucket; one out of the pyramid leaves it whole.
    expect(await place('ann', 950)).toBe(1);
    await place('ben', null);
    await place('ben', null);
    const counts = await store.pyramidCounts(7);
    expect(counts[6]).toEqual(new Map([[950, 2]]));
    expect(counts.slice(0, 6).every((shard) => shard.size === 0)).toBe(true);
  });

  it("reads every shard's clock, unset before its first batch", async () => {
    await store.advanceWatermark(5, 2_000, 2_600);
    expect(await readShardClocks(redis, prefix, 7)).toEqual([
      ...[0, 1, 2, 3].map((shard) => ({ shard, watermark: undefined, reached: undefined })),
      { shard: 4, watermark: 1_000, reached: undefined },
      { shard: 5, watermark: 2_000, reached: 2_600 },
      { shard: 6, watermark: undefined, reached: undefined },
    ]);
  });

  it('keeps an outbox with its evaluation until cleared, due at once meanwhile, apart from the hash', async () => {
    await store.applyEvents([{ customerId: 'olga', shard: 1, entry: sale('o1', DAY, 1_000) }]);
    const outbox = [
      { topic: 'tier-changes', key: 'olga', value: Buffer.from('x'.repeat(2_000)) },
      { topic: 'customer-state', key: 'olga', value: Buffer.from([0, 255, 7]) },
    ];
    const evaluation = { asOf: 2 * DAY, values: { tier: 'iron' } };
    await store.saveEvaluations([{ customerId: 'olga', shard: 1, evaluation, nextDueAt: 9 * DAY, outbox }]);
    expect((await store.loadCustomers(['olga'])).get('olga')).toMatchObject({ evaluation, outbox });
    expect(await store.dueCustomers(1, Number.MIN_SAFE_INTEGER, 10)).toEqual(['olga']);
    // A large outbox must not turn the customer's compact hash into a hashtable for good.
    expect(await redis.object('ENCODING', store.keys.customer('olga'))).toBe('listpack');

    // A correction at the same asOf is saved; one earlier is not.
    const corrected = { asOf: 2 * DAY, values: { tier: 'gold' } };
    await store.saveEvaluations([
      { customerId: 'olga', shard: 1, evaluation: corrected, nextDueAt: 9 * DAY, outbox },
    ]);
    await store.saveEvaluations([
      {
        customerId: 'olga',
        shard: 1,
        evaluation: { asOf: DAY, values: { tier: 'lead' } },
        nextDueAt: 9 * DAY,
      },
    ]);
    expect((await store.loadCustomers(['olga'])).get('olga')?.evaluation).toEqual(corrected);

    await store.clearOutboxes([{ customerId: 'olga', shard: 1, nextDueAt: 9 * DAY }]);
    expect((await store.loadCustomers(['olga'])).get('olga')?.outbox).toEqual([]);
    expect(await store.dueCustomers(1, 8 * DAY, 10)).toEqual([]);
    expect(await store.dueCustomers(1, 9 * DAY, 10)).toEqual(['olga']);
  });

  it('counts the entries of a hash written before it kept their number, once', async () => {
    const key = store.keys.customer('lena');
    await store.applyEvents(
      [1, 2, 3].map((n) => ({ customerId: 'lena', shard: 0, entry: sale(`l${n}`, n * DAY, 100) })),
    );
    await store.saveEvaluations([
      {
        customerId: 'lena',
        shard: 0,
        evaluation: { asOf: DAY, values: { tier: 'lead' } },
        nextDueAt: undefined,
      },
    ]);
    // As an older version left it: no `n`, beside asOf, values and money.
    await redis.hdel(key, 'n');
    const more = [4, 5, 6].map((n) => ({ customerId: 'lena', shard: 0, entry: sale(`l${n}`, n * DAY, 100) }));
    expect(await store.applyEvents(more)).toEqual(['applied', 'applied', 'history_full']);
    expect(await redis.hget(key, 'n')).toBe('5');
    expect((await store.loadCustomers(['lena'])).get('lena')?.history).toHaveLength(5);
  });
});
