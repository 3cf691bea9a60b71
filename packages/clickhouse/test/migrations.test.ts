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
    const [first, second] = await Promise.all([migrate(db.client), migrate(db.client)]);
    expect(first?.map((o) => o.version)).toEqual(files.map((f) => f.version));
    expect(second?.length).toBe(files.length);
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
