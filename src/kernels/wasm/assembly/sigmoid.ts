// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The sigmoid σ(z) = 1/(1 + e^{−z}) of a vector (formula 1’s σ).

import { expNeg } from './exp';
import { constant, K_ONE, vzero } from './simd';

/** σ(z) = 1/(1 + e^{−z}) for z ≥ 0 and e^{z}/(1 + e^{z}) for z < 0, as the reference: never overflows. */
@inline export function sigmoid<T>(z: v128): v128 {
  const e = expNeg<T>(v128.abs<T>(z));
  const one = constant<T>(K_ONE);
  const r = v128.div<T>(one, v128.add<T>(one, e));
  return v128.bitselect(v128.mul<T>(e, r), r, v128.lt<T>(z, vzero<T>()));
}
