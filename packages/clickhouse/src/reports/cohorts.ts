import { type JsonInteger, toSafeInteger } from '../values.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** One row of the retention matrix: the customers whose first sale was in `cohort`. */
export interface CohortRow {
  /** The first-purchase month, YYYY-MM. */
  readonly cohort: string;
  readonly customers: number;
  /** active[k]: how many of them bought in the k-th month after the first (active[0] = customers). */
  readonly active: readonly number[];
}

/**
 * Cohort retention: customers grouped by the month of their first sale, and for each later
 * month how many of them bought again. Only sales count (a return is not a visit); the range
 * selects cohorts by the time of their first sale, and their later months are all counted.
 */
export async function cohortsReport(context: ReportContext, range: TimeRange): Promise<CohortRow[]> {
  // The month offset is taken with arrayJoin(...) - first_month rather than a lambda: 18.16
  // drops subquery columns that only a lambda refers to ("Unknown identifier").
  const rows = await reportRows<{ cohort: string; months_since: JsonInteger; customers: JsonInteger }>(
    context,
    `SELECT cohort, months_since, count() AS customers
     FROM
     (
         SELECT cohort, arrayJoin(sale_months) - first_month AS months_since
         FROM
         (
             SELECT customer_id,
                    min(occurred_at) AS first_sale_at,
                    substring(toString(toStartOfMonth(min(occurred_at))), 1, 7) AS cohort,
                    toRelativeMonthNum(min(occurred_at)) AS first_month,
                    groupUniqArray(toRelativeMonthNum(occurred_at)) AS sale_months
             FROM purchases FINAL
             WHERE kind = 'sale'
             GROUP BY customer_id
         )
         WHERE ${rangeCondition('first_sale_at', range)}
     )
     GROUP BY cohort, months_since
     ORDER BY cohort, months_since`,
  );
  const byCohort = new Map<string, number[]>();
  for (const row of rows) {
    const active = byCohort.get(row.cohort) ?? [];
    // Months without a buyer are absent from the result; they count zero.
    while (active.length < toSafeInteger(row.months_since)) active.push(0);
    active.push(toSafeInteger(row.customers));
    byCohort.set(row.cohort, active);
  }
  return [...byCohort].map(([cohort, active]) => ({ cohort, customers: active[0] ?? 0, active }));
}
