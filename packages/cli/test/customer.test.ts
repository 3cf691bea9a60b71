// `loyalty customer <id>` against the aggregator's state in the real Redis.
import type { CustomerValues } from '@loyalty/aggregator';
import { valueBucket } from '@loyalty/core';
import { CustomerStore } from '@loyalty/redis-store';
import { uniqueName } from '@loyalty/testkit';
import { connectRedis } from '@loyalty/testkit/servers';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T12:00:00.000Z');
const FEBRUARY = Date.parse('2026-02-01T00:00:00.000Z');

describe('loyalty customer', () => {
  let redis: Redis;
  const prefix = `${uniqueName('cli-customer')}:`;

  function loyalty(...argv: string[]): Promise<CliRun> {
    return runCli({ ...process.env, REDIS_KEY_PREFIX: prefix }, argv);
  }

  beforeAll(async () => {
    redis = await connectRedis();
    const store = new CustomerStore<CustomerValues>(redis, {
      prefix,
      maxHistoryEntries: 100,
      erasureSecret: 'test-erasure-secret-0001',
    });
    const sale = (n: number, at: number, amountMinor: number) => ({
      customerId: 'ann',
      shard: 0,
      entry: {
        kind: 'purchase' as const,
        eventId: `s${n}`,
        at,
        orderId: `o${n}`,
        type: 'sale' as const,
        amountMinor,
        categories: ['books', 'music'],
      },
    });
    const estimate = {
      customerId: 'ann',
      shard: 0,
      entry: { kind: 'wallet' as const, eventId: 'w1', at: T0 + 5 * DAY, walletMinor: 300_000 },
    };
    await store.applyEvents([sale(1, T0, 50_000), estimate, sale(2, T0 + 10 * DAY, 40_000)]);
    // The aggregator's sketch, as it would have placed Ann and one other customer.
    await store.placeInPyramid(0, [
      { customerId: 'ann', bucket: valueBucket(90_000) },
      { customerId: 'bob', bucket: valueBucket(10_000) },
    ]);
    // And the level it announced her at the February epoch.
    await store.epochs.announce(0, FEBRUARY, [{ customerId: 'ann', level: 'gold', since: FEBRUARY }], []);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('prints the profile as of a moment, as JSON', async () => {
    const { code, out } = await loyalty(
      'customer',
      'ann',
      '--at',
      new Date(T0 + 20 * DAY).toISOString(),
      '--json',
    );
    expect(code).toBe(0);
    const profile = JSON.parse(out);
    expect(profile).toMatchObject({
      customerId: 'ann',
      tier: { tier: 'gold', qualifyingSpendMinor: 90_000 },
      stage: 'repeat',
      churn: { level: 'low' },
      shareOfWallet: { band: 'medium', share: 0.3, spendMinor: 90_000, walletMinor: 300_000 },
      pyramid: { level: 'platinum', cutoffs: { customers: 2 } },
      announcedPyramid: { level: 'gold', since: '2026-02-01T00:00:00.000Z' },
      lastEmitted: null,
      summary: {
        saleOrders: 2,
        purchaseDays: 2,
        lifetimeNetRevenueMinor: 90_000,
        categories: ['books', 'music'],
      },
    });
  });

  it('prints text by default, and says when a customer is unknown', async () => {
    const text = await loyalty('customer', 'ann', '--at', new Date(T0 + 20 * DAY).toISOString());
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^tier\s+gold \(qualifying spend 900\.00\)$/m);
    expect(text.out).toMatch(
      /^wallet share medium \(0\.300: 365d-window spend 900\.00 of an estimated wallet of 3000\.00\)$/m,
    );
    expect(text.out).toMatch(
      /^pyramid\s+platinum \(live cut-offs over 2 customers: platinum from 89\d\.\d\d, /m,
    );
    expect(text.out).toMatch(/^announced\s+pyramid level gold since the epoch 2026-02-01$/m);
    const before = await loyalty('customer', 'ann', '--at', new Date(T0 + DAY).toISOString());
    expect(before.out).toMatch(/^wallet share - \(no wallet estimate\)$/m);
    // Words, not the summary's JSON.
    expect(text.out).toMatch(/^complaints\s+none$/m);
    const unknown = await loyalty('customer', 'nobody');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('"nobody" is not known');
    expect((await loyalty('customer', 'ann', '--at', 'yesterday')).code).toBe(2);
  });

  it('prints the live pyramid: the merged sketch, its cut-offs and the customers per level', async () => {
    const { code, out } = await loyalty('pyramid', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({
      customers: 2,
      buckets: 2,
      levels: { platinum: 1, gold: 0, iron: 0, lead: 1 },
      cutoffs: { buckets: { platinum: valueBucket(90_000) } },
    });
    const text = await loyalty('pyramid');
    expect(text.out).toMatch(/^customers 2 in 2 buckets of qualifying spend$/m);
    expect(text.out).toMatch(/^lead\s+1\s+the rest$/m);
  });
});
