import type { TableName, TableRows } from '@loyalty/clickhouse';

/** Appends the rows of `more` to `into`, table by table; returns how many were added. */
export function appendRows(into: TableRows, more: TableRows): number {
  let added = 0;
  const target = into as Partial<Record<TableName, unknown[]>>;
  for (const [table, rows] of Object.entries(more) as [TableName, unknown[]][]) {
    const list = target[table] ?? [];
    // A loop, not push(...rows): spreading a very large list overflows the stack.
    for (const row of rows) list.push(row);
    target[table] = list;
    added += rows.length;
  }
  return added;
}
