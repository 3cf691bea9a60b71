import type { Millis } from './history.js';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** A whole number of days in milliseconds. */
export function daysMs(days: number): Millis {
  return days * DAY_MS;
}

/** The UTC calendar day holding `at`, as whole days since the epoch. */
export function utcDay(at: Millis): number {
  return Math.floor(at / DAY_MS);
}

/** The first millisecond of a UTC calendar day. */
export function utcDayStart(day: number): Millis {
  return day * DAY_MS;
}
