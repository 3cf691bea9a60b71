import type { Rules } from '../rules.js';
import { cutoffValues, levelOfValue } from './exact-cutoffs.js';
import type { PyramidLevel } from './pyramid-levels.js';
import { PYRAMID_LEVELS, type PyramidCutoffs, pyramidCutoffs, pyramidLevel } from './pyramid-levels.js';
import { valueBucket } from './value-buckets.js';

/** One level's start, by exact rank and by the sketch. */
export interface LevelRankError {
  readonly level: Exclude<PyramidLevel, 'lead'>;
  /** How many customers are at this level or above by exact rank. */
  readonly exact: number;
  /** How many by the sketch's cut-off. */
  readonly sketch: number;
  /** |sketch - exact| / customers: how far the sketch's cut-off sits from the exact one, in rank. */
  readonly rankError: number;
}

export interface SketchAccuracy {
  readonly customers: number;
  readonly levels: readonly LevelRankError[];
  /** Customers whose level by the sketch differs from their level by exact rank. */
  readonly misplaced: number;
}

/**
 * A sketch's cut-offs against exact ranks over `values`: the measure of what counting per bucket
 * costs. Exact levels start at the value of the last customer each cumulative share reaches, as
 * the value-pyramid report ranks them. The cut-offs are those of a sketch of `values` itself,
 * unless given (the live sketch's, set against the values of the history).
 */
export function sketchAccuracy(
  values: readonly number[],
  shares: Rules['pyramid'],
  given?: PyramidCutoffs,
): SketchAccuracy {
  const sorted = [...values].sort((p, q) => q - p);
  const customers = sorted.length;
  const counts = new Map<number, number>();
  for (const value of sorted) {
    const bucket = valueBucket(value);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  const cutoffs = given ?? pyramidCutoffs(counts, shares);
  if (cutoffs === undefined || customers === 0) return { customers, levels: [], misplaced: 0 };
  const exactCutoffs = cutoffValues(sorted, shares);
  let misplaced = 0;
  const atOrAbove = { exact: [0, 0, 0], sketch: [0, 0, 0] };
  for (const value of sorted) {
    const exact = PYRAMID_LEVELS.indexOf(levelOfValue(value, exactCutoffs));
    const sketch = PYRAMID_LEVELS.indexOf(pyramidLevel(valueBucket(value), cutoffs));
    if (exact !== sketch) misplaced += 1;
    for (let i = 0; i < 3; i++) {
      if (exact <= i) (atOrAbove.exact[i] as number)++;
      if (sketch <= i) (atOrAbove.sketch[i] as number)++;
    }
  }
  const levels = (['platinum', 'gold', 'iron'] as const).map((level, i) => {
    const exact = atOrAbove.exact[i] as number;
    const sketch = atOrAbove.sketch[i] as number;
    return { level, exact, sketch, rankError: Math.abs(sketch - exact) / customers };
  });
  return { customers, levels, misplaced };
}
