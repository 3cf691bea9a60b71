// Erasing a customer's Redis state, and the tombstone the aggregator checks, against the real Redis.
import { isErasedEvent } from '@loyalty/contracts';
import type { HistoryEntry } from '@loyalty/core';
import { uniqueName } from '@loyalty/testkit';
import { connectRedis } from '@loyalty/testkit/servers';
import { redisTraces } from '@loyalty/testkit/traces';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerStore } from '../src/index.js';

const DAY = 86_400_000;
const SHARDS = 4;
const sale = (eventId: string, at: number): HistoryEntry => ({
  kind: 'purchase',
  eventId,
  at,
  orderId: `o-${eventId}`,
  type: 'sale',
  amountMinor: 1_000,
  categories: ['books'],
});

describe('CustomerStore erasure against the real Redis', () => {
  let redis: Redis;
  let store: CustomerStore<{ tier: string | null }>;
  const prefix = `${uniqueName('test-erasure', ':')}:`;
  const erased = uniqueName('cus_erased');
  const kept = uniqueName('cus_kept');
  const erasedAt = 40 * DAY;

  beforeAll(async () => {
    redis = await connectRedis();
    store = new CustomerStore(redis, {
      prefix,
      maxHistoryEntries: 50,
      erasureSecret: 'test-secret-0123456789',
    });
    const events = [
      { customerId: erased, shard: 3, entry: sale('e1', 10 * DAY) },
      { customerId: erased, shard: 3, entry: sale('e2', 20 * DAY) },
      { customerId: kept, shard: 3, entry: sale('k1', 15 * DAY) },
    ];
    await store.applyEvents(events);
    await store.markDue(events);
    await store.saveEvaluations([
      {
        customerId: erased,
        shard: 3,
        evaluation: { asOf: 30 * DAY, values: { tier: 'iron' } },
        nextDueAt: 60 * DAY,
      },
    ]);
    await store.placeInPyramid(3, [
      { customerId: erased, bucket: 800 },
      { customerId: kept, bucket: 800 },
    ]);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('removes every key and timer of the customer, and leaves the id nowhere', async () => {
    expect(await store.traces(erased, SHARDS)).toBe(3);
    expect(await store.erase(erased, erasedAt, SHARDS)).toEqual({ keysDeleted: 1, timersRemoved: 1 });
    expect(await store.traces(erased, SHARDS)).toBe(0);
    // Out of the pyramid sketch too: the bucket counts only the customer kept.
    expect((await store.pyramidCounts(SHARDS))[3]).toEqual(new Map([[800, 1]]));
    expect(await redisTraces(redis, `${prefix}*`, erased)).toEqual([]);
    expect(await store.dueCustomers(3, 1_000 * DAY, 10)).toEqual([kept]);
    // Idempotent: erasing again finds nothing more to remove.
    expect(await store.erase(erased, erasedAt, SHARDS)).toEqual({ keysDeleted: 0, timersRemoved: 0 });
    // The other customer of the shard is untouched.
    expect((await store.loadCustomers([kept])).get(kept)?.history).toHaveLength(1);
  });

  it('answers the erasure time of a batch of customers in one call, keeping the latest', async () => {
    expect(await store.erasedBefore([erased, kept, erased])).toEqual(new Map([[erased, erasedAt]]));
    await store.erase(erased, erasedAt - DAY, SHARDS);
    expect((await store.erasedBefore([erased])).get(erased)).toBe(erasedAt);
    expect(await store.erasedBefore([])).toEqual(new Map());
  });

  it('drops a replayed old event and takes a later one as a new, empty profile', async () => {
    const replayed = sale('e1', 10 * DAY);
    const atErasure = sale('e3', erasedAt);
    const returning = sale('r1', erasedAt + 1);
    const times = await store.erasedBefore([erased]);
    const offered = [replayed, atErasure, returning].map((entry) => ({
      customerId: erased,
      shard: 3,
      entry,
    }));
    const accepted = offered.filter((e) => !isErasedEvent(e.entry.at, times.get(e.customerId)));
    expect(accepted.map((e) => e.entry.eventId)).toEqual(['r1']);
    expect(await store.applyEvents(accepted)).toEqual(['applied']);
    const state = (await store.loadCustomers([erased])).get(erased);
    expect(state?.history.map((e) => e.at)).toEqual([erasedAt + 1]);
    expect(state?.evaluation).toBeUndefined();
  });
});
