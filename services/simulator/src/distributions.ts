import type { Rng } from './prng.js';

// The continuous distributions of the customer model, drawn from a seeded Rng.

/** An exponential waiting time with the given rate (mean 1 / rate). */
export function exponential(rng: Rng, rate: number): number {
  // 1 - u is in (0, 1], so the logarithm is finite.
  return -Math.log(1 - rng.next()) / rate;
}

/** A standard normal deviate (Box-Muller; one of the pair is discarded to keep no hidden state). */
export function standardNormal(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** A lognormal deviate: exp of a normal with mean mu and standard deviation sigma. */
export function logNormal(rng: Rng, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * standardNormal(rng));
}

/**
 * A gamma deviate with the given shape and scale (mean shape x scale), by Marsaglia & Tsang
 * (2000), "A simple method for generating gamma variables"; shapes below 1 use their boost
 * Gamma(k) = Gamma(k + 1) x U^(1/k).
 */
export function gamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gamma(rng, shape + 1, scale) * (1 - rng.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(rng);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

/** A beta deviate, as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a, 1);
  const y = gamma(rng, b, 1);
  return x / (x + y);
}

/** An index drawn with probability proportional to its (non-negative) weight. */
export function weightedIndex(rng: Rng, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i] ?? 0;
  let target = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i] ?? 0;
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/** One of the entries of a weighted table. */
export function weightedPick<T>(rng: Rng, table: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of table) total += weight;
  let target = rng.next() * total;
  for (const [value, weight] of table) {
    target -= weight;
    if (target < 0) return value;
  }
  const last = table[table.length - 1];
  if (last === undefined) throw new RangeError('weightedPick needs a non-empty table');
  return last[0];
}
