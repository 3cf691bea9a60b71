/**
 * The per-customer inputs of BG/NBD and Gamma-Gamma from dated purchases, in the set-up of Fader,
 * Hardie & Lee (2005) for CDNOW: purchases on one day are one transaction (their values summed),
 * time runs in weeks from the first purchase day, and only purchases up to the cut-off count.
 *
 * Days are whole day numbers (e.g. UTC days since the epoch) and time is measured between them:
 * tx = (last purchase day - first) / 7 and T = (cut-off day - first) / 7, so a purchase on the
 * cut-off day has tx = T. This reproduces the paper's data: a CDNOW customer who first bought on
 * 1997-01-01 has T = 272 / 7 = 38.86 weeks at the 1997-09-30 cut-off, and the published estimates
 * (r = 0.243, alpha = 4.414, a = 0.793, b = 2.426, LL = -9582.4) come out of these summaries.
 */

/** A purchase on a whole day number, with its value in any currency unit. */
export interface DayPurchase {
  readonly day: number;
  readonly value: number;
}

/** A customer's calibration summary: BG/NBD's x, tx, T (weeks) and Gamma-Gamma's mx. */
export interface RfmSummary {
  /** Repeat transactions: purchase days after the first. */
  readonly x: number;
  /** Weeks from the first purchase day to the last. */
  readonly tx: number;
  /** Weeks from the first purchase day to the cut-off day. */
  readonly T: number;
  /** Mean value of the repeat transactions (day totals), excluding the first; 0 when x = 0. */
  readonly mx: number;
}

/** Summarises the purchases on or before cutoffDay; undefined when there are none. */
export function rfmSummary(purchases: readonly DayPurchase[], cutoffDay: number): RfmSummary | undefined {
  const dayTotals = new Map<number, number>();
  for (const { day, value } of purchases) {
    if (day <= cutoffDay) dayTotals.set(day, (dayTotals.get(day) ?? 0) + value);
  }
  if (dayTotals.size === 0) return undefined;
  const days = [...dayTotals.keys()].sort((p, q) => p - q);
  const first = days[0] ?? cutoffDay;
  const last = days[days.length - 1] ?? first;
  const x = days.length - 1;
  let repeatValue = 0;
  for (const day of days.slice(1)) repeatValue += dayTotals.get(day) ?? 0;
  return { x, tx: (last - first) / 7, T: (cutoffDay - first) / 7, mx: x > 0 ? repeatValue / x : 0 };
}
