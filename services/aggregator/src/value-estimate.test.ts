import {
  conditionalExpectedPurchases,
  customerLifetimeValue,
  DAY_MS,
  type HistoryEntry,
  WEEK_MS,
} from '@loyalty/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_VALUE_ESTIMATE_OPTIONS, valueEstimate } from './value-estimate.js';

// The published CDNOW estimates (Fader, Hardie & Lee 2005), spend in dollars.
const MODEL = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gammaGamma: { p: 6.25, q: 3.74, gamma: 15.44 },
};

const at = (iso: string) => Date.parse(iso);

function sale(
  eventId: string,
  iso: string,
  amountMinor: number,
  type: 'sale' | 'return' = 'sale',
): HistoryEntry {
  return { kind: 'purchase', eventId, at: at(iso), orderId: eventId, type, amountMinor, categories: ['cd'] };
}

// CDNOW customer 1 (sample id 0001), at noon as the replay publishes it.
const CUSTOMER_1 = [
  sale('l1', '1997-01-01T12:00:00Z', 2_933),
  sale('l2', '1997-01-18T12:00:00Z', 2_973),
  sale('l3', '1997-08-02T12:00:00Z', 1_496),
  sale('l4', '1997-12-12T12:00:00Z', 2_648),
];

describe('valueEstimate', () => {
  it("is the models' expectation and CLV of the customer's x, t_x, T and mean repeat spend", () => {
    const t = at('1997-09-30T00:00:00Z');
    const estimate = valueEstimate(CUSTOMER_1, t, MODEL);
    const customer = { x: 2, tx: 213 / 7, T: 272 / 7, mx: (29.73 + 14.96) / 2 };
    expect(estimate?.expectedPurchases90d).toBeCloseTo(
      conditionalExpectedPurchases(MODEL.bgnbd, 2, 213 / 7, 272 / 7, 90 / 7),
      12,
    );
    // clv in cents, the model's spend in dollars.
    expect(estimate?.clv).toBeCloseTo(
      100 * customerLifetimeValue(MODEL, customer, { horizonWeeks: 52, annualDiscountRate: 0.1 }),
      8,
    );
    expect(estimate?.clv).toBeGreaterThan(0);
  });

  it('reads the history as the churn rule does: one purchase a day, sales up to t, T to t itself', () => {
    const t = at('1997-09-30T12:00:00Z');
    const noisy = [
      ...CUSTOMER_1,
      sale('l1', '1997-01-01T12:00:00Z', 2_933),
      sale('same-day', '1997-01-18T20:00:00Z', 1_000),
      sale('refund', '1997-03-01T12:00:00Z', 2_973, 'return'),
      { kind: 'campaign', eventId: 'c1', at: at('1997-05-01T00:00:00Z'), response: 'opened' } as const,
    ];
    const estimate = valueEstimate(noisy, t, MODEL);
    const T = (t - at('1997-01-01T00:00:00Z')) / WEEK_MS;
    expect(T).toBeCloseTo(272.5 / 7, 12);
    expect(estimate?.expectedPurchases90d).toBeCloseTo(
      conditionalExpectedPurchases(MODEL.bgnbd, 2, 213 / 7, T, (90 * DAY_MS) / WEEK_MS),
      12,
    );
    const customer = { x: 2, tx: 213 / 7, T, mx: (29.73 + 10 + 14.96) / 2 };
    expect(estimate?.clv).toBeCloseTo(
      100 * customerLifetimeValue(MODEL, customer, DEFAULT_VALUE_ESTIMATE_OPTIONS),
      8,
    );
  });

  it('is undefined before the first sale, and for a customer who only returned or responded', () => {
    expect(valueEstimate(CUSTOMER_1, at('1997-01-01T11:59:59Z'), MODEL)).toBeUndefined();
    expect(
      valueEstimate([sale('r', '1997-01-01T12:00:00Z', 100, 'return')], at('1998-01-01T00:00:00Z'), MODEL),
    ).toBeUndefined();
    expect(valueEstimate([], 0, MODEL)).toBeUndefined();
  });

  it('values a longer horizon higher and a higher discount rate lower', () => {
    const t = at('1997-09-30T00:00:00Z');
    const clv = (horizonWeeks: number, annualDiscountRate: number) =>
      valueEstimate(CUSTOMER_1, t, MODEL, { horizonWeeks, annualDiscountRate })?.clv ?? Number.NaN;
    expect(clv(104, 0.1)).toBeGreaterThan(clv(52, 0.1));
    expect(clv(52, 0.2)).toBeLessThan(clv(52, 0.1));
  });

  it('stays finite for the longest history the store keeps (5,000 purchase days)', () => {
    const start = at('2000-01-01T12:00:00Z');
    const history = Array.from({ length: 5_000 }, (_, i) =>
      sale(`d${i}`, new Date(start + i * DAY_MS).toISOString(), 1_000),
    );
    const estimate = valueEstimate(history, start + 5_000 * DAY_MS, MODEL);
    expect(Number.isFinite(estimate?.expectedPurchases90d)).toBe(true);
    expect(Number.isFinite(estimate?.clv)).toBe(true);
    // A daily buyer alive today buys on most of the next 90 days.
    expect(estimate?.expectedPurchases90d).toBeGreaterThan(60);
  });
});
