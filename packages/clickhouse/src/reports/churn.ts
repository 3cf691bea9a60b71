import { CHURN_LEVELS } from '@loyalty/contracts';
import { integerLiteral } from '../sql.js';
import { type JsonInteger, toSafeInteger } from '../values.js';
import { compareByOrder, compareText } from './compare.js';
import { monthLabel, monthNumber } from './months.js';
import { type ReportContext, reportRows } from './report-context.js';
import { rangeCondition, type TimeRange } from './time-range.js';

/** Customers at a churn level at the end of a month, in all or with one driver. */
export interface ChurnRow {
  readonly month: string;
  readonly level: string;
  /** A driver of the customers' last assessment, or null for all customers at the level. */
  readonly driver: string | null;
  readonly customers: number;
}

/**
 * Customers by churn-risk level and driver at the end of each month of the range. A level
 * holds from its churn-risk event until the next one, so a customer is counted in every month
 * after their first assessment, not only in months with an event; the drivers are those of
 * the level's event. Corrections count as announced: at a month's end, the customer's level
 * is that of the last event announced (stored) among those that occurred by then, so a
 * correction overrides the events announced before it, later in event time or not. Months run
 * from --from (or the first assessment) to --to (or the last).
 */
export async function churnReport(context: ReportContext, range: TimeRange): Promise<ChurnRow[]> {
  const upTo = rangeCondition('occurred_at', range.toMs === undefined ? {} : { toMs: range.toMs });
  const [bounds] = await reportRows<{
    first_month: JsonInteger;
    last_month: JsonInteger;
    signals: JsonInteger;
  }>(
    context,
    `SELECT toRelativeMonthNum(min(occurred_at)) AS first_month,
            toRelativeMonthNum(max(occurred_at)) AS last_month,
            count() AS signals
     FROM churn_signals FINAL
     WHERE ${upTo}`,
  );
  if (bounds === undefined || toSafeInteger(bounds.signals) === 0) return [];
  const first = range.fromMs === undefined ? toSafeInteger(bounds.first_month) : monthNumber(range.fromMs);
  const last =
    range.toMs === undefined
      ? Math.max(toSafeInteger(bounds.last_month), first)
      : monthNumber(range.toMs - 1);
  const months = Array.from({ length: last - first + 1 }, (_, i) => integerLiteral(first + i));
  // Which event is a customer's latest is the order they were announced in, not their event
  // time: a correction's occurred_at is since when the corrected value holds, earlier than that
  // of the events it overrides (contracts, correctionShape). The table keeps no Kafka offset, so
  // ingested_at (the sink stores a topic's messages in order) stands for that order; within one
  // second, event time and then the id decide, as before corrections existed.
  // Per customer, the last announced assessment of each month with one, as parallel arrays in
  // announcement order; each report month then takes the last entry of a month at or before
  // it. The lambda's month_num is also selected: 18.16 loses columns that only a lambda uses.
  const rows = await reportRows<{
    month_num: JsonInteger;
    level: string;
    driver: string;
    customers: JsonInteger;
  }>(
    context,
    `SELECT month_num, level, driver, uniqExact(customer_id) AS customers
     FROM
     (
         SELECT customer_id, month_num, levels[idx] AS level, driver_lists[idx] AS drivers
         FROM
         (
             SELECT customer_id, month_num, levels, driver_lists,
                    arrayReduce('max', arrayFilter((i, m) -> m <= month_num, arrayEnumerate(signal_months), signal_months)) AS idx
             FROM
             (
                 SELECT customer_id,
                        arrayMap(t -> t.2, history) AS signal_months,
                        arrayMap(t -> t.3, history) AS levels,
                        arrayMap(t -> t.4, history) AS driver_lists
                 FROM
                 (
                     SELECT customer_id,
                            arraySort(groupArray((last_announced, signal_month, last_level, last_drivers))) AS history
                     FROM
                     (
                         SELECT customer_id,
                                toRelativeMonthNum(occurred_at) AS signal_month,
                                max((ingested_at, occurred_at, event_id)) AS last_announced,
                                argMax(new_level, (ingested_at, occurred_at, event_id)) AS last_level,
                                argMax(drivers, (ingested_at, occurred_at, event_id)) AS last_drivers
                         FROM churn_signals FINAL
                         WHERE ${upTo}
                         GROUP BY customer_id, signal_month
                     )
                     GROUP BY customer_id
                 )
             )
             ARRAY JOIN [${months.join(', ')}] AS month_num
         )
         WHERE idx > 0
     )
     ARRAY JOIN arrayConcat([''], drivers) AS driver
     GROUP BY month_num, level, driver`,
  );
  return rows
    .map((row) => ({
      month: monthLabel(toSafeInteger(row.month_num)),
      level: row.level,
      // Drivers are never empty (contracts), so '' marks the all-drivers total.
      driver: row.driver === '' ? null : row.driver,
      customers: toSafeInteger(row.customers),
    }))
    .sort(
      (a, b) =>
        compareText(a.month, b.month) ||
        compareByOrder(CHURN_LEVELS, a.level, b.level) ||
        (a.driver === null ? -1 : b.driver === null ? 1 : compareText(a.driver, b.driver)),
    );
}
