import { dateTimeLiteral, quoteIdentifier } from '../sql.js';

/** A half-open interval of event time [fromMs, toMs); either end may be open. */
export interface TimeRange {
  readonly fromMs?: number;
  readonly toMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * The range of the CLI's --from and --to: UTC calendar days, both inclusive, so
 * `--from 2026-01-01 --to 2026-01-31` is all of January.
 */
export function dayRange(from: string | undefined, to: string | undefined): TimeRange {
  const range: { fromMs?: number; toMs?: number } = {};
  if (from !== undefined) range.fromMs = supportedDay('--from', from);
  if (to !== undefined) range.toMs = supportedDay('--to', to) + DAY_MS;
  if (range.fromMs !== undefined && range.toMs !== undefined && range.fromMs >= range.toMs) {
    throw new RangeError(`--from ${from} is after --to ${to}`);
  }
  return range;
}

/** The days a range may name: those a ClickHouse DateTime holds (to 2106-02-07), whole years. */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '2105-12-31';

function supportedDay(flag: string, text: string): number {
  const ms = parseDay(text);
  if (ms < parseDay(FIRST_DAY) || ms > parseDay(LAST_DAY)) {
    throw new RangeError(
      `${flag} ${text} lies outside the days the history can hold (${FIRST_DAY} to ${LAST_DAY})`,
    );
  }
  return ms;
}

/** Midnight UTC of a YYYY-MM-DD day, as epoch milliseconds; throws a RangeError for anything else. */
export function parseDay(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Number.NaN;
  // Date.parse accepts 2026-02-30 as March 2nd; the round trip rejects it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new RangeError(`not a date of the form YYYY-MM-DD: ${JSON.stringify(text)}`);
  }
  return ms;
}

/** A SQL condition that `column` lies in the range ("1" when the range is open at both ends). */
export function rangeCondition(column: string, range: TimeRange): string {
  const name = quoteIdentifier(column);
  const parts: string[] = [];
  if (range.fromMs !== undefined) parts.push(`${name} >= ${dateTimeLiteral(new Date(range.fromMs))}`);
  if (range.toMs !== undefined) parts.push(`${name} < ${dateTimeLiteral(new Date(range.toMs))}`);
  return parts.length === 0 ? '1' : parts.join(' AND ');
}
