/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) = Σ (a)_n (b)_n / ((c)_n n!) z^n, summed as
 * its power series with a rigorous bound on the part left out, for the z in [0, 1) that the
 * BG/NBD expectations need (Fader, Hardie & Lee 2005, eqs. 9 and 10) and, by Pfaff's
 * transformation, for z < 0. Transformations: Abramowitz & Stegun (1964), 15.3.3 (Euler) and
 * 15.3.4 (Pfaff).
 */

/** About 37 / (1 - z) terms reach a rounding unit, so this serves z up to about 1 - 2e-5. */
const MAX_TERMS = 2_000_000;

/**
 * The n from which the term ratio f(n) = (n + a)(n + b) / ((n + c)(n + 1)) is monotone and all its
 * factors positive. d/dn ln f(n) = N(n) / ((n + a)(n + b)(n + c)(n + 1)) with the quadratic
 * N(n) = (c + 1 - a - b) n² + 2(c - ab) n + c(a + b) - ab(1 + c), so past N's largest real root
 * the sign of f' no longer changes.
 */
function ratioMonotoneFrom(a: number, b: number, c: number): number {
  const A = c + 1 - a - b;
  const B = 2 * (c - a * b);
  const C = c * (a + b) - a * b * (1 + c);
  let root = Number.NEGATIVE_INFINITY;
  if (A === 0) {
    if (B !== 0) root = -C / B;
  } else {
    const discriminant = B * B - 4 * A * C;
    if (discriminant >= 0) {
      const s = Math.sqrt(discriminant);
      root = Math.max((-B + s) / (2 * A), (-B - s) / (2 * A));
    }
  }
  return Math.max(0, -a, -b, -c, root);
}

/**
 * Σ_{n >= n0} t_n with t_{n0} = first and t_{n+1} = t_n (a + n)(b + n) / ((c + n)(n + 1)) z, for
 * |z| < 1. Once the ratio is monotone (see above), every later ratio is at most
 * R = max(|t_{n+1} / t_n|, |z|), so the tail after t_n is at most |t_n| R / (1 - R); the sum stops
 * when that bound is below one rounding unit of the sum. Neumaier's compensated summation keeps
 * the thousands of terms needed near z = 1 from piling up rounding error.
 */
function series(a: number, b: number, c: number, z: number, n0: number, first: number): number {
  const monotoneFrom = ratioMonotoneFrom(a, b, c);
  let term = first;
  let sum = first;
  let compensation = 0;
  for (let n = n0; n < n0 + MAX_TERMS; n++) {
    if (!Number.isFinite(sum)) return sum;
    if (term === 0) return sum + compensation;
    const ratio = (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    if (n > monotoneFrom) {
      const bound = Math.max(Math.abs(ratio), Math.abs(z));
      if (
        bound < 1 &&
        (Math.abs(term) * bound) / (1 - bound) <= Number.EPSILON * Math.abs(sum + compensation)
      ) {
        return sum + compensation;
      }
    }
    term *= ratio;
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  }
  throw new RangeError(`2F1(${a}, ${b}; ${c}; ${z}): the series did not converge in ${MAX_TERMS} terms`);
}

function checkC(c: number): void {
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`2F1 is undefined for c = ${c}`);
}

/**
 * 2F1(a, b; c; z) for real z < 1 (c not a non-positive integer), to about 15 digits of the
 * series' largest term (of the sum itself unless early terms of mixed sign cancel).
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  checkC(c);
  if (!(z < 1)) throw new RangeError(`2F1 is summed here only for z < 1, got ${z}`);
  // Pfaff (A&S 15.3.4): 2F1(a, b; c; z) = (1 - z)^-a 2F1(a, c - b; c; z / (z - 1)), which maps
  // z < 0 into (0, 1), where the series has terms of one sign in the end.
  if (z < 0) return (1 - z) ** -a * hyp2f1(a, c - b, c, z / (z - 1));
  // Euler (A&S 15.3.3): 2F1(a, b; c; z) = (1 - z)^(c - a - b) 2F1(c - a, c - b; c; z). Terms
  // behave like n^(a + b - c - 1) z^n, so when c - a - b < 0 the transformed series, whose terms
  // fall like n^(c - a - b - 1) z^n, needs far fewer of them close to z = 1.
  if (c - a - b < 0)
    return (1 - z) ** (c - a - b) * (1 + (c - b) * series(c - a, c - b, c, z, 1, ((c - a) * z) / c));
  return 1 + b * series(a, b, c, z, 1, (a * z) / c);
}

/**
 * (2F1(a, b; c; z) - 1) / b for z in [0, 1): exact as b -> 0, where the difference itself would
 * cancel to nothing. Every term after the first carries the factor (b)_n = b (b + 1)_{n-1}.
 */
export function hyp2f1Excess(a: number, b: number, c: number, z: number): number {
  checkC(c);
  if (!(z >= 0 && z < 1)) throw new RangeError(`2F1 excess is summed here only for z in [0, 1), got ${z}`);
  return series(a, b, c, z, 1, (a * z) / c);
}
