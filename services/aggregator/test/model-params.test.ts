// The aggregator's view of the CLV model against the real Redis: it follows the model key
// without a restart, and a bad read never takes the model in use away.
import type { ClvModelRecord } from '@loyalty/core';
import { ClvModelStore, KeyLayout } from '@loyalty/redis-store';
import { createLogger } from '@loyalty/runtime';
import { uniqueName, waitFor } from '@loyalty/testkit';
import { connectRedis } from '@loyalty/testkit/servers';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelParams } from '../src/model-params.js';

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
const REFIT: ClvModelRecord = {
  ...RECORD,
  fittedAt: '2024-06-01T03:00:00.000Z',
  bgnbd: { ...RECORD.bgnbd, r: 0.3 },
};

const log = createLogger('model-params-test', 'silent');

describe('ModelParams against the real Redis', () => {
  let redis: Redis;
  const prefix = `${uniqueName('test-model-params', ':')}:`;
  const started: ModelParams[] = [];

  beforeAll(async () => {
    redis = await connectRedis();
  });
  afterAll(async () => {
    for (const params of started) params.stop();
    await redis?.del(new KeyLayout(prefix).model());
    redis?.disconnect();
  });

  /** A ModelParams over the test's key, and how many reads it has made. */
  function modelParams(): { params: ModelParams; reads: () => number } {
    const store = new ClvModelStore(redis, prefix);
    let reads = 0;
    const counting = {
      load: () => {
        reads++;
        return store.load();
      },
    };
    const params = new ModelParams(counting, { refreshMs: 50, log });
    started.push(params);
    return { params, reads: () => reads };
  }

  it('has no model before a fit, then follows every new fit and a removal without a restart', async () => {
    const store = new ClvModelStore(redis, prefix);
    const { params } = modelParams();
    await params.start();
    expect(params.current()).toBeUndefined();

    await store.save(RECORD);
    await waitFor('the first fit', () => (params.current()?.fittedAt === RECORD.fittedAt ? true : undefined));
    expect(params.current()).toEqual(RECORD);
    await store.save(REFIT);
    await waitFor('the refit', () => (params.current()?.bgnbd.r === 0.3 ? true : undefined));

    await redis.del(new KeyLayout(prefix).model());
    await waitFor('the removal', () => (params.current() === undefined ? true : undefined));
  });

  it('reads a stored model at start, and keeps it when the key no longer holds a valid record', async () => {
    const store = new ClvModelStore(redis, prefix);
    await store.save(RECORD);
    const { params, reads } = modelParams();
    await params.start();
    expect(params.current()).toEqual(RECORD);

    await redis.set(new KeyLayout(prefix).model(), '{"bgnbd": {"r": -1}}');
    const readsBefore = reads();
    await waitFor('three reads of the bad value', () => (reads() >= readsBefore + 3 ? true : undefined));
    expect(params.current()).toEqual(RECORD);
    await store.save(REFIT);
    await waitFor('the refit after the bad value', () =>
      params.current()?.bgnbd.r === 0.3 ? true : undefined,
    );
  });

  it('starts without a model when the read fails, and stops reading on stop()', async () => {
    let reads = 0;
    const params = new ModelParams(
      {
        load: async () => {
          reads++;
          throw new Error('Redis away');
        },
      },
      { refreshMs: 10, log },
    );
    await params.start();
    expect(params.current()).toBeUndefined();
    await waitFor('a few retries', () => (reads >= 3 ? true : undefined));
    params.stop();
    const after = reads;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reads).toBe(after);
  });
});
