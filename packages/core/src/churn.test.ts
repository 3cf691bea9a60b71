import { describe, expect, it } from 'vitest';
import { pAlive } from './bgnbd.js';
import { CHURN_DRIVERS } from './churn.js';
import { evaluate } from './evaluate.js';
import type { HistoryEntry, Millis } from './history.js';
import { DEFAULT_RULES } from './rules.js';
import { campaign, complaint, day, refund, sale, T0 } from './testing/entries.js';
import { DAY_MS, WEEK_MS } from './time.js';
import { changeCandidates } from './timeline.js';

const churnOf = (history: readonly HistoryEntry[], t: Millis) => evaluate(history, t).churn;
const levelOf = (history: readonly HistoryEntry[], t: Millis) => churnOf(history, t)?.level;
const T0_DAY_START = Date.UTC(2025, 2, 5);

describe('churn inputs', () => {
  it('is undefined before the first sale', () => {
    expect(churnOf([campaign(T0, 'unsubscribed'), sale(day(1), 100)], day(1) - 1)).toBeUndefined();
  });

  it('counts distinct sale days after the first, from the start of the first sale day, without returns', () => {
    const history = [
      sale(T0, 100),
      sale(T0 + 3_600_000, 100),
      sale(day(3), 100),
      sale(day(3) + 1, 100),
      refund(day(5), 100),
    ];
    const churn = churnOf(history, day(10));
    expect(churn?.x).toBe(1);
    expect(churn?.tx).toBeCloseTo(3 / 7, 12);
    expect(churn?.T).toBeCloseTo((day(10) - T0_DAY_START) / WEEK_MS, 12);
    const expected = pAlive(DEFAULT_RULES.churn.bgnbd, 1, 3 / 7, (day(10) - T0_DAY_START) / WEEK_MS);
    expect(churn?.pAlive).toBe(expected);
    expect(churn?.score).toBe(1 - expected);
  });

  it('is low right after a single purchase, with P(alive) 1', () => {
    expect(churnOf([sale(T0, 100)], T0)).toEqual({
      level: 'low',
      score: 0,
      pAlive: 1,
      drivers: [],
      x: 0,
      tx: 0,
      T: 10 / 168,
    });
  });
});

