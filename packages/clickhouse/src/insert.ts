import type { ClickHouseClient } from '@clickhouse/client';
import { clickHouseInsertFailure } from './errors.js';
import type { RowOf, TableName } from './tables.js';

/**
 * Inserts rows into one table in a single request; resolves once the server acknowledged
 * them. Failures become LoyaltyErrors that say whether a retry can succeed, and a
 * ClickHouseRowsRefusedError when the server refused the data of the rows (the insert is then
 * atomic on 18.16: none of its rows is stored). The columns are named, so that columns left
 * out (ingested_at) take their DEFAULT on 18.16 as on current servers.
 */
export async function insertRows<T extends TableName>(
  client: ClickHouseClient,
  table: T,
  rows: readonly RowOf[T][],
): Promise<void> {
  const [first] = rows;
  if (first === undefined) return;
  const [column, ...more] = Object.keys(first);
  if (column === undefined) throw new TypeError(`a ${table} row has no columns`);
  try {
    await client.insert({
      table,
      values: rows as RowOf[T][],
      format: 'JSONEachRow',
      columns: [column, ...more],
    });
  } catch (error) {
    throw clickHouseInsertFailure(table, error);
  }
}
