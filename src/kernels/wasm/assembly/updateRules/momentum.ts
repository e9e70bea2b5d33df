// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Momentum (src/math/updateRules/momentum.ts): v ← μ v − η g, then p ← p + v.

/** The new p; stores the new v at `vp`. */
@inline export function momentumStep<T>(p: v128, g: v128, vp: usize, mu: v128, eta: v128): v128 {
  const v = v128.sub<T>(v128.mul<T>(mu, v128.load(vp)), v128.mul<T>(eta, g));
  v128.store(vp, v);
  return v128.add<T>(p, v);
}

/**
 * Momentum with its gradient summed straight into the velocity (rule.ts: fusedMomentum): the
 * loops have added c/μ a = −(η/(mμ)) δ a into v, so v holds v + (−η/μ) ∂C/∂w, and
 * v ← μ v − η r, w ← w + v finish the step (r: the regularisation term, zero for biases).
 * Returns the new p; stores the new v at `vp`.
 */
@inline export function fusedMomentumStep<T>(p: v128, vp: usize, etaR: v128, mu: v128): v128 {
  const v = v128.sub<T>(v128.mul<T>(mu, v128.load(vp)), etaR);
  v128.store(vp, v);
  return v128.add<T>(p, v);
}
