import { describe, expect, it } from 'vitest';
import { qualifyingSpendAt, qualifyingTierAt } from '../evaluate.js';
import { DEFAULT_RULES } from '../rules.js';
import { refund, sale } from '../testing/entries.js';
import {
  bucketAt,
  epochAtOrBefore,
  epochPyramid,
  levelAtEpoch,
  placesAt,
  pyramidEpochs,
} from './pyramid-epochs.js';
import { valueBucket } from './value-buckets.js';

const at = (iso: string) => Date.parse(iso);

describe('the pyramid epochs', () => {
  it('are the starts of the months after fromExclusive, up to toInclusive', () => {
    expect(
      pyramidEpochs(at('2026-01-15T00:00:00Z'), at('2026-04-01T00:00:00Z')).map((e) =>
        new Date(e).toISOString(),
      ),
    ).toEqual(['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z']);
    // An epoch itself is excluded as the lower bound, included as the upper; across a year end.
    expect(pyramidEpochs(at('2026-12-01T00:00:00Z'), at('2027-01-01T00:00:00Z'))).toEqual([
      at('2027-01-01T00:00:00Z'),
    ]);
    expect(pyramidEpochs(at('2026-12-01T00:00:00Z'), at('2026-12-31T23:59:59.999Z'))).toEqual([]);
    expect(pyramidEpochs(at('2026-05-01T00:00:00Z'), at('2026-04-01T00:00:00Z'))).toEqual([]);
  });

  it('place a moment in the month it starts', () => {
    expect(epochAtOrBefore(at('2026-03-31T23:59:59.999Z'))).toBe(at('2026-03-01T00:00:00Z'));
    expect(epochAtOrBefore(at('2026-03-01T00:00:00Z'))).toBe(at('2026-03-01T00:00:00Z'));
  });
});

describe("a customer's place at an epoch", () => {
  const history = [
    sale(at('2026-01-10T12:00:00Z'), 40_000),
    sale(at('2026-02-20T12:00:00Z'), 10_000),
    refund(at('2026-02-21T12:00:00Z'), 5_000),
  ];

  it('is nowhere before the first sale, then the bucket of the trailing spend at the epoch', () => {
    expect(bucketAt(history, at('2026-01-01T00:00:00Z'), DEFAULT_RULES)).toBeUndefined();
    expect(bucketAt(history, at('2026-02-01T00:00:00Z'), DEFAULT_RULES)).toBe(valueBucket(40_000));
    // The March epoch sees the sale and the return of February.
    expect(bucketAt(history, at('2026-03-01T00:00:00Z'), DEFAULT_RULES)).toBe(valueBucket(45_000));
  });

  it('is the same at many moments at once, with the trailing spend itself', () => {
    const moments = ['2026-01-01', '2026-02-01', '2026-03-01', '2027-03-01'].map((d) => at(`${d}T00:00:00Z`));
    expect(placesAt(history, moments, DEFAULT_RULES)).toEqual([
      undefined,
      { valueMinor: 40_000, bucket: valueBucket(40_000) },
      { valueMinor: 45_000, bucket: valueBucket(45_000) },
      // A year on, everything left the window: still placed, at 0.
      { valueMinor: 0, bucket: valueBucket(0) },
    ]);
    for (const t of moments)
      expect(placesAt(history, [t], DEFAULT_RULES)[0]?.valueMinor).toEqual(
        t < at('2026-01-10T12:00:00Z') ? undefined : qualifyingSpendAt(history, t, DEFAULT_RULES),
      );
  });

  it("agrees with the tier model's trailing spend on random histories", () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const start = at('2025-01-01T00:00:00Z');
    const day = 86_400_000;
    for (let n = 0; n < 200; n++) {
      const entries = Array.from({ length: 1 + Math.floor(random() * 12) }, () => {
        const t = start + Math.floor(random() * 700) * day + Math.floor(random() * day);
        const amount = 100 + Math.floor(random() * 50_000);
        return random() < 0.8 ? sale(t, amount) : refund(t, amount);
      });
      const moments = Array.from({ length: 24 }, (_, i) => start + i * 31 * day);
      placesAt(entries, moments, DEFAULT_RULES).forEach((place, i) => {
        const t = moments[i] as number;
        const model = qualifyingTierAt(entries, t, DEFAULT_RULES);
        expect(place?.valueMinor).toBe(
          model === undefined ? undefined : qualifyingSpendAt(entries, t, DEFAULT_RULES),
        );
      });
    }
  });

  it('takes its level from the cut-offs the merged counts give', () => {
    // Ten customers: one at 1,000.00, four at 500.00, five at 10.00. With shares 10/20/30 %,
    // platinum starts at the top one's bucket, gold reaches the third, iron the sixth.
    const counts = new Map([
      [valueBucket(100_000), 1],
      [valueBucket(50_000), 4],
      [valueBucket(1_000), 5],
    ]);
    const pyramid = epochPyramid(at('2026-03-01T00:00:00Z'), counts, {
      platinumShare: 0.1,
      goldShare: 0.2,
      ironShare: 0.3,
    });
    expect(levelAtEpoch(pyramid, valueBucket(100_000))).toBe('platinum');
    expect(levelAtEpoch(pyramid, valueBucket(50_000))).toBe('gold');
    expect(levelAtEpoch(pyramid, valueBucket(1_000))).toBe('iron');
    expect(levelAtEpoch(pyramid, valueBucket(900))).toBe('lead');
    expect(levelAtEpoch(pyramid, undefined)).toBeUndefined();
    expect(levelAtEpoch(epochPyramid(0, new Map(), DEFAULT_RULES.pyramid), valueBucket(1))).toBeUndefined();
  });
});
