import { integerLiteral } from '../sql.js';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { quintileScores, type RfmSegment, rfmSegment } from './rfm-scores.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** One customer's RFM values and scores. */
export interface RfmRow {
  readonly customerId: string;
  /** Whole days from the last sale to the end of the range (or now). */
  readonly recencyDays: number;
  /** Distinct sale orders in the range. */
  readonly frequency: number;
  /** Net revenue in the range (sales less returns), in minor units. */
  readonly monetaryMinor: number;
  readonly r: number;
  readonly f: number;
  readonly m: number;
  readonly segment: RfmSegment;
}

const DAY_S = 86_400;

/** RFM values and scores of one customer, before its segment. */
type ScoredRow = Omit<RfmRow, 'segment'>;

/**
 * RFM of every customer with a sale in the range, scored in quintiles across them (see
 * rfm-scores.ts for the scores and the segment grid). Recency is measured to the end of the
 * range, or to `nowMs` when the range is open-ended. A server with window functions ranks in
 * SQL; 18.16 ships the customers' values and the ranks are taken here, with the same result.
 */
export async function rfmReport(
  context: ReportContext,
  range: TimeRange,
  nowMs = Date.now(),
): Promise<RfmRow[]> {
  const asOfS = Math.floor((range.toMs ?? nowMs) / 1000);
  const scored = context.windowFunctions
    ? await scoredInSql(context, range, asOfS)
    : await scoredHere(context, range, asOfS);
  return scored.map((row) => ({ ...row, segment: rfmSegment(row.r, row.f, row.m) }));
}

// One row per customer with a sale in the range: whole days since the last sale, the sale
// orders, net revenue.
function perCustomer(range: TimeRange, asOfS: number): string {
  return `SELECT customer_id,
            greatest(0, intDiv(${integerLiteral(asOfS)} - toInt64(toUInt32(maxIf(occurred_at, kind = 'sale'))), ${DAY_S})) AS recency_days,
            uniqExactIf(order_id, kind = 'sale') AS frequency,
            sum(net_minor) AS monetary_minor
     FROM purchases FINAL
     WHERE ${rangeCondition('occurred_at', range)}
     GROUP BY customer_id
     HAVING frequency > 0`;
}

// The customers come as one sorted array of (id, recency, frequency, monetary) tuples in a
// single row: one JSON value to parse instead of a row object per customer, which took as long
// as the ranking itself. Customer ids are unique, so the tuples sort by id alone.
async function scoredHere(context: ReportContext, range: TimeRange, asOfS: number): Promise<ScoredRow[]> {
  const [result] = await reportRows<{ customers: [string, JsonInteger, JsonInteger, JsonInteger][] }>(
    context,
    `SELECT arraySort(groupArray((customer_id, recency_days, frequency, monetary_minor))) AS customers
     FROM (${perCustomer(range, asOfS)})`,
  );
  const customers = result?.customers ?? [];
  const recency = customers.map((customer) => toSafeInteger(customer[1]));
  const frequency = customers.map((customer) => toSafeInteger(customer[2]));
  const monetary = customers.map((customer) => toSafeInteger(customer[3]));
  const r = quintileScores(recency, 'lower');
  const f = quintileScores(frequency, 'higher');
  const m = quintileScores(monetary, 'higher');
  return customers.map(([customerId], i) => ({
    customerId,
    recencyDays: recency[i] as number,
    frequency: frequency[i] as number,
    monetaryMinor: monetary[i] as number,
    r: r[i] as number,
    f: f[i] as number,
    m: m[i] as number,
  }));
}

// quintileScores in SQL: rank() - 1 counts the values strictly worse than a row's (ascending
// when higher is better, descending for recency), a count over the value's partition the
// values equal to it; 1 + floor(5 (2b + e) / 2n) in integers.
async function scoredInSql(context: ReportContext, range: TimeRange, asOfS: number): Promise<ScoredRow[]> {
  const quintile = (column: string, order: 'ASC' | 'DESC') =>
    `1 + intDiv(5 * (2 * (rank() OVER (ORDER BY ${column} ${order}) - 1) + count() OVER (PARTITION BY ${column})), 2 * count() OVER ())`;
  const rows = await reportRows<{
    customer_id: string;
    recency_days: JsonInteger;
    frequency: JsonInteger;
    monetary_minor: JsonInteger;
    r: JsonInteger;
    f: JsonInteger;
    m: JsonInteger;
  }>(
    context,
    `SELECT customer_id, recency_days, frequency, monetary_minor,
            ${quintile('recency_days', 'DESC')} AS r,
            ${quintile('frequency', 'ASC')} AS f,
            ${quintile('monetary_minor', 'ASC')} AS m
     FROM (${perCustomer(range, asOfS)})
     ORDER BY customer_id`,
  );
  return rows.map((row) => ({
    customerId: row.customer_id,
    recencyDays: toSafeInteger(row.recency_days),
    frequency: toSafeInteger(row.frequency),
    monetaryMinor: toSafeInteger(row.monetary_minor),
    r: toSafeInteger(row.r),
    f: toSafeInteger(row.f),
    m: toSafeInteger(row.m),
  }));
}
