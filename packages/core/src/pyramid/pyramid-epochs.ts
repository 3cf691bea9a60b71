import type { HistoryEntry, Millis, PurchaseEntry } from '../history.js';
import type { Rules } from '../rules.js';
import { daysMs } from '../time.js';
import { type PyramidCutoffs, type PyramidLevel, pyramidCutoffs, pyramidLevel } from './pyramid-levels.js';
import { type BucketCounts, valueBucket } from './value-buckets.js';

/**
 * The moments the announced pyramid levels are fixed at: the start of each month, UTC. A level
 * depends on every customer's value, so it is announced only where every run can agree on all
 * of them: at an epoch, from every customer's value at that moment.
 */
export function pyramidEpochs(fromExclusive: Millis, toInclusive: Millis): Millis[] {
  const epochs: Millis[] = [];
  if (!(fromExclusive < toInclusive)) return epochs;
  // The month of fromExclusive starts at or before it; the next one's start is the first epoch.
  const from = new Date(fromExclusive);
  let epoch = Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1);
  while (epoch <= toInclusive) {
    epochs.push(epoch);
    const at = new Date(epoch);
    epoch = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1);
  }
  return epochs;
}

/** The latest epoch at or before t (the start of t's month, UTC). */
export function epochAtOrBefore(t: Millis): Millis {
  const at = new Date(t);
  return Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1);
}

/** Where a customer sits in the pyramid at a moment: their trailing qualifying spend, its bucket. */
export interface PyramidPlace {
  readonly valueMinor: number;
  readonly bucket: number;
}

/**
 * Where a customer sits in the pyramid's sketch at each of `moments`, as the live sketch places
 * them: the bucket of their trailing qualifying spend (the tier's: sales minus returns with `at`
 * in (t - window, t]) once they have a first sale, undefined before. An epoch pass asks this of
 * every customer of a shard, so it sums the purchases directly rather than build the tier model.
 */
export function placesAt(
  history: readonly HistoryEntry[],
  moments: readonly Millis[],
  rules: Rules,
): (PyramidPlace | undefined)[] {
  const windowMs = daysMs(rules.tier.qualificationWindowDays);
  const purchases = history.filter((entry): entry is PurchaseEntry => entry.kind === 'purchase');
  let firstSaleAt = Number.POSITIVE_INFINITY;
  for (const { type, at } of purchases) if (type === 'sale' && at < firstSaleAt) firstSaleAt = at;
  return moments.map((t) => {
    if (t < firstSaleAt) return undefined;
    let valueMinor = 0;
    for (const { type, at, amountMinor } of purchases)
      if (at <= t && t < at + windowMs) valueMinor += type === 'sale' ? amountMinor : -amountMinor;
    return { valueMinor, bucket: valueBucket(valueMinor) };
  });
}

/** The bucket of a customer's place in the pyramid at one moment (placesAt). */
export function bucketAt(history: readonly HistoryEntry[], t: Millis, rules: Rules): number | undefined {
  return placesAt(history, [t], rules)[0]?.bucket;
}

/** The pyramid fixed at one epoch: its cut-offs, and the level of a customer's bucket under them. */
export interface EpochPyramid {
  readonly epoch: Millis;
  /** Undefined when no customer had a sale by the epoch. */
  readonly cutoffs: PyramidCutoffs | undefined;
}

/** The pyramid at an epoch from every customer's bucket then (the shards' counts, merged). */
export function epochPyramid(epoch: Millis, counts: BucketCounts, shares: Rules['pyramid']): EpochPyramid {
  return { epoch, cutoffs: pyramidCutoffs(counts, shares) };
}

/** A customer's level at an epoch, undefined when they had no sale by then. */
export function levelAtEpoch(pyramid: EpochPyramid, bucket: number | undefined): PyramidLevel | undefined {
  return bucket === undefined || pyramid.cutoffs === undefined
    ? undefined
    : pyramidLevel(bucket, pyramid.cutoffs);
}
