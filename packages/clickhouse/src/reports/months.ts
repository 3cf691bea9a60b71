// Months as ClickHouse's toRelativeMonthNum counts them: year x 12 + month (1-12).

/** The relative month number of an instant, in UTC. */
export function monthNumber(epochMs: number): number {
  const at = new Date(epochMs);
  return at.getUTCFullYear() * 12 + at.getUTCMonth() + 1;
}

/** YYYY-MM of a relative month number. */
export function monthLabel(monthNum: number): string {
  const year = Math.floor((monthNum - 1) / 12);
  const month = ((monthNum - 1) % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}
