import { describe, expect, it } from 'vitest';
import { customerSummary } from './summary.js';
import { campaign, complaint, day, refund, sale, T0 } from './testing/entries.js';
import { seededRandom, shuffled } from './testing/random-history.js';

describe('customerSummary', () => {
  const history = [
    sale(day(-400), 10_000, { orderId: 'o1', categories: ['shoes'] }),
    sale(day(-100), 20_000, { orderId: 'o2', categories: ['bags', 'shoes'] }),
    sale(day(-100) + 1_000, 5_000, { orderId: 'o2', categories: ['belts'] }),
    refund(day(-60), 4_000, 'o2'),
    sale(day(-10), 9_000, { orderId: 'o3', categories: ['toys'] }),
    sale(day(5), 1, { orderId: 'future' }),
    complaint(day(-50), 'a', 'opened'),
    complaint(day(-48), 'a', 'resolved', 'medium', 2),
    complaint(day(-20), 'b', 'opened', 'high'),
    complaint(day(-19), 'b', 'resolved', 'high', 5),
    complaint(day(-5), 'b', 'reopened', 'high'),
    campaign(day(-30), 'opened'),
    campaign(day(-29), 'referred'),
    campaign(day(-28), 'referred'),
    campaign(day(-1), 'unsubscribed'),
  ];

  it('sums the profile as of t, ignoring later entries', () => {
    expect(customerSummary(history, T0)).toEqual({
      asOf: T0,
      firstPurchaseAt: day(-400),
      lastPurchaseAt: day(-10),
      saleOrders: 3,
      purchaseDays: 3,
      lifetimeNetRevenueMinor: 40_000,
      trailing: {
        days30: { netSpendMinor: 9_000, saleOrders: 1 },
        days90: { netSpendMinor: 5_000, saleOrders: 1 },
        days365: { netSpendMinor: 30_000, saleOrders: 2 },
      },
      averageOrderValueMinor: 13_333,
      categories: ['bags', 'belts', 'shoes', 'toys'],
      complaints: { open: 1, total: 2, lastOpenedAt: day(-5), meanHoursToResolve: 36, meanSatisfaction: 3.5 },
      campaignResponses: {
        delivered: 0,
        opened: 1,
        clicked: 0,
        converted: 0,
        unsubscribed: 1,
        bounced: 0,
        referred: 2,
      },
      unsubscribed: true,
      referrals: 2,
    });
  });

  it('uses half-open trailing windows', () => {
    // On day 20 the sale of day -10 has just left the 30-day window; the sale of day 5 is in it.
    expect(customerSummary(history, day(20)).trailing.days30).toEqual({ netSpendMinor: 1, saleOrders: 1 });
    expect(customerSummary(history, day(20) - 1).trailing.days30).toEqual({
      netSpendMinor: 9_001,
      saleOrders: 2,
    });
  });

  it('is empty before any entry, and the same for any order', () => {
    const empty = customerSummary(history, day(-1000));
    expect(empty).toMatchObject({
      saleOrders: 0,
      lifetimeNetRevenueMinor: 0,
      categories: [],
      unsubscribed: false,
    });
    expect(empty).not.toHaveProperty('averageOrderValueMinor');
    expect(empty).not.toHaveProperty('firstPurchaseAt');
    expect(customerSummary(shuffled(seededRandom(7), history), T0)).toEqual(customerSummary(history, T0));
  });
});
