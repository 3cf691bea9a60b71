/**
 * Customer lifetime value over a finite horizon: the purchases BG/NBD expects in each period times
 * the spend Gamma-Gamma expects per purchase, discounted to the cut-off (the CLV set-up of Fader,
 * Hardie & Lee 2005, "RFM and CLV", JMR 42(4), summed over discrete periods instead of their
 * continuous-time DERT).
 *
 * Discounting: the horizon H (weeks after T) is cut into periods of length Δ; period k covers
 * (t_{k-1}, t_k] with t_k = min(k Δ, H) (the last period is shorter when H is not a multiple of Δ).
 * Its expected purchases E[Y(t_k)] - E[Y(t_{k-1})] are valued as if made at the period's end and
 * discounted by (1 + D)^-(t_k / Y), D the annual rate and Y = 365.25 / 7 weeks a year. For whole
 * periods that is (1 + d)^-k with the per-period rate d = (1 + D)^(Δ / Y) - 1: end-of-period
 * cash flows, the convention of the `lifetimes` package's customer_lifetime_value.
 */
import type { BgNbdParams } from '../bgnbd.js';
import { conditionalExpectedPurchases } from './bgnbd-expectation.js';
import { conditionalExpectedSpend, type GammaGammaParams } from './gamma-gamma.js';
import type { RfmSummary } from './rfm-summary.js';

/** Weeks in a year of 365.25 days. */
export const WEEKS_PER_YEAR = 365.25 / 7;
/** Weeks in a twelfth of such a year, the default period. */
export const WEEKS_PER_MONTH = WEEKS_PER_YEAR / 12;

/** The two fitted models CLV combines: purchases (BG/NBD, weeks) and spend (Gamma-Gamma). */
export interface ClvModel {
  readonly bgnbd: BgNbdParams;
  readonly gammaGamma: GammaGammaParams;
}

/** Horizon, period and discount rate of {@link customerLifetimeValue}. */
export interface ClvOptions {
  /** Weeks after T that are valued. */
  readonly horizonWeeks: number;
  /** Length of one discounting period; default one month, {@link WEEKS_PER_MONTH}. */
  readonly periodWeeks?: number;
  /** Annual discount rate D, e.g. 0.1 for 10 % a year; 0 for none. */
  readonly annualDiscountRate: number;
}

/**
 * The discounted value, in the unit of mx, of the customer's purchases expected in the horizon
 * after the cut-off: Σ_k (E[Y(t_k)] - E[Y(t_{k-1})]) E[M] (1 + D)^-(t_k / Y).
 */
export function customerLifetimeValue(model: ClvModel, customer: RfmSummary, options: ClvOptions): number {
  const { horizonWeeks, annualDiscountRate } = options;
  const periodWeeks = options.periodWeeks ?? WEEKS_PER_MONTH;
  if (!(periodWeeks > 0)) throw new RangeError(`periodWeeks must be positive, got ${periodWeeks}`);
  const { x, tx, T, mx } = customer;
  const spend = conditionalExpectedSpend(model.gammaGamma, mx, x);
  const logDiscountPerWeek = Math.log1p(annualDiscountRate) / WEEKS_PER_YEAR;
  let value = 0;
  let previousPurchases = 0;
  for (let k = 1; (k - 1) * periodWeeks < horizonWeeks; k++) {
    const t = Math.min(k * periodWeeks, horizonWeeks);
    const purchases = conditionalExpectedPurchases(model.bgnbd, x, tx, T, t);
    value += (purchases - previousPurchases) * Math.exp(-logDiscountPerWeek * t);
    previousPurchases = purchases;
  }
  return value * spend;
}
