/**
 * Nelder & Mead (1965), "A Simplex Method for Function Minimization", Computer Journal 7(4), in
 * the form analysed by Lagarias, Reeds, Wright & Wright (1998), SIAM J. Optim. 9(1): reflection
 * 1, expansion 2, contraction 1/2, shrink 1/2. Deterministic: the same input gives the same path.
 */

/** Tuning of {@link nelderMead}; every field has a default. */
export interface NelderMeadOptions {
  /** Edge length of the starting simplex along each axis (one for all, or one per axis). Default 1. */
  readonly initialStep?: number | readonly number[];
  /** Stop when the simplex's values span at most fTolerance * (1 + |best|). Default 1e-12. */
  readonly fTolerance?: number;
  /** ...and every vertex is within xTolerance * (1 + |coordinate|) of the best. Default 1e-9. */
  readonly xTolerance?: number;
  /** Iterations allowed per run. Default 1000 per dimension. */
  readonly maxIterations?: number;
  /**
   * Fresh simplices started at the best point after a run converges, until one no longer improves
   * the value: a collapsed simplex can stall away from a minimum (Lagarias et al. 1998). Default 3.
   */
  readonly restarts?: number;
}

/** The best point found, its value, and what it cost. */
export interface NelderMeadResult {
  readonly x: readonly number[];
  readonly value: number;
  /** Whether the last run met both tolerances (rather than running out of iterations). */
  readonly converged: boolean;
  readonly iterations: number;
  readonly evaluations: number;
}

interface Vertex {
  readonly x: number[];
  readonly value: number;
}

interface Run {
  readonly best: Vertex;
  readonly converged: boolean;
  readonly iterations: number;
}

/** Moves from `from` towards or through `to`: from + t (to - from). */
function along(from: readonly number[], to: readonly number[], t: number): number[] {
  return from.map((v, i) => v + t * ((to[i] ?? v) - v));
}

function vertexAt(simplex: readonly Vertex[], i: number): Vertex {
  const vertex = simplex[i];
  if (vertex === undefined) throw new RangeError(`no vertex ${i}`);
  return vertex;
}

function isConverged(simplex: readonly Vertex[], fTolerance: number, xTolerance: number): boolean {
  const best = vertexAt(simplex, 0);
  const worst = vertexAt(simplex, simplex.length - 1);
  if (!(worst.value - best.value <= fTolerance * (1 + Math.abs(best.value)))) return false;
  return simplex.every((vertex) =>
    vertex.x.every((v, i) => {
      const b = best.x[i] ?? v;
      return Math.abs(v - b) <= xTolerance * (1 + Math.abs(b));
    }),
  );
}

function run(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  steps: readonly number[],
  fTolerance: number,
  xTolerance: number,
  maxIterations: number,
): Run {
  const n = start.length;
  const vertex = (x: number[]): Vertex => ({ x, value: f(x) });
  const simplex: Vertex[] = [vertex([...start])];
  for (let i = 0; i < n; i++) simplex.push(vertex(start.map((v, j) => (j === i ? v + (steps[i] ?? 1) : v))));

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    simplex.sort((p, q) => p.value - q.value);
    if (isConverged(simplex, fTolerance, xTolerance)) {
      return { best: vertexAt(simplex, 0), converged: true, iterations: iteration };
    }
    const best = vertexAt(simplex, 0);
    const secondWorst = vertexAt(simplex, n - 1);
    const worst = vertexAt(simplex, n);
    const centroid = start.map((_, j) => simplex.slice(0, n).reduce((s, v) => s + (v.x[j] ?? 0), 0) / n);

    const reflected = vertex(along(worst.x, centroid, 2));
    let replacement: Vertex | undefined;
    if (reflected.value < best.value) {
      const expanded = vertex(along(worst.x, centroid, 3));
      replacement = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      replacement = reflected;
    } else if (reflected.value < worst.value) {
      const outside = vertex(along(centroid, reflected.x, 0.5));
      if (outside.value <= reflected.value) replacement = outside;
    } else {
      const inside = vertex(along(centroid, worst.x, 0.5));
      if (inside.value < worst.value) replacement = inside;
    }

    if (replacement !== undefined) {
      simplex[n] = replacement;
    } else {
      for (let i = 1; i <= n; i++) simplex[i] = vertex(along(best.x, vertexAt(simplex, i).x, 0.5));
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  return { best: vertexAt(simplex, 0), converged: false, iterations: maxIterations };
}

/**
 * Minimises f: R^n -> R from x0 by the Nelder-Mead simplex method. A non-finite value (NaN, an
 * overflow) counts as +Infinity, so the search backs away from it instead of being poisoned.
 */
export function nelderMead(
  f: (x: readonly number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = x0.length;
  const step = options.initialStep ?? 1;
  const steps = typeof step === 'number' ? Array.from({ length: n }, () => step) : step;
  if (n === 0 || steps.length !== n)
    throw new RangeError('x0 and initialStep must have the same, non-zero length');
  const fTolerance = options.fTolerance ?? 1e-12;
  const xTolerance = options.xTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 1000 * n;
  const restarts = options.restarts ?? 3;

  let evaluations = 0;
  const guarded = (x: readonly number[]): number => {
    evaluations++;
    const value = f(x);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };

  let result = run(guarded, x0, steps, fTolerance, xTolerance, maxIterations);
  let iterations = result.iterations;
  for (let restart = 0; restart < restarts && result.converged; restart++) {
    const next = run(guarded, result.best.x, steps, fTolerance, xTolerance, maxIterations);
    iterations += next.iterations;
    const improved = result.best.value - next.best.value > fTolerance * (1 + Math.abs(result.best.value));
    if (next.best.value <= result.best.value) result = next;
    if (!improved) break;
  }
  return { x: result.best.x, value: result.best.value, converged: result.converged, iterations, evaluations };
}
