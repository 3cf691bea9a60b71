import { describe, expect, it } from 'vitest';
import { lnGamma } from './ln-gamma.js';

describe('lnGamma', () => {
  it('matches known values to about 15 significant digits', () => {
    // Reference values from mpmath.loggamma at 30 digits.
    const cases: readonly (readonly [number, number])[] = [
      [1e-10, 23.025850929882736],
      [1e-5, 11.512919692895826],
      [0.1, 2.252712651734206],
      [0.25, 1.2880225246980774],
      [0.5, 0.5723649429247001], // ln √π
      [1.5, -0.12078223763524522],
      [2.5, 0.2846828704729192],
      [3.7, 1.4280723266653879],
      [10, 12.801827480081469], // ln 9!
      [30.43, 72.71546585002503],
      [100, 359.1342053695754],
      [1000, 5905.220423209181],
      [1e6, 12815504.569147611],
      [1e10, 220258509288.81058],
    ];
    for (const [x, expected] of cases) {
      expect(Math.abs(lnGamma(x) - expected)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(expected)));
    }
  });

  it('is 0 at 1 and 2 and follows ln Γ(x + 1) = ln Γ(x) + ln x', () => {
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-15);
    expect(Math.abs(lnGamma(2))).toBeLessThan(1e-15);
    for (let x = 0.05; x < 60; x *= 1.37) {
      expect(lnGamma(x + 1) - lnGamma(x)).toBeCloseTo(Math.log(x), 12);
    }
  });

  it('is NaN off the positive axis', () => {
    expect(lnGamma(0)).toBeNaN();
    expect(lnGamma(-1.5)).toBeNaN();
    expect(lnGamma(Number.NaN)).toBeNaN();
  });
});
