import { maskUrlPasswords, type RedisEnv } from '@loyalty/config';
import type { Logger } from '@loyalty/runtime';
import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { clusterNodes, redisLogin, redisOptions } from './redis-options.js';
import { redisSecurityFailure } from './security-failure.js';

/** A client of one Redis server or of a Redis Cluster (REDIS_CLUSTER_NODES). */
export type RedisConnection = Redis | Cluster;

/**
 * A client of the configured Redis, not yet watched: a Cluster through REDIS_CLUSTER_NODES when
 * set, else the server of REDIS_URL, with credentials and TLS from the configuration and
 * `options` on top. In cluster mode the options that concern the whole client (lazyConnect,
 * enableOfflineQueue, retryStrategy as clusterRetryStrategy) go to the Cluster, the others to
 * each node's connection.
 */
export function openRedis(env: RedisEnv, options: RedisOptions = {}): RedisConnection {
  const nodes = clusterNodes(env);
  if (nodes === undefined) return new Redis({ ...redisOptions(env), ...options });
  const { lazyConnect, enableOfflineQueue, retryStrategy, ...perNode } = options;
  const cluster: ClusterOptions = {
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(retryStrategy === undefined ? {} : { clusterRetryStrategy: retryStrategy }),
    redisOptions: { ...redisLogin(env), ...perNode },
  };
  return new Cluster(nodes, cluster);
}

/** Where the configuration points, as it may be logged: the cluster's nodes, or REDIS_URL with its password masked. */
export function redisServerName(env: RedisEnv): string {
  return env.REDIS_CLUSTER_NODES?.join(',') ?? maskUrlPasswords(env.REDIS_URL);
}

/**
 * An ioredis client of the configured server or cluster (openRedis), with `options` on top
 * (e.g. lazyConnect, maxRetriesPerRequest). Connection errors are logged with the URL's password
 * masked; refused credentials as one clear error, while ioredis keeps reconnecting so that the
 * service turns ready once the server lets it in.
 */
export function createRedis(env: RedisEnv, log: Logger, options: RedisOptions = {}): RedisConnection {
  const redis = openRedis(env, options);
  const server = redisServerName(env);
  const report = (error: unknown, node?: string) => {
    const failure = redisSecurityFailure(error);
    const where = node === undefined ? { server } : { server, node };
    if (failure === undefined) log.warn({ err: error, ...where }, 'redis connection error');
    else log.error({ err: failure, ...where }, 'redis connection not allowed');
  };
  redis.on('error', (error: unknown) => report(error));
  // A Cluster reports each node's own failure (a refused login among them) apart from its errors.
  if (redis instanceof Cluster) redis.on('node error', (error: unknown, node: string) => report(error, node));
  return redis;
}
