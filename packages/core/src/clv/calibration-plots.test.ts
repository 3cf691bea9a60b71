import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, expectedPurchases } from './bgnbd-expectation.js';
import { type CalibrationGroup, calibrationPlots, holdoutTotals } from './calibration-plots.js';
import { readCdnow } from './testing/cdnow-sample.js';

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('calibrationPlots', () => {
  // Day 0: A's first purchase, then days 3 and 9; B: first on day 2, then 8 repeats on days
  // 3..10 (x = 8 at the cut-off, day 10), then day 13 in the hold-out (days 11..15).
  const groups: CalibrationGroup[] = [
    { customers: 1, firstDay: 0, x: 2, lastDay: 9, holdout: 0 },
    { customers: 1, firstDay: 2, x: 8, lastDay: 10, holdout: 1 },
  ];
  const repeatsByDay = new Map([
    [3, 2],
    [4, 1],
    [5, 1],
    [6, 1],
    [7, 1],
    [8, 1],
    [9, 2],
    [10, 1],
    [13, 1],
  ]);
  const plots = calibrationPlots(PUBLISHED, { groups, repeatsByDay, cutoffDay: 10, lastDay: 15 });

  it('counts repeat transactions cumulatively by week, the last week cut short at the last day', () => {
    expect(plots.tracking.map((w) => [w.week, w.lastDay, w.actual])).toEqual([
      [1, 6, 5],
      [2, 13, 11],
      [3, 15, 11],
    ]);
    expect(plots.cutoffWeek).toBe(2);
    expect(plots.holdoutWeeks).toBe(5 / 7);
  });

  it('predicts each week as E[X(t)] from every customer first purchase day', () => {
    const week2 = expectedPurchases(PUBLISHED, 13 / 7) + expectedPurchases(PUBLISHED, 11 / 7);
    expect(plots.tracking[1]?.predicted).toBeCloseTo(week2, 12);
  });

  it('pools 7 or more calibration repeats, with the means of E[Y(t) | x, t_x, T] and of the hold-out', () => {
    expect(plots.conditional).toEqual([
      {
        x: '2',
        customers: 1,
        actual: 0,
        predicted: conditionalExpectedPurchases(PUBLISHED, 2, 9 / 7, 10 / 7, 5 / 7),
      },
      {
        x: '7+',
        customers: 1,
        actual: 1,
        predicted: conditionalExpectedPurchases(PUBLISHED, 8, 8 / 7, 8 / 7, 5 / 7),
      },
    ]);
  });

  it('has no conditional expectations without a hold-out, and nothing without customers', () => {
    expect(
      calibrationPlots(PUBLISHED, { groups, repeatsByDay, cutoffDay: 15, lastDay: 15 }).conditional,
    ).toEqual([]);
    expect(
      calibrationPlots(PUBLISHED, { groups: [], repeatsByDay, cutoffDay: 15, lastDay: 15 }).tracking,
    ).toEqual([]);
  });
});

describe('calibrationPlots on CDNOW (Fader, Hardie & Lee 2005, figures 2 and 4)', () => {
  const { customers, cutoffDay, holdoutLastDay } = readCdnow();
  const groups: CalibrationGroup[] = [];
  const repeatsByDay = new Map<number, number>();
  let independentCumulative = 0;
  let independentHoldout = 0;
  for (const purchases of customers.values()) {
    const days = [...new Set(purchases.map((p) => p.day))].sort((p, q) => p - q);
    const firstDay = days[0] ?? 0;
    const calibration = days.filter((d) => d <= cutoffDay);
    for (const day of days.slice(1)) repeatsByDay.set(day, (repeatsByDay.get(day) ?? 0) + 1);
    groups.push({
      customers: 1,
      firstDay,
      x: calibration.length - 1,
      lastDay: calibration.at(-1) ?? firstDay,
      holdout: days.length - calibration.length,
    });
    independentCumulative += expectedPurchases(PUBLISHED, (holdoutLastDay - firstDay) / 7);
    const lastDay = calibration.at(-1) ?? firstDay;
    independentHoldout += conditionalExpectedPurchases(
      PUBLISHED,
      calibration.length - 1,
      (lastDay - firstDay) / 7,
      (cutoffDay - firstDay) / 7,
      39,
    );
  }
  const plots = calibrationPlots(PUBLISHED, { groups, repeatsByDay, cutoffDay, lastDay: holdoutLastDay });

  it('tracks 2,457 repeat transactions to the cut-off (week 39) and 4,339 to the end of the hold-out (week 78)', () => {
    expect(plots.cutoffWeek).toBe(39);
    expect(plots.tracking[38]).toMatchObject({ week: 39, lastDay: cutoffDay, actual: 2457 });
    expect(plots.tracking).toHaveLength(78);
    expect(plots.tracking.at(-1)?.actual).toBe(2457 + 1882);
    expect(plots.tracking.at(-1)?.predicted).toBeCloseTo(independentCumulative, 6);
    expect(holdoutTotals(plots)).toMatchObject({ weeks: 39, actual: 1882 });
  });

  it("adds up to the hold-out totals: 1,882 actual, and the sum of each customer's prediction", () => {
    const total = (field: 'actual' | 'predicted') =>
      plots.conditional.reduce((sum, row) => sum + row.customers * row[field], 0);
    expect(plots.conditional.map((row) => row.x)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(plots.conditional.reduce((n, row) => n + row.customers, 0)).toBe(2357);
    expect(total('actual')).toBeCloseTo(1882, 9);
    expect(total('predicted')).toBeCloseTo(independentHoldout, 6);
    // About 1,654 at the published estimates (1,653.41 at this code's fit of them, cdnow.test.ts).
    expect(Math.round(total('predicted'))).toBe(1654);
    // Figure 4's shape: the hold-out transactions grow with the calibration ones.
    const predicted = plots.conditional.map((row) => row.predicted);
    expect(predicted).toEqual([...predicted].sort((p, q) => p - q));
  });
});
