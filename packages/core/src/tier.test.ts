import { describe, expect, it } from 'vitest';
import { evaluate, qualifyingSpendAt, qualifyingTierAt } from './evaluate.js';
import type { HistoryEntry, Millis } from './history.js';
import { DEFAULT_RULES, RulesSchema } from './rules.js';
import { complaint, day, refund, sale, T0 } from './testing/entries.js';
import { tierForSpend } from './tier.js';
import { DAY_MS } from './time.js';
import { transitions } from './timeline.js';

const tierOf = (history: readonly HistoryEntry[], t: Millis) => evaluate(history, t).tier?.tier;

describe('tierForSpend', () => {
  it.each([
    [14_999, 'lead'],
    [15_000, 'iron'],
    [79_999, 'iron'],
    [80_000, 'gold'],
    [199_999, 'gold'],
    [200_000, 'platinum'],
    [-5_000, 'lead'],
  ] as const)('places %i minor in %s', (spend, tier) => {
    expect(tierForSpend(spend, DEFAULT_RULES.tier)).toBe(tier);
  });
});

describe('qualifying spend and tier', () => {
  it('is undefined before the first sale, even with a return', () => {
    const history = [refund(T0, 1_000), sale(day(1), 20_000)];
    expect(qualifyingTierAt(history, day(1) - 1)).toBeUndefined();
    expect(tierOf(history, day(1) - 1)).toBeUndefined();
    expect(qualifyingTierAt(history, day(1))).toBe('iron');
    expect(qualifyingSpendAt(history, day(1))).toBe(19_000);
  });

  it('puts exactly 150.00 in iron and 149.99 in lead', () => {
    expect(tierOf([sale(T0, 15_000)], T0)).toBe('iron');
    expect(tierOf([sale(T0, 14_999)], T0)).toBe('lead');
    expect(tierOf([sale(T0, 10_000), sale(day(3), 5_000)], day(3))).toBe('iron');
  });

  it('subtracts returns', () => {
    const history = [sale(T0, 90_000), refund(day(2), 10_001)];
    expect(qualifyingSpendAt(history, day(2))).toBe(79_999);
    expect(qualifyingTierAt(history, day(2))).toBe('iron');
  });

  it('lets a purchase leave the window exactly 365 days after it (half-open window)', () => {
    const history = [sale(T0, 15_000)];
    const leaves = T0 + 365 * DAY_MS;
    expect(qualifyingSpendAt(history, leaves - 1)).toBe(15_000);
    expect(qualifyingSpendAt(history, leaves)).toBe(0);
    expect(qualifyingTierAt(history, leaves)).toBe('lead');
  });

  it('follows a configured window and thresholds', () => {
    const rules = RulesSchema.parse({ tier: { qualificationWindowDays: 30, ironMinSpendMinor: 100 } });
    const history = [sale(T0, 100)];
    expect(qualifyingTierAt(history, day(30) - 1, rules)).toBe('iron');
    expect(qualifyingTierAt(history, day(30), rules)).toBe('lead');
  });
});

describe('tier with grace period', () => {
  it('upgrades at the exact millisecond of the sale', () => {
    const history = [sale(T0, 15_000), sale(day(10), 65_000)];
    expect(tierOf(history, day(10) - 1)).toBe('iron');
    expect(tierOf(history, day(10))).toBe('gold');
  });

  it('downgrades exactly 30 days after the spend fell', () => {
    const history = [sale(T0, 15_000)];
    const fell = T0 + 365 * DAY_MS;
    expect(tierOf(history, fell)).toBe('iron');
    expect(tierOf(history, fell + 30 * DAY_MS - 1)).toBe('iron');
    expect(tierOf(history, fell + 30 * DAY_MS)).toBe('lead');
  });

  it('downgrades 30 days after a return drops the spend', () => {
    const history = [sale(T0, 80_000), refund(day(5), 1)];
    expect(tierOf(history, day(35) - 1)).toBe('gold');
    expect(tierOf(history, day(35))).toBe('iron');
  });

  it('cancels a downgrade when the customer re-qualifies within the grace period', () => {
    const history = [sale(T0, 80_000), refund(day(5), 1), sale(day(20), 1)];
    expect(tierOf(history, day(35))).toBe('gold');
    expect(tierOf(history, day(300))).toBe('gold');
  });

  it('steps down one grace period after each drop', () => {
    // Platinum until the 200,000 leaves (day 365); gold until the 80,000 leaves (day 375).
    const history = [sale(T0, 120_000), sale(T0 + 1, 80_000), sale(day(10), 80_000)];
    expect(tierOf(history, day(365 + 30) - 1)).toBe('platinum');
    expect(tierOf(history, day(365 + 30))).toBe('gold');
    expect(tierOf(history, day(375 + 30) - 1)).toBe('gold');
    expect(tierOf(history, day(375 + 30))).toBe('lead');
  });
});

