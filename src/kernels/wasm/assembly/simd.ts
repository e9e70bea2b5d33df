// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Vector helpers, for one dtype T (f32 → f32x4, f64 → f64x2), and the constants the
// kernels keep in memory, splatted.

import { CONSTANTS_ADDRESS } from './layout.generated';

// ---- vector helpers ----
@inline export function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}
@inline export function vzero<T>(): v128 {
  return v128.splat<T>(<T>0);
}
/** a·b + c: fused with relaxed SIMD, a multiply then an add without it. */
@inline export function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(v128.mul<T>(a, b), c);
}
/** Sum of the lanes, always in the order (x0 + x2) + (x1 + x3) (f32) or x0 + x1 (f64). */
@inline export function hsum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    return <T>(f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1));
  }
  return <T>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
}
/** Stores the lanes of v (element c onwards, at ptr) whose index lies in [j0, j1). */
@inline export function storeMasked<T>(ptr: usize, v: v128, c: i32, j0: i32, j1: i32): void {
  if (c >= j0 && c + lanes<T>() <= j1) {
    v128.store(ptr, v);
    return;
  }
  if (sizeof<T>() == 4) {
    if (c >= j0 && c < j1) store<f32>(ptr, f32x4.extract_lane(v, 0));
    if (c + 1 >= j0 && c + 1 < j1) store<f32>(ptr + 4, f32x4.extract_lane(v, 1));
    if (c + 2 >= j0 && c + 2 < j1) store<f32>(ptr + 8, f32x4.extract_lane(v, 2));
    if (c + 3 >= j0 && c + 3 < j1) store<f32>(ptr + 12, f32x4.extract_lane(v, 3));
  } else {
    if (c >= j0 && c < j1) store<f64>(ptr, f64x2.extract_lane(v, 0));
    if (c + 1 >= j0 && c + 1 < j1) store<f64>(ptr + 8, f64x2.extract_lane(v, 1));
  }
}

// ---- constants in memory ----
// V8 builds a splatted constant from a general register wherever it is used (three
// instructions, a dozen times in every sigmoid), so the sigmoid's constants are kept in
// memory, splatted, and read with one load each: `init` writes them, once per memory, from
// CONSTANTS_ADDRESS on (../layout.ts; below the heap, which leaves the first 1024 bytes unused: ../heap.ts).
/** Slot `slot` (16 bytes) of T's constants: f32's from CONSTANTS_ADDRESS, f64's 384 bytes on. */
@inline export function constant<T>(slot: usize): v128 {
  return v128.load(CONSTANTS_ADDRESS + (sizeof<T>() == 4 ? 0 : 384) + (slot << 4));
}
export const K_CLAMP: usize = 0; // the largest |z| whose e^{−|z|} is a normal number
export const K_SHIFTER: usize = 1; // 1.5·2^23 (f32), 1.5·2^52 (f64): rounds to an integer in the low mantissa bits
export const K_LOG2E: usize = 2;
export const K_LN2_HI: usize = 3; // −ln 2 split in two (Cody–Waite): a high part exact in few bits, and the rest
export const K_LN2_LO: usize = 4;
export const K_ONE: usize = 5;
export const K_BIAS: usize = 6; // the exponent bias in place: 127 << 23 (f32), 1023 << 52 (f64), as integers
export const K_LANES: usize = 7; // each lane's index, as integers: (0, 1, 2, 3) or (0, 1)
export const K_POLY: usize = 8; // the polynomial for e^r, highest degree first (6 slots for f32, 14 for f64)
export const K_MIN_NORMAL: usize = 22; // the smallest normal number, 2^−126 (f32) or 2^−1022 (f64): after f64's polynomial

