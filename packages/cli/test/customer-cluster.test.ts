// `loyalty customer <id>` with REDIS_CLUSTER_NODES: the CLI reads the profile from the local
// stack's Redis Cluster, and names the nodes when none answers.
import type { CustomerValues } from '@loyalty/aggregator';
import { parseEnv, redisEnv } from '@loyalty/config';
import { CustomerStore, createRedis, deleteKeys, type RedisConnection } from '@loyalty/redis-store';
import { createLogger } from '@loyalty/runtime';
import { uniqueName } from '@loyalty/testkit';
import { REDIS_CLUSTER_START_TIMEOUT_MS, sharedRedisClusterNodes } from '@loyalty/testkit/redis-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, runCli } from './run-cli.js';

const T0 = Date.parse('2026-01-05T12:00:00.000Z');

describe('loyalty customer on a Redis Cluster', () => {
  let nodes: string;
  let cluster: RedisConnection;
  const prefix = `${uniqueName('cli-cluster')}:`;

  function loyalty(env: Record<string, string>, ...argv: string[]): Promise<CliRun> {
    return runCli({ ...process.env, REDIS_KEY_PREFIX: prefix, ...env }, argv);
  }

  beforeAll(async () => {
    nodes = await sharedRedisClusterNodes();
    cluster = createRedis(
      parseEnv(redisEnv, { REDIS_CLUSTER_NODES: nodes }),
      createLogger('cli-test', 'silent'),
    );
    const store = new CustomerStore<CustomerValues>(cluster, {
      prefix,
      maxHistoryEntries: 100,
      erasureSecret: 'test-erasure-secret-0001',
    });
    await store.applyEvents([
      {
        customerId: 'ann',
        shard: 0,
        entry: {
          kind: 'purchase',
          eventId: 's1',
          at: T0,
          orderId: 'o1',
          type: 'sale',
          amountMinor: 90_000,
          categories: ['books'],
        },
      },
    ]);
  }, REDIS_CLUSTER_START_TIMEOUT_MS);

  afterAll(async () => {
    await deleteKeys(cluster, `${prefix}*`);
    cluster.disconnect();
  });

  it('reads the profile from the cluster', async () => {
    const { code, out } = await loyalty(
      { REDIS_CLUSTER_NODES: nodes },
      'customer',
      'ann',
      '--at',
      new Date(T0).toISOString(),
      '--json',
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ customerId: 'ann', tier: { tier: 'gold' } });
  });

  it('names the nodes when none answers', async () => {
    const { code, err } = await loyalty({ REDIS_CLUSTER_NODES: '127.0.0.1:1' }, 'customer', 'ann');
    expect(code).not.toBe(0);
    // ioredis keeps a cluster node's socket error to itself: the message names the nodes to check.
    expect(err).toMatch(/^loyalty customer: Redis at 127\.0\.0\.1:1 is not reachable: /);
  });
});
