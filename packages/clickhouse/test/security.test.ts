// ClickHouse with a user and password: the stack's secure mode on a private server.
import { type ClickHouseEnv, clickhouseEnv, parseEnv } from '@loyalty/config';
import { LoyaltyError } from '@loyalty/runtime';
import { uniqueName } from '@loyalty/testkit';
import {
  PRIVATE_SERVICE_START_TIMEOUT_MS,
  type PrivateService,
  startPrivateService,
} from '@loyalty/testkit/private-service';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isClickHouseAuthError, migrate, openDatabase, selectRows } from '../src/index.js';

describe('ClickHouse with a password (private secure server)', () => {
  let server: PrivateService;
  let env: ClickHouseEnv;

  beforeAll(async () => {
    server = await startPrivateService('clickhouse', { secure: true });
    env = parseEnv(clickhouseEnv, { ...server.env, CLICKHOUSE_DATABASE: uniqueName('secure', '_') });
  }, PRIVATE_SERVICE_START_TIMEOUT_MS);

  afterAll(async () => {
    await server?.destroy();
  });

  it('migrates and queries with the right password', async () => {
    const client = await openDatabase(env);
    try {
      const outcomes = await migrate(client);
      expect(outcomes.length).toBeGreaterThan(0);
      expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
      const [row] = await selectRows<{ n: string }>(client, 'SELECT count() AS n FROM purchases');
      expect(row?.n).toBe('0');
    } finally {
      await client.close();
    }
  });

  it.each<[string, Partial<ClickHouseEnv>]>([
    ['a wrong password', { CLICKHOUSE_PASSWORD: 'wrong-password-123' }],
    [
      'no credentials (the `default` user does not exist)',
      { CLICKHOUSE_USER: 'default', CLICKHOUSE_PASSWORD: '' },
    ],
  ])('refuses %s with a clear, non-retriable error', async (_, change) => {
    const error = await openDatabase({ ...env, ...change }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).retriable).toBe(false);
    expect(isClickHouseAuthError(error)).toBe(true);
    expect((error as LoyaltyError).message).toMatch(
      /^ClickHouse command failed: authentication failed \(check CLICKHOUSE_USER and CLICKHOUSE_PASSWORD\)/,
    );
    expect((error as LoyaltyError).message).not.toContain('wrong-password-123');
  });
});
