/**
 * The BG/NBD log-likelihood of Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way:
 * An Alternative to the Pareto/NBD Model", Marketing Science 24(2), eq. 6:
 *
 *   L(r, alpha, a, b | x, t_x, T) = A1 A2 [A3 + [x > 0] A4]
 *   ln A1 = ln Γ(r + x) - ln Γ(r) + r ln alpha
 *   ln A2 = ln Γ(a + b) + ln Γ(b + x) - ln Γ(b) - ln Γ(a + b + x)
 *   ln A3 = -(r + x) ln(alpha + T)
 *   ln A4 = ln a - ln(b + x - 1) - (r + x) ln(alpha + t_x)
 *
 * (their eq. 6 with B(a, b + x) / B(a, b) and B(a + 1, b + x - 1) / B(a, b + x) = a / (b + x - 1)
 * written out), evaluated in logs throughout: ln Γ instead of Γ and log-sum-exp for A3 + A4.
 */
import type { BgNbdParams } from '../bgnbd.js';
import { lnGamma } from './ln-gamma.js';

/**
 * One customer's calibration summary, or `count` identical ones: x repeat purchases (purchase days
 * after the first), the last at tx, observed for T; tx and T in weeks from the first purchase.
 */
export interface BgNbdObservation {
  readonly x: number;
  readonly tx: number;
  readonly T: number;
  /** How many customers share this summary; default 1. */
  readonly count?: number;
}

/** Merges identical (x, tx, T) rows into one row each with the summed count, in first-seen order. */
export function groupBgNbdObservations(rows: readonly BgNbdObservation[]): BgNbdObservation[] {
  const groups = new Map<string, { x: number; tx: number; T: number; count: number }>();
  for (const { x, tx, T, count = 1 } of rows) {
    const key = `${x}|${tx}|${T}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { x, tx, T, count });
    else group.count += count;
  }
  return [...groups.values()];
}

/** The BG/NBD log-likelihood of the rows (each weighted by its count) under the parameters. */
export function bgnbdLogLikelihood(params: BgNbdParams, rows: readonly BgNbdObservation[]): number {
  const { r, alpha, a, b } = params;
  const constant = -lnGamma(r) + r * Math.log(alpha) + lnGamma(a + b) - lnGamma(b);
  let total = 0;
  for (const { x, tx, T, count = 1 } of rows) {
    const lnA1A2 = lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x) + constant;
    const lnA3 = -(r + x) * Math.log(alpha + T);
    let lnBracket = lnA3;
    if (x > 0) {
      const lnA4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
      const high = Math.max(lnA3, lnA4);
      lnBracket = high + Math.log1p(Math.exp(Math.min(lnA3, lnA4) - high));
    }
    total += count * (lnA1A2 + lnBracket);
  }
  return total;
}
