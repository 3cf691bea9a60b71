// A current ClickHouse engine inside the test process: chDB (npm `chdb`, an embedded
// ClickHouse 26.x), behind the few calls of @clickhouse/client this package makes (command,
// query as JSONEachRow with settings, insert as JSONEachRow, close), so that the same
// migrations, reports and erasure run on it unchanged. It transports SQL only: the engine
// that parses and runs it is ClickHouse's own.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { Session } from 'chdb';
import { quoteIdentifier } from '../src/index.js';

export interface CurrentClickHouse {
  readonly client: ClickHouseClient;
  /** The engine's release, e.g. "26.7.2.1". */
  readonly version: string;
  close(): Promise<void>;
}

function settingsStatements(settings: ClickHouseSettings | undefined): string[] {
  return Object.entries(settings ?? {}).map(
    ([name, value]) => `SET ${quoteIdentifier(name)} = ${JSON.stringify(value)}`,
  );
}

/** Opens a chDB session in a scratch folder, working in a fresh database `database`. */
export async function currentClickHouse(database: string): Promise<CurrentClickHouse> {
  const folder = await mkdtemp(join(tmpdir(), 'chdb-'));
  const session = new Session(folder);
  session.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(database)}`);
  session.query(`USE ${quoteIdentifier(database)}`);
  const run = (sql: string, format = 'CSV'): string => session.query(sql, format);
  const client = {
    async command({ query }: { query: string }) {
      run(query);
      return { query_id: '' };
    },
    async query({
      query,
      clickhouse_settings,
    }: {
      query: string;
      format: 'JSONEachRow';
      clickhouse_settings?: ClickHouseSettings;
    }) {
      for (const statement of settingsStatements(clickhouse_settings)) run(statement);
      const text = run(query, 'JSONEachRow');
      return {
        async json<T>(): Promise<T[]> {
          return text
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => JSON.parse(line) as T);
        },
      };
    },
    async insert({
      table,
      values,
      columns,
    }: {
      table: string;
      values: Record<string, unknown>[];
      format: 'JSONEachRow';
      columns?: string[];
    }) {
      // The table as given, as @clickhouse/client sends it (the caller quotes it).
      const names = (columns ?? Object.keys(values[0] ?? {})).map(quoteIdentifier).join(', ');
      run(
        `INSERT INTO ${table} (${names}) FORMAT JSONEachRow\n${values.map((v) => JSON.stringify(v)).join('\n')}`,
      );
      return { executed: true, query_id: '' };
    },
    async close() {},
  };
  const version = run('SELECT version()', 'TabSeparated').trim();
  return {
    // The calls above are all this package makes of a client (see query.ts, insert.ts).
    client: client as unknown as ClickHouseClient,
    version,
    async close() {
      session.cleanup();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
