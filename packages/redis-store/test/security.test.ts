// Redis with an ACL user, over TLS: the stack's secure mode on a private server.
import { once } from 'node:events';
import { parseEnv, type RedisEnv, redisEnv } from '@loyalty/config';
import { createLogger, LoyaltyError } from '@loyalty/runtime';
import { uniqueName } from '@loyalty/testkit';
import {
  PRIVATE_SERVICE_START_TIMEOUT_MS,
  type PrivateService,
  startPrivateService,
} from '@loyalty/testkit/private-service';
import type { RedisOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerStore, createRedis, type RedisConnection, redisSecurityFailure } from '../src/index.js';

// One try, no reconnection: a test wants the first answer, not ioredis's patience.
const ONCE: RedisOptions = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null };

describe('Redis with ACL credentials over TLS (private secure server)', () => {
  let server: PrivateService;
  const lines: string[] = [];
  const log = createLogger('redis-security-test', 'info', { write: (line: string) => void lines.push(line) });
  const opened: RedisConnection[] = [];

  const open = (env: RedisEnv): RedisConnection => {
    const redis = createRedis(env, log, ONCE);
    opened.push(redis);
    return redis;
  };

  beforeAll(async () => {
    server = await startPrivateService('redis', { secure: true });
  }, PRIVATE_SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    for (const redis of opened) redis.disconnect();
    await server?.destroy();
  });

  it('runs the store with the right credentials, from REDIS_USERNAME/REDIS_PASSWORD or the URL', async () => {
    const env = parseEnv(redisEnv, server.env);
    const { REDIS_USERNAME: user = '', REDIS_PASSWORD: password = '' } = env;
    const inUrl = parseEnv(redisEnv, {
      REDIS_URL: server.address.replace('rediss://', `rediss://${user}:${password}@`),
      REDIS_TLS_CA_FILE: env.REDIS_TLS_CA_FILE,
    });
    for (const config of [env, inUrl]) {
      const redis = open(config);
      await redis.connect();
      expect(await redis.acl('WHOAMI')).toBe(user);
      const store = new CustomerStore<{ tier: string | null }>(redis, {
        prefix: `${uniqueName('secure', ':')}:`,
        maxHistoryEntries: 5,
        erasureSecret: 'test-erasure-secret-0001',
      });
      const applied = await store.applyEvents([
        {
          customerId: 'alice',
          shard: 0,
          entry: {
            kind: 'purchase',
            eventId: uniqueName('e'),
            at: 1_000,
            orderId: 'o-1',
            type: 'sale',
            amountMinor: 1_000,
            categories: ['books'],
          },
        },
      ]);
      expect(applied).toEqual(['applied']);
    }
  });

  it('refuses a wrong password with a clear, non-retriable error and logs it without the password', async () => {
    const env = parseEnv(redisEnv, { ...server.env, REDIS_PASSWORD: 'wrong-password-123' });
    const redis = open(env);
    // The first command fails with the server's answer to the login (connect() only says
    // "Connection is closed").
    const error = await redis.ping().then(
      () => undefined,
      (e: unknown) => e,
    );
    const failure = redisSecurityFailure(error);
    expect(failure).toBeInstanceOf(LoyaltyError);
    expect(failure?.retriable).toBe(false);
    expect(failure?.message).toMatch(/^Redis authentication failed .*WRONGPASS/);

    const logged = lines.join('');
    expect(logged).toContain('Redis authentication failed');
    expect(logged).not.toContain('wrong-password-123');
    expect(logged).not.toContain(server.env.REDIS_PASSWORD);
  });

  it('refuses a client that does not trust the server certificate', async () => {
    const { REDIS_TLS_CA_FILE: _, ...withoutCa } = server.env;
    const redis = open(parseEnv(redisEnv, withoutCa));
    const emitted = once(redis, 'error');
    await redis.connect().catch(() => undefined);
    const [error] = await emitted;
    expect(redisSecurityFailure(error)?.message).toMatch(
      /^Redis's TLS certificate is not trusted \(SELF_SIGNED_CERT_IN_CHAIN/,
    );
    expect(lines.join('')).toContain("Redis's TLS certificate is not trusted");
  });

  it('answers nobody without credentials', async () => {
    const { REDIS_USERNAME: _u, REDIS_PASSWORD: _p, ...anonymous } = server.env;
    const redis = open(parseEnv(redisEnv, anonymous));
    const error = await redis.ping().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(redisSecurityFailure(error)?.message).toMatch(/NOAUTH/);
  });
});
