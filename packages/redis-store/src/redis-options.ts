import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { type RedisEnv, urlCredentials } from '@loyalty/config';
import type { ClusterNode, RedisOptions } from 'ioredis';

/** What every connection to a server of the configuration carries: the ACL login and TLS. */
export type RedisLogin = Pick<RedisOptions, 'username' | 'password' | 'tls'>;

/**
 * ioredis's connection options from the configuration: host, port and database from
 * REDIS_URL, the ACL user and password from the URL or REDIS_USERNAME/REDIS_PASSWORD, and TLS
 * for rediss:// (trusting REDIS_TLS_CA_FILE when set). The URL itself is not passed on, so
 * nothing downstream can print it with its password.
 */
export function redisOptions(env: RedisEnv): RedisOptions {
  const url = new URL(env.REDIS_URL);
  // redis://host:port/2 selects database 2, as redis-cli -u and ioredis read it.
  const db = /^\/(\d+)$/.exec(url.pathname)?.[1];
  return {
    ...hostAndPort(url.hostname, url.port),
    ...(db === undefined ? {} : { db: Number(db) }),
    ...redisLogin(env),
  };
}

/**
 * The login and TLS of every node of a Redis Cluster, from the same variables as for one
 * server: REDIS_URL (its scheme and credentials; its host is not used) or
 * REDIS_USERNAME/REDIS_PASSWORD, and REDIS_TLS_CA_FILE.
 */
export function redisLogin(env: RedisEnv): RedisLogin {
  const inUrl = urlCredentials(env.REDIS_URL);
  const username = inUrl.username ?? env.REDIS_USERNAME;
  const password = inUrl.password ?? env.REDIS_PASSWORD;
  return {
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(env.REDIS_URL.startsWith('rediss:') ? { tls: tlsOptions(env) } : {}),
  };
}

/** The nodes of REDIS_CLUSTER_NODES as ioredis's Cluster takes them, or undefined for one server. */
export function clusterNodes(env: RedisEnv): ClusterNode[] | undefined {
  return env.REDIS_CLUSTER_NODES?.map((node) => {
    const at = node.lastIndexOf(':');
    return hostAndPort(node.slice(0, at), node.slice(at + 1));
  });
}

function hostAndPort(hostname: string, port: string): { host: string; port: number } {
  // URL keeps an IPv6 address in brackets; sockets want it bare.
  return { host: hostname.replace(/^\[(.*)\]$/, '$1'), port: port === '' ? 6379 : Number(port) };
}

function tlsOptions(env: RedisEnv): ConnectionOptions {
  return env.REDIS_TLS_CA_FILE === undefined ? {} : { ca: [readFileSync(env.REDIS_TLS_CA_FILE, 'utf8')] };
}
