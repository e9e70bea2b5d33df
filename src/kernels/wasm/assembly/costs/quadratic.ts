// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The quadratic cost C = ½‖y − a^L‖²: (4) δ^L = (a^L − y) ⊙ σ'(z^L), for an element-wise σ.

import { A_SIGMOID } from '../layout.generated';
import { primeTimes } from '../dispatch.generated';

/** δ^L for one vector of outputs a, targets y, output activation `act` (a constant). */
@inline export function quadraticDelta<T>(a: v128, y: v128, act: i32): v128 {
  // the sigmoid's ((a − y) a)(1 − a), in the order the kernels always computed it (pinned bits)
  if (act == A_SIGMOID) return v128.mul<T>(v128.mul<T>(v128.sub<T>(a, y), a), v128.sub<T>(v128.splat<T>(<T>1), a));
  return primeTimes<T>(v128.sub<T>(a, y), a, act);
}
