import type { ClickHouseClient } from '@clickhouse/client';
import { clickHouseFailure } from '../errors.js';
import { type MutationWait, waitForMutations } from '../mutations.js';
import { runCommand, selectRows } from '../query.js';
import { quoteIdentifier } from '../sql.js';
import type { TableName } from '../tables.js';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { CUSTOMER_COLUMNS, type CustomerColumns } from './customer-columns.js';

/** What erasing a customer did to one table. */
export interface TableErasure {
  readonly table: TableName;
  /** Rows of the customer deleted (every copy of an event counts). */
  readonly rowsDeleted: number;
  /** Other customers' rows whose reference to the customer was set to NULL. */
  readonly valuesCleared: number;
}

/** What erasing a customer did to the database, and what was found left once it was done. */
export interface RowErasure {
  /** Every table that can hold a customer id. */
  readonly tables: readonly TableErasure[];
  /** Rows still holding the id after the mutations finished (written meanwhile); 0 normally. */
  readonly rowsRemaining: number;
}

// The id reaches the mutations through a one-row scratch table, never as a literal: a mutation's
// command stays in system.mutations (and the server's mutation files) long after it ran, and
// would otherwise keep the very id it erased. The table is named by the keyed hash, so a rerun
// for the same customer finds it, and it is dropped once the mutations are done.
function scratchName(subject: string): string {
  return `erasure_subject_${subject}`;
}

interface Conditions {
  /** Rows that are the customer's. */
  readonly owned: string | undefined;
  /** Per referring column: rows naming the customer there. */
  readonly referring: ReadonlyArray<readonly [column: string, condition: string]>;
}

function conditions(columns: CustomerColumns, scratch: string): Conditions {
  // An empty scratch table (a server restart empties Memory tables) matches no row.
  const idIn = (value: string) => `${value} IN (SELECT customer_id FROM ${scratch})`;
  const owned = columns.owner.map(idIn);
  return {
    owned: owned.length === 0 ? undefined : owned.map((c) => `(${c})`).join(' OR '),
    referring: columns.referring.map((column) => [column, idIn(quoteIdentifier(column))] as const),
  };
}

async function count(client: ClickHouseClient, table: TableName, where: string): Promise<number> {
  const [row] = await selectRows<{ n: JsonInteger }>(
    client,
    `SELECT count() AS n FROM ${quoteIdentifier(table)} WHERE ${where}`,
  );
  return toSafeInteger(row?.n ?? 0);
}

async function fillScratch(client: ClickHouseClient, scratch: string, customerId: string): Promise<void> {
  // A run that timed out leaves the table for its queued mutations: kept, not dropped, here.
  await runCommand(client, `CREATE TABLE IF NOT EXISTS ${scratch} (customer_id String) ENGINE = Memory`);
  const [row] = await selectRows<{ n: JsonInteger }>(client, `SELECT count() AS n FROM ${scratch}`);
  if (toSafeInteger(row?.n ?? 0) > 0) return;
  try {
    // In the request body, not the query text: the id stays out of the query log.
    await client.insert({
      table: scratch,
      values: [{ customer_id: customerId }],
      format: 'JSONEachRow',
    });
  } catch (error) {
    throw clickHouseFailure(`insert into ${scratch}`, error);
  }
}

/**
 * Deletes every row of a customer from every table of the client's database and clears other
 * rows' references to them (CUSTOMER_COLUMNS), waits until ClickHouse has applied it, and
 * counts what is left. Only tables holding the customer are rewritten (a mutation rewrites
 * every part of its table). The id never appears in a query text or a mutation's command.
 */
export async function eraseCustomerRows(
  client: ClickHouseClient,
  customerId: string,
  subject: string,
  wait: MutationWait = {},
): Promise<RowErasure> {
  const [row] = await selectRows<{ db: string }>(client, 'SELECT currentDatabase() AS db');
  if (row === undefined) throw new TypeError('SELECT currentDatabase() returned no row');
  const name = scratchName(subject);
  // Qualified: the mutation's subqueries run later, outside this session's database.
  const scratch = `${quoteIdentifier(row.db)}.${quoteIdentifier(name)}`;
  await fillScratch(client, scratch, customerId);

  const tables: TableErasure[] = [];
  let remaining = 0;
  let mutating = false;
  try {
    for (const [table, columns] of Object.entries(CUSTOMER_COLUMNS) as [TableName, CustomerColumns][]) {
      const { owned, referring } = conditions(columns, scratch);
      if (owned === undefined && referring.length === 0) continue;
      const rowsDeleted = owned === undefined ? 0 : await count(client, table, owned);
      let valuesCleared = 0;
      if (rowsDeleted > 0) {
        mutating = true;
        await runCommand(client, `ALTER TABLE ${quoteIdentifier(table)} DELETE WHERE ${owned}`);
      }
      for (const [column, where] of referring) {
        // Rows the DELETE above removes are not counted twice.
        const n = await count(client, table, owned === undefined ? where : `(${where}) AND NOT (${owned})`);
        valuesCleared += n;
        if (n === 0) continue;
        mutating = true;
        await runCommand(
          client,
          `ALTER TABLE ${quoteIdentifier(table)} UPDATE ${quoteIdentifier(column)} = NULL WHERE ${where}`,
        );
      }
      tables.push({ table, rowsDeleted, valuesCleared });
    }
    if (mutating) await waitForMutations(client, name, wait);
    for (const [table, columns] of Object.entries(CUSTOMER_COLUMNS) as [TableName, CustomerColumns][]) {
      const { owned, referring } = conditions(columns, scratch);
      const all = [...(owned === undefined ? [] : [owned]), ...referring.map(([, where]) => where)];
      if (all.length > 0) remaining += await count(client, table, all.map((c) => `(${c})`).join(' OR '));
    }
  } catch (error) {
    // A queued mutation still reads the scratch table; dropping it would make the mutation fail.
    if (!mutating) await runCommand(client, `DROP TABLE IF EXISTS ${scratch}`).catch(() => undefined);
    throw error;
  }
  await runCommand(client, `DROP TABLE IF EXISTS ${scratch}`);
  return { tables, rowsRemaining: remaining };
}
