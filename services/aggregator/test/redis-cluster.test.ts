// The equivalence run in Redis Cluster mode: two aggregator processes in one consumer group,
// their state on the local stack's three-node Redis Cluster (REDIS_CLUSTER_NODES), must leave
// the same customer state and the same set of emitted event ids as the independent reference.
// Each customer's keys share a hash tag, so every script stays in one slot while a batch spans
// all three nodes.
import { parseEnv, redisEnv } from '@loyalty/config';
import { createRedis, scanKeys } from '@loyalty/redis-store';
import { createLogger } from '@loyalty/runtime';
import { waitFor } from '@loyalty/testkit';
import { REDIS_CLUSTER_START_TIMEOUT_MS, sharedRedisClusterNodes } from '@loyalty/testkit/redis-cluster';
import type { Cluster, Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from './harness.js';
import {
  expectReference,
  generated,
  groupCaughtUp,
  LATENESS_MS,
  outcome,
  produceLog,
  spawnAggregator,
} from './scenario.js';

async function keysOn(node: Redis, pattern: string): Promise<number> {
  let count = 0;
  for await (const keys of scanKeys(node, pattern)) count += keys.length;
  return count;
}

describe('two aggregator instances on a Redis Cluster', () => {
  let nodes: string;
  beforeAll(async () => {
    nodes = await sharedRedisClusterNodes();
  }, REDIS_CLUSTER_START_TIMEOUT_MS);

  it('end with the reference state and events', { timeout: 120_000 }, async () => {
    const cluster = createRedis(
      parseEnv(redisEnv, { REDIS_CLUSTER_NODES: nodes }),
      createLogger('aggregator-cluster-test', 'silent'),
    );
    const h = await createHarness(cluster);
    const instances = [0, 1].map(() => spawnAggregator(h, { REDIS_CLUSTER_NODES: nodes }));
    try {
      await produceLog(h, generated);
      await Promise.all(instances.map((i) => i.started));
      await waitFor(
        'the instances to consume every input',
        async () => {
          for (const i of instances)
            if (i.child.exitCode !== null) throw new Error(`an instance exited with ${i.child.exitCode}`);
          return (await groupCaughtUp(h.kafka, h.groupId, h.topics)) ? true : undefined;
        },
        { timeoutMs: 90_000, intervalMs: 250 },
      );
      for (const i of instances) i.child.kill('SIGTERM');
      expect(await Promise.all(instances.map((i) => i.exited))).toEqual([0, 0]);
      // The state really lies on every node of the cluster.
      const masters = (cluster as Cluster).nodes('master');
      const perMaster = await Promise.all(masters.map((m) => keysOn(m, h.store.keys.everything())));
      expect(perMaster.filter((n) => n > 0)).toHaveLength(3);
      const finisher = h.aggregator({ latenessMs: LATENESS_MS });
      await finisher.connect();
      expectReference(await outcome(h, finisher));
    } finally {
      for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGKILL');
      await h.cleanup();
      cluster.disconnect();
    }
  });
});
