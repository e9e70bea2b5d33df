// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The sigmoid σ(z) = 1/(1 + e^{−z}) of a vector, and σ' from a = σ(z).

import { expNeg } from '../exp';
import { constant, K_ONE, vzero } from '../simd';

/**
 * σ(z) = 1/(1 + e^{−z}) for z ≥ 0 and e^{z}/(1 + e^{z}) for z < 0, as the reference: never
 * overflows, and never subnormal (e^{−|z|} is clamped to normal numbers, and 1/(1 + e) rounds
 * to 1 for a tiny e), so it needs no flush.
 */
@inline export function sigmoid<T>(z: v128): v128 {
  const e = expNeg<T>(v128.abs<T>(z));
  const one = constant<T>(K_ONE);
  const r = v128.div<T>(one, v128.add<T>(one, e));
  return v128.bitselect(v128.mul<T>(e, r), r, v128.lt<T>(z, vzero<T>()));
}

/** σ'(z) = σ(z)(1 − σ(z)) = a(1 − a). */
@inline export function sigmoidPrime<T>(a: v128): v128 {
  return v128.mul<T>(a, v128.sub<T>(v128.splat<T>(<T>1), a));
}

/** acc ⊙ σ'(z), from a = σ(z). */
@inline export function sigmoidTimes<T>(acc: v128, a: v128): v128 {
  return v128.mul<T>(acc, sigmoidPrime<T>(a));
}
