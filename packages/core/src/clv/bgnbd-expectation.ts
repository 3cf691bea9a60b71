/**
 * Expected purchases under the BG/NBD model, Fader, Hardie & Lee (2005), "Counting Your Customers
 * the Easy Way", Marketing Science 24(2), eqs. 9 and 10 (derived in its appendix). Eq. 10 is
 * P(alive) times the purchases expected from a customer alive at T, the decomposition Fader &
 * Hardie use for the Pareto/NBD in "A Note on Deriving the Pareto/NBD Model and Related
 * Expressions" (2005); P(alive) is the expression of their note "Computing P(alive) Using the
 * BG/NBD Model" (see ../bgnbd.ts). With z = t / (alpha + T + t):
 *
 *   eq. 10: E[Y(t) | x, t_x, T] = (a + b + x - 1) / (a - 1)
 *             * [1 - ((alpha + T) / (alpha + T + t))^(r + x) 2F1(r + x, b + x; a + b + x - 1; z)]
 *             * P(alive | x, t_x, T)
 *   eq. 9:  E[X(t)] = (a + b - 1) / (a - 1) * [1 - (alpha / (alpha + t))^r 2F1(r, b; a + b - 1; t / (alpha + t))]
 *
 * Eq. 9 is the bracket of eq. 10 at x = 0, T = 0 with P(alive) = 1 (a new customer is alive).
 */
import { type BgNbdParams, pAlive } from '../bgnbd.js';
import { hyp2f1, hyp2f1Excess } from './hypergeometric.js';

/**
 * (a + b + x - 1) / (a - 1) * [1 - (1 - z)^(r + x) 2F1(r + x, b + x; a + b + x - 1; z)]: the
 * purchases expected in the next t weeks from a customer who has made x repeat purchases and is
 * alive at T. Two evaluations, each exact where the other is not:
 *
 * - a - 1 > r + x + 1: as published. The series has positive terms and, as
 *   c - (r + x) - (b + x) = a - 1 - r - x > 1, converges at z = 1; the divisor a - 1 exceeds 1.
 * - otherwise: Euler's transformation (Abramowitz & Stegun 15.3.3), with
 *   1 - z = (alpha + T) / (alpha + T + t), turns (1 - z)^(r + x) 2F1(r + x, b + x; c; z) into
 *   u F with u = (1 - z)^(a - 1) and F = 2F1(a + b - 1 - r, a - 1; c; z), whose power no longer
 *   grows with x (it overflows for a large x otherwise). Writing F = 1 + (a - 1) E with
 *   E = hyp2f1Excess(a + b - 1 - r, a - 1, c, z), the bracket over a - 1 is
 *   (1 - u) / (a - 1) - u E, with no division by a - 1 left (expm1 gives the first quotient), so
 *   a = 1 is no singularity. E grows at most like 1 / (1 - z) here, as
 *   c - (a + b - 1 - r) - (a - 1) = x + r + 1 - a >= -1.
 */
function expectedPurchasesWhileAlive(params: BgNbdParams, x: number, TWeeks: number, tWeeks: number): number {
  const { r, alpha, a, b } = params;
  if (tWeeks <= 0) return 0;
  const c = a + b + x - 1;
  const z = tWeeks / (alpha + TWeeks + tWeeks);
  const lnOneMinusZ = -Math.log1p(tWeeks / (alpha + TWeeks));
  if (a - 1 > r + x + 1) {
    return (c * (1 - Math.exp((r + x) * lnOneMinusZ) * hyp2f1(r + x, b + x, c, z))) / (a - 1);
  }
  const u = Math.exp((a - 1) * lnOneMinusZ);
  const oneMinusUOverAMinus1 = a === 1 ? -lnOneMinusZ : -Math.expm1((a - 1) * lnOneMinusZ) / (a - 1);
  return c * (oneMinusUOverAMinus1 - u * hyp2f1Excess(a + b - 1 - r, a - 1, c, z));
}

/** E[Y(t) | x, t_x, T]: repeat purchases expected in the t weeks after T (FHL 2005, eq. 10). */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  x: number,
  txWeeks: number,
  TWeeks: number,
  tWeeks: number,
): number {
  return expectedPurchasesWhileAlive(params, x, TWeeks, tWeeks) * pAlive(params, x, txWeeks, TWeeks);
}

/** E[X(t)]: repeat purchases expected from a new customer in the t weeks after the first (FHL 2005, eq. 9). */
export function expectedPurchases(params: BgNbdParams, tWeeks: number): number {
  return expectedPurchasesWhileAlive(params, 0, 0, tWeeks);
}
