import { maskUrlPasswords, type RedisEnv } from '@loyalty/config';
import type { Logger } from '@loyalty/runtime';
import { Redis, type RedisOptions } from 'ioredis';
import { redisOptions } from './redis-options.js';
import { redisSecurityFailure } from './security-failure.js';

/**
 * An ioredis client of the configured server (credentials and TLS from redisOptions), with
 * `options` on top (e.g. lazyConnect, maxRetriesPerRequest). Connection errors are logged
 * with the URL's password masked; refused credentials as one clear error, while ioredis
 * keeps reconnecting so that the service turns ready once the server lets it in.
 */
export function createRedis(env: RedisEnv, log: Logger, options: RedisOptions = {}): Redis {
  const redis = new Redis({ ...redisOptions(env), ...options });
  const server = maskUrlPasswords(env.REDIS_URL);
  redis.on('error', (error: unknown) => {
    const failure = redisSecurityFailure(error);
    if (failure === undefined) log.warn({ err: error, server }, 'redis connection error');
    else log.error({ err: failure, server }, 'redis connection not allowed');
  });
  return redis;
}
