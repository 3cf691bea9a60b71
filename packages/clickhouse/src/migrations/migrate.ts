import type { ClickHouseClient } from '@clickhouse/client';
import { LoyaltyError } from '@loyalty/runtime';
import { clickHouseFailure } from '../errors.js';
import { runCommand, selectRows } from '../query.js';
import { toClickHouseDateTime } from '../sql.js';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { columnAlreadyAdded } from './add-column.js';
import { MIGRATIONS_DIR, type Migration, readMigrations } from './migration-files.js';

// The record of applied migrations. Two processes may migrate at once (two sinks starting):
// every statement of a migration is idempotent (IF NOT EXISTS; an ADD COLUMN, which has no IF
// NOT EXISTS on 18.16, counts as done when the column is there: see runStatement), and their
// two records of the same version collapse here.
const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime('UTC')
)
ENGINE = ReplacingMergeTree()
ORDER BY version`;

/** A migration recorded in schema_migrations. */
export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
  readonly appliedAt: string;
}

/** What migrate() did with one migration file. */
export interface MigrationOutcome {
  readonly version: number;
  readonly name: string;
  readonly status: 'applied' | 'already applied';
}

/** The migrations recorded as applied in the client's database, by version. */
export async function appliedMigrations(client: ClickHouseClient): Promise<AppliedMigration[]> {
  await runCommand(client, SCHEMA_MIGRATIONS_DDL);
  const rows = await selectRows<{ version: JsonInteger; name: string; checksum: string; applied_at: string }>(
    client,
    'SELECT version, name, checksum, applied_at FROM schema_migrations FINAL ORDER BY version',
  );
  return rows.map((r) => ({
    version: toSafeInteger(r.version),
    name: r.name,
    checksum: r.checksum,
    appliedAt: r.applied_at,
  }));
}

/**
 * Applies, in version order, every migration of `dir` not yet recorded in the client's
 * database, and records each. Safe to run any number of times and concurrently. Throws a
 * non-retriable LoyaltyError if an applied migration's file has changed since.
 */
export async function migrate(
  client: ClickHouseClient,
  { dir = MIGRATIONS_DIR }: { dir?: string } = {},
): Promise<MigrationOutcome[]> {
  const migrations = await readMigrations(dir);
  const applied = new Map((await appliedMigrations(client)).map((m) => [m.version, m]));
  const outcomes: MigrationOutcome[] = [];
  for (const migration of migrations) {
    const done = applied.get(migration.version);
    if (done !== undefined) {
      if (done.checksum !== migration.checksum) {
        throw new LoyaltyError(
          `migration ${label(migration)} changed after it was applied; add a new migration instead of editing it`,
        );
      }
      outcomes.push({ version: migration.version, name: migration.name, status: 'already applied' });
      continue;
    }
    for (const statement of migration.statements) await runStatement(client, statement);
    await record(client, migration);
    outcomes.push({ version: migration.version, name: migration.name, status: 'applied' });
  }
  return outcomes;
}

// One statement of a migration. A repeated ADD COLUMN fails on 18.16 (no IF NOT EXISTS there);
// when the column is there as the statement declares it, another process added it first.
async function runStatement(client: ClickHouseClient, statement: string): Promise<void> {
  try {
    await runCommand(client, statement);
  } catch (error) {
    if (await columnAlreadyAdded(client, statement, error)) return;
    throw error;
  }
}

function label(migration: Migration): string {
  return `${String(migration.version).padStart(3, '0')}_${migration.name}`;
}

async function record(client: ClickHouseClient, migration: Migration): Promise<void> {
  try {
    await client.insert({
      table: 'schema_migrations',
      format: 'JSONEachRow',
      values: [
        {
          version: migration.version,
          name: migration.name,
          checksum: migration.checksum,
          applied_at: toClickHouseDateTime(Date.now()),
        },
      ],
    });
  } catch (error) {
    throw clickHouseFailure(`recording migration ${label(migration)}`, error);
  }
}
