import type { ClickHouseClient } from '@clickhouse/client';
import { LoyaltyError } from '@loyalty/runtime';
import { mayBeDuplicateColumnError } from '../errors.js';
import { selectRows } from '../query.js';
import { quoteString } from '../sql.js';

/** The column a statement `ALTER TABLE <table> ADD COLUMN <column> <type> [...]` adds. */
export interface AddedColumn {
  readonly table: string;
  readonly column: string;
  /** The declared type, without whitespace (as compared with system.columns). */
  readonly type: string;
}

const IDENTIFIER = String.raw`(\`(?:[^\`\\]|\\.)+\`|[A-Za-z_][A-Za-z0-9_]*)`;
// What may follow the type in a column declaration (18.16 and current releases).
const AFTER_TYPE = String.raw`(?:\s+(?:DEFAULT|MATERIALIZED|ALIAS|EPHEMERAL|COMMENT|CODEC|TTL|SETTINGS|AFTER|FIRST)\b[\s\S]*)?`;
const ADD_COLUMN = new RegExp(
  String.raw`^ALTER\s+TABLE\s+${IDENTIFIER}\s+ADD\s+COLUMN\s+(?!IF\s+NOT\s+EXISTS\b)${IDENTIFIER}\s+([\s\S]+?)${AFTER_TYPE}$`,
  'i',
);
// A second command in the same ALTER: such a statement is not one column, and is left alone.
const ANOTHER_COMMAND = /,\s*(?:ADD|DROP|MODIFY|CLEAR|COMMENT|RENAME|MATERIALIZE|UPDATE|DELETE)\s/i;

function unquote(identifier: string): string {
  return identifier.startsWith('`') ? identifier.slice(1, -1).replace(/\\(.)/g, '$1') : identifier;
}

// Leading comments, as splitStatements leaves them on a statement.
function withoutLeadingComments(statement: string): string {
  let rest = statement.trim();
  for (;;) {
    if (rest.startsWith('--')) {
      const eol = rest.indexOf('\n');
      rest = eol === -1 ? '' : rest.slice(eol + 1).trim();
    } else if (rest.startsWith('/*')) {
      const close = rest.indexOf('*/');
      rest = close === -1 ? '' : rest.slice(close + 2).trim();
    } else {
      return rest;
    }
  }
}

/**
 * The column a migration statement adds when it is a single `ALTER TABLE t ADD COLUMN c type
 * ...` (no IF NOT EXISTS: 18.16 has none, and with it the server never fails this way), or
 * undefined for any other statement.
 */
export function addedColumn(statement: string): AddedColumn | undefined {
  const sql = withoutLeadingComments(statement);
  if (ANOTHER_COMMAND.test(sql)) return undefined;
  const match = ADD_COLUMN.exec(sql);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { table: unquote(match[1]), column: unquote(match[2]), type: match[3].replace(/\s+/g, '') };
}

/**
 * Whether `error`, the failure of migration statement `statement`, only says that the column
 * it adds is already there with the type it declares: another process ran the same migration
 * first, so the statement is done. The server's code says the column may exist, the
 * database's own list of columns (system.columns) says that it does. Throws a non-retriable
 * LoyaltyError when the column exists with another type: no migration of ours made that.
 */
export async function columnAlreadyAdded(
  client: ClickHouseClient,
  statement: string,
  error: unknown,
): Promise<boolean> {
  if (!mayBeDuplicateColumnError(error)) return false;
  const added = addedColumn(statement);
  if (added === undefined) return false;
  const [existing] = await selectRows<{ type: string }>(
    client,
    `SELECT type FROM system.columns
     WHERE database = currentDatabase() AND table = ${quoteString(added.table)} AND name = ${quoteString(added.column)}`,
  );
  if (existing === undefined) return false;
  if (existing.type.replace(/\s+/g, '') !== added.type) {
    throw new LoyaltyError(
      `column ${added.column} of ${added.table} already exists as ${existing.type}, not ${added.type} as the migration adds it`,
      { retriable: false, cause: error },
    );
  }
  return true;
}
