import { customerModel } from '../customer-model.js';
import type { HistoryEntry, Millis } from '../history.js';
import type { Rules } from '../rules.js';
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

/**
 * Where a customer sits in the pyramid's sketch at a moment: the bucket of their trailing
 * qualifying spend once they have a tier (a first sale), as the live sketch places them;
 * undefined before.
 */
export function bucketAt(history: readonly HistoryEntry[], t: Millis, rules: Rules): number | undefined {
  const state = customerModel(history, rules).tier.stateAt(t);
  return state === undefined ? undefined : valueBucket(state.qualifyingSpendMinor);
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
