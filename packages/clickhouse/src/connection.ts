import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseEnv } from '@loyalty/config';
import { runCommand } from './query.js';
import { quoteIdentifier } from './sql.js';

/** A client of the configured server whose queries run in `database` (the server's default when omitted). */
export function createClickHouseClient(env: ClickHouseEnv, database: string | undefined): ClickHouseClient {
  return createClient({
    url: env.CLICKHOUSE_URL,
    username: env.CLICKHOUSE_USER,
    password: env.CLICKHOUSE_PASSWORD,
    // A request that hangs (a server gone without closing the socket) fails after this and
    // is retried by its caller.
    request_timeout: 30_000,
    // Every failed request reaches its caller as an error, which the caller logs with
    // context; the client's own console logging would only print it a second time.
    log: { level: ClickHouseLogLevel.OFF },
    ...(database === undefined ? {} : { database }),
  });
}

/** Creates the configured database if it does not exist (an HTTP session cannot select a missing one). */
export async function ensureDatabase(env: ClickHouseEnv): Promise<void> {
  const admin = createClickHouseClient(env, undefined);
  try {
    await runCommand(admin, `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(env.CLICKHOUSE_DATABASE)}`);
  } finally {
    await admin.close();
  }
}

/** Ensures the configured database exists and returns a client that works in it. */
export async function openDatabase(env: ClickHouseEnv): Promise<ClickHouseClient> {
  await ensureDatabase(env);
  return createClickHouseClient(env, env.CLICKHOUSE_DATABASE);
}
