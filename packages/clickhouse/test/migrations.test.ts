import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LoyaltyError } from '@loyalty/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appliedMigrations,
  MIGRATIONS_DIR,
  migrate,
  readMigrations,
  selectRows,
  TABLES,
} from '../src/index.js';
import { type FreshDatabase, freshDatabase } from './fresh-database.js';

describe('migrations', () => {
  let db: FreshDatabase;
  let copy: string;
  beforeAll(async () => {
    db = await freshDatabase('migrations');
    copy = await mkdtemp(join(tmpdir(), 'migrations-'));
    await cp(MIGRATIONS_DIR, copy, { recursive: true });
  });
  afterAll(async () => {
    await db?.drop();
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it('applies every file once, concurrently too, and records each', async () => {
    const files = await readMigrations();
    // Four at once, as sinks starting together: ADD COLUMN (008) has no IF NOT EXISTS on 18.16.
    const runs = await Promise.all([1, 2, 3, 4].map(() => migrate(db.client)));
    expect(runs[0]?.map((o) => o.version)).toEqual(files.map((f) => f.version));
    for (const run of runs) expect(run.length).toBe(files.length);
    const again = await migrate(db.client);
    expect(again.every((o) => o.status === 'already applied')).toBe(true);
    const applied = await appliedMigrations(db.client);
    expect(applied.map((m) => [m.version, m.name, m.checksum])).toEqual(
      files.map((f) => [f.version, f.name, f.checksum]),
    );
  });

  it('creates the history tables', async () => {
    const rows = await selectRows<{ name: string }>(
      db.client,
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    );
    expect(rows.map((r) => r.name)).toEqual([...Object.values(TABLES), 'schema_migrations'].sort());
  });

  it('applies a new file and refuses an edited one', async () => {
    await migrate(db.client, { dir: copy });
    await writeFile(
      join(copy, '900_probe.sql'),
      'CREATE TABLE IF NOT EXISTS probe (x UInt8) ENGINE = MergeTree() ORDER BY x;\n',
    );
    expect((await migrate(db.client, { dir: copy })).at(-1)).toEqual({
      version: 900,
      name: 'probe',
      status: 'applied',
    });
    await writeFile(
      join(copy, '900_probe.sql'),
      'CREATE TABLE IF NOT EXISTS probe (y UInt8) ENGINE = MergeTree() ORDER BY y;\n',
    );
    const error = await migrate(db.client, { dir: copy }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).retriable).toBe(false);
    expect((error as Error).message).toContain('900_probe changed after it was applied');
  });

  it('rejects misnamed files', async () => {
    await writeFile(join(copy, '7_bad.sql'), 'SELECT 1');
    await expect(readMigrations(copy)).rejects.toThrow('7_bad.sql is not named NNN_name.sql');
  });
});

describe('migrations that add a column', () => {
  let db: FreshDatabase;
  let dir: string;
  const columns = async (table: string) =>
    (
      await selectRows<{ name: string; type: string }>(
        db.client,
        `SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = '${table}' ORDER BY name`,
      )
    ).map((c) => `${c.name} ${c.type}`);
  beforeAll(async () => {
    db = await freshDatabase('migrations_columns');
    dir = await mkdtemp(join(tmpdir(), 'migrations-columns-'));
    await writeFile(
      join(dir, '001_probe.sql'),
      'CREATE TABLE IF NOT EXISTS probe (x UInt8) ENGINE = MergeTree() ORDER BY x;\n',
    );
    await migrate(db.client, { dir });
  });
  afterAll(async () => {
    await db?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('counts an ADD COLUMN of a column already there as done, as when another process ran it first', async () => {
    // The other process's statement, run before it recorded the migration.
    await db.client.command({ query: 'ALTER TABLE probe ADD COLUMN flag UInt8 DEFAULT 0' });
    await writeFile(
      join(dir, '002_probe_columns.sql'),
      '-- one column per statement\nALTER TABLE probe ADD COLUMN flag UInt8 DEFAULT 0;\nALTER TABLE probe ADD COLUMN note Nullable(String);\n',
    );
    expect((await migrate(db.client, { dir })).at(-1)).toEqual({
      version: 2,
      name: 'probe_columns',
      status: 'applied',
    });
    expect(await columns('probe')).toEqual(['flag UInt8', 'note Nullable(String)', 'x UInt8']);
  });

  it('refuses a column already there with another type', async () => {
    await db.client.command({ query: 'ALTER TABLE probe ADD COLUMN other String' });
    await writeFile(
      join(dir, '003_probe_other.sql'),
      'ALTER TABLE probe ADD COLUMN other UInt8 DEFAULT 0;\n',
    );
    const error = await migrate(db.client, { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LoyaltyError);
    expect((error as LoyaltyError).retriable).toBe(false);
    expect((error as Error).message).toBe(
      'column other of probe already exists as String, not UInt8 as the migration adds it',
    );
    expect((await appliedMigrations(db.client)).map((m) => m.version)).toEqual([1, 2]);
  });
});
