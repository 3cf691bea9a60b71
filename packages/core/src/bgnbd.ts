/**
 * P(alive) of the BG/NBD model: Fader, Hardie & Lee (2005), "Counting Your Customers the Easy
 * Way: An Alternative to the Pareto/NBD Model", Marketing Science 24(2), with the expression
 * derived in their note "Computing P(alive) Using the BG/NBD Model":
 *
 *   P(alive | r, alpha, a, b, x, t_x, T) = 1 / (1 + [x > 0] * a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x))
 *
 * x is the number of repeat purchases, t_x the time of the last one and T the length of
 * observation, all measured from the first purchase in the unit the parameters were fitted in
 * (weeks here).
 */

/** The four BG/NBD parameters: r, alpha (purchase rate) and a, b (dropout). */
export interface BgNbdParams {
  readonly r: number;
  readonly alpha: number;
  readonly a: number;
  readonly b: number;
}

/**
 * The log-odds of being dead, ln((1 - P) / P): working with it keeps P finite for any x and T,
 * where the power ((alpha + T) / (alpha + t_x))^(r + x) alone overflows for a large x.
 */
function logOddsDead(params: BgNbdParams, x: number, txWeeks: number, TWeeks: number): number {
  const { r, alpha, a, b } = params;
  // ln((alpha + T) / (alpha + t_x)) through log1p, exact when T is close to t_x.
  const logRatio = Math.log1p((TWeeks - txWeeks) / (alpha + txWeeks));
  return Math.log(a) - Math.log(b + x - 1) + (r + x) * logRatio;
}

/** P(alive) for x repeat purchases, the last at t_x, observed for T (weeks, T >= t_x); 1 when x = 0. */
export function pAlive(params: BgNbdParams, x: number, txWeeks: number, TWeeks: number): number {
  if (x === 0) return 1;
  const logOdds = logOddsDead(params, x, txWeeks, TWeeks);
  // The logistic 1 / (1 + e^z), evaluated on the side where the exponential cannot overflow.
  if (logOdds > 0) {
    const odds = Math.exp(-logOdds);
    return odds / (1 + odds);
  }
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * The T (weeks) at which P(alive) falls to p, for fixed x > 0 and t_x: P(alive) <= p exactly
 * when T is at or after it. Solving the expression above for T:
 * T = (alpha + t_x) * K^(1/(r+x)) - alpha with K = (1/p - 1) * (b + x - 1) / a.
 * A result at or before t_x means P(alive) is already <= p at t_x. Undefined for x = 0, where
 * P(alive) stays 1.
 */
export function pAliveCrossingT(
  params: BgNbdParams,
  x: number,
  txWeeks: number,
  p: number,
): number | undefined {
  if (x === 0) return undefined;
  const { r, alpha, a, b } = params;
  const logK = Math.log(1 / p - 1) + Math.log(b + x - 1) - Math.log(a);
  // (alpha + t_x) * e^q - alpha, written with expm1 so that a crossing near t_x keeps its digits.
  return txWeeks + (alpha + txWeeks) * Math.expm1(logK / (r + x));
}
