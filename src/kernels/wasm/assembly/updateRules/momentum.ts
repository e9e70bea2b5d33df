// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Momentum (src/math/updateRules/momentum.ts): v ← μ v − η g, then p ← p + v.

import { flush } from '../simd';

/**
 * v ← μ v − η x, p ← p + v: the new p; stores the new v at `vp`. With ηx = η g this is the
 * step (momentumStep); with the gradient already summed into v (rule.ts: fusedMomentum: the
 * loops added c/μ a = −(η/(mμ)) δ a), ηx is the regularisation term's η r alone. v is
 * stored flushed (../simd.ts: flush); the caller flushes p where it can decay (../rule.ts).
 */
@inline export function fusedMomentumStep<T>(p: v128, vp: usize, etaX: v128, mu: v128): v128 {
  const v = flush<T>(v128.sub<T>(v128.mul<T>(mu, v128.load(vp)), etaX));
  v128.store(vp, v);
  return v128.add<T>(p, v);
}

/**
 * fusedMomentumStep with no regularisation: v ← μ v, p ← p + v. (μ v − (+0) has the bits of
 * μ v, −0 included, so leaving out the subtraction changes nothing but its cost.)
 */
@inline export function decayMomentumStep<T>(p: v128, vp: usize, mu: v128): v128 {
  const v = flush<T>(v128.mul<T>(mu, v128.load(vp)));
  v128.store(vp, v);
  return v128.add<T>(p, v);
}

/** The new p; stores the new v at `vp`. μ is the rule's one kernel constant. */
@inline export function momentumStep<T>(p: v128, g: v128, vp: usize, eta: v128, mu: v128): v128 {
  return fusedMomentumStep<T>(p, vp, v128.mul<T>(eta, g), mu);
}
