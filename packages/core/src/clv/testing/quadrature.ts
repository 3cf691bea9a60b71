/**
 * Plain numerical integration for the tests: an independent route to the model's expectations,
 * from its definition as an integral over the customer's latent p, that shares no code (no
 * hypergeometric function, no ln Γ) with the closed forms under test.
 */

/** ∫_lo^hi f by the composite Simpson rule on `intervals` (even) intervals. */
export function simpson(f: (u: number) => number, lo: number, hi: number, intervals = 20_000): number {
  const h = (hi - lo) / intervals;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (sum * h) / 3;
}

/**
 * E[g(p)] for p ~ Beta(a, b), b >= 1. The substitution p = u^(1/a) turns the weight
 * p^(a-1) (1 - p)^(b-1) dp into (1 - u^(1/a))^(b-1) du / a, removing the singularity at 0;
 * dividing by the same quadrature of the weight alone normalises it.
 */
export function betaExpectation(g: (p: number) => number, a: number, b: number): number {
  const weight = (u: number): number => (1 - u ** (1 / a)) ** (b - 1);
  return simpson((u) => g(u ** (1 / a)) * weight(u), 0, 1) / simpson(weight, 0, 1);
}

/** r (r + 1) ... (r + n - 1), the rising factorial for a whole n. */
export function rising(r: number, n: number): number {
  let product = 1;
  for (let i = 0; i < n; i++) product *= r + i;
  return product;
}
