// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The cross-entropy cost C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)] with sigmoid outputs:
// ∇_a C ⊙ σ'(z) = (a − y)/(a(1 − a)) ⊙ a(1 − a), so (4) is δ^L = a^L − y (no σ' to slow learning).

/** δ^L for one vector of outputs a, targets y (`act`, the output activation, is the sigmoid: not needed). */
@inline export function crossEntropyDelta<T>(a: v128, y: v128, act: i32): v128 {
  return v128.sub<T>(a, y);
}
