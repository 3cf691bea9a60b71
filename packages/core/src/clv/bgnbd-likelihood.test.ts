import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, groupBgNbdObservations } from './bgnbd-likelihood.js';
import { betaExpectation, rising } from './testing/quadrature.js';

// The CDNOW estimates of Fader, Hardie & Lee (2005), weeks.
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/**
 * The likelihood from its definition (FHL 2005, eq. 3 mixed over λ ~ Gamma(r, alpha) and
 * p ~ Beta(a, b)): the λ integral in closed form, alpha^r (r)_x / (alpha + s)^(r + x), and the p
 * integral by quadrature.
 */
function likelihoodByQuadrature(x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = CDNOW;
  const lambdaPart = (s: number): number => (alpha ** r * rising(r, x)) / (alpha + s) ** (r + x);
  const alive = betaExpectation((p) => (1 - p) ** x, a, b) * lambdaPart(T);
  const dead = x > 0 ? betaExpectation((p) => p * (1 - p) ** (x - 1), a, b) * lambdaPart(tx) : 0;
  return alive + dead;
}

describe('bgnbdLogLikelihood', () => {
  it('matches the likelihood integrated numerically from the model', () => {
    for (const [x, tx, T] of [
      [0, 0, 38.86],
      [1, 2, 30],
      [2, 30.43, 38.86],
      [7, 35, 39],
      [15, 20, 50],
    ] as const) {
      const expected = Math.log(likelihoodByQuadrature(x, tx, T));
      expect(bgnbdLogLikelihood(CDNOW, [{ x, tx, T }])).toBeCloseTo(expected, 8);
    }
  });

  it('weights each row by its count', () => {
    const rows = [
      { x: 0, tx: 0, T: 30 },
      { x: 2, tx: 10, T: 30 },
      { x: 0, tx: 0, T: 30 },
      { x: 2, tx: 10, T: 30 },
      { x: 0, tx: 0, T: 30 },
      { x: 5, tx: 28, T: 31 },
    ];
    const grouped = groupBgNbdObservations(rows);
    expect(grouped).toEqual([
      { x: 0, tx: 0, T: 30, count: 3 },
      { x: 2, tx: 10, T: 30, count: 2 },
      { x: 5, tx: 28, T: 31, count: 1 },
    ]);
    expect(bgnbdLogLikelihood(CDNOW, grouped)).toBeCloseTo(bgnbdLogLikelihood(CDNOW, rows), 10);
  });

  it('stays finite and exact where the terms of the likelihood underflow', () => {
    const [x, tx, T] = [400, 400, 500];
    // (alpha + T)^-(r + x) is about e^-2500, far below the smallest double.
    expect((CDNOW.alpha + T) ** -(CDNOW.r + x)).toBe(0);
    const value = bgnbdLogLikelihood(CDNOW, [{ x, tx, T }]);
    expect(Number.isFinite(value)).toBe(true);
    // Measuring time in days instead of weeks (alpha, t_x, T times 7) divides the density of the
    // x purchase times by 7^x and leaves the rest alone: ln L falls by exactly x ln 7.
    const inDays = bgnbdLogLikelihood({ ...CDNOW, alpha: 7 * CDNOW.alpha }, [{ x, tx: 7 * tx, T: 7 * T }]);
    expect(inDays).toBeCloseTo(value - x * Math.log(7), 8);
  });
});
