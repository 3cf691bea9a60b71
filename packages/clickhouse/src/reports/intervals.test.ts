import { describe, expect, it } from 'vitest';
import {
  meanDifferenceInterval,
  meanInterval,
  proportionDifferenceInterval,
  standardisedRate,
  wilsonInterval,
} from './intervals.js';

describe('95% intervals', () => {
  it("gives Wilson's interval: 8 of 10 is [0.490, 0.943], 0 of 10 [0, 0.278]", () => {
    const eight = wilsonInterval(8, 10);
    expect(eight?.low).toBeCloseTo(0.4902, 4);
    expect(eight?.high).toBeCloseTo(0.9433, 4);
    expect(wilsonInterval(0, 10)?.low).toBe(0);
    expect(wilsonInterval(0, 10)?.high).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(0, 0)).toBeUndefined();
  });

  // Newcombe (1998), table II, example (a): 56/70 - 48/80, method 10 gives [0.0524, 0.3339].
  it("gives Newcombe's interval for a difference of proportions as published", () => {
    const d = proportionDifferenceInterval(56, 70, 48, 80);
    expect(d?.low).toBeCloseTo(0.0524, 4);
    expect(d?.high).toBeCloseTo(0.3339, 4);
    // 10/10 - 0/10 by hand: the Wilson bounds are 0.7225 and 0.2775, so the low end is
    // 1 - sqrt(0.2775^2 + 0.2775^2) = 0.6075.
    const extreme = proportionDifferenceInterval(10, 10, 0, 10);
    expect(extreme?.low).toBeCloseTo(0.6075, 4);
    expect(extreme?.high).toBeCloseTo(1, 4);
    expect(proportionDifferenceInterval(1, 1, 0, 0)).toBeUndefined();
  });

  it("gives Welch's interval for a difference of means from the sums", () => {
    // {1, 2, 3, 4} (mean 2.5, variance 5/3) against {2, 4} (mean 3, variance 2).
    const d = meanDifferenceInterval({ n: 4, sum: 10, sumOfSquares: 30 }, { n: 2, sum: 6, sumOfSquares: 20 });
    const half = 1.959963984540054 * Math.sqrt(5 / 3 / 4 + 2 / 2);
    expect(d?.low).toBeCloseTo(-0.5 - half, 12);
    expect(d?.high).toBeCloseTo(-0.5 + half, 12);
    expect(
      meanDifferenceInterval({ n: 1, sum: 1, sumOfSquares: 1 }, { n: 2, sum: 6, sumOfSquares: 20 }),
    ).toBeUndefined();
  });
  it('standardises a rate to the weights of its strata, with a normal interval', () => {
    // One stratum: 3 of 7, standard error sqrt(3/7 * 4/7 / 7) = 0.187044.
    const one = standardisedRate([{ weight: 4, successes: 3, trials: 7 }]);
    expect(one.rate).toBeCloseTo(3 / 7, 12);
    expect(one.interval.low).toBeCloseTo(3 / 7 - 1.959964 * 0.187044, 5);
    expect(one.interval.high).toBeCloseTo(3 / 7 + 1.959964 * 0.187044, 5);
    // Weights 4 and 1: (4 * 3/7 + 2/3) / 5 = 0.476190; variance (4/5)^2 * 0.034985 +
    // (1/5)^2 * (2/3 * 1/3 / 3) = 0.022390 + 0.002963 = 0.025353.
    const two = standardisedRate([
      { weight: 4, successes: 3, trials: 7 },
      { weight: 1, successes: 2, trials: 3 },
    ]);
    expect(two.rate).toBeCloseTo(0.47619, 5);
    expect(two.interval.high - two.rate).toBeCloseTo(1.959964 * Math.sqrt(0.025353), 4);
    // Within 0-1 however wide.
    expect(standardisedRate([{ weight: 1, successes: 1, trials: 2 }]).interval).toEqual({ low: 0, high: 1 });
  });

  it('gives the normal interval of a mean from its sums, none below two values', () => {
    // {1, 2, 3, 4, 5}: mean 3, variance 2.5, standard error sqrt(0.5).
    const mean = meanInterval({ n: 5, sum: 15, sumOfSquares: 55 });
    expect(mean?.low).toBeCloseTo(3 - 1.959964 * Math.SQRT1_2, 5);
    expect(mean?.high).toBeCloseTo(3 + 1.959964 * Math.SQRT1_2, 5);
    expect(meanInterval({ n: 1, sum: 8000, sumOfSquares: 64e6 })).toBeUndefined();
  });
});
