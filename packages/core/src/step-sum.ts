import type { Millis } from './history.js';
import { lastIndexAtOrBefore } from './sorted-times.js';

/**
 * A running total that changes only at given moments: totals[i] holds on [times[i], times[i+1]),
 * and the total is 0 before times[0]. Windowed sums are built from it by adding an amount when
 * an entry enters a window and subtracting it when the entry leaves.
 */
export interface StepSum {
  readonly times: readonly Millis[];
  readonly totals: readonly number[];
}

/** A change of a running total: `delta` applies from `at` on. */
export interface Delta {
  readonly at: Millis;
  readonly delta: number;
}

/** Builds the running total of the deltas, merged per moment. */
export function stepSum(deltas: readonly Delta[]): StepSum {
  const sorted = [...deltas].sort((left, right) => left.at - right.at);
  const times: Millis[] = [];
  const totals: number[] = [];
  let total = 0;
  for (const { at, delta } of sorted) {
    total += delta;
    if (times[times.length - 1] === at) totals[totals.length - 1] = total;
    else {
      times.push(at);
      totals.push(total);
    }
  }
  return { times, totals };
}

/** The total at t (0 before the first change). */
export function stepSumAt(sum: StepSum, t: Millis): number {
  return sum.totals[lastIndexAtOrBefore(sum.times, t)] ?? 0;
}
