// Event-time helpers: durations in milliseconds and ISO 8601 timestamps with the UTC offset a
// shop's till would print, so consumers meet +01:00 and +02:00 as well as Z.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** Where a store keeps its clock: a standard offset and whether it follows EU summer time. */
export interface TimeZone {
  readonly standardOffsetMinutes: number;
  readonly euSummerTime: boolean;
}

export const UTC: TimeZone = { standardOffsetMinutes: 0, euSummerTime: false };

const summerTimeByYear = new Map<number, readonly [number, number]>();

/** 01:00 UTC on the last Sunday of a month (month 0-based): when EU clocks change. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  const day = lastDay.getUTCDate() - lastDay.getUTCDay();
  return Date.UTC(year, month, day, 1);
}

// EU summer time (Directive 2000/84/EC): from 01:00 UTC on the last Sunday of March to
// 01:00 UTC on the last Sunday of October, in every member state at the same instant.
function isEuSummerTime(ms: number): boolean {
  const year = new Date(ms).getUTCFullYear();
  let bounds = summerTimeByYear.get(year);
  if (bounds === undefined) {
    bounds = [lastSundayAtOneUtc(year, 2), lastSundayAtOneUtc(year, 9)];
    summerTimeByYear.set(year, bounds);
  }
  return ms >= bounds[0] && ms < bounds[1];
}

/** The offset from UTC, in minutes, of a zone's wall clock at an instant. */
export function offsetMinutesAt(zone: TimeZone, ms: number): number {
  return zone.standardOffsetMinutes + (zone.euSummerTime && isEuSummerTime(ms) ? 60 : 0);
}

/** An instant as ISO 8601 with milliseconds in the zone's local time and offset (Z for UTC). */
export function formatInstant(ms: number, zone: TimeZone): string {
  const offset = offsetMinutesAt(zone, ms);
  if (offset === 0) return new Date(ms).toISOString();
  const local = new Date(ms + offset * MINUTE_MS).toISOString().slice(0, 23);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
