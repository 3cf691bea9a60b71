import { describe, expect, it } from 'vitest';
import { cutoffValues } from './exact-cutoffs.js';

describe('cutoffValues', () => {
  const fifths = { platinumShare: 0.2, goldShare: 0.2, ironShare: 0.2 };

  it('takes the value where each cumulative share ends, ties included', () => {
    expect(cutoffValues([5, 4, 4, 1, -1], fifths)).toEqual([5, 4, 4]);
  });

  it('gives the top level at least its first customer, and nothing without customers', () => {
    // 1% of 10 is a tenth of a customer: still the first one.
    expect(
      cutoffValues([9, 8, 7, 6, 5, 4, 3, 2, 1, 0], { platinumShare: 0.01, goldShare: 0.04, ironShare: 0.15 }),
    ).toEqual([9, 9, 8]);
    // 250 customers: 1% is 2.5, so the third reaches platinum; 5% the 13th; 20% the 50th.
    const values = Array.from({ length: 250 }, (_, i) => 250 - i);
    expect(cutoffValues(values, { platinumShare: 0.01, goldShare: 0.04, ironShare: 0.15 })).toEqual([
      248, 238, 201,
    ]);
    expect(cutoffValues([], fifths)).toEqual([undefined, undefined, undefined]);
  });
});
