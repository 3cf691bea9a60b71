import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { splitStatements } from './split-statements.js';

/** The repository's migration folder, infra/clickhouse/migrations. */
export const MIGRATIONS_DIR = fileURLToPath(
  new URL('../../../../infra/clickhouse/migrations/', import.meta.url),
);

/** One versioned migration file, NNN_name.sql. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /** sha256 of the file, recorded when applied so that a later edit is noticed. */
  readonly checksum: string;
  readonly statements: readonly string[];
}

const FILE_NAME = /^(\d{3})_([a-z0-9_]+)\.sql$/;

/** Reads every NNN_name.sql of `dir` in version order; throws on a misnamed file or a repeated version. */
export async function readMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => name.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of names) {
    const match = FILE_NAME.exec(file);
    if (!match?.[1] || !match[2]) {
      throw new TypeError(`migration file ${file} is not named NNN_name.sql (lower case, digits, "_")`);
    }
    const version = Number(match[1]);
    if (migrations.some((m) => m.version === version)) {
      throw new TypeError(`two migration files have version ${match[1]}`);
    }
    const text = await readFile(join(dir, file), 'utf8');
    migrations.push({
      version,
      name: match[2],
      checksum: createHash('sha256').update(text).digest('hex'),
      statements: splitStatements(text),
    });
  }
  return migrations;
}
