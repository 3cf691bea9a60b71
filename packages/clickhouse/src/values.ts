// ClickHouse's JSON output quotes 64-bit integers (output_format_json_quote_64bit_integers
// is on by default in every release) and leaves narrower ones bare; these read both.

/** An integer column as JSON gives it: a number up to 32 bits, a string from 64 bits (which arithmetic often yields). */
export type JsonInteger = string | number;

/** A ClickHouse integer (bare or quoted) as a number; throws if it is not a safe integer. */
export function toSafeInteger(value: JsonInteger): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${String(value)}`);
  return n;
}
