import { uniqueName } from '@loyalty/testkit';
import { connectRedis } from '@loyalty/testkit/servers';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerStore, deleteKeys, KeyLayout, PyramidEpochStore } from '../src/index.js';

describe('PyramidEpochStore against the real Redis', () => {
  let redis: Redis;
  let epochs: PyramidEpochStore;
  const prefix = `${uniqueName('test-epochs', ':')}:`;

  beforeAll(async () => {
    redis = await connectRedis();
    epochs = new PyramidEpochStore(redis, new KeyLayout(prefix));
  });

  afterAll(async () => {
    await deleteKeys(redis, `${prefix}*`);
    redis.disconnect();
  });

  it("keeps each shard's counts per epoch, its progress never moving back", async () => {
    expect(await epochs.progress(0)).toEqual({
      counted: undefined,
      announced: undefined,
      recount: undefined,
      reconciled: 0,
    });
    await epochs.saveCounts(0, 2_000, new Map([[900, 2]]));
    await epochs.saveCounts(0, 1_000, new Map([[900, 1]]));
    await epochs.saveCounts(2, 2_000, new Map([[950, 3]]));
    expect(await epochs.progress(0)).toMatchObject({ counted: 2_000, announced: undefined });
    expect(await epochs.counts(3, 2_000)).toEqual([new Map([[900, 2]]), undefined, new Map([[950, 3]])]);
    expect(await epochs.counts(1, 1_000)).toEqual([new Map([[900, 1]])]);
  });

  it('announces an epoch with its outbox at once, and keeps the outbox until cleared', async () => {
    const outbox = [{ topic: 'pyramid', key: 'ann', value: Buffer.from([0, 255]) }];
    await epochs.announce(1, 1_000, [{ customerId: 'ann', level: 'gold', since: 1_000 }], outbox);
    expect(await epochs.progress(1)).toMatchObject({ counted: undefined, announced: 1_000 });
    expect(await epochs.levels(1, ['ann', 'ben'])).toEqual([{ level: 'gold', since: 1_000 }, undefined]);
    expect(await epochs.outbox(1)).toEqual(outbox);
    await epochs.clearOutbox(1);
    expect(await epochs.outbox(1)).toEqual([]);
    // An epoch without changes still moves the shard on.
    await epochs.announce(1, 2_000, [], []);
    expect(await epochs.progress(1)).toMatchObject({ announced: 2_000 });
    expect(await epochs.levels(1, ['ann'])).toEqual([{ level: 'gold', since: 1_000 }]);
  });

  it('keeps the earliest recount asked for, and counts the recounts every shard checks against', async () => {
    await epochs.markRecount(3, 3_000);
    await epochs.markRecount(3, 2_000);
    await epochs.markRecount(3, 4_000);
    expect(await epochs.progress(3)).toMatchObject({ recount: 2_000, reconciled: 0 });
    const before = await epochs.recounts();
    await epochs.recounted(3, 2_000);
    expect(await epochs.progress(3)).toMatchObject({ recount: undefined });
    expect(await epochs.recounts()).toBe(before + 1);
    // A request for an earlier epoch made during a recount from a later one stays to be done.
    await epochs.markRecount(3, 1_000);
    await epochs.recounted(3, 2_000);
    expect(await epochs.progress(3)).toMatchObject({ recount: 1_000 });
    await epochs.reconciled(3, before + 2);
    expect(await epochs.progress(3)).toMatchObject({ reconciled: before + 2 });
    // The progress fields are no epochs of their own.
    expect(await epochs.firstCounted(3)).toBe(1_000);
  });

  it("forgets an erased customer's announced level", async () => {
    const store = new CustomerStore(redis, {
      prefix,
      maxHistoryEntries: 5,
      erasureSecret: 'test-erasure-secret-0001',
    });
    await epochs.announce(2, 1_000, [{ customerId: 'cy', level: 'iron', since: 1_000 }], []);
    expect(await store.traces('cy', 3)).toBe(1);
    await store.erase('cy', 5_000, 3);
    expect(await store.traces('cy', 3)).toBe(0);
    expect(await epochs.levels(2, ['cy'])).toEqual([undefined]);
  });
});
