import type { RedisEnv } from '@loyalty/config';
import { openRedis, type RedisConnection, redisServerName } from '@loyalty/redis-store';
import { LoyaltyError } from '@loyalty/runtime';

/**
 * Runs `work` with a connected client of the configured Redis (one server, or a Cluster with
 * REDIS_CLUSTER_NODES), disconnecting afterwards. A server out of reach is a retriable
 * LoyaltyError naming where it was looked for and the cause.
 */
export async function withRedis<T>(env: RedisEnv, work: (redis: RedisConnection) => Promise<T>): Promise<T> {
  // One attempt per command and no reconnection: a command line should fail fast and say why,
  // not wait for a server that is down.
  const redis = openRedis(env, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // connect() rejects with only "Connection is closed." (a Cluster: "None of startup nodes is
  // available"); the first socket error says why (a Cluster's first node error, e.g. WRONGPASS).
  let socketError: Error | undefined;
  const remember = (error: Error) => {
    socketError ??= error;
  };
  redis.on('error', remember);
  redis.on('node error', remember);
  try {
    try {
      await redis.connect();
    } catch (error) {
      const cause = socketError ?? error;
      const why = cause instanceof Error ? cause.message : String(cause);
      const where =
        env.REDIS_CLUSTER_NODES === undefined ? new URL(env.REDIS_URL).host : redisServerName(env);
      throw new LoyaltyError(`Redis at ${where} is not reachable: ${why}`, { retriable: true, cause });
    }
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}
