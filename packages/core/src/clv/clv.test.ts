import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases } from './bgnbd-expectation.js';
import { customerLifetimeValue, WEEKS_PER_MONTH, WEEKS_PER_YEAR } from './clv.js';
import { conditionalExpectedSpend } from './gamma-gamma.js';

const MODEL = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
};
const CUSTOMER = { x: 2, tx: 30.43, T: 38.86, mx: 22.345 };
const purchasesBy = (t: number): number => conditionalExpectedPurchases(MODEL.bgnbd, 2, 30.43, 38.86, t);
const SPEND = conditionalExpectedSpend(MODEL.gammaGamma, 22.345, 2);

describe('customerLifetimeValue', () => {
  it('is expected purchases times expected spend when nothing is discounted', () => {
    for (const horizonWeeks of [52, 100, 12 * WEEKS_PER_MONTH]) {
      const value = customerLifetimeValue(MODEL, CUSTOMER, { horizonWeeks, annualDiscountRate: 0 });
      expect(value).toBeCloseTo(purchasesBy(horizonWeeks) * SPEND, 10);
    }
  });

  it("discounts each period's purchases from the end of the period", () => {
    // Two yearly periods at 10 %: the first year's purchases / 1.1, the second's / 1.1².
    const y = WEEKS_PER_YEAR;
    const value = customerLifetimeValue(MODEL, CUSTOMER, {
      horizonWeeks: 2 * y,
      periodWeeks: y,
      annualDiscountRate: 0.1,
    });
    const byHand = (purchasesBy(y) / 1.1 + (purchasesBy(2 * y) - purchasesBy(y)) / 1.1 ** 2) * SPEND;
    expect(value).toBeCloseTo(byHand, 10);
  });

  it('discounts a shorter last period from its own end', () => {
    // 1.5 years in yearly periods: the last half year's purchases are discounted by 1.1^-1.5.
    const y = WEEKS_PER_YEAR;
    const value = customerLifetimeValue(MODEL, CUSTOMER, {
      horizonWeeks: 1.5 * y,
      periodWeeks: y,
      annualDiscountRate: 0.1,
    });
    const byHand = (purchasesBy(y) / 1.1 + (purchasesBy(1.5 * y) - purchasesBy(y)) / 1.1 ** 1.5) * SPEND;
    expect(value).toBeCloseTo(byHand, 10);
  });

  it('defaults to monthly periods: 12 per year, each discounted by (1 + D)^(1/12)', () => {
    const options = { horizonWeeks: WEEKS_PER_YEAR, annualDiscountRate: 0.12 };
    let byHand = 0;
    for (let k = 1; k <= 12; k++) {
      const increment = purchasesBy(k * WEEKS_PER_MONTH) - purchasesBy((k - 1) * WEEKS_PER_MONTH);
      byHand += increment / 1.12 ** (k / 12);
    }
    expect(customerLifetimeValue(MODEL, CUSTOMER, options)).toBeCloseTo(byHand * SPEND, 10);
  });

  it('falls with the discount rate and rises with the horizon', () => {
    const at = (horizonWeeks: number, annualDiscountRate: number): number =>
      customerLifetimeValue(MODEL, CUSTOMER, { horizonWeeks, annualDiscountRate });
    expect(at(104, 0.2)).toBeLessThan(at(104, 0.05));
    expect(at(104, 0.05)).toBeLessThan(at(104, 0));
    expect(at(52, 0.1)).toBeLessThan(at(104, 0.1));
    expect(at(0, 0.1)).toBe(0);
  });

  it('values a customer without repeat purchases at the population mean spend', () => {
    const fresh = { x: 0, tx: 0, T: 10, mx: 0 };
    const value = customerLifetimeValue(MODEL, fresh, { horizonWeeks: 52, annualDiscountRate: 0 });
    const populationMean = (6.25 * 15.44) / 2.74;
    expect(value).toBeCloseTo(conditionalExpectedPurchases(MODEL.bgnbd, 0, 0, 10, 52) * populationMean, 10);
  });
});
