/**
 * The two checks of a fitted BG/NBD model that Fader, Hardie & Lee (2005) show for CDNOW, and
 * that users of CLV libraries expect:
 *
 * - tracking (their figure 2): cumulative repeat transactions week by week over the calibration
 *   period and the hold-out, actual against E[X(t)] (eq. 9) summed over the customers from their
 *   first purchase day;
 * - conditional expectations (their figure 4): customers grouped by their calibration repeat
 *   transactions x (0 to 6, then 7+), the mean actual hold-out transactions against the mean
 *   E[Y(t) | x, t_x, T] (eq. 10) over the hold-out's t weeks.
 *
 * Days are whole day numbers, counted as in ./rfm-summary.ts: a customer's purchases on one day
 * are one transaction, and time runs in weeks between days.
 */
import type { BgNbdParams } from '../bgnbd.js';
import { conditionalExpectedPurchases, expectedPurchases } from './bgnbd-expectation.js';

/** Customers who share a calibration summary and a hold-out count (SQL groups them so). */
export interface CalibrationGroup {
  readonly customers: number;
  /** The day of their first purchase, on or before the cut-off. */
  readonly firstDay: number;
  /** Repeat transactions on or before the cut-off. */
  readonly x: number;
  /** The day of their last purchase on or before the cut-off. */
  readonly lastDay: number;
  /** Transactions in the hold-out, after the cut-off day up to its last day. */
  readonly holdout: number;
}

export interface CalibrationInput {
  readonly groups: readonly CalibrationGroup[];
  /** Repeat transactions (a purchase day after the customer's first) per day, to the last day. */
  readonly repeatsByDay: ReadonlyMap<number, number>;
  /** The last day of the calibration period. */
  readonly cutoffDay: number;
  /** The hold-out's last day; the cut-off day itself when there is no hold-out. */
  readonly lastDay: number;
}

export interface TrackingWeek {
  /** 1 for the week starting on the first customer's first purchase day. */
  readonly week: number;
  /** The week's last day counted (the hold-out's last day for a cut-short final week). */
  readonly lastDay: number;
  readonly actual: number;
  readonly predicted: number;
}

export interface ConditionalRow {
  /** "0" to "6", then "7+". */
  readonly x: string;
  readonly customers: number;
  /** Mean hold-out transactions per customer. */
  readonly actual: number;
  readonly predicted: number;
}

export interface CalibrationPlots {
  readonly tracking: readonly TrackingWeek[];
  /** The week the cut-off day falls in. */
  readonly cutoffWeek: number;
  readonly holdoutWeeks: number;
  /** Empty when there is no hold-out to compare with. */
  readonly conditional: readonly ConditionalRow[];
}

/** The last calibration purchase count with a group of its own; more are pooled as "7+". */
const POOLED_FROM = 7;

/** The tracking and conditional-expectation plots of `params` on the customers of `input`. */
export function calibrationPlots(params: BgNbdParams, input: CalibrationInput): CalibrationPlots {
  const { groups, repeatsByDay, cutoffDay, lastDay } = input;
  if (groups.length === 0) return { tracking: [], cutoffWeek: 0, holdoutWeeks: 0, conditional: [] };
  const startDay = Math.min(...groups.map((g) => g.firstDay));
  const weeks = Math.ceil((lastDay - startDay + 1) / 7);

  // E[X(t)] depends on the days since the first purchase only: one evaluation per day offset.
  const expectedByOffset = Array.from({ length: lastDay - startDay + 1 }, (_, offset) =>
    expectedPurchases(params, offset / 7),
  );
  const customersByFirstDay = new Map<number, number>();
  for (const g of groups)
    customersByFirstDay.set(g.firstDay, (customersByFirstDay.get(g.firstDay) ?? 0) + g.customers);

  const tracking: TrackingWeek[] = [];
  let actual = 0;
  let countedTo = startDay - 1;
  for (let week = 1; week <= weeks; week += 1) {
    const weekEnd = Math.min(startDay + 7 * week - 1, lastDay);
    for (let day = countedTo + 1; day <= weekEnd; day += 1) actual += repeatsByDay.get(day) ?? 0;
    countedTo = weekEnd;
    let predicted = 0;
    for (const [firstDay, customers] of customersByFirstDay) {
      if (firstDay <= weekEnd) predicted += customers * (expectedByOffset[weekEnd - firstDay] ?? 0);
    }
    tracking.push({ week, lastDay: weekEnd, actual, predicted });
  }

  const holdoutWeeks = (lastDay - cutoffDay) / 7;
  const byX = new Map<number, { customers: number; actual: number; predicted: number }>();
  if (holdoutWeeks > 0) {
    for (const g of groups) {
      const key = Math.min(g.x, POOLED_FROM);
      const row = byX.get(key) ?? { customers: 0, actual: 0, predicted: 0 };
      const expected = conditionalExpectedPurchases(
        params,
        g.x,
        (g.lastDay - g.firstDay) / 7,
        (cutoffDay - g.firstDay) / 7,
        holdoutWeeks,
      );
      byX.set(key, {
        customers: row.customers + g.customers,
        actual: row.actual + g.customers * g.holdout,
        predicted: row.predicted + g.customers * expected,
      });
    }
  }
  const conditional = [...byX]
    .sort(([p], [q]) => p - q)
    .map(([x, row]) => ({
      x: x === POOLED_FROM ? `${POOLED_FROM}+` : String(x),
      customers: row.customers,
      actual: row.actual / row.customers,
      predicted: row.predicted / row.customers,
    }));
  return {
    tracking,
    cutoffWeek: Math.floor((cutoffDay - startDay) / 7) + 1,
    holdoutWeeks,
    conditional,
  };
}

/** Repeat transactions in the hold-out, predicted and actual; undefined without a hold-out. */
export function holdoutTotals(
  plots: CalibrationPlots,
): { readonly weeks: number; readonly predicted: number; readonly actual: number } | undefined {
  const end = plots.tracking.at(-1);
  const atCutoff = plots.tracking[plots.cutoffWeek - 1];
  if (plots.holdoutWeeks <= 0 || end === undefined || atCutoff === undefined) return undefined;
  return {
    weeks: plots.holdoutWeeks,
    predicted: end.predicted - atCutoff.predicted,
    actual: end.actual - atCutoff.actual,
  };
}
