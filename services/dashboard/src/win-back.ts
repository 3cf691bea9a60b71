import { type ReportContext, type TimeRange, type WinBackRow, winBackReport } from '@loyalty/clickhouse';
import type { ChartSpec } from './charts.js';
import { escapeHtml, pageLink, type Selection, table } from './layout.js';

/** The most customers the page lists; the CSV has them all. */
const LISTED = 200;
const EXPORTED = 100_000;

const columns = ['customer', 'high risk since', 'drivers', 'CLV', 'expected purchases (90 days)'];
const cells = (row: WinBackRow): string[] => [
  row.customerId,
  row.highSince,
  row.drivers.join(', '),
  row.clv === null ? '-' : row.clv.toFixed(2),
  row.expectedPurchases90d === null ? '-' : row.expectedPurchases90d.toFixed(2),
];

/** The win-back page: the drivers behind high risk, and the customers by expected value. */
export async function winBackPage(
  context: ReportContext,
  range: TimeRange,
  selection: Selection,
): Promise<{ charts: ChartSpec[]; body: string }> {
  const rows = await winBackReport(context, range, EXPORTED);
  const drivers = new Map<string, number>();
  for (const row of rows)
    for (const driver of row.drivers) drivers.set(driver, (drivers.get(driver) ?? 0) + 1);
  const byCount = [...drivers].sort((a, b) => b[1] - a[1]);
  const csv = pageLink('/win-back.csv', selection);
  return {
    charts: [
      {
        kind: 'bars',
        id: 'drivers',
        title: `What drives high churn risk (${rows.length} customers)`,
        categoryName: 'driver',
        valueName: 'customers',
        categories: byCount.map(([driver]) => driver),
        values: byCount.map(([, customers]) => customers),
      },
    ],
    body: `<section class="wide">
<p><a href="${escapeHtml(csv)}" download>Download all ${rows.length} as CSV</a> for a campaign tool.</p>
${table(
  `Customers at high churn risk, most valuable first${rows.length > LISTED ? ` (the first ${LISTED})` : ''}`,
  columns,
  rows.slice(0, LISTED).map(cells),
  { column: 0, href: (id) => pageLink('/customer', selection, { id }) },
)}
</section>`,
  };
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field a
// spreadsheet would run as a formula is prefixed with a quote.
function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Every customer at high churn risk as CSV, header first. */
export async function winBackCsv(context: ReportContext, range: TimeRange): Promise<string> {
  const rows = await winBackReport(context, range, EXPORTED);
  const header = ['customer_id', 'high_since', 'drivers', 'clv', 'expected_purchases_90d'];
  const lines = rows.map((row) =>
    [
      row.customerId,
      row.highSince,
      row.drivers.join(' '),
      row.clv === null ? '' : String(row.clv),
      row.expectedPurchases90d === null ? '' : String(row.expectedPurchases90d),
    ]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
