// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Adam (src/math/updateRules/adam.ts): m ← β₁ m + (1 − β₁) g, v ← β₂ v + (1 − β₂) g²,
// p ← p − η (m / (1 − β₁^t)) / (√(v / (1 − β₂^t)) + ε).

import { flush } from '../simd';

/**
 * The new p; stores the new moments at m1p and vp. The constants are the rule's kernel
 * constants in order (src/math/updateRules/adam.ts: β₁, β₂, ε, 1 − β₁^t, 1 − β₂^t, then
 * 1 − β₁, 1 − β₂, η/(1 − β₁^t) and 1/(1 − β₂^t), computed once a step in float64): two
 * multiplies where the formula has two divisions (a division and a square root per vector are
 * most of this pass's time). The moments are stored flushed (../simd.ts: flush); the caller
 * flushes p where it can decay (../rule.ts).
 */
@inline export function adamStep<T>(p: v128, g: v128, m1p: usize, vp: usize, eta: v128, b1: v128, b2: v128, eps: v128, c1: v128, c2: v128, nb1: v128, nb2: v128, etaC1: v128, invC2: v128): v128 {
  const m1 = flush<T>(v128.add<T>(v128.mul<T>(b1, v128.load(m1p)), v128.mul<T>(nb1, g)));
  const v = flush<T>(v128.add<T>(v128.mul<T>(b2, v128.load(vp)), v128.mul<T>(v128.mul<T>(nb2, g), g)));
  v128.store(m1p, m1);
  v128.store(vp, v);
  return v128.sub<T>(p, v128.div<T>(v128.mul<T>(etaC1, m1), v128.add<T>(v128.sqrt<T>(v128.mul<T>(v, invC2)), eps)));
}
