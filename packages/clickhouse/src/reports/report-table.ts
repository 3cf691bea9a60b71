/** A cell of a report table. */
export type Cell = string | number | null;

/** A report as a table: named columns and rows keyed by them, ready for any output format. */
export interface ReportTable {
  readonly columns: readonly string[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

/** Rounds a ratio for display; 6 decimals keep shares exact to a millionth. */
export function ratio(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6;
}
