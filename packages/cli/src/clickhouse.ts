import type { ClickHouseClient } from '@clickhouse/client';
import { openDatabase } from '@loyalty/clickhouse';
import { clickhouseEnv, parseEnv } from '@loyalty/config';
import type { CliIo } from './command.js';

/** Runs `work` with a client of the database named by the CLICKHOUSE_* variables, closing it afterwards. */
export async function withDatabase<T>(io: CliIo, work: (client: ClickHouseClient) => Promise<T>): Promise<T> {
  const client = await openDatabase(parseEnv(clickhouseEnv, io.env));
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}
