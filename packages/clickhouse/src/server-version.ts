import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import { selectRows } from './query.js';

/** A ClickHouse release, e.g. 18.16.1 or 25.8.2.29. */
export interface ServerVersion {
  readonly major: number;
  readonly minor: number;
  readonly text: string;
}

/** Reads the release of a `SELECT version()` answer. */
export function parseServerVersion(text: string): ServerVersion {
  const match = /^(\d+)\.(\d+)/.exec(text);
  if (!match?.[1] || !match[2]) throw new TypeError(`not a ClickHouse version: ${JSON.stringify(text)}`);
  return { major: Number(match[1]), minor: Number(match[2]), text };
}

/** The release of the server behind `client`. */
export async function serverVersion(client: ClickHouseClient): Promise<ServerVersion> {
  const [row] = await selectRows<{ v: string }>(client, 'SELECT version() AS v');
  if (row === undefined) throw new TypeError('SELECT version() returned no row');
  return parseServerVersion(row.v);
}

function atLeast(version: ServerVersion, major: number, minor: number): boolean {
  return version.major > major || (version.major === major && version.minor >= minor);
}

/**
 * Settings for queries that read with FINAL. Every copy of an event lies in one partition
 * (partitions follow event time), so servers that can (20.10 and later) are told to merge
 * FINAL within partitions only, which runs them in parallel; 18.16 knows no such setting
 * and would reject it.
 */
export function finalQuerySettings(version: ServerVersion): ClickHouseSettings {
  return atLeast(version, 20, 10) ? { do_not_merge_across_partitions_select_final: 1 } : {};
}

/**
 * Whether the server runs window functions (rank() OVER ...) without experimental settings:
 * 21.9 and later (18.16 has none).
 */
export function hasWindowFunctions(version: ServerVersion): boolean {
  return atLeast(version, 21, 9);
}
