import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { type RedisEnv, urlCredentials } from '@loyalty/config';
import type { RedisOptions } from 'ioredis';

/**
 * ioredis's connection options from the configuration: host, port and database from
 * REDIS_URL, the ACL user and password from the URL or REDIS_USERNAME/REDIS_PASSWORD, and TLS
 * for rediss:// (trusting REDIS_TLS_CA_FILE when set). The URL itself is not passed on, so
 * nothing downstream can print it with its password.
 */
export function redisOptions(env: RedisEnv): RedisOptions {
  const url = new URL(env.REDIS_URL);
  const inUrl = urlCredentials(env.REDIS_URL);
  const username = inUrl.username ?? env.REDIS_USERNAME;
  const password = inUrl.password ?? env.REDIS_PASSWORD;
  // redis://host:port/2 selects database 2, as redis-cli -u and ioredis read it.
  const db = /^\/(\d+)$/.exec(url.pathname)?.[1];
  return {
    // URL keeps an IPv6 address in brackets; sockets want it bare.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? 6379 : Number(url.port),
    ...(db === undefined ? {} : { db: Number(db) }),
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    ...(url.protocol === 'rediss:' ? { tls: tlsOptions(env) } : {}),
  };
}

function tlsOptions(env: RedisEnv): ConnectionOptions {
  return env.REDIS_TLS_CA_FILE === undefined ? {} : { ca: [readFileSync(env.REDIS_TLS_CA_FILE, 'utf8')] };
}
