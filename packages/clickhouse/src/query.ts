import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { clickHouseFailure } from './errors.js';

/** Runs a statement that returns no rows (DDL); failures become LoyaltyErrors that say whether to retry. */
export async function runCommand(client: ClickHouseClient, sql: string): Promise<void> {
  try {
    await client.command({ query: sql });
  } catch (error) {
    throw clickHouseFailure('command', error);
  }
}

/**
 * Runs a SELECT and returns its rows as objects. 64-bit integers arrive as strings (the
 * JSON formats quote them on every server version); read them with the helpers of values.ts.
 */
export async function selectRows<T>(
  client: ClickHouseClient,
  sql: string,
  settings: ClickHouseSettings = {},
): Promise<T[]> {
  try {
    const result = await client.query({ query: sql, format: 'JSONEachRow', clickhouse_settings: settings });
    return await result.json<T>();
  } catch (error) {
    throw clickHouseFailure('query', error);
  }
}
