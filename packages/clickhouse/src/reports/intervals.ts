/**
 * 95% confidence intervals for the reports that compare groups: a proportion (Wilson's score
 * interval), a difference of two proportions (Newcombe's hybrid score interval, his method 10,
 * built from the two Wilson intervals), and a difference of two means (Welch's normal
 * approximation). Newcombe (1998), "Interval estimation for the difference between independent
 * proportions", Statistics in Medicine 17.
 */

/** The normal quantile of a two-sided 95% interval. */
const Z95 = 1.959963984540054;

export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** Wilson's interval for `successes` of `trials`; undefined without trials. */
export function wilsonInterval(successes: number, trials: number): Interval | undefined {
  if (trials === 0) return undefined;
  const p = successes / trials;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (Z95 / (1 + z2 / trials)) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe's interval for p1 - p2, each a count of successes in trials; undefined if either has none. */
export function proportionDifferenceInterval(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
): Interval | undefined {
  const first = wilsonInterval(successes1, trials1);
  const second = wilsonInterval(successes2, trials2);
  if (first === undefined || second === undefined) return undefined;
  const p1 = successes1 / trials1;
  const p2 = successes2 / trials2;
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2),
    high: d + Math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2),
  };
}

/** A sample as the sums the SQL gives: its size, the sum of its values and of their squares. */
export interface SampleSums {
  readonly n: number;
  readonly sum: number;
  readonly sumOfSquares: number;
}

/** The sample variance (n - 1 in the divisor); undefined below two values. */
function sampleVariance({ n, sum, sumOfSquares }: SampleSums): number | undefined {
  if (n < 2) return undefined;
  return Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1));
}

/** Welch's interval for mean1 - mean2; undefined unless each sample has two values. */
export function meanDifferenceInterval(first: SampleSums, second: SampleSums): Interval | undefined {
  const v1 = sampleVariance(first);
  const v2 = sampleVariance(second);
  if (v1 === undefined || v2 === undefined) return undefined;
  const d = first.sum / first.n - second.sum / second.n;
  const half = Z95 * Math.sqrt(v1 / first.n + v2 / second.n);
  return { low: d - half, high: d + half };
}