describe('churn conditions', () => {
  it('turns medium 180 days and high 365 days after the only purchase day', () => {
    const history = [sale(T0, 100), sale(T0 + 1_000, 100)];
    const last = T0 + 1_000;
    expect(levelOf(history, last + 180 * DAY_MS - 1)).toBe('low');
    expect(churnOf(history, last + 180 * DAY_MS)).toMatchObject({
      level: 'medium',
      drivers: ['single_purchase_180d'],
    });
    expect(levelOf(history, last + 365 * DAY_MS - 1)).toBe('medium');
    expect(churnOf(history, last + 365 * DAY_MS)).toMatchObject({
      level: 'high',
      drivers: ['single_purchase_180d', 'single_purchase_365d'],
    });
  });

  it('turns medium and high where P(alive) crosses 0.6 and 0.3, to the millisecond', () => {
    const history = [sale(T0, 100), sale(day(7), 100)];
    const { r, alpha, a, b } = DEFAULT_RULES.churn.bgnbd;
    for (const [threshold, level] of [
      [0.6, 'medium'],
      [0.3, 'high'],
    ] as const) {
      // x = 1, t_x = 1 week: the closed form, worked here independently of the code.
      const K = ((1 / threshold - 1) * b) / a;
      const exact = T0_DAY_START + ((alpha + 1) * K ** (1 / (r + 1)) - alpha) * WEEK_MS;
      const crossing = changeCandidates(history, DEFAULT_RULES, day(7), day(4000)).find(
        (at) => Math.abs(at - exact) <= 2,
      );
      if (crossing === undefined) throw new Error(`no candidate near ${exact}`);
      expect(crossing).toBe(Math.ceil(exact));
      const before = churnOf(history, crossing - 1);
      const at = churnOf(history, crossing);
      expect(before?.pAlive).toBeGreaterThan(threshold);
      expect(at?.pAlive).toBeLessThanOrEqual(threshold);
      expect(at?.level).toBe(level);
      expect(before?.level).not.toBe(level);
      expect(at?.drivers).toContain(threshold === 0.6 ? 'p_alive_below_0.6' : 'p_alive_below_0.3');
    }
  });

  it('is high once unsubscribed', () => {
    const history = [sale(T0, 100), campaign(day(1), 'unsubscribed')];
    expect(churnOf(history, day(1))).toMatchObject({ level: 'high', drivers: ['unsubscribed'] });
  });

  it('is medium while any complaint is open', () => {
    const history = [
      sale(T0, 100),
      complaint(day(1), 'c', 'opened', 'low'),
      complaint(day(20), 'c', 'resolved', 'low'),
    ];
    expect(churnOf(history, day(19))).toMatchObject({ level: 'medium', drivers: ['complaint_open'] });
    expect(levelOf(history, day(20))).toBe('low');
  });

  it('is high once a high or critical complaint has been open for 7 days', () => {
    for (const severity of ['high', 'critical'] as const) {
      const history = [sale(T0, 100), complaint(day(1), 'c', 'opened', severity)];
      expect(levelOf(history, day(8) - 1)).toBe('medium');
      expect(churnOf(history, day(8))).toMatchObject({
        level: 'high',
        drivers: ['complaint_open', 'severe_complaint_open_7d'],
      });
    }
  });

  it('counts the open spell, and the severity after an escalation', () => {
    const history = [
      sale(T0, 100),
      complaint(day(1), 'c', 'opened', 'medium'),
      complaint(day(20), 'c', 'escalated', 'critical'),
      complaint(day(30), 'c', 'resolved', 'critical', 4),
      complaint(day(40), 'c', 'reopened', 'critical'),
    ];
    expect(levelOf(history, day(19))).toBe('medium');
    expect(levelOf(history, day(20))).toBe('high');
    expect(levelOf(history, day(30))).toBe('low');
    expect(levelOf(history, day(47) - 1)).toBe('medium');
    expect(levelOf(history, day(47))).toBe('high');
  });

  it('is medium after a poorly scored latest resolution, until a better one', () => {
    const history = [
      sale(T0, 100),
      complaint(day(1), 'a', 'opened'),
      complaint(day(2), 'a', 'resolved', 'medium', 2),
      complaint(day(3), 'b', 'opened'),
      complaint(day(4), 'b', 'resolved', 'medium', 3),
    ];
    expect(churnOf(history, day(2))).toMatchObject({ level: 'medium', drivers: ['poor_resolution'] });
    expect(churnOf(history, day(3))).toMatchObject({ drivers: ['complaint_open', 'poor_resolution'] });
    expect(levelOf(history, day(4))).toBe('low');
  });

  it('reads a same-millisecond open and resolve as resolved on first contact', () => {
    const opened = { ...complaint(day(1), 'c', 'opened'), eventId: 'zz' };
    const resolved = { ...complaint(day(1), 'c', 'resolved', 'medium', 5), eventId: 'aa' };
    expect(levelOf([sale(T0, 100), opened, resolved], day(1))).toBe('low');
  });

  it('names every condition that holds, sorted', () => {
    const history = [
      sale(T0, 100),
      campaign(day(1), 'unsubscribed'),
      complaint(day(2), 'a', 'opened'),
      complaint(day(3), 'a', 'resolved', 'low', 1),
      complaint(day(4), 'b', 'opened', 'high'),
    ];
    expect(churnOf(history, day(400))?.drivers).toEqual([
      CHURN_DRIVERS.complaintOpen,
      CHURN_DRIVERS.poorResolution,
      CHURN_DRIVERS.severeComplaintOpen,
      CHURN_DRIVERS.singlePurchaseMedium,
      CHURN_DRIVERS.singlePurchaseHigh,
      CHURN_DRIVERS.unsubscribed,
    ]);
  });
});
