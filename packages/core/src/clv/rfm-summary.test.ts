import { describe, expect, it } from 'vitest';
import { rfmSummary } from './rfm-summary.js';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('rfmSummary', () => {
  it("reproduces the paper's summary of CDNOW customer 1 at the 1997-09-30 cut-off", () => {
    const purchases = [
      { day: day('1997-01-01'), value: 29.33 },
      { day: day('1997-01-18'), value: 29.73 },
      { day: day('1997-08-02'), value: 14.96 },
      { day: day('1997-12-12'), value: 26.48 },
    ];
    const summary = rfmSummary(purchases, day('1997-09-30'));
    expect(summary).toEqual({ x: 2, tx: 213 / 7, T: 272 / 7, mx: (29.73 + 14.96) / 2 });
    // The published x = 2, t_x = 30.43, T = 38.86.
    expect(summary?.tx.toFixed(2)).toBe('30.43');
    expect(summary?.T.toFixed(2)).toBe('38.86');
  });

  it('collapses purchases on one day into one transaction with the summed value', () => {
    const summary = rfmSummary(
      [
        { day: 12, value: 5 },
        { day: 10, value: 3 },
        { day: 12, value: 7 },
        { day: 10, value: 1 },
        { day: 17, value: 4 },
      ],
      24,
    );
    expect(summary).toEqual({ x: 2, tx: 1, T: 2, mx: (12 + 4) / 2 });
  });

  it('counts a purchase on the cut-off day (t_x = T) and ignores later ones', () => {
    expect(
      rfmSummary(
        [
          { day: 3, value: 9 },
          { day: 10, value: 2 },
          { day: 11, value: 50 },
        ],
        10,
      ),
    ).toEqual({
      x: 1,
      tx: 1,
      T: 1,
      mx: 2,
    });
  });

  it('gives mx = 0 without a repeat purchase, and nothing without a purchase by the cut-off', () => {
    expect(rfmSummary([{ day: 5, value: 9 }], 19)).toEqual({ x: 0, tx: 0, T: 2, mx: 0 });
    expect(rfmSummary([{ day: 20, value: 9 }], 19)).toBeUndefined();
    expect(rfmSummary([], 19)).toBeUndefined();
  });
});
