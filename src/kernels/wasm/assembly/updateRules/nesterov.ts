// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Nesterov (src/math/updateRules/nesterov.ts): v ← μ v − η g, then p ← p + μ v − η g.

import { flush } from '../simd';

/**
 * The new p; stores the new v at `vp`, flushed (../simd.ts: flush); the caller flushes p where
 * it can decay (../rule.ts). μ is the rule's one kernel constant.
 */
@inline export function nesterovStep<T>(p: v128, g: v128, vp: usize, eta: v128, mu: v128): v128 {
  const etaG = v128.mul<T>(eta, g);
  const v = flush<T>(v128.sub<T>(v128.mul<T>(mu, v128.load(vp)), etaG));
  v128.store(vp, v);
  return v128.sub<T>(v128.add<T>(p, v128.mul<T>(mu, v)), etaG);
}
