import type { ClickHouseClient } from '@clickhouse/client';
import { insertRows } from '../insert.js';
import { selectRows } from '../query.js';
import { type ErasureRow, TABLES } from '../tables.js';
import { type JsonInteger, toSafeInteger } from '../values.js';

/** Appends one step of an erasure to the audit; from the 'started' step on it is a tombstone too. */
export async function recordErasureStep(client: ClickHouseClient, row: ErasureRow): Promise<void> {
  await insertRows(client, TABLES.erasures, [row]);
}

/** The latest erasure time (epoch ms) of every erased subject: the tombstones the history sink checks. */
export async function erasureTombstones(client: ClickHouseClient): Promise<Map<string, number>> {
  const rows = await selectRows<{ subject_hash: string; erased_at_ms: JsonInteger }>(
    client,
    `SELECT subject_hash, max(erased_at_ms) AS erased_at_ms FROM ${TABLES.erasures} GROUP BY subject_hash`,
  );
  return new Map(rows.map((r) => [r.subject_hash, toSafeInteger(r.erased_at_ms)]));
}
