import { describe, expect, it } from 'vitest';
import { quintileScores, rfmSegment } from './rfm-scores.js';

describe('quintileScores', () => {
  it('gives each score to a fifth of distinct values', () => {
    expect(quintileScores([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 'higher')).toEqual([
      1, 1, 2, 2, 3, 3, 4, 4, 5, 5,
    ]);
    expect(quintileScores([5, 1, 4, 2, 3], 'higher')).toEqual([5, 1, 4, 2, 3]);
  });

  it('scores lower values best when lower is better (recency)', () => {
    expect(quintileScores([1, 2, 3, 4, 5], 'lower')).toEqual([5, 4, 3, 2, 1]);
  });

  it('gives ties the score of the middle of their run (mid-rank percentile)', () => {
    // 7s: b 0, e 3 -> p 0.3 -> 2; 9: b 3, e 1 -> p 0.7 -> 4; 12: b 4 -> p 0.9 -> 5.
    expect(quintileScores([7, 7, 7, 9, 12], 'higher')).toEqual([2, 2, 2, 4, 5]);
    // Everyone alike (an RFM over one day): the middle score, not the lowest.
    expect(quintileScores([3, 3, 3], 'lower')).toEqual([3, 3, 3]);
    expect(quintileScores([0, 0, 0, 0], 'higher')).toEqual([3, 3, 3, 3]);
  });

  it('spreads distinct values symmetrically', () => {
    expect(quintileScores([1, 2, 3], 'higher')).toEqual([1, 3, 5]);
    expect(quintileScores([1, 2, 3], 'lower')).toEqual([5, 3, 1]);
    expect(quintileScores([4], 'higher')).toEqual([3]);
  });

  it('scores every value as counting the worse and equal values one by one does', () => {
    // Many ties and negative values (net revenue after returns), in no order.
    const values = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 37) - 12);
    for (const better of ['higher', 'lower'] as const) {
      const byCounting = values.map((value) => {
        const worse = values.filter((other) => (better === 'higher' ? other < value : other > value)).length;
        const equal = values.filter((other) => other === value).length;
        return 1 + Math.floor((5 * (2 * worse + equal)) / (2 * values.length));
      });
      expect(quintileScores(values, better)).toEqual(byCounting);
    }
    expect(quintileScores([], 'higher')).toEqual([]);
  });
});

describe('rfmSegment', () => {
  it('places customers on the R x FM grid', () => {
    expect(rfmSegment(5, 5, 5)).toBe('champions');
    expect(rfmSegment(4, 4, 4)).toBe('loyal');
    expect(rfmSegment(5, 1, 1)).toBe('new customers');
    expect(rfmSegment(4, 1, 1)).toBe('promising');
    expect(rfmSegment(5, 2, 3)).toBe('potential loyalists');
    expect(rfmSegment(3, 3, 3)).toBe('need attention');
    expect(rfmSegment(3, 1, 2)).toBe('about to sleep');
    expect(rfmSegment(2, 4, 3)).toBe('at risk');
    expect(rfmSegment(1, 5, 4)).toBe("can't lose them");
    expect(rfmSegment(2, 1, 2)).toBe('hibernating');
    expect(rfmSegment(1, 1, 1)).toBe('lost');
  });

  it('rounds the mean of F and M half up', () => {
    expect(rfmSegment(5, 3, 4)).toBe('champions');
    expect(rfmSegment(5, 3, 3)).toBe('potential loyalists');
  });

  it('rejects scores outside 1-5', () => {
    expect(() => rfmSegment(0, 1, 1)).toThrow(RangeError);
    expect(() => rfmSegment(1, 6, 6)).toThrow(RangeError);
  });
});
