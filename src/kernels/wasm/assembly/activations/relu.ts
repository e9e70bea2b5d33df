// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// ReLU max(0, z) of a vector, and its derivative from a = max(0, z): 1 where a > 0, else 0
// (at z = 0 too, as the reference).

import { flush, vzero } from '../simd';

/** max(0, z), a subnormal z flushed to +0 (../simd.ts: flush). */
@inline export function relu<T>(z: v128): v128 {
  // pmax(0, z) = 0 < z ? z : 0: −0 and NaN become +0, as max(0, z) does for −0
  return flush<T>(v128.pmax<T>(vzero<T>(), z));
}

/** acc ⊙ relu'(z): acc where a > 0, else +0 (a mask, not a multiply). */
@inline export function reluTimes<T>(acc: v128, a: v128): v128 {
  return v128.and(acc, v128.gt<T>(a, vzero<T>()));
}