/** Writes the constants (see above). */
export function init(): void {
  const f = CONSTANTS_ADDRESS;
  v128.store(f + (K_CLAMP << 4), f32x4.splat(87.33));
  v128.store(f + (K_SHIFTER << 4), f32x4.splat(12582912.0));
  v128.store(f + (K_LOG2E << 4), f32x4.splat(1.44269504088896341));
  v128.store(f + (K_LN2_HI << 4), f32x4.splat(-0.693359375));
  v128.store(f + (K_LN2_LO << 4), f32x4.splat(2.12194440e-4));
  v128.store(f + (K_ONE << 4), f32x4.splat(1.0));
  v128.store(f + (K_BIAS << 4), i32x4.splat(127 << 23));
  v128.store(f + (K_LANES << 4), i32x4(0, 1, 2, 3));
  // Cephes expf: e^r ≈ 1 + r + r²·p(r), p of degree 5
  const p = f + (K_POLY << 4);
  v128.store(p, f32x4.splat(1.9875691500e-4));
  v128.store(p, f32x4.splat(1.3981999507e-3), 16);
  v128.store(p, f32x4.splat(8.3334519073e-3), 32);
  v128.store(p, f32x4.splat(4.1665795894e-2), 48);
  v128.store(p, f32x4.splat(1.6666665459e-1), 64);
  v128.store(p, f32x4.splat(5.0000001201e-1), 80);
  v128.store(f + (K_MIN_NORMAL << 4), f32x4.splat(1.1754943508222875e-38));
  const d = f + 384;
  v128.store(d + (K_CLAMP << 4), f64x2.splat(708.39));
  v128.store(d + (K_SHIFTER << 4), f64x2.splat(6755399441055744.0));
  v128.store(d + (K_LOG2E << 4), f64x2.splat(1.4426950408889634));
  v128.store(d + (K_LN2_HI << 4), f64x2.splat(-6.93147180369123816490e-1));
  v128.store(d + (K_LN2_LO << 4), f64x2.splat(-1.90821492927058770002e-10));
  v128.store(d + (K_ONE << 4), f64x2.splat(1.0));
  v128.store(d + (K_BIAS << 4), i64x2.splat(<i64>1023 << 52));
  v128.store(d + (K_LANES << 4), i64x2(0, 1));
  // Taylor: e^r ≈ Σ_{i ≤ 13} r^i / i!, from 1/13! down to 1/0!
  const q = d + (K_POLY << 4);
  v128.store(q, f64x2.splat(1.6059043836821613e-10)); // 1/13!
  v128.store(q, f64x2.splat(2.08767569878681e-9), 16); // 1/12!
  v128.store(q, f64x2.splat(2.505210838544172e-8), 32); // 1/11!
  v128.store(q, f64x2.splat(2.755731922398589e-7), 48); // 1/10!
  v128.store(q, f64x2.splat(2.7557319223985893e-6), 64); // 1/9!
  v128.store(q, f64x2.splat(2.48015873015873e-5), 80); // 1/8!
  v128.store(q, f64x2.splat(1.984126984126984e-4), 96); // 1/7!
  v128.store(q, f64x2.splat(1.388888888888889e-3), 112); // 1/6!
  v128.store(q, f64x2.splat(8.333333333333333e-3), 128); // 1/5!
  v128.store(q, f64x2.splat(4.1666666666666664e-2), 144); // 1/4!
  v128.store(q, f64x2.splat(1.6666666666666666e-1), 160); // 1/3!
  v128.store(q, f64x2.splat(0.5), 176); // 1/2!
  v128.store(q, f64x2.splat(1.0), 192); // 1/1!
  v128.store(q, f64x2.splat(1.0), 208); // 1/0!
  v128.store(d + (K_MIN_NORMAL << 4), f64x2.splat(2.2250738585072014e-308));
}

/**
 * x with its subnormal lanes (|x| < the smallest normal number) set to +0, as every value a
 * kernel stores where one can arise (docs/formulas.md: "Subnormal numbers"): on Intel CPUs an
 * operation that reads or writes a subnormal takes a microcode assist of a hundred cycles or
 * more, and WebAssembly cannot set the CPU's flush-to-zero mode. ±0 become +0; NaN and ±∞ pass.
 * A compare and a mask: three instructions, no branch.
 */
@inline export function flush<T>(x: v128): v128 {
  return v128.andnot(x, v128.lt<T>(v128.abs<T>(x), constant<T>(K_MIN_NORMAL)));
}

/**
 * v with the lanes of elements c.. that lie at or past n set to +0: for the last vector of a
 * row whose padding is kept at zero (see the layout), so a whole-vector store keeps it so.
 */
@inline export function zeroFrom<T>(v: v128, c: i32, n: i32): v128 {
  if (c + lanes<T>() <= n) return v;
  if (sizeof<T>() == 4) return v128.and(v, i32x4.lt_s(constant<T>(K_LANES), i32x4.splat(n - c)));
  return v128.and(v, i64x2.lt_s(constant<T>(K_LANES), i64x2.splat(<i64>(n - c))));
}
