import type { Cell, ReportTable } from '@loyalty/clickhouse';

export const FORMATS = ['table', 'csv', 'json'] as const;
export type OutputFormat = (typeof FORMATS)[number];

/** Whether `name` is an output format. */
export function isOutputFormat(name: string): name is OutputFormat {
  return (FORMATS as readonly string[]).includes(name);
}

function text(cell: Cell | undefined): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

/** Columns padded to their widest cell, numbers right-aligned, under a header and a rule. */
export function formatTable(table: ReportTable): string {
  const { columns, rows } = table;
  if (rows.length === 0) return '(no rows)\n';
  const cells = rows.map((row) => columns.map((c) => text(row[c])));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = columns.map((c) => rows.every((row) => row[c] === null || typeof row[c] === 'number'));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (numeric[i] ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n')}\n`;
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV with a header row (RFC 4180, CRLF line ends); null is an empty field. */
export function formatCsv(table: ReportTable): string {
  const lines = [table.columns, ...table.rows.map((row) => table.columns.map((c) => text(row[c])))];
  return lines.map((line) => `${line.map(csvField).join(',')}\r\n`).join('');
}

/** A JSON array of row objects, one per line. */
export function formatJson(table: ReportTable): string {
  if (table.rows.length === 0) return '[]\n';
  return `[\n${table.rows.map((row) => `  ${JSON.stringify(row)}`).join(',\n')}\n]\n`;
}

/** The table in the given format. */
export function formatReport(table: ReportTable, format: OutputFormat): string {
  switch (format) {
    case 'table':
      return formatTable(table);
    case 'csv':
      return formatCsv(table);
    case 'json':
      return formatJson(table);
  }
}
