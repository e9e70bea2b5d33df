// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// tanh z of a vector, and tanh' from a = tanh z.

import { expNeg } from '../exp';
import { constant, K_ONE } from '../simd';

/**
 * tanh z = sign(z) (1 − e^{−2|z|}) / (1 + e^{−2|z|}): e^{−2|z|} ≤ 1 never overflows. Near
 * z = 0 the difference loses relative (not absolute) precision, which is all σ' = 1 − a² needs.
 * Never subnormal (1 − e is 0 or at least 2^−24), so it needs no flush.
 */
@inline export function tanh<T>(z: v128): v128 {
  const x = v128.abs<T>(z);
  const e = expNeg<T>(v128.add<T>(x, x));
  const one = constant<T>(K_ONE);
  const t = v128.div<T>(v128.sub<T>(one, e), v128.add<T>(one, e));
  // the sign bit of z onto t (t ≥ 0)
  return v128.or(t, v128.and(z, v128.splat<T>(<T>-0.0)));
}

/** tanh'(z) = 1 − tanh² z = 1 − a². */
@inline export function tanhPrime<T>(a: v128): v128 {
  return v128.sub<T>(v128.splat<T>(<T>1), v128.mul<T>(a, a));
}

/** acc ⊙ tanh'(z), from a = tanh z. */
@inline export function tanhTimes<T>(acc: v128, a: v128): v128 {
  return v128.mul<T>(acc, tanhPrime<T>(a));
}
