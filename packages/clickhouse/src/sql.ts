// The one place where values become SQL text. ClickHouse 18.16 has no query parameters
// ({name:Type} arrived in 19.x), so every value is spliced as a literal built here, and
// every identifier that is not a constant is checked here.

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `name` is a plain identifier (letters, digits, underscore; not starting with a digit). */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** A database, table or column name, checked and back-quoted; throws a TypeError otherwise. */
export function quoteIdentifier(name: string): string {
  if (!isIdentifier(name)) throw new TypeError(`not a plain SQL identifier: ${JSON.stringify(name)}`);
  return `\`${name}\``;
}

/**
 * A string literal. ClickHouse reads backslash escapes in quoted strings (both 18.16 and
 * current releases), so backslash and quote are escaped, and NUL as \0 so that no raw NUL
 * byte travels in the query text.
 */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0')}'`;
}

/** An integer literal; throws a TypeError for anything but a safe integer. */
export function integerLiteral(value: number): string {
  if (!Number.isSafeInteger(value)) throw new TypeError(`not a safe integer: ${value}`);
  return String(value);
}

/** A `DateTime('UTC')` literal for an instant, to the second (milliseconds are dropped). */
export function dateTimeLiteral(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new TypeError('invalid date');
  return `toDateTime(${quoteString(toClickHouseDateTime(at.getTime()))}, 'UTC')`;
}

/** The text form of a DateTime in UTC ("YYYY-MM-DD hh:mm:ss") for an epoch-millisecond instant. */
export function toClickHouseDateTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

// DateTime is an unsigned 32-bit count of seconds: 1970-01-01 to 2106-02-07.
const DATETIME_END_MS = 2 ** 32 * 1000;

/** Whether an epoch-millisecond instant fits a ClickHouse DateTime. */
export function fitsDateTime(epochMs: number): boolean {
  return Number.isFinite(epochMs) && epochMs >= 0 && epochMs < DATETIME_END_MS;
}
