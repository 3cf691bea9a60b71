import { describe, expect, it } from 'vitest';
import { beta, exponential, gamma, logNormal } from './distributions.js';
import { hash32, Rng } from './prng.js';

function draws(rng: Rng, n: number, draw: (r: Rng) => number): number[] {
  return Array.from({ length: n }, () => draw(rng));
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('Rng', () => {
  it('repeats its stream for the same parts and differs for other parts', () => {
    const a = draws(Rng.fromParts(42, 7), 100, (r) => r.uint32());
    const b = draws(Rng.fromParts(42, 7), 100, (r) => r.uint32());
    const c = draws(Rng.fromParts(42, 8), 100, (r) => r.uint32());
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(hash32(1, 2)).not.toBe(hash32(2, 1));
    // Parts above 32 bits count too.
    expect(hash32(2 ** 32 + 1)).not.toBe(hash32(1));
  });

  it('draws uniform floats in [0, 1) and integers in range', () => {
    const rng = Rng.fromParts(1);
    const xs = draws(rng, 50_000, (r) => r.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 2);
    const ints = draws(rng, 10_000, (r) => r.int(6));
    expect(new Set(ints)).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(rng.hex64()).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('distributions', () => {
  const rng = Rng.fromParts(2024);
  const n = 40_000;

  it.each([
    ['exponential(rate 0.5)', (r: Rng) => exponential(r, 0.5), 2],
    ['gamma(0.75, 20)', (r: Rng) => gamma(r, 0.75, 20), 15],
    ['gamma(3, 2)', (r: Rng) => gamma(r, 3, 2), 6],
    ['beta(0.8, 7)', (r: Rng) => beta(r, 0.8, 7), 0.8 / 7.8],
    ['lognormal(0, 0.5)', (r: Rng) => logNormal(r, 0, 0.5), Math.exp(0.125)],
  ] as const)('%s has the expected mean', (_name, draw, expected) => {
    const m = mean(draws(rng, n, draw));
    expect(Math.abs(m - expected) / expected).toBeLessThan(0.05);
  });
});
