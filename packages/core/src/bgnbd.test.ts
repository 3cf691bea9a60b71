import { describe, expect, it } from 'vitest';
import { pAlive, pAliveCrossingT } from './bgnbd.js';

// The CDNOW estimates of Fader, Hardie & Lee (2005), weeks.
const CDNOW = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/** The published expression, written out directly (fine wherever the power does not overflow). */
function direct(x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = CDNOW;
  return x === 0 ? 1 : 1 / (1 + (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x));
}

describe('pAlive', () => {
  it('is 1 for a customer with no repeat purchase, however long ago', () => {
    expect(pAlive(CDNOW, 0, 0, 0)).toBe(1);
    expect(pAlive(CDNOW, 0, 0, 10_000)).toBe(1);
  });

  it('matches values computed by hand from the formula', () => {
    // x=2, t_x=30.43, T=38.86: a/(b+1) = 0.231465; (43.274/34.844)^2.243 = 1.625781;
    // 1 / (1 + 0.376311) = 0.72658.
    expect(pAlive(CDNOW, 2, 30.43, 38.86)).toBeCloseTo(0.72658, 5);
    // x=1, t_x=0, T=10: a/b = 0.326876; (14.414/4.414)^1.243 = 4.353637; 1 / 2.423106 = 0.41270.
    expect(pAlive(CDNOW, 1, 0, 10)).toBeCloseTo(0.4127, 4);
  });

  it('agrees with the direct formula across a grid', () => {
    for (const x of [1, 2, 3, 7, 20]) {
      for (const tx of [0, 1, 13.5, 52]) {
        for (const extra of [0, 0.5, 4, 26, 104]) {
          expect(pAlive(CDNOW, x, tx, tx + extra)).toBeCloseTo(direct(x, tx, tx + extra), 12);
        }
      }
    }
  });

  it('stays finite in log space where the power overflows', () => {
    // ((4.414 + 28) / 5.414)^400.243 is about e^716, beyond the largest double: the direct
    // formula can only say 0, while P(alive) itself is about e^-710, still a normal double.
    expect(direct(400, 1, 28)).toBe(0);
    const value = pAlive(CDNOW, 400, 1, 28);
    const logOdds = Math.log(0.793) - Math.log(2.426 + 399) + 400.243 * Math.log(32.414 / 5.414);
    expect(logOdds).toBeGreaterThan(709);
    expect(value).toBeGreaterThan(0);
    expect(Math.log(value)).toBeCloseTo(-logOdds, 9);
    for (const [x, tx, T] of [
      [1e6, 10, 1e6],
      [1e9, 5, 5],
      [1e12, 0, 1e9],
    ] as const) {
      const p = pAlive(CDNOW, x, tx, T);
      expect(Number.isFinite(p)).toBe(true);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    // With T = t_x the power is 1, so P = 1 / (1 + a / (b + x - 1)), close to 1 for a huge x.
    expect(pAlive(CDNOW, 1e9, 5, 5)).toBeCloseTo(1 - 0.793e-9, 15);
  });

  it('falls as time passes without a purchase', () => {
    let previous = pAlive(CDNOW, 3, 10, 10);
    for (let T = 11; T < 500; T += 7) {
      const current = pAlive(CDNOW, 3, 10, T);
      expect(current).toBeLessThan(previous);
      previous = current;
    }
  });
});

describe('pAliveCrossingT', () => {
  it('is undefined for x = 0, where P(alive) never falls', () => {
    expect(pAliveCrossingT(CDNOW, 0, 0, 0.6)).toBeUndefined();
  });

  it('is the T at which pAlive itself reaches the threshold', () => {
    for (const x of [1, 2, 5, 20, 300]) {
      for (const tx of [0, 3, 40]) {
        for (const p of [0.3, 0.6]) {
          const T = pAliveCrossingT(CDNOW, x, tx, p);
          if (T === undefined) throw new Error('expected a crossing');
          expect(pAlive(CDNOW, x, tx, T)).toBeCloseTo(p, 9);
          // Only crossings after t_x are moments of the customer's life; before, the formula
          // is still monotone, so the bracket holds either way.
          const step = 1e-6 * Math.max(1, Math.abs(T));
          expect(pAlive(CDNOW, x, tx, T - step)).toBeGreaterThan(p);
          expect(pAlive(CDNOW, x, tx, T + step)).toBeLessThan(p);
        }
      }
    }
  });

  it('solves the closed form given in the formula', () => {
    // x=2, t_x=30.43, p=0.6: K = (1/0.6 - 1) * 3.426 / 0.793 = 2.880202; T = 34.844 * K^(1/2.243) - 4.414.
    const K = ((1 / 0.6 - 1) * 3.426) / 0.793;
    expect(pAliveCrossingT(CDNOW, 2, 30.43, 0.6)).toBeCloseTo(34.844 * K ** (1 / 2.243) - 4.414, 9);
  });
});
