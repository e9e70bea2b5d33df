// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// e^{−x} for vectors, the one transcendental function the kernels need (for σ).

import { constant, K_BIAS, K_CLAMP, K_LN2_HI, K_LN2_LO, K_LOG2E, K_ONE, K_POLY, K_SHIFTER, madd } from './simd';

/**
 * e^{−x} for x ≥ 0 (x is |z|). Range reduction e^{−x} = 2^n e^r with n = round(−x/ln 2),
 * |r| ≤ ln2/2 (Cody–Waite split of ln 2), a polynomial for e^r, and 2^n built in the
 * exponent bits. n comes from the "shifter" trick: adding 1.5·2^23 (1.5·2^52) rounds to an
 * integer whose low mantissa bits are n. The argument is clamped so 2^n stays normal.
 * f32: Cephes expf polynomial, ~1e-7 relative. f64: degree-13 Taylor polynomial, whose
 * truncation error on |r| ≤ 0.347 is below 1e-17, so the result is within a few ulp.
 * The constants are in memory (simd.ts: init).
 */
@inline export function expNeg<T>(x: v128): v128 {
  // pmin: one instruction (min's NaN and −0 rules cost eight); x = |z| is never −0, and a NaN x passes through either way
  const y = v128.neg<T>(v128.pmin<T>(x, constant<T>(K_CLAMP)));
  const shifter = constant<T>(K_SHIFTER);
  const t = madd<T>(y, constant<T>(K_LOG2E), shifter);
  const n = v128.sub<T>(t, shifter);
  let r = madd<T>(n, constant<T>(K_LN2_HI), y);
  r = madd<T>(n, constant<T>(K_LN2_LO), r);
  // Horner, written out (a loop here would stay a loop)
  let p = constant<T>(K_POLY);
  p = madd<T>(p, r, constant<T>(K_POLY + 1));
  p = madd<T>(p, r, constant<T>(K_POLY + 2));
  p = madd<T>(p, r, constant<T>(K_POLY + 3));
  p = madd<T>(p, r, constant<T>(K_POLY + 4));
  p = madd<T>(p, r, constant<T>(K_POLY + 5));
  if (sizeof<T>() == 4) {
    p = madd<T>(p, v128.mul<T>(r, r), v128.add<T>(r, constant<T>(K_ONE)));
    return v128.mul<T>(p, i32x4.add(i32x4.shl(t, 23), constant<T>(K_BIAS)));
  }
  p = madd<T>(p, r, constant<T>(K_POLY + 6));
  p = madd<T>(p, r, constant<T>(K_POLY + 7));
  p = madd<T>(p, r, constant<T>(K_POLY + 8));
  p = madd<T>(p, r, constant<T>(K_POLY + 9));
  p = madd<T>(p, r, constant<T>(K_POLY + 10));
  p = madd<T>(p, r, constant<T>(K_POLY + 11));
  p = madd<T>(p, r, constant<T>(K_POLY + 12));
  p = madd<T>(p, r, constant<T>(K_POLY + 13));
  return v128.mul<T>(p, i64x2.add(i64x2.shl(t, 52), constant<T>(K_BIAS)));
}
