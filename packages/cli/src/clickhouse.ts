import type { ClickHouseClient } from '@clickhouse/client';
import { isUnmigratedError, openDatabase } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import { LoyaltyError } from '@loyalty/runtime';
import type { CliIo } from './command.js';

/**
 * Runs `work` with a client of the database named by the CLICKHOUSE_* variables, closing it
 * afterwards. A missing table becomes an error that says to migrate.
 */
export async function withDatabase<T>(io: CliIo, work: (client: ClickHouseClient) => Promise<T>): Promise<T> {
  const client = await openDatabase(parseEnv(clickhouseEnv, io.env));
  try {
    return await work(client);
  } catch (error) {
    if (!isUnmigratedError(error)) throw error;
    throw new LoyaltyError(`${(error as Error).message}; run \`loyalty db migrate\` first`, { cause: error });
  } finally {
    await client.close();
  }
}
