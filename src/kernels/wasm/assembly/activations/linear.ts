// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The identity a = z (regression outputs): nothing to compute but the flush, and σ' = 1.

import { flush } from '../simd';

/** z, a subnormal z flushed to +0 (../simd.ts: flush). */
@inline export function linear<T>(z: v128): v128 {
  return flush<T>(z);
}

/** acc ⊙ 1. */
@inline export function linearTimes<T>(acc: v128, a: v128): v128 {
  return acc;
}
