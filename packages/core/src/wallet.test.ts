import { describe, expect, it } from 'vitest';
import { customerModel } from './customer-model.js';
import { DEFAULT_RULES } from './rules.js';
import { day, refund, sale, wallet } from './testing/entries.js';
import { transitions } from './timeline.js';

const shareAt = (history: Parameters<typeof customerModel>[0], at: number) =>
  customerModel(history, DEFAULT_RULES).wallet.shareAt(at);

describe('share of wallet', () => {
  // 1,000.00 spent, 3,000.00 then 200.00 more, 400.00 returned; wallets of 10,000.00 then 5,000.00.
  const history = [
    sale(day(0), 100_000),
    wallet(day(10), 1_000_000),
    sale(day(20), 300_000),
    refund(day(30), 40_000),
    wallet(day(40), 500_000),
    sale(day(380), 20_000),
  ];

  it('is undefined before the first estimate', () => {
    expect(shareAt(history, day(9))).toBeUndefined();
  });

  it('divides the net spend of the trailing year by the latest estimate', () => {
    expect(shareAt(history, day(10))).toEqual({
      band: 'low',
      share: 0.1,
      spendMinor: 100_000,
      walletMinor: 1_000_000,
    });
    expect(shareAt(history, day(20))).toMatchObject({ band: 'medium', share: 0.4 });
    expect(shareAt(history, day(30))).toMatchObject({ band: 'medium', share: 0.36, spendMinor: 360_000 });
    expect(shareAt(history, day(40))).toMatchObject({ band: 'high', share: 0.72, walletMinor: 500_000 });
    // Day 365: the first sale leaves the window (it counts while at > t - 365 days).
    expect(shareAt(history, day(365))).toMatchObject({ band: 'high', share: 0.52, spendMinor: 260_000 });
    // Day 385: the sale of day 20 has left, the return of day 30 not yet.
    expect(shareAt(history, day(385))).toMatchObject({ band: 'low', share: -0.04, spendMinor: -20_000 });
    expect(shareAt(history, day(395))).toMatchObject({ band: 'low', share: 0.04, spendMinor: 20_000 });
  });

  it('announces each change of band at the moment it happens', () => {
    const changes = transitions('c', history, DEFAULT_RULES, -Infinity, day(500)).filter(
      (change) => change.kind === 'wallet',
    );
    expect(changes.map(({ previous, next, effectiveAt }) => ({ previous, next, at: effectiveAt }))).toEqual([
      { previous: null, next: 'low', at: day(10) },
      { previous: 'low', next: 'medium', at: day(20) },
      { previous: 'medium', next: 'high', at: day(40) },
      { previous: 'high', next: 'low', at: day(385) },
    ]);
  });

  it('calls a share above 1 high, and a negative one low', () => {
    expect(shareAt([wallet(day(0), 10_000), sale(day(1), 30_000)], day(1))).toMatchObject({
      band: 'high',
      share: 3,
    });
    expect(shareAt([refund(day(0), 5_000), wallet(day(0), 10_000)], day(0))).toMatchObject({
      band: 'low',
      share: -0.5,
    });
  });
});
