import { describe, expect, it } from 'vitest';
import { conditionalExpectedSpend, fitGammaGamma, gammaGammaLogLikelihood } from './gamma-gamma.js';
import { lnGamma } from './ln-gamma.js';
import { simpson } from './testing/quadrature.js';

const CDNOW_SPEND = { p: 6.25, q: 3.74, gamma: 15.44 };

/**
 * The model from its definition: the mean of x transactions Gamma(p, nu) is Gamma(px, x nu), and
 * nu ~ Gamma(q, gamma); integrating nu out numerically gives the density of m_x, and weighting
 * E[M | nu] = p / nu by it the expected spend. lnGammaOf supplies the two normalising constants.
 */
function byQuadrature(
  params: { p: number; q: number; gamma: number },
  x: number,
  mx: number,
  lnGammaOf: (v: number) => number,
): { density: number; expectedSpend: number } {
  const { p, q, gamma } = params;
  const px = p * x;
  const joint = (nu: number): number =>
    nu === 0
      ? 0
      : Math.exp(
          px * Math.log(x * nu) +
            (px - 1) * Math.log(mx) -
            x * nu * mx -
            lnGammaOf(px) +
            q * Math.log(gamma) +
            (q - 1) * Math.log(nu) -
            gamma * nu -
            lnGammaOf(q),
        );
  const upper = (40 * (px + q)) / (gamma + x * mx);
  const density = simpson(joint, 0, upper);
  const spend = simpson((nu) => (nu === 0 ? 0 : (p / nu) * joint(nu)), 0, upper);
  return { density, expectedSpend: spend / density };
}

describe('gammaGammaLogLikelihood', () => {
  it('matches the density integrated numerically, with whole shapes needing no ln Γ', () => {
    // px = 6 and q = 3: Γ(6) = 120 and Γ(3) = 2 exactly.
    const factorialLnGamma = (v: number): number => Math.log(v === 6 ? 120 : v === 3 ? 2 : Number.NaN);
    const params = { p: 2, q: 3, gamma: 15 };
    const { density } = byQuadrature(params, 3, 35.5, factorialLnGamma);
    expect(gammaGammaLogLikelihood(params, [{ x: 3, mx: 35.5 }])).toBeCloseTo(Math.log(density), 9);
  });

  it('matches the density integrated numerically at the CDNOW estimates', () => {
    for (const [x, mx] of [
      [1, 12],
      [4, 35.5],
      [20, 80],
    ] as const) {
      const { density } = byQuadrature(CDNOW_SPEND, x, mx, lnGamma);
      expect(gammaGammaLogLikelihood(CDNOW_SPEND, [{ x, mx }])).toBeCloseTo(Math.log(density), 8);
    }
  });

  it('weights each row by its count', () => {
    const one = gammaGammaLogLikelihood(CDNOW_SPEND, [{ x: 2, mx: 20 }]);
    expect(gammaGammaLogLikelihood(CDNOW_SPEND, [{ x: 2, mx: 20, count: 3 }])).toBeCloseTo(3 * one, 10);
  });
});

describe('conditionalExpectedSpend', () => {
  it('is the posterior mean of p / nu', () => {
    for (const [x, mx] of [
      [1, 12],
      [3, 35.5],
      [20, 80],
    ] as const) {
      const { expectedSpend } = byQuadrature(CDNOW_SPEND, x, mx, lnGamma);
      expect(conditionalExpectedSpend(CDNOW_SPEND, mx, x)).toBeCloseTo(expectedSpend, 8);
    }
    // p (gamma + x m_x) / (px + q - 1) by hand: 6.25 * (15.44 + 106.5) / 21.49 = 35.46416938...
    expect(conditionalExpectedSpend(CDNOW_SPEND, 35.5, 3)).toBeCloseTo(35.46416938110749, 12);
  });

  it('is the population mean p gamma / (q - 1) without repeat purchases, and tends to m_x as x grows', () => {
    expect(conditionalExpectedSpend(CDNOW_SPEND, 0, 0)).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
    expect(conditionalExpectedSpend(CDNOW_SPEND, 50, 1e6)).toBeCloseTo(50, 3);
  });
});

describe('fitGammaGamma', () => {
  it('ignores customers without a repeat purchase or with a mean of refunds', () => {
    const repeat = [
      { x: 1, mx: 10 },
      { x: 2, mx: 30, count: 2 },
      { x: 5, mx: 22 },
      { x: 3, mx: 55 },
      { x: 1, mx: 18 },
    ];
    const withNew = [...repeat, { x: 0, mx: 0, count: 40 }, { x: 2, mx: -5 }];
    const fit = fitGammaGamma(withNew);
    expect(fit.sampleSize).toBe(6);
    expect(fit).toEqual(fitGammaGamma(repeat));
    // A maximum: no small step in any log-parameter raises the likelihood.
    for (const key of ['p', 'q', 'gamma'] as const) {
      for (const factor of [0.99, 1.01]) {
        const moved = { ...fit.params, [key]: fit.params[key] * factor };
        expect(gammaGammaLogLikelihood(moved, repeat)).toBeLessThanOrEqual(fit.logLikelihood + 1e-9);
      }
    }
  });
});
