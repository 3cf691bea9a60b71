import { describe, expect, it } from 'vitest';
import { buildBasket, grossMinor } from './basket.js';
import { CATEGORIES, CATEGORY_COUNT } from './catalogue.js';
import { Rng } from './prng.js';

/** Lift of a pair: P(a and b) / (P(a) P(b)); above 1 means bought together more than by chance. */
function lift(baskets: readonly Set<string>[], a: string, b: string): number {
  const n = baskets.length;
  const pa = baskets.filter((s) => s.has(a)).length / n;
  const pb = baskets.filter((s) => s.has(b)).length / n;
  const pab = baskets.filter((s) => s.has(a) && s.has(b)).length / n;
  return pab / (pa * pb);
}

describe('buildBasket', () => {
  const rng = Rng.fromParts(8);
  const taste = new Float32Array(CATEGORY_COUNT).fill(1);
  const targets = [1_500, 3_000, 6_000, 20_000, 60_000];
  const baskets = Array.from({ length: 10_000 }, (_, i) =>
    buildBasket(rng, taste, targets[i % targets.length] ?? 3_000),
  );

  it('builds lines of distinct SKUs from the catalogue, at catalogue prices', () => {
    const skus = new Map(
      CATEGORIES.flatMap((c) => c.skus.map((s) => [s.sku, `${c.name}@${s.unitPriceMinor}`])),
    );
    const wrong = baskets.filter(
      (lines) =>
        lines.length === 0 ||
        new Set(lines.map((l) => l.sku)).size !== lines.length ||
        lines.some(
          (l) =>
            skus.get(l.sku) !== `${l.category}@${l.unitPriceMinor}` ||
            !Number.isInteger(l.quantity) ||
            l.quantity < 1,
        ),
    );
    expect(wrong).toEqual([]);
  });

  it('follows the intended spend', () => {
    const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    const small = median(baskets.filter((_, i) => i % targets.length === 0).map(grossMinor));
    const large = median(baskets.filter((_, i) => i % targets.length === 4).map(grossMinor));
    expect(small).toBeLessThan(4_000);
    expect(large).toBeGreaterThan(30_000);
  });

  it('puts the affine categories together, so basket analysis finds them', () => {
    const sets = baskets.map((lines) => new Set(lines.map((l) => l.category)));
    expect(lift(sets, 'pasta', 'sauce')).toBeGreaterThan(3);
    expect(lift(sets, 'smartphones', 'phone-accessories')).toBeGreaterThan(2);
    expect(lift(sets, 'wine', 'cheese')).toBeGreaterThan(1.8);
    expect(lift(sets, 'apparel', 'footwear')).toBeGreaterThan(2);
    expect(lift(sets, 'smartphones', 'pasta')).toBeLessThan(1);
  });
});
