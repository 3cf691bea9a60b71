import { appliedMigrations, migrate } from '@loyalty/clickhouse';
import { clickhouseEnv } from '@loyalty/config';
import { withDatabase } from '../clickhouse.js';
import { type Command, EXIT, noMoreArguments, UsageError } from '../command.js';

const USAGE = `usage: loyalty db <migrate|status>

  migrate   create the database if needed and apply the migrations of
            infra/clickhouse/migrations not applied yet (safe to repeat)
  status    list the migrations applied, with when

The database is the one of CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD and
CLICKHOUSE_DATABASE (default loyalty).`;

/** `loyalty db`: the ClickHouse schema. */
export const dbCommand: Command = {
  name: 'db',
  env: [clickhouseEnv],
  summary: 'apply ClickHouse migrations (db migrate) or list them (db status)',
  usage: USAGE,
  async run(args, io) {
    const [action, ...rest] = args;
    noMoreArguments(rest);
    if (action === 'migrate') {
      const outcomes = await withDatabase(io, (client) => migrate(client));
      for (const o of outcomes) io.stdout(`${String(o.version).padStart(3, '0')}_${o.name}: ${o.status}\n`);
      return EXIT.ok;
    }
    if (action === 'status') {
      const applied = await withDatabase(io, (client) => appliedMigrations(client));
      if (applied.length === 0) io.stdout('no migrations applied\n');
      for (const m of applied)
        io.stdout(`${String(m.version).padStart(3, '0')}_${m.name}: applied ${m.appliedAt} UTC\n`);
      return EXIT.ok;
    }
    throw new UsageError(
      action === undefined ? 'missing action' : `unknown action ${JSON.stringify(action)}`,
    );
  },
};
