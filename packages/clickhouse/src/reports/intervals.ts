/**
 * 95% confidence intervals for the reports that compare groups: a proportion (Wilson's score
 * interval), a rate standardised over strata and a mean (normal approximations), a difference
 * of two estimates from an interval of each (Newcombe's square-and-add: his method 10 for two
 * proportions with Wilson intervals), and a difference of two means (Welch's normal
 * approximation). Newcombe (1998), "Interval estimation for the difference between independent
 * proportions", Statistics in Medicine 17; Zou & Donner (2008) for square-and-add in general.
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

/** The interval of e1 - e2 from an interval of each estimate, by square-and-add. */
export function differenceInterval(e1: number, i1: Interval, e2: number, i2: Interval): Interval {
  const d = e1 - e2;
  return {
    low: d - Math.sqrt((e1 - i1.low) ** 2 + (i2.high - e2) ** 2),
    high: d + Math.sqrt((i1.high - e1) ** 2 + (e2 - i2.low) ** 2),
  };
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
  return differenceInterval(successes1 / trials1, first, successes2 / trials2, second);
}

/** A stratum's weight and its group's successes of trials. */
export interface WeightedStratum {
  readonly weight: number;
  readonly successes: number;
  readonly trials: number;
}

/** The rate directly standardised to the strata's weights, with its normal interval (within 0-1). */
export function standardisedRate(strata: readonly WeightedStratum[]): { rate: number; interval: Interval } {
  const total = strata.reduce((sum, s) => sum + s.weight, 0);
  if (!(total > 0)) throw new RangeError('standardising needs weights');
  let rate = 0;
  let variance = 0;
  for (const { weight, successes, trials } of strata) {
    const share = weight / total;
    const p = successes / trials;
    rate += share * p;
    variance += (share * share * p * (1 - p)) / trials;
  }
  const half = Z95 * Math.sqrt(variance);
  return { rate, interval: { low: Math.max(0, rate - half), high: Math.min(1, rate + half) } };
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

/** The normal interval of a sample's mean; undefined below two values. */
export function meanInterval(sample: SampleSums): Interval | undefined {
  const variance = sampleVariance(sample);
  if (variance === undefined) return undefined;
  const mean = sample.sum / sample.n;
  const half = Z95 * Math.sqrt(variance / sample.n);
  return { low: mean - half, high: mean + half };
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
