import {
  type ReportContext,
  type TimeRange,
  type UpliftRow,
  type WinBackRow,
  winBackReport,
  winBackUpliftReport,
} from '@loyalty/clickhouse';
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
  currency: string,
): Promise<{ charts: ChartSpec[]; body: string }> {
  const [rows, uplift] = await Promise.all([
    winBackReport(context, range, EXPORTED),
    winBackUpliftReport(context, range),
  ]);
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
      ...experimentCharts(uplift),
    ],
    body: `${experimentTable(uplift, currency)}<section class="wide">
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

const percent = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)}%`);
const money = (minor: number | null, currency: string) =>
  minor === null ? '-' : `${(minor / 100).toFixed(2)} ${currency}`;

/** Conversion within 90 days of the experiments' treated and control customers, over all of them. */
function experimentCharts(uplift: readonly UpliftRow[]): ChartSpec[] {
  const all = uplift[0];
  if (all === undefined) return [];
  const rates = [all.treatedConversion ?? 0, all.controlConversion ?? 0];
  return [
    {
      kind: 'bars',
      id: 'experiments',
      title: 'Win-back experiments: customers buying within 90 days, treated against control',
      categoryName: 'group',
      valueName: 'converted (%)',
      categories: ['treated', 'control'],
      values: rates.map((rate) => Math.round(rate * 1000) / 10),
      labels: [
        `${percent(all.treatedConversion)} of ${all.treated}`,
        `${percent(all.controlConversion)} of ${all.control}`,
      ],
    },
  ];
}

function experimentTable(uplift: readonly UpliftRow[], currency: string): string {
  if (uplift.length === 0) return '';
  const interval = (i: { low: number; high: number } | null, show: (n: number) => string) =>
    i === null ? '-' : `${show(i.low)} to ${show(i.high)}`;
  const cents = (n: number) => money(n, currency);
  return `<section class="wide">${table(
    'Win-back experiments by churn level and CLV at assignment: uplift is treated minus control, with its 95% interval',
    [
      'churn level',
      'CLV band',
      'treated',
      'control',
      'converted (treated / control)',
      'conversion uplift',
      '95% interval',
      'revenue uplift (90 days)',
      '95% interval',
    ],
    uplift.map((row) => [
      row.churnLevel,
      row.clvBand,
      String(row.treated),
      String(row.control),
      `${percent(row.treatedConversion)} / ${percent(row.controlConversion)}`,
      percent(row.conversionUplift),
      interval(row.conversionUpliftInterval, (n) => percent(n)),
      money(row.revenueUplift, currency),
      interval(row.revenueUpliftInterval, cents),
    ]),
  )}</section>`;
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
