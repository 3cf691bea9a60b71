import type { Rules } from '../rules.js';
import { type BucketCounts, bucketValue } from './value-buckets.js';

/** The value pyramid's levels, highest first. */
export const PYRAMID_LEVELS = ['platinum', 'gold', 'iron', 'lead'] as const;
export type PyramidLevel = (typeof PYRAMID_LEVELS)[number];

/**
 * Where the levels start: a customer whose value's bucket is at least `buckets.platinum` is
 * platinum, else gold from `buckets.gold`, and so on; lead is the rest.
 */
export interface PyramidCutoffs {
  /** How many customers the sketch counted. */
  readonly customers: number;
  readonly buckets: { readonly platinum: number; readonly gold: number; readonly iron: number };
  /** The values the cut-off buckets stand for (within their relative accuracy). */
  readonly values: { readonly platinum: number; readonly gold: number; readonly iron: number };
}

/**
 * The cut-offs a sketch gives for the rules' shares, as the exact ranking places them
 * (packages/clickhouse value-pyramid): a level starts at the bucket of the last customer its
 * cumulative share reaches (at least the first), and every customer of that bucket belongs to
 * it, so a level can hold more than its share by at most that bucket's customers. Undefined
 * without customers.
 */
export function pyramidCutoffs(counts: BucketCounts, shares: Rules['pyramid']): PyramidCutoffs | undefined {
  const buckets = [...counts].filter(([, count]) => count > 0).sort(([p], [q]) => q - p);
  const customers = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (customers === 0) return undefined;
  let reached = 0;
  const [platinum, gold, iron] = [shares.platinumShare, shares.goldShare, shares.ironShare].map((share) => {
    reached += share;
    // The position of the last customer the share reaches, from the top, 1-based.
    const position = Math.max(1, Math.ceil(reached * customers - 1e-9));
    let counted = 0;
    for (const [bucket, count] of buckets) {
      counted += count;
      if (counted >= position) return bucket;
    }
    return (buckets[buckets.length - 1] as [number, number])[0];
  }) as [number, number, number];
  return {
    customers,
    buckets: { platinum, gold, iron },
    values: { platinum: bucketValue(platinum), gold: bucketValue(gold), iron: bucketValue(iron) },
  };
}

/** The level of a value's bucket under the cut-offs. */
export function pyramidLevel(bucket: number, cutoffs: PyramidCutoffs): PyramidLevel {
  if (bucket >= cutoffs.buckets.platinum) return 'platinum';
  if (bucket >= cutoffs.buckets.gold) return 'gold';
  return bucket >= cutoffs.buckets.iron ? 'iron' : 'lead';
}
