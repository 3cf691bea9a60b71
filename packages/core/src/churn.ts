import { pAlive, pAliveCrossingT } from './bgnbd.js';
import { isOpenAt, latestResolutionAt, severityAt } from './complaints.js';
import type { ComplaintSeverity, Millis } from './history.js';
import type { HistoryIndex } from './history-index.js';
import type { Rules } from './rules.js';
import { lastAtOrBefore, lastIndexAtOrBefore } from './sorted-times.js';
import { DAY_MS, daysMs, utcDay, utcDayStart, WEEK_MS } from './time.js';

export const CHURN_LEVELS = ['low', 'medium', 'high'] as const;
export type ChurnLevel = (typeof CHURN_LEVELS)[number];

/**
 * The conditions behind a churn level. The names are stable identifiers of the rules (the
 * numbers in them are the default thresholds; a configured threshold keeps the name).
 */
export const CHURN_DRIVERS = {
  pAliveBelowHigh: 'p_alive_below_0.3',
  pAliveBelowMedium: 'p_alive_below_0.6',
  singlePurchaseHigh: 'single_purchase_365d',
  singlePurchaseMedium: 'single_purchase_180d',
  unsubscribed: 'unsubscribed',
  severeComplaintOpen: 'severe_complaint_open_7d',
  complaintOpen: 'complaint_open',
  poorResolution: 'poor_resolution',
} as const;
export type ChurnDriver = (typeof CHURN_DRIVERS)[keyof typeof CHURN_DRIVERS];

const HIGH_DRIVERS: ReadonlySet<ChurnDriver> = new Set([
  CHURN_DRIVERS.pAliveBelowHigh,
  CHURN_DRIVERS.singlePurchaseHigh,
  CHURN_DRIVERS.unsubscribed,
  CHURN_DRIVERS.severeComplaintOpen,
]);

/** A customer's churn risk at a moment, with the BG/NBD inputs (weeks) behind it. */
export interface ChurnValue {
  readonly level: ChurnLevel;
  /** 1 - pAlive. */
  readonly score: number;
  readonly pAlive: number;
  /** Every condition that holds, sorted. */
  readonly drivers: readonly ChurnDriver[];
  /** Distinct UTC sale days after the first sale day. */
  readonly x: number;
  /** From the start of the first sale day to the start of the last sale day, in weeks. */
  readonly tx: number;
  /** From the start of the first sale day to t, in weeks. */
  readonly T: number;
}

/** The churn rules of one customer, evaluable at any moment. */
export interface ChurnModel {
  /** The churn risk at t; undefined before the first sale. */
  churnAt(t: Millis): ChurnValue | undefined;
  /** Moments other than entry times at which the churn level can change. */
  changeCandidates(): Millis[];
}

