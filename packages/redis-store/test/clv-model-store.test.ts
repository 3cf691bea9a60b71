import type { ClvModelRecord } from '@loyalty/core';
import { LoyaltyError } from '@loyalty/runtime';
import { uniqueName } from '@loyalty/testkit';
import { connectRedis } from '@loyalty/testkit/servers';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClvModelStore, KeyLayout } from '../src/index.js';

const RECORD: ClvModelRecord = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  fittedAt: '2024-05-01T03:00:00.000Z',
  cutoff: '1997-09-30',
  sampleSize: 2357,
  logLikelihood: -9582.43,
  repeatSampleSize: 946,
  gammaGammaLogLikelihood: -4055.92,
};

describe('ClvModelStore against the real Redis', () => {
  let redis: Redis;
  const prefix = `${uniqueName('test-model', ':')}:`;
  const key = new KeyLayout(prefix).model();

  beforeAll(async () => {
    redis = await connectRedis();
  });

  afterAll(async () => {
    await redis?.del(key);
    redis?.disconnect();
  });

  it('reads nothing before a save, then the record saved last, under <prefix>model:clv', async () => {
    const store = new ClvModelStore(redis, prefix);
    expect(key).toBe(`${prefix}model:clv`);
    expect(await store.load()).toBeUndefined();
    await store.save(RECORD);
    const refit = { ...RECORD, fittedAt: '2024-06-01T03:00:00.000Z', bgnbd: { ...RECORD.bgnbd, r: 0.25 } };
    await store.save(refit);
    expect(await store.load()).toEqual(refit);
    expect(JSON.parse((await redis.get(key)) ?? 'null')).toEqual(refit);
  });

  it('refuses to save an invalid record, and to load anything but a valid one', async () => {
    const store = new ClvModelStore(redis, prefix);
    await store.save(RECORD);
    await expect(store.save({ ...RECORD, gammaGamma: { ...RECORD.gammaGamma, q: 0.9 } })).rejects.toThrow();
    expect(await store.load()).toEqual(RECORD);

    await redis.set(key, '{"bgnbd":');
    await expect(store.load()).rejects.toThrow(`${key} is not JSON`);
    await redis.set(key, JSON.stringify({ ...RECORD, sampleSize: -1 }));
    const error = await store.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).retriable).toBe(false);
    expect((error as Error).message).toContain('sampleSize');
  });
});