describe('tier frozen by an open complaint', () => {
  const fell = T0 + 365 * DAY_MS;
  const graceEnd = fell + 30 * DAY_MS;

  it('holds the tier while the complaint is open and releases it on resolution', () => {
    const history = [
      sale(T0, 80_000),
      complaint(day(300), 'c1', 'opened'),
      complaint(day(500), 'c1', 'resolved'),
    ];
    expect(tierOf(history, graceEnd)).toBe('gold');
    expect(tierOf(history, day(500) - 1)).toBe('gold');
    expect(tierOf(history, day(500))).toBe('lead');
  });

  it('does not delay a downgrade when resolved before the grace period ends', () => {
    const history = [
      sale(T0, 80_000),
      complaint(day(300), 'c1', 'opened'),
      complaint(day(380), 'c1', 'resolved'),
    ];
    expect(tierOf(history, graceEnd - 1)).toBe('gold');
    expect(tierOf(history, graceEnd)).toBe('lead');
  });

  it('holds the tier of the reopening, not of the first opening', () => {
    const history = [
      sale(T0, 80_000),
      complaint(day(100), 'c1', 'opened'),
      complaint(day(110), 'c1', 'resolved'),
      complaint(day(420), 'c1', 'reopened'),
    ];
    // By day 420 the grace period has already taken the customer to lead.
    expect(tierOf(history, day(420))).toBe('lead');
    expect(tierOf(history, day(600))).toBe('lead');
  });

  it('keeps an escalated complaint open', () => {
    const history = [
      sale(T0, 80_000),
      complaint(day(300), 'c1', 'opened'),
      complaint(day(310), 'c1', 'escalated'),
    ];
    expect(tierOf(history, day(1000))).toBe('gold');
  });

  it('passes a freeze on to a complaint opened while the tier is frozen', () => {
    const history = [
      sale(T0, 80_000),
      complaint(day(300), 'a', 'opened'),
      complaint(day(450), 'b', 'opened'),
      complaint(day(460), 'a', 'resolved'),
    ];
    expect(tierOf(history, day(460))).toBe('gold');
  });

  it('does not freeze for a complaint opened before the first sale', () => {
    const history = [complaint(T0 - DAY_MS, 'c1', 'opened'), sale(T0, 80_000)];
    expect(tierOf(history, graceEnd)).toBe('lead');
  });

  it('does not block upgrades', () => {
    const history = [sale(T0, 15_000), complaint(day(1), 'c1', 'opened'), sale(day(2), 200_000)];
    expect(tierOf(history, day(2))).toBe('platinum');
  });

  it('names the cause of each downgrade', () => {
    const history = [
      sale(T0, 80_000),
      complaint(day(300), 'c1', 'opened'),
      complaint(day(500), 'c1', 'resolved'),
      sale(day(600), 15_000),
    ];
    const tiers = transitions('cust', history, DEFAULT_RULES, -Infinity, day(2000)).filter(
      (t) => t.kind === 'tier',
    );
    expect(tiers.map((t) => [t.effectiveAt, t.previous, t.next, t.direction, t.reason])).toEqual([
      [T0, null, 'gold', 'initial', 'qualifying_spend'],
      [day(500), 'gold', 'lead', 'downgrade', 'complaint_freeze_ended'],
      [day(600), 'lead', 'iron', 'upgrade', 'qualifying_spend'],
      [day(600 + 365 + 30), 'iron', 'lead', 'downgrade', 'grace_period_ended'],
    ]);
  });
});
