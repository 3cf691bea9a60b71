import type { RedisConnection } from './create-redis.js';
import { KeyLayout } from './keys.js';

/** How far one shard's event time has come, as the aggregator last recorded it. */
export interface ShardClock {
  readonly shard: number;
  /** The shard's watermark (epoch ms); undefined before its first batch. */
  readonly watermark: number | undefined;
  /** The greatest event time its input reached (epoch ms). */
  readonly reached: number | undefined;
}

const numberOrUndefined = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : Number(value);

/** The clocks of shards 0 to shards - 1 under `prefix`, read without changing anything. */
export async function readShardClocks(
  redis: RedisConnection,
  prefix: string,
  shards: number,
): Promise<ShardClock[]> {
  const keys = new KeyLayout(prefix);
  // One command per shard: each shard's keys sit in a slot of their own in a Cluster.
  return Promise.all(
    Array.from({ length: shards }, async (_, shard) => {
      const clock = await redis.hgetall(keys.shard(shard).watermark);
      return {
        shard,
        watermark: numberOrUndefined(clock.watermark),
        reached: numberOrUndefined(clock.reached),
      };
    }),
  );
}
