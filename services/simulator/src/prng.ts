// A small seeded PRNG, so that a seed reproduces the same traffic byte for byte on every
// machine and Node version (Math.random is neither seedable nor specified).

const TWO_POW_32 = 4_294_967_296;

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Murmur3's 32-bit finaliser: a cheap bijective mix with good avalanche. */
function fmix32(h: number): number {
  let x = h;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Hashes a list of 32-bit integers to one (order-sensitive). Used to derive independent
 * streams from (seed, customer number, purpose) without drawing from a shared generator.
 */
export function hash32(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = fmix32((h ^ (part >>> 0)) + 0x7f4a7c15);
    // Fold in the high bits too: seeds and indices may exceed 32 bits.
    h = fmix32((h ^ Math.floor(part / TWO_POW_32)) + 0x632be5ab);
  }
  return h;
}

/** A uniform float in [0, 1) derived from the parts alone. */
export function unitHash(...parts: readonly number[]): number {
  return hash32(...parts) / TWO_POW_32;
}

/**
 * xoshiro128** (Blackman & Vigna, 2018): 128 bits of state, period 2^128 - 1, fast with
 * 32-bit integer arithmetic in JavaScript. The state is seeded through SplitMix32 so that
 * nearby seeds give unrelated streams.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  private constructor(a: number, b: number, c: number, d: number) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  /** A generator whose stream is a pure function of the parts (e.g. seed, customer number). */
  static fromParts(...parts: readonly number[]): Rng {
    let s = hash32(...parts);
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      return fmix32(s);
    };
    const a = next();
    const b = next();
    const c = next();
    const d = next();
    // The all-zero state is the one fixed point of xoshiro; SplitMix32 cannot give four zeros
    // in a row, but the guard costs nothing.
    return new Rng(a, b, c, d === 0 && a === 0 && b === 0 && c === 0 ? 1 : d);
  }

  /** A uniform unsigned 32-bit integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** A uniform float in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32;
  }

  /** A uniform integer in [0, maxExclusive). */
  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  /** A uniform float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new RangeError('pick needs a non-empty list');
    return item;
  }

  /** 16 lower-case hex digits (64 random bits), for opaque ids. */
  hex64(): string {
    return this.uint32().toString(16).padStart(8, '0') + this.uint32().toString(16).padStart(8, '0');
  }
}
