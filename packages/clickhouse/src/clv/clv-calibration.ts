/**
 * The calibration data of the CLV models, read from the purchase history: per customer, BG/NBD's
 * x, t_x and T and Gamma-Gamma's mean repeat spend as of a cut-off day, in the set-up of Fader,
 * Hardie & Lee (2005) for CDNOW (packages/core/src/clv/rfm-summary.ts computes the same in
 * TypeScript): sales only; the sales of one UTC day are one transaction, their totals summed;
 * time in weeks from the first purchase day; a purchase on the cut-off day counts.
 *
 * Copies of an event collapse through GROUP BY (customer_id, event_id), the table's sorting key,
 * so the result never depends on whether a merge has run; ClickHouse 18.16 has no window
 * functions, so the first day's total comes from argMin.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows } from '../query.js';
import { parseDay } from '../reports/time-range.js';
import { dateTimeLiteral } from '../sql.js';
import { type JsonInteger, toSafeInteger } from '../values.js';

/** One customer's calibration summary at the cut-off. */
export interface ClvCalibrationRow {
  readonly customerId: string;
  /** Repeat transactions: UTC days with a sale after the first such day. */
  readonly x: number;
  /** Weeks from the first purchase day to the last. */
  readonly tx: number;
  /** Weeks from the first purchase day to the cut-off day. */
  readonly T: number;
  /** Mean sales total of the repeat days (the first day excluded), minor units; 0 when x = 0. */
  readonly meanRepeatSpendMinor: number;
}

const DAY_MS = 86_400_000;

/**
 * The calibration summary of every customer with a sale on or before `cutoff` (YYYY-MM-DD, UTC),
 * ordered by customer id; throws a RangeError for a malformed day.
 */
export async function clvCalibration(client: ClickHouseClient, cutoff: string): Promise<ClvCalibrationRow[]> {
  const cutoffDay = parseDay(cutoff) / DAY_MS;
  const end = dateTimeLiteral(new Date((cutoffDay + 1) * DAY_MS));
  const rows = await selectRows<{
    customer_id: string;
    days: JsonInteger;
    first_day: JsonInteger;
    last_day: JsonInteger;
    repeat_minor: JsonInteger;
  }>(
    client,
    `SELECT customer_id,
            count() AS days,
            min(day) AS first_day,
            max(day) AS last_day,
            sum(day_minor) - argMin(day_minor, day) AS repeat_minor
     FROM
     (
         SELECT customer_id, intDiv(toUInt32(at), 86400) AS day, sum(amount) AS day_minor
         FROM
         (
             SELECT customer_id, event_id, any(occurred_at) AS at, any(total_minor) AS amount
             FROM purchases
             WHERE kind = 'sale' AND occurred_at < ${end}
             GROUP BY customer_id, event_id
         )
         GROUP BY customer_id, day
     )
     GROUP BY customer_id
     ORDER BY customer_id`,
  );
  return rows.map((row) => {
    const x = toSafeInteger(row.days) - 1;
    const firstDay = toSafeInteger(row.first_day);
    return {
      customerId: row.customer_id,
      x,
      tx: (toSafeInteger(row.last_day) - firstDay) / 7,
      T: (cutoffDay - firstDay) / 7,
      meanRepeatSpendMinor: x > 0 ? toSafeInteger(row.repeat_minor) / x : 0,
    };
  });
}
