// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Leaky ReLU: z for z > 0, αz otherwise; its derivative from a (a > 0 exactly where z > 0).

import { LEAKY_RELU_SLOPE } from '../layout.generated';
import { flush, vzero } from '../simd';

/** σ(z), with α the definition's (src/math/activations/leakyRelu.ts: constants.SLOPE); a subnormal z or αz flushed to +0. */
@inline export function leakyRelu<T>(z: v128): v128 {
  return flush<T>(v128.bitselect(z, v128.mul<T>(z, v128.splat<T>(<T>LEAKY_RELU_SLOPE)), v128.gt<T>(z, vzero<T>())));
}

/** acc ⊙ leaky'(z): acc where a > 0, else α·acc. */
@inline export function leakyReluTimes<T>(acc: v128, a: v128): v128 {
  return v128.bitselect(acc, v128.mul<T>(acc, v128.splat<T>(<T>LEAKY_RELU_SLOPE)), v128.gt<T>(a, vzero<T>()));
}
