import { describe, expect, it } from 'vitest';
import { meanDifferenceInterval, proportionDifferenceInterval, wilsonInterval } from './intervals.js';

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
});