/** Builds the churn rules over one customer's indexed history. */
export function churnModel(index: HistoryIndex, rules: Rules): ChurnModel {
  const churn = rules.churn;
  const singleHighMs = daysMs(churn.singlePurchaseHighDays);
  const singleMediumMs = daysMs(churn.singlePurchaseMediumDays);
  const severeMs = daysMs(churn.severeComplaintOpenDays);
  const severe: ReadonlySet<ComplaintSeverity> = new Set(churn.severeSeverities);
  const { firstSaleAt, saleTimes, complaints } = index;
  const firstUnsubscribedAt = index.campaigns.find((campaign) => campaign.response === 'unsubscribed')?.at;

  // BG/NBD counts purchase occasions in whole days: several sales on one UTC day are one
  // occasion, and x grows at the first sale of each later day.
  const saleDays: number[] = [];
  const dayFirstSaleTimes: Millis[] = [];
  for (const at of saleTimes) {
    const day = utcDay(at);
    if (saleDays[saleDays.length - 1] !== day) {
      saleDays.push(day);
      dayFirstSaleTimes.push(at);
    }
  }
  const firstDay = saleDays[0] ?? 0;
  const firstDayStart = utcDayStart(firstDay);
  const txWeeks = (x: number): number => ((saleDays[x] ?? firstDay) - firstDay) / 7;
  const TWeeks = (t: Millis): number => (t - firstDayStart) / WEEK_MS;
  const pAliveAt = (x: number, t: Millis): number => pAlive(churn.bgnbd, x, txWeeks(x), TWeeks(t));

  const churnAt = (t: Millis): ChurnValue | undefined => {
    if (firstSaleAt === undefined || t < firstSaleAt) return undefined;
    const x = lastIndexAtOrBefore(dayFirstSaleTimes, t);
    const p = pAliveAt(x, t);
    const drivers: ChurnDriver[] = [];
    if (p <= churn.highMaxPAlive) drivers.push(CHURN_DRIVERS.pAliveBelowHigh);
    if (p <= churn.mediumMaxPAlive) drivers.push(CHURN_DRIVERS.pAliveBelowMedium);
    // BG/NBD keeps P(alive) at 1 for one purchase day, so the time since that purchase stands in.
    const sinceLastSale = t - (lastAtOrBefore(saleTimes, t) ?? t);
    if (x === 0 && sinceLastSale >= singleHighMs) drivers.push(CHURN_DRIVERS.singlePurchaseHigh);
    if (x === 0 && sinceLastSale >= singleMediumMs) drivers.push(CHURN_DRIVERS.singlePurchaseMedium);
    if (firstUnsubscribedAt !== undefined && firstUnsubscribedAt <= t) {
      drivers.push(CHURN_DRIVERS.unsubscribed);
    }
    let open = false;
    let severeOpen = false;
    for (const spell of complaints.spells) {
      if (!isOpenAt(spell, t)) continue;
      open = true;
      const severity = severityAt(spell, t);
      if (severity !== undefined && severe.has(severity) && t - spell.start >= severeMs) severeOpen = true;
    }
    if (open) drivers.push(CHURN_DRIVERS.complaintOpen);
    if (severeOpen) drivers.push(CHURN_DRIVERS.severeComplaintOpen);
    const satisfaction = latestResolutionAt(complaints, t)?.satisfaction;
    if (satisfaction !== undefined && satisfaction <= churn.poorSatisfactionMax) {
      drivers.push(CHURN_DRIVERS.poorResolution);
    }
    drivers.sort();
    const level: ChurnLevel = drivers.some((driver) => HIGH_DRIVERS.has(driver))
      ? 'high'
      : drivers.length > 0
        ? 'medium'
        : 'low';
    return { level, score: 1 - p, pAlive: p, drivers, x, tx: txWeeks(x), T: TWeeks(t) };
  };

  // The first whole ms at which P(alive) <= threshold while x stays at its value from
  // segmentStart to segmentEnd; undefined when that is not strictly inside the segment.
  const crossingAt = (
    x: number,
    threshold: number,
    segmentStart: Millis,
    segmentEnd: Millis,
  ): Millis | undefined => {
    const T = pAliveCrossingT(churn.bgnbd, x, txWeeks(x), threshold);
    if (T === undefined) return undefined;
    let at = Math.ceil(firstDayStart + T * WEEK_MS);
    if (at <= segmentStart || at >= segmentEnd || !Number.isSafeInteger(at)) return undefined;
    // The closed form can land a ms off through rounding; pAliveAt, which churnAt uses, decides.
    while (pAliveAt(x, at - 1) <= threshold) at -= 1;
    while (pAliveAt(x, at) > threshold) at += 1;
    return at;
  };

  return {
    churnAt,
    changeCandidates: () => {
      const candidates: Millis[] = [];
      dayFirstSaleTimes.forEach((segmentStart, x) => {
        const segmentEnd = dayFirstSaleTimes[x + 1] ?? Number.POSITIVE_INFINITY;
        for (const threshold of [churn.highMaxPAlive, churn.mediumMaxPAlive]) {
          const at = crossingAt(x, threshold, segmentStart, segmentEnd);
          if (at !== undefined) candidates.push(at);
        }
      });
      // Only the last sale of the first day can start a single-purchase silence, and only
      // until a sale on a later day.
      const lastFirstDaySale = lastAtOrBefore(saleTimes, firstDayStart + DAY_MS - 1);
      const secondDayStart = dayFirstSaleTimes[1] ?? Number.POSITIVE_INFINITY;
      if (lastFirstDaySale !== undefined) {
        for (const silence of [singleMediumMs, singleHighMs]) {
          if (lastFirstDaySale + silence < secondDayStart) candidates.push(lastFirstDaySale + silence);
        }
      }
      for (const spell of complaints.spells) {
        if (spell.start + severeMs < spell.end) candidates.push(spell.start + severeMs);
      }
      return candidates;
    },
  };
}
