import type { Rules } from '../rules.js';
import { PYRAMID_LEVELS, type PyramidLevel } from './pyramid-levels.js';

/**
 * The least value of platinum, gold and iron among `values` sorted from the highest: the value at
 * the position each cumulative share reaches (at least the first). Undefined without customers.
 */
export function cutoffValues(values: readonly number[], shares: Rules['pyramid']): (number | undefined)[] {
  const n = values.length;
  let reached = 0;
  return [shares.platinumShare, shares.goldShare, shares.ironShare].map((share) => {
    reached += share;
    return values[Math.max(1, Math.ceil(reached * n - 1e-9)) - 1];
  });
}

/** The level of a value under exact cut-off values: equal values always share a level. */
export function levelOfValue(value: number, cutoffs: readonly (number | undefined)[]): PyramidLevel {
  return PYRAMID_LEVELS[cutoffs.findIndex((cutoff) => cutoff !== undefined && value >= cutoff)] ?? 'lead';
}
