import { describe, expect, it } from 'vitest';
import { seededRandom, shuffled } from '../testing/random-history.js';
import { pyramidCutoffs, pyramidLevel } from './pyramid-levels.js';
import { sketchAccuracy } from './sketch-accuracy.js';
import {
  BUCKET_RELATIVE_ACCURACY,
  bucketValue,
  mergeBucketCounts,
  NON_POSITIVE_BUCKET,
  valueBucket,
} from './value-buckets.js';

const SHARES = { platinumShare: 0.01, goldShare: 0.04, ironShare: 0.15 };

function countsOf(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(valueBucket(value), (counts.get(valueBucket(value)) ?? 0) + 1);
  return counts;
}

// Yearly spends in minor units: log-normal, as retail spend is, with some zero and negative.
function spends(seed: number, n: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const roll = random();
    if (roll < 0.05) return 0;
    if (roll < 0.07) return -Math.round(random() * 5_000);
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return Math.round(Math.exp(10 + 1.2 * normal));
  });
}

describe('value buckets', () => {
  it('stand for their values within the relative accuracy, in order', () => {
    for (const value of [1, 2, 99, 100, 101, 12_345, 9_876_543, 2 ** 53 - 1]) {
      const represented = bucketValue(valueBucket(value));
      expect(Math.abs(represented - value) / value).toBeLessThanOrEqual(BUCKET_RELATIVE_ACCURACY);
    }
    expect(valueBucket(0)).toBe(NON_POSITIVE_BUCKET);
    expect(valueBucket(-500)).toBe(NON_POSITIVE_BUCKET);
    expect(valueBucket(1)).toBeGreaterThan(NON_POSITIVE_BUCKET);
    expect(valueBucket(1_000)).toBeGreaterThanOrEqual(valueBucket(999));
  });

  it('merge per shard into the sketch of every customer, whatever the split and order', () => {
    const values = spends(1, 3_000);
    const random = seededRandom(2);
    const shards: number[][] = [[], [], []];
    for (const value of shuffled(random, values)) shards[Math.floor(random() * 3)]?.push(value);
    expect(mergeBucketCounts(shards.map(countsOf))).toEqual(countsOf(values));
  });

  it('forget a customer that moves: the sketch depends on the current values only', () => {
    const before = countsOf([100, 200, 300]);
    const moved = mergeBucketCounts([
      before,
      new Map([
        [valueBucket(200), -1],
        [valueBucket(5_000), 1],
      ]),
    ]);
    expect(moved).toEqual(countsOf([100, 300, 5_000]));
  });
});

describe('pyramid cut-offs from the sketch', () => {
  it('place levels as exact ranks do on distinct buckets', () => {
    // 200 customers 10 % apart: every one in a bucket of its own.
    const values = Array.from({ length: 200 }, (_, i) => Math.round(1_000 * 1.1 ** i));
    const cutoffs = pyramidCutoffs(countsOf(values), SHARES);
    // 1% of 200 is 2, 5% is 10, 20% is 40: the 2nd, 10th and 40th highest.
    expect(cutoffs?.customers).toBe(200);
    expect(cutoffs?.buckets).toEqual({
      platinum: valueBucket(values[198] as number),
      gold: valueBucket(values[190] as number),
      iron: valueBucket(values[160] as number),
    });
    const levels = values.map((value) =>
      pyramidLevel(valueBucket(value), cutoffs as NonNullable<typeof cutoffs>),
    );
    expect(levels.filter((level) => level === 'platinum')).toHaveLength(2);
    expect(levels.filter((level) => level === 'gold')).toHaveLength(8);
    expect(levels.filter((level) => level === 'iron')).toHaveLength(30);
    expect(sketchAccuracy(values, SHARES)).toMatchObject({ misplaced: 0 });
  });

  it('are undefined without customers', () => {
    expect(pyramidCutoffs(new Map(), SHARES)).toBeUndefined();
  });

  it('miss the exact ranks by no more than the customers of the cut-off bucket', () => {
    for (const seed of [3, 4, 5]) {
      const values = spends(seed, 20_000);
      const accuracy = sketchAccuracy(values, SHARES);
      const counts = countsOf(values);
      const cutoffs = pyramidCutoffs(counts, SHARES);
      for (const level of accuracy.levels) {
        const bucket = cutoffs?.buckets[level.level] as number;
        // The sketch takes the whole cut-off bucket; exact ranks may stop inside it.
        expect(level.sketch).toBeGreaterThanOrEqual(level.exact);
        expect(level.sketch - level.exact).toBeLessThan(counts.get(bucket) ?? 0);
      }
      expect(accuracy.customers).toBe(20_000);
    }
  });
});
