import {
  mergeBucketCounts,
  PYRAMID_LEVELS,
  type PyramidCutoffs,
  type PyramidLevel,
  pyramidCutoffs,
  pyramidLevel,
  type Rules,
} from '@loyalty/core';
import type { CustomerStore } from '@loyalty/redis-store';

/** The live value pyramid: the shards' sketches merged, its cut-offs, and the customers per level. */
export interface LivePyramid {
  readonly customers: number;
  readonly buckets: number;
  /** Undefined while no customer has a sale. */
  readonly cutoffs: PyramidCutoffs | undefined;
  readonly levels: Readonly<Record<PyramidLevel, number>>;
}

/** Reads and merges the sketches of the shards below `shardCount` (one HGETALL each). */
export async function readLivePyramid(
  store: CustomerStore<unknown>,
  shardCount: number,
  shares: Rules['pyramid'],
): Promise<LivePyramid> {
  const counts = mergeBucketCounts(await store.pyramidCounts(shardCount));
  const cutoffs = pyramidCutoffs(counts, shares);
  const levels = Object.fromEntries(PYRAMID_LEVELS.map((level) => [level, 0])) as Record<
    PyramidLevel,
    number
  >;
  let customers = 0;
  for (const [bucket, count] of counts) {
    customers += count;
    if (cutoffs !== undefined) levels[pyramidLevel(bucket, cutoffs)] += count;
  }
  return { customers, buckets: counts.size, cutoffs, levels };
}
