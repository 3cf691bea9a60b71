/**
 * Fader, Hardie & Lee (2005) on their CDNOW sample: 2,357 customers who first bought in 1997 Q1;
 * calibration to 1997-09-30 inclusive, then a 39-week hold-out to 1998-06-30; weeks; same-day
 * purchases collapse into one. The data file is read here, in the test: the fitting code is pure.
 */
import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from './bgnbd-expectation.js';
import { fitBgNbd } from './bgnbd-fit.js';
import { bgnbdLogLikelihood } from './bgnbd-likelihood.js';
import { customerLifetimeValue } from './clv.js';
import { fitClvModel } from './fit-clv-model.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { type RfmSummary, rfmSummary } from './rfm-summary.js';
import { readCdnow } from './testing/cdnow-sample.js';

const { customers, cutoffDay: CUTOFF, holdoutLastDay } = readCdnow();
const summaries: RfmSummary[] = [...customers.values()].map((purchases) => {
  const summary = rfmSummary(purchases, CUTOFF);
  if (summary === undefined) throw new Error('every CDNOW customer first bought in 1997 Q1');
  return summary;
});

function expectWithinPercent(actual: number, expected: number, percent: number): void {
  expect(Math.abs(actual / expected - 1) * 100).toBeLessThan(percent);
}

describe('CDNOW (Fader, Hardie & Lee 2005)', () => {
  it('holds 6,919 transactions of 2,357 customers, 2,457 repeat transactions in calibration', () => {
    expect([...customers.values()].reduce((n, purchases) => n + purchases.length, 0)).toBe(6919);
    expect(summaries).toHaveLength(2357);
    expect(summaries.reduce((n, s) => n + s.x, 0)).toBe(2457);
    expect(summaries.filter((s) => s.x > 0)).toHaveLength(946);
  });

  it('gives the published BG/NBD log-likelihood at the published estimates', () => {
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    expect(bgnbdLogLikelihood(published, summaries)).toBeCloseTo(-9582.4, 0);
  });

  it('fits the published BG/NBD estimates', () => {
    const fit = fitBgNbd(summaries);
    console.info('CDNOW BG/NBD fit', { ...fit.params, logLikelihood: fit.logLikelihood });
    expect(fit.converged).toBe(true);
    expect(fit.sampleSize).toBe(2357);
    expectWithinPercent(fit.params.r, 0.243, 1);
    expectWithinPercent(fit.params.alpha, 4.414, 1);
    expectWithinPercent(fit.params.a, 0.793, 1);
    expectWithinPercent(fit.params.b, 2.426, 1);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 0);
  });

  it('fits the published Gamma-Gamma estimates on the 946 repeat customers', () => {
    const fit = fitGammaGamma(summaries);
    console.info('CDNOW Gamma-Gamma fit', { ...fit.params, logLikelihood: fit.logLikelihood });
    expect(fit.converged).toBe(true);
    expect(fit.sampleSize).toBe(946);
    expectWithinPercent(fit.params.p, 6.25, 1);
    expectWithinPercent(fit.params.q, 3.74, 1);
    expectWithinPercent(fit.params.gamma, 15.44, 1);
  });

  it('predicts the repeat purchases of the 39-week hold-out', () => {
    const { params } = fitBgNbd(summaries);
    let predicted = 0;
    let actual = 0;
    for (const purchases of customers.values()) {
      const summary = rfmSummary(purchases, CUTOFF);
      if (summary === undefined) continue;
      predicted += conditionalExpectedPurchases(params, summary.x, summary.tx, summary.T, 39);
      const holdoutDays = purchases
        .filter((p) => p.day > CUTOFF && p.day <= holdoutLastDay)
        .map((p) => p.day);
      actual += new Set(holdoutDays).size;
    }
    console.info('CDNOW hold-out repeat purchases', { predicted, actual });
    expect(actual).toBe(1882);
    // The same sum by mpmath.hyp2f1 (30 digits) from eq. 10 at these estimates: 1653.41. The model
    // under-forecasts this hold-out by about 12 %, so the bound is 15 %, not 10 %.
    expect(predicted).toBeCloseTo(1653.41, 1);
    expectWithinPercent(predicted, actual, 15);
  });

  it('fits a valid model record, and values customer 1', () => {
    const record = fitClvModel(summaries, { fittedAt: '2024-05-01T03:00:00.000Z', cutoff: '1997-09-30' });
    expect(record.sampleSize).toBe(2357);
    expect(record.repeatSampleSize).toBe(946);
    expectWithinPercent(record.gammaGamma.q, 3.74, 1);
    const first = summaries[0];
    expect(first).toEqual({ x: 2, tx: 213 / 7, T: 272 / 7, mx: (29.73 + 14.96) / 2 });
    if (first === undefined) return;
    const value = customerLifetimeValue(record, first, { horizonWeeks: 52, annualDiscountRate: 0.1 });
    console.info('CDNOW customer 1, one-year CLV at 10 % a year (dollars)', value);
    expect(value).toBeGreaterThan(0);
  });
});
