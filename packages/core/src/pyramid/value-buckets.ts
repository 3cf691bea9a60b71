/**
 * The value pyramid's sketch: customers counted per bucket of value, the buckets those of
 * DDSketch (Masson, Rim & Lee 2019; @datadog/sketches-js), each covering values within a
 * relative 0.5 % of one another. A sketch is only counts per bucket, so
 *
 * - it is mergeable: the sum of the shards' counts is the sketch of all their customers;
 * - it is deletable: a customer whose value moves takes 1 from one bucket and adds it to another;
 * - it depends on the current values alone, never on the order they arrived in, which a KLL or
 *   t-digest sketch (randomised or order-dependent compaction, no deletion) cannot promise, and
 *   which a replay, a crash or late input must not change.
 *
 * Values below one minor unit (no spend, or returns outweighing sales) share one bucket below
 * every other.
 */
import { DDSketch } from '@datadog/sketches-js';

/** The buckets' relative accuracy: a bucket's values lie within 0.5 % of its representative. */
export const BUCKET_RELATIVE_ACCURACY = 0.005;

/** The bucket of every value below one minor unit, below every other bucket. */
export const NON_POSITIVE_BUCKET = -1_000_000;

// The mapping alone: the counts live wherever the caller keeps them (a Redis hash per shard).
const mapping = new DDSketch({ relativeAccuracy: BUCKET_RELATIVE_ACCURACY }).mapping;

/** The bucket of a value in minor units. */
export function valueBucket(valueMinor: number): number {
  return valueMinor < 1 ? NON_POSITIVE_BUCKET : mapping.key(valueMinor);
}

/** A value that represents the bucket (within the relative accuracy of all its values); 0 for the lowest. */
export function bucketValue(bucket: number): number {
  return bucket === NON_POSITIVE_BUCKET ? 0 : mapping.value(bucket);
}

/** Customers per bucket. */
export type BucketCounts = ReadonlyMap<number, number>;

/** The sketch of all the parts' customers: counts summed per bucket (empty buckets dropped). */
export function mergeBucketCounts(parts: Iterable<BucketCounts>): Map<number, number> {
  const merged = new Map<number, number>();
  for (const part of parts) {
    for (const [bucket, count] of part) merged.set(bucket, (merged.get(bucket) ?? 0) + count);
  }
  for (const [bucket, count] of merged) if (count <= 0) merged.delete(bucket);
  return merged;
}
