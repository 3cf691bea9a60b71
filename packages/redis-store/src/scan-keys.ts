import { Cluster } from 'ioredis';
import type { RedisConnection } from './create-redis.js';
import { runBatch } from './slot-pipeline.js';

/**
 * Every key matching `pattern`, in batches. SCAN walks one server's keys, so on a Cluster it
 * walks every master's (after waiting for the cluster to be connected, so that none is missed).
 */
export async function* scanKeys(
  redis: RedisConnection,
  pattern: string,
  count = 1_000,
): AsyncGenerator<string[]> {
  if (redis instanceof Cluster) await redis.ping();
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      cursor = next;
      if (keys.length > 0) yield keys;
    } while (cursor !== '0');
  }
}

/**
 * Deletes every key matching `pattern` (KeyLayout.everything() for a whole prefix) and returns
 * how many it deleted. One UNLINK per key: a Cluster refuses a command on keys of several slots.
 */
export async function deleteKeys(redis: RedisConnection, pattern: string): Promise<number> {
  let deleted = 0;
  for await (const keys of scanKeys(redis, pattern)) {
    const replies = await runBatch(
      redis,
      keys.map((key) => ({ key, queue: (pipeline) => pipeline.unlink(key) })),
    );
    deleted += replies.reduce<number>((sum, reply) => sum + Number(reply), 0);
  }
  return deleted;
}
