// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The log-likelihood cost C = −ln a^L_y with a softmax output layer: (4) δ^L = a^L − y
// (y one-hot; the softmax's Jacobian and ∇_a C multiply out to that).

/** δ^L for one vector of outputs a, targets y (`act`, the output activation, is softmax: not needed). */
@inline export function logLikelihoodDelta<T>(a: v128, y: v128, act: i32): v128 {
  return v128.sub<T>(a, y);
}
