import { describe, expect, it } from 'vitest';
import { nelderMead } from './nelder-mead.js';

const rosenbrock = (x: readonly number[]): number => {
  let sum = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const [xi = 0, next = 0] = [x[i], x[i + 1]];
    sum += 100 * (next - xi * xi) ** 2 + (1 - xi) ** 2;
  }
  return sum;
};

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock function from the classic start (-1.2, 1)', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it('finds the minimum of the 4-dimensional Rosenbrock function', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1, -1.2, 1], { initialStep: 0.5 });
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(v).toBeCloseTo(1, 5);
  });

  it('treats a non-finite value as +Infinity and backs away from it', () => {
    // ln x is NaN for x < 0, so steps beyond the wall must be rejected, not followed.
    const f = ([x = 0, y = 0]: readonly number[]): number => (x - 0.5) ** 2 + (y + 2) ** 2 - Math.log(x);
    const result = nelderMead(f, [3, 3], { initialStep: 4 });
    // d/dx: 2(x - 0.5) - 1/x = 0, i.e. 2x² - x - 1 = 0, at x = 1.
    expect(result.x[0]).toBeCloseTo(1, 6);
    expect(result.x[1]).toBeCloseTo(-2, 6);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('is deterministic', () => {
    const first = nelderMead(rosenbrock, [0.3, -0.4, 2]);
    const second = nelderMead(rosenbrock, [0.3, -0.4, 2]);
    expect(second).toEqual(first);
  });

  it('reports no convergence when the iterations run out', () => {
    const result = nelderMead(rosenbrock, [-1.2, 1], { maxIterations: 5, restarts: 0 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(5);
  });

  it('rejects an initial step of the wrong length', () => {
    expect(() => nelderMead(rosenbrock, [1, 2], { initialStep: [1] })).toThrow(RangeError);
  });
});
