/**
 * Seeded random numbers. Every random choice in nabla (initial weights, shuffling)
 * takes an Rng as an argument, so the same seed gives the same run, bit for bit.
 *
 * The generator is xoshiro128** (Blackman & Vigna), seeded through splitmix32:
 * 32-bit integer arithmetic only, so it gives the same sequence in every JS engine.
 */
export interface Rng {
  /** Uniform in [0, 1), 32 bits of resolution. */
  uniform(): number;
  /** Standard normal N(0, 1) (Box–Muller). */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** The generator's whole state, for a checkpoint: `restoreRng(rng.state())` continues the same sequence. */
  state(): RngState;
}

/** xoshiro128**'s four 32-bit words and the second normal of the last polar-method pair, if unused. */
export interface RngState {
  readonly s: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  // Fold the seed's integer part into 32 bits (seeds above 2^32 keep their high bits).
  const seedInt = Math.trunc(seed);
  const init = splitmix32((seedInt ^ Math.floor(seedInt / 0x100000000)) >>> 0);
  const s = [init(), init(), init(), init()] as const;
  return restoreRng({ s, spareNormal: null });
}

/** A generator that continues from `state` (from `rng.state()`), exactly as the original would. */
export function restoreRng(state: RngState): Rng {
  if (!Array.isArray(state?.s) || state.s.length !== 4 || !state.s.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
    throw new RangeError(`a random generator's state is four 32-bit words, got ${JSON.stringify(state?.s)?.slice(0, 80)}`);
  }
  let [s0, s1, s2, s3] = state.s;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // xoshiro's one forbidden state

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  let spareNormal: number | undefined = state.spareNormal ?? undefined;
  const uniform = (): number => nextUint32() / 0x100000000;

  return {
    uniform,
    normal(): number {
      if (spareNormal !== undefined) {
        const n = spareNormal;
        spareNormal = undefined;
        return n;
      }
      // Marsaglia's polar method: a point uniform in the unit disc gives two independent
      // normals. It needs only +, ×, ÷, √ (correctly rounded everywhere) and our own log,
      // so a seed gives the same numbers in every JavaScript engine; Math.log, Math.sin and
      // Math.cos may differ by an ulp between engines.
      let u: number, v: number, s: number;
      do {
        u = 2 * uniform() - 1;
        v = 2 * uniform() - 1;
        s = u * u + v * v;
      } while (s >= 1 || s === 0);
      const factor = Math.sqrt((-2 * portableLog(s)) / s);
      spareNormal = v * factor;
      return u * factor;
    },
    int(n: number): number {
      return Math.floor(uniform() * n);
    },
    state(): RngState {
      return { s: [s0 >>> 0, s1 >>> 0, s2 >>> 0, s3 >>> 0], spareNormal: spareNormal ?? null };
    },
  };
}

const LN2_HI = 0.6931471803691238; // ln 2 split so that e · LN2_HI is exact for |e| < 2^20
const LN2_LO = 1.9082149292705877e-10;

/**
 * ln(x) for x > 0 from IEEE basic operations only, so that it gives the same bits in every
 * engine (within about an ulp of the true value). x = m · 2^e with m in [√½, √2), then
 * ln m = 2 atanh(t) = 2 (t + t³/3 + t⁵/5 + …) with t = (m − 1)/(m + 1), |t| ≤ 0.172.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x === 0 ? -Infinity : x === Infinity ? Infinity : NaN;
  let m = x;
  let e = 0;
  while (m >= Math.SQRT2) {
    m /= 2;
    e++;
  }
  while (m < Math.SQRT1_2) {
    m *= 2;
    e--;
  }
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  // Horner form of the series up to t^23: the next term is below 2^-60 of the sum.
  let series = 1 / 23;
  for (let k = 21; k >= 1; k -= 2) series = 1 / k + t2 * series;
  return e * LN2_HI + (e * LN2_LO + 2 * t * series);
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Fisher–Yates shuffle of `order` in place. */
export function shuffleInPlace(order: Uint32Array | number[], rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}
