import { describe, expect, it } from 'vitest';
import { hyp2f1, hyp2f1Excess } from './hypergeometric.js';

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

const Z = [0, 1e-8, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999] as const;

describe('hyp2f1', () => {
  it('is -ln(1 - z) / z for a = b = 1, c = 2, up to z = 0.9999', () => {
    for (const z of Z) {
      expectRelative(hyp2f1(1, 1, 2, z), z === 0 ? 1 : -Math.log1p(-z) / z, 1e-14);
    }
  });

  it('is (1 - z)^-a for b = c', () => {
    for (const [a, b] of [
      [2.5, 1.3],
      [0.243, 4.426],
      [7, 3],
    ] as const) {
      for (const z of Z) expectRelative(hyp2f1(a, b, b, z), (1 - z) ** -a, 1e-13);
    }
    // With a < 0 the terms are of order 1 while the sum falls to (1 - z)^1.7, so the error is
    // one rounding unit of the largest term, not of the sum.
    for (const z of Z) expect(Math.abs(hyp2f1(-1.7, 0.6, 0.6, z) - (1 - z) ** 1.7)).toBeLessThan(1e-15);
  });

  it('is arcsin(s) / s at z = s² and arctan(s) / s at z = -s² (Pfaff)', () => {
    for (const s of [0.3, 0.9, 0.995]) expectRelative(hyp2f1(0.5, 0.5, 1.5, s * s), Math.asin(s) / s, 1e-14);
    for (const s of [0.3, 1, 3, 10]) expectRelative(hyp2f1(0.5, 1, 1.5, -s * s), Math.atan(s) / s, 1e-13);
  });

  it('is a polynomial when a is a non-positive integer', () => {
    // 2F1(-2, b; c; z) = 1 - 2bz/c + b(b + 1)z² / (c(c + 1)).
    const [b, c, z] = [2.5, 1.5, 0.7];
    expectRelative(hyp2f1(-2, b, c, z), 1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 1e-15);
  });

  it('matches mpmath at general points, including near z = 1', () => {
    // Reference values from mpmath.hyp2f1 at 30 digits.
    expectRelative(hyp2f1(2.243, 4.426, 5.219, 0.3), 1.9534770906494956, 1e-14);
    expectRelative(hyp2f1(2.243, 4.426, 5.219, 0.99), 1917.8789484679453, 1e-13);
    expectRelative(hyp2f1(0.3, -0.7, 2.1, 0.95), 0.8970705520885597, 1e-14);
    expectRelative(hyp2f1(1.5, 2.5, 0.5, 0.9), 14546.477236774545, 1e-13);
    // c - a - b = 2 > 0: no Euler transformation, ~10^4 terms at z = 0.999.
    expectRelative(hyp2f1(5, 5, 12, 0.999), 75.19914485500588, 1e-13);
    expectRelative(hyp2f1(0.7, 1.9, 2.2, -0.6), 0.7495342561483049, 1e-14);
  });

  it('reaches z = 1 - 1e-6 through Euler where that ends the series, and z = 1 - 1e-4 in general', () => {
    // Euler turns 2F1(a, b; b; z) into (1 - z)^-a 2F1(b - a, 0; b; z), a single term; the plain
    // series would need ~10^8 terms.
    expectRelative(hyp2f1(2.5, 1.3, 1.3, 1 - 1e-6), 1e15, 1e-9);
    // mpmath.hyp2f1 at 40 digits; 1 - z itself carries a relative error of ~1e-12.
    expectRelative(hyp2f1(2.243, 4.426, 5.219, 1 - 1e-4), 1581154.2782183606, 1e-10);
    expectRelative(hyp2f1(0.75, 1.5, 1.25, 1 - 1e-4), 8347.322740348982, 1e-10);
  });

  it('rejects z >= 1 and c a non-positive integer', () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});

describe('hyp2f1Excess', () => {
  it('equals (2F1 - 1) / b where that difference is safe', () => {
    for (const z of [0.1, 0.6, 0.95]) {
      expectRelative(
        hyp2f1Excess(1.976, -0.207, 3.219, z),
        (hyp2f1(1.976, -0.207, 3.219, z) - 1) / -0.207,
        1e-12,
      );
    }
  });

  it('does not stop where the terms dip and then grow again', () => {
    // a + 7 = 2^-50 makes t_8 ~ 1e-16 t_7, but the ratio later exceeds 1 (b >> c) and the terms
    // grow back: stopping on the tail bound before the ratio is monotone loses 8 digits.
    // mpmath.hyp2f1 at 60 digits: -0.012336393494527287383.
    expectRelative(hyp2f1Excess(-7 + 2 ** -50, 85, 44, 0.92), -0.012336393494527286, 1e-12);
  });

  it('keeps its digits as b -> 0, where 2F1 - 1 cancels', () => {
    // Σ_{n >= 1} (1)_n (1)_{n-1} / ((2)_n n!) z^n = Σ z^n / (n (n + 1)) = 1 + (1 - z) ln(1 - z) / z.
    // (z where the closed form itself does not cancel.)
    for (const z of [0.5, 0.9, 0.99]) {
      const limit = 1 + ((1 - z) * Math.log1p(-z)) / z;
      expectRelative(hyp2f1Excess(1, 0, 2, z), limit, 1e-14);
      expectRelative(hyp2f1Excess(1, 1e-12, 2, z), limit, 1e-10);
    }
  });
});
