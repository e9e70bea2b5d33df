// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Momentum (src/math/updateRules/momentum.ts): v ← μ v − η g, then p ← p + v.

/** The new p; stores the new v at `vp`. */
@inline export function momentumStep<T>(p: v128, g: v128, vp: usize, mu: v128, eta: v128): v128 {
  const v = v128.sub<T>(v128.mul<T>(mu, v128.load(vp)), v128.mul<T>(eta, g));
  v128.store(vp, v);
  return v128.add<T>(p, v);
}
