import { describe, expect, it } from 'vitest';
import { pAlive } from '../bgnbd.js';
import { conditionalExpectedPurchases, expectedPurchases } from './bgnbd-expectation.js';
import { betaExpectation } from './testing/quadrature.js';

// The CDNOW estimates of Fader, Hardie & Lee (2005), weeks.
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
type Params = typeof CDNOW;

/**
 * E[Y(t) | x, t_x, T] from the model's definition, not from eq. 10: alive at T with probability
 * P(alive), λ | alive ~ Gamma(r + x, alpha + T) and p | alive ~ Beta(a, b + x), and a customer
 * alive at the start makes (1 - e^(-λpt)) / p purchases in t on average (FHL 2005, eq. 7).
 * The mean over λ is closed, 1 - ((alpha + T) / (alpha + T + pt))^(r + x); the one over p is by
 * quadrature. P(alive) comes likewise from the two branches of the likelihood.
 */
function byQuadrature(params: Params, x: number, tx: number, T: number, t: number): number {
  const { r, alpha, a, b } = params;
  const perP = (p: number): number =>
    p === 0 ? ((r + x) * t) / (alpha + T) : -Math.expm1(-(r + x) * Math.log1p((p * t) / (alpha + T))) / p;
  const aliveWeight = betaExpectation((p) => (1 - p) ** x, a, b) * (alpha + T) ** -(r + x);
  const deadWeight =
    x > 0 ? betaExpectation((p) => p * (1 - p) ** (x - 1), a, b) * (alpha + tx) ** -(r + x) : 0;
  return (aliveWeight / (aliveWeight + deadWeight)) * betaExpectation(perP, a, b + x);
}

describe('conditionalExpectedPurchases', () => {
  it('gives 1.226 for x = 2, t_x = 30.43, T = 38.86 over the next 39 weeks', () => {
    // The value quoted for this CDNOW customer; 1.2260281747671444 by mpmath.hyp2f1 at
    // 30 digits from eq. 10 as published, and by quadrature from the model's definition.
    const value = conditionalExpectedPurchases(CDNOW, 2, 30.43, 38.86, 39);
    expect(value).toBeCloseTo(1.2260281747671444, 13);
    expect(value).toBeCloseTo(byQuadrature(CDNOW, 2, 30.43, 38.86, 39), 8);
    expect(value.toFixed(3)).toBe('1.226');
  });

  it('matches eq. 10 evaluated by mpmath, for a large x and a long horizon', () => {
    expect(conditionalExpectedPurchases(CDNOW, 300, 38, 39, 39)).toBeCloseTo(53.17512147242396, 10);
    expect(conditionalExpectedPurchases(CDNOW, 5, 10, 30, 520)).toBeCloseTo(1.809992344747714, 12);
    expect(conditionalExpectedPurchases(CDNOW, 1, 2, 60, 26)).toBeCloseTo(0.06880128774890384, 14);
  });

  it('matches the quadrature across customers', () => {
    for (const [x, tx, T, t] of [
      [0, 0, 20, 39],
      [1, 5, 38, 10],
      [4, 37, 39, 52],
      [12, 30, 39, 104],
    ] as const) {
      expect(conditionalExpectedPurchases(CDNOW, x, tx, T, t)).toBeCloseTo(
        byQuadrature(CDNOW, x, tx, T, t),
        7,
      );
    }
  });

  it('is P(alive) times the purchases expected while alive, with the P(alive) of ../bgnbd', () => {
    const alive = conditionalExpectedPurchases(CDNOW, 3, 39, 39, 39) / pAlive(CDNOW, 3, 39, 39);
    expect(conditionalExpectedPurchases(CDNOW, 3, 10, 39, 39)).toBeCloseTo(
      alive * pAlive(CDNOW, 3, 10, 39),
      12,
    );
  });

  it('has no singularity at a = 1', () => {
    const atOne = { ...CDNOW, a: 1 };
    const value = conditionalExpectedPurchases(atOne, 2, 30.43, 38.86, 39);
    // Eq. 10 by mpmath at 90 digits with a = 1 ± 1e-40 (fewer digits lose the answer to the
    // cancellation this code avoids): 1.1021367860399558.
    expect(value).toBeCloseTo(1.1021367860399558, 13);
    expect(value).toBeCloseTo(byQuadrature(atOne, 2, 30.43, 38.86, 39), 8);
    expect(conditionalExpectedPurchases({ ...CDNOW, a: 1 + 1e-9 }, 2, 30.43, 38.86, 39)).toBeCloseTo(
      value,
      8,
    );
  });

  it('stays exact for a large a, where the Euler form would cancel', () => {
    // Eq. 10 by mpmath.hyp2f1 at 40 digits: x = 2, t_x = 30.43, T = 38.86, t = 39; E[X(39)]; E[X(2000)].
    for (const [a, conditional, at39, at2000] of [
      [2.5, 0.6797833728338369, 0.777138253552002, 2.0407166228177576],
      [60, 0.03171240071326242, 0.441278206724122, 0.8103406940397188],
      [400, 0.004705479273638072, 0.4284712404203099, 0.7792983975606558],
    ] as const) {
      const params = { ...CDNOW, a, b: 3 };
      expect(conditionalExpectedPurchases(params, 2, 30.43, 38.86, 39)).toBeCloseTo(conditional, 12);
      expect(expectedPurchases(params, 39)).toBeCloseTo(at39, 12);
      expect(expectedPurchases(params, 2000)).toBeCloseTo(at2000, 12);
    }
  });

  it('is 0 for t = 0 and grows with t', () => {
    expect(conditionalExpectedPurchases(CDNOW, 2, 30, 39, 0)).toBe(0);
    let previous = 0;
    for (let t = 1; t <= 1024; t *= 2) {
      const value = conditionalExpectedPurchases(CDNOW, 2, 30, 39, t);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });
});

describe('expectedPurchases', () => {
  it('matches eq. 9 evaluated by mpmath and the quadrature', () => {
    // mpmath.hyp2f1 at 30 digits: E[X(39)] = 1.196723193320817, E[X(78)] = 1.8605190579427686.
    expect(expectedPurchases(CDNOW, 39)).toBeCloseTo(1.196723193320817, 13);
    expect(expectedPurchases(CDNOW, 78)).toBeCloseTo(1.8605190579427686, 13);
    expect(expectedPurchases(CDNOW, 39)).toBeCloseTo(byQuadrature(CDNOW, 0, 0, 0, 39), 8);
  });

  it('is the conditional expectation of a customer just acquired', () => {
    for (const t of [1, 39, 500]) {
      expect(expectedPurchases(CDNOW, t)).toBe(conditionalExpectedPurchases(CDNOW, 0, 0, 0, t));
    }
  });
});
