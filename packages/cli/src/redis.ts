import type { RedisEnv } from '@loyalty/config';
import { redisOptions } from '@loyalty/redis-store';
import { LoyaltyError } from '@loyalty/runtime';
import { Redis } from 'ioredis';

/**
 * Runs `work` with a connected client of REDIS_URL, disconnecting afterwards. A server out of
 * reach is a retriable LoyaltyError naming its host and the cause.
 */
export async function withRedis<T>(env: RedisEnv, work: (redis: Redis) => Promise<T>): Promise<T> {
  // One attempt per command and no reconnection: a command line should fail fast and say why,
  // not wait for a server that is down.
  const redis = new Redis({
    ...redisOptions(env),
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // connect() rejects with only "Connection is closed."; the socket's error says why.
  let socketError: Error | undefined;
  redis.on('error', (error: Error) => {
    socketError = error;
  });
  try {
    try {
      await redis.connect();
    } catch (error) {
      const cause = socketError ?? error;
      const why = cause instanceof Error ? cause.message : String(cause);
      throw new LoyaltyError(`Redis at ${new URL(env.REDIS_URL).host} is not reachable: ${why}`, {
        retriable: true,
        cause,
      });
    }
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}
