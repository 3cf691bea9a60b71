/**
 * What checking a fitted CLV model against the history takes: the fits recorded in model_fits,
 * and the data of the calibration plots (packages/core/src/clv/calibration-plots.ts) as of a
 * fit's cut-off. Purchases are counted as the fit counts them (./clv-calibration.ts): sales only,
 * copies of an event once, the sales of one UTC day one transaction.
 */
import { type CalibrationInput, type ClvModelRecord, ClvModelRecordSchema } from '@loyalty/core';
import type { ReportContext } from '../reports/report-context.js';
import { reportRows } from '../reports/report-context.js';
import { parseDay } from '../reports/time-range.js';
import { dateTimeLiteral } from '../sql.js';
import { type ModelFitRow, TABLES } from '../tables.js';
import { type JsonInteger, toSafeInteger } from '../values.js';

const DAY_MS = 86_400_000;

/** The fits recorded in model_fits, the latest first; copies of an insert count once. */
export async function modelFitHistory(context: ReportContext, limit = 20): Promise<ClvModelRecord[]> {
  const rows = await reportRows<ModelFitRow>(
    context,
    `SELECT toString(fitted_at) AS fitted_at, toString(cutoff) AS cutoff,
            any(sample_size) AS sample_size, any(log_likelihood) AS log_likelihood,
            any(bgnbd_r) AS bgnbd_r, any(bgnbd_alpha) AS bgnbd_alpha, any(bgnbd_a) AS bgnbd_a,
            any(bgnbd_b) AS bgnbd_b, any(repeat_sample_size) AS repeat_sample_size,
            any(gamma_gamma_log_likelihood) AS gamma_gamma_log_likelihood,
            any(gamma_gamma_p) AS gamma_gamma_p, any(gamma_gamma_q) AS gamma_gamma_q,
            any(gamma_gamma_gamma) AS gamma_gamma_gamma
     FROM ${TABLES.modelFits}
     GROUP BY fitted_at, cutoff
     ORDER BY fitted_at DESC, cutoff DESC
     LIMIT ${Math.trunc(limit)}`,
  );
  // Checked like the model Redis holds: a row no model could have is an error, not a chart.
  return rows.map((row) =>
    ClvModelRecordSchema.parse({
      fittedAt: `${row.fitted_at.replace(' ', 'T')}.000Z`,
      cutoff: row.cutoff,
      sampleSize: toSafeInteger(row.sample_size),
      logLikelihood: row.log_likelihood,
      bgnbd: { r: row.bgnbd_r, alpha: row.bgnbd_alpha, a: row.bgnbd_a, b: row.bgnbd_b },
      repeatSampleSize: toSafeInteger(row.repeat_sample_size),
      gammaGammaLogLikelihood: row.gamma_gamma_log_likelihood,
      gammaGamma: { p: row.gamma_gamma_p, q: row.gamma_gamma_q, gamma: row.gamma_gamma_gamma },
    }),
  );
}

/**
 * The customers of a fit with a sale on or before `cutoff` (YYYY-MM-DD), and their repeat
 * transactions to `lastDay` (the hold-out's last day; by default the last day with a sale). Days
 * are UTC days since the epoch. Throws a RangeError for a malformed day.
 */
export async function calibrationData(
  context: ReportContext,
  cutoff: string,
  lastDay?: string,
): Promise<CalibrationInput> {
  const cutoffDay = parseDay(cutoff) / DAY_MS;
  const last = lastDay === undefined ? await lastSaleDay(context) : parseDay(lastDay) / DAY_MS;
  const endDay = Math.max(cutoffDay, last ?? cutoffDay);
  const customerDays = `
    SELECT customer_id, intDiv(toUInt32(at), 86400) AS day
    FROM
    (
        SELECT customer_id, event_id, any(occurred_at) AS at
        FROM purchases
        WHERE kind = 'sale' AND occurred_at < ${dateTimeLiteral(new Date((endDay + 1) * DAY_MS))}
        GROUP BY customer_id, event_id
    )
    GROUP BY customer_id, day`;
  const [groups, repeats] = await Promise.all([
    reportRows<{
      first_day: JsonInteger;
      last_day: JsonInteger;
      days: JsonInteger;
      holdout: JsonInteger;
      customers: JsonInteger;
    }>(
      context,
      `SELECT first_day, last_day, days, holdout, count() AS customers
       FROM
       (
           SELECT customer_id, min(day) AS first_day, maxIf(day, day <= ${cutoffDay}) AS last_day,
                  countIf(day <= ${cutoffDay}) AS days, countIf(day > ${cutoffDay}) AS holdout
           FROM (${customerDays})
           GROUP BY customer_id
           HAVING first_day <= ${cutoffDay}
       )
       GROUP BY first_day, last_day, days, holdout`,
    ),
    reportRows<{ day: JsonInteger; repeats: JsonInteger }>(
      context,
      `SELECT repeat_day AS day, count() AS repeats
       FROM
       (
           SELECT customer_id, groupArray(day) AS days, min(day) AS first_day
           FROM (${customerDays})
           GROUP BY customer_id
           HAVING first_day <= ${cutoffDay}
       )
       ARRAY JOIN days AS repeat_day
       WHERE repeat_day > first_day
       GROUP BY repeat_day`,
    ),
  ]);
  return {
    groups: groups.map((row) => ({
      customers: toSafeInteger(row.customers),
      firstDay: toSafeInteger(row.first_day),
      x: toSafeInteger(row.days) - 1,
      lastDay: toSafeInteger(row.last_day),
      holdout: toSafeInteger(row.holdout),
    })),
    repeatsByDay: new Map(repeats.map((row) => [toSafeInteger(row.day), toSafeInteger(row.repeats)])),
    cutoffDay,
    lastDay: endDay,
  };
}

/** The last UTC day with a sale; undefined for a history without one. */
async function lastSaleDay(context: ReportContext): Promise<number | undefined> {
  const [row] = await reportRows<{ day: JsonInteger; sales: JsonInteger }>(
    context,
    `SELECT intDiv(toUInt32(max(occurred_at)), 86400) AS day, count() AS sales FROM purchases WHERE kind = 'sale'`,
  );
  return row === undefined || toSafeInteger(row.sales) === 0 ? undefined : toSafeInteger(row.day);
}
