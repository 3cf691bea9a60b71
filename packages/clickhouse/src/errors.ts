import { isProgrammingError, LoyaltyError } from '@loyalty/runtime';

// Server error codes after which the same request can succeed later: overload, timeouts,
// read-only replicas, lost connections. Anything else from the server (syntax, unknown table
// or column, unparsable row) would fail the same way again. Codes from ClickHouse's
// src/Common/ErrorCodes.cpp, stable across releases.
const RETRIABLE_CODES = new Set([
  159, // TIMEOUT_EXCEEDED
  164, // READONLY
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY
  252, // TOO_MANY_PARTS
  285, // TOO_FEW_LIVE_REPLICAS
  319, // UNKNOWN_STATUS_OF_INSERT
  425, // SYSTEM_ERROR
  999, // KEEPER_EXCEPTION
]);

// Codes of an insert the server refused for the data of its rows: a value it cannot parse, a
// type or a range it cannot hold, a string or array too large, a constraint. The same rows fail
// the same way again, but the insert without them can succeed. Anything about the statement
// itself (unknown table or column: 60, 16; syntax: 62) is a bug or a misconfiguration and is
// not among them. Tried on 18.16: a lone surrogate escape ("\ud800") gives 25, a number with
// an exponent or a string in a number column 27, "-1" in a UInt column 72, a key the table
// lacks 117 (our rows share one column list, so only a malformed row has one).
const REFUSED_ROWS_CODES = new Set([
  6, // CANNOT_PARSE_TEXT
  25, // CANNOT_PARSE_ESCAPE_SEQUENCE
  26, // CANNOT_PARSE_QUOTED_STRING
  27, // CANNOT_PARSE_INPUT_ASSERTION_FAILED
  38, // CANNOT_PARSE_DATE
  41, // CANNOT_PARSE_DATETIME
  53, // TYPE_MISMATCH
  69, // ARGUMENT_OUT_OF_BOUND
  70, // CANNOT_CONVERT_TYPE
  72, // CANNOT_PARSE_NUMBER
  117, // INCORRECT_DATA
  128, // TOO_LARGE_ARRAY_SIZE
  130, // CANNOT_READ_ARRAY_FROM_TEXT
  131, // TOO_LARGE_STRING_SIZE
  321, // VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE
  349, // CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN
  376, // CANNOT_PARSE_UUID
  407, // DECIMAL_OVERFLOW
  441, // CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING
  467, // CANNOT_PARSE_BOOL
  469, // VIOLATED_CONSTRAINT
]);

// Codes of a login the server refuses: sending the same credentials again cannot help.
const AUTH_CODES = new Set([
  192, // UNKNOWN_USER
  193, // WRONG_PASSWORD
  194, // REQUIRED_PASSWORD
  195, // IP_ADDRESS_NOT_ALLOWED
  516, // AUTHENTICATION_FAILED (servers since 20.x say this instead of 192 and 193)
]);

/**
 * The server's error code in an error from @clickhouse/client, if any. Current servers end
 * their messages with "(TYPE)" and the client parses the code; 18.16 writes
 * "Code: 60, e.displayText() = DB::Exception: ..." which the client leaves unparsed, so the
 * code is read from the message as well.
 */
export function clickHouseErrorCode(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  // Our own wrapper (clickHouseFailure) keeps the client's error as its cause.
  if (error instanceof LoyaltyError) return clickHouseErrorCode(error.cause);
  const parsed = (error as { code?: unknown }).code;
  if (typeof parsed === 'string' && /^\d+$/.test(parsed)) return Number(parsed);
  const match = /^Code: (\d+)[.,]/.exec(error.message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Whether ClickHouse refused for a missing table or database (UNKNOWN_TABLE, UNKNOWN_DATABASE):
 * the history is not migrated there.
 */
export function isUnmigratedError(error: unknown): boolean {
  const code = clickHouseErrorCode(error);
  return code === 60 || code === 81;
}

// Codes of an ADD COLUMN whose column the table already has. 18.16 answers 44 (ILLEGAL_COLUMN,
// "Cannot add column x: column with this name already exists"; tried against the dev server);
// current servers check the command first and answer 15 (DUPLICATE_COLUMN), and still 44 where
// the column list itself refuses it (src/Storages/AlterCommands.cpp, ColumnsDescription.cpp).
// Both codes have other causes too, so a caller confirms that the column is there.
const DUPLICATE_COLUMN_CODES = new Set([
  15, // DUPLICATE_COLUMN
  44, // ILLEGAL_COLUMN
]);

/**
 * Whether a failed ALTER ... ADD COLUMN may have failed because the column already exists: the
 * server's code only, never its text; the codes are not specific to that, see above.
 */
export function mayBeDuplicateColumnError(error: unknown): boolean {
  const code = clickHouseErrorCode(error);
  return code !== undefined && DUPLICATE_COLUMN_CODES.has(code);
}

/** Whether a failed ClickHouse request may succeed if sent again (server down, overloaded, timed out). */
export function isRetriableClickHouseError(error: unknown): boolean {
  if (isProgrammingError(error)) return false;
  const code = clickHouseErrorCode(error);
  // No server code: the request never got an answer (refused, reset, timed out).
  return code === undefined || RETRIABLE_CODES.has(code);
}

/** Whether the server refused the login (unknown user, wrong or missing password, address not allowed). */
export function isClickHouseAuthError(error: unknown): boolean {
  const code = clickHouseErrorCode(error);
  return code !== undefined && AUTH_CODES.has(code);
}

/** Wraps a failed ClickHouse request in a LoyaltyError that says whether to retry it. */
export function clickHouseFailure(what: string, error: unknown): LoyaltyError {
  const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (isClickHouseAuthError(error)) {
    return new LoyaltyError(
      `ClickHouse ${what} failed: authentication failed (check CLICKHOUSE_USER and CLICKHOUSE_PASSWORD): ${detail}`,
      { retriable: false, cause: error },
    );
  }
  return new LoyaltyError(`ClickHouse ${what} failed: ${detail}`, {
    retriable: isRetriableClickHouseError(error),
    cause: error,
  });
}

/**
 * ClickHouse refused an insert for the data of (some of) its rows. Sending the same rows again
 * fails the same way, so it is not retriable; but it is no fault of the server or of the
 * code: the rows it refuses can be set aside and the others stored.
 */
export class ClickHouseRowsRefusedError extends LoyaltyError {
  override readonly name = 'ClickHouseRowsRefusedError';
  constructor(
    table: string,
    /** The server's error code (one of the codes that mean "this data cannot be stored"). */
    readonly code: number,
    /** The server's message, its first line. It may quote the refused input. */
    readonly detail: string,
    cause: unknown,
  ) {
    super(`ClickHouse refused the rows of an insert into ${table}: ${detail}`, { retriable: false, cause });
  }
}

/** Whether an insert failed because ClickHouse refused the data of its rows (see ClickHouseRowsRefusedError). */
export function isRowsRefusedError(error: unknown): error is ClickHouseRowsRefusedError {
  return error instanceof ClickHouseRowsRefusedError;
}

/**
 * Wraps a failed insert into `table`: a ClickHouseRowsRefusedError when the server refused
 * the rows' data, otherwise as clickHouseFailure does (retriable or not).
 */
export function clickHouseInsertFailure(table: string, error: unknown): LoyaltyError {
  const code = clickHouseErrorCode(error);
  if (code !== undefined && REFUSED_ROWS_CODES.has(code)) {
    const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    return new ClickHouseRowsRefusedError(table, code, detail, error);
  }
  return clickHouseFailure(`insert into ${table}`, error);
}
