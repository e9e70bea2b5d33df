// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The regularisation term r = ∂R/∂w = (λ₂/n) w + (λ₁/n) sgn w (sgn 0 = 0) that the rules add
// to a weight's mean gradient (src/math/regularisation.ts); biases get none (l2n = l1n = 0).

import { vzero } from '../simd';

/** (λ₁/n) sgn w: ±l1n with w's sign, 0 where w is ±0 (a bit operation, no multiply). */
@inline export function l1Term<T>(w: v128, l1n: v128): v128 {
  const sign = v128.and(w, v128.splat<T>(<T>-0.0));
  return v128.and(v128.or(l1n, sign), v128.ne<T>(w, vzero<T>()));
}

/** r for one vector of weights; `l1` (a constant) says whether λ₁ is in use. */
@inline export function regularisationTerm<T>(w: v128, l2n: v128, l1n: v128, l1: bool): v128 {
  const r = v128.mul<T>(l2n, w);
  return l1 ? v128.add<T>(r, l1Term<T>(w, l1n)) : r;
}
