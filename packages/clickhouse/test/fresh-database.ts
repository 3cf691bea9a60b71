// A fresh ClickHouse database per test file, on the local stack, dropped afterwards.
import type { ClickHouseClient } from '@clickhouse/client';
import { type ClickHouseEnv, clickhouseEnv, parseEnv } from '@loyalty/config';
import { uniqueName } from '@loyalty/testkit';
import { connectClickHouse } from '@loyalty/testkit/servers';
import { openDatabase, quoteIdentifier } from '../src/index.js';

export interface FreshDatabase {
  readonly env: ClickHouseEnv;
  readonly client: ClickHouseClient;
  drop(): Promise<void>;
}

/** Creates a database with a unique name and a client working in it. */
export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  // Fails with a message that says how to start the stack when ClickHouse is not up.
  await (await connectClickHouse()).close();
  const env = { ...parseEnv(clickhouseEnv, process.env), CLICKHOUSE_DATABASE: uniqueName(prefix, '_') };
  const client = await openDatabase(env);
  return {
    env,
    client,
    async drop() {
      await client.command({ query: `DROP DATABASE IF EXISTS ${quoteIdentifier(env.CLICKHOUSE_DATABASE)}` });
      await client.close();
    },
  };
}
