// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The activations' pass over a layer's rows. The switch on an activation's code (../layout.ts:
// ACTIVATION_CODES; one file each in activations/) is generated (dispatch.generated.ts:
// activate, primeTimes, activateRows): `activate` and `primeTimes` test the code, so they are
// only called with a constant code (from a loop's body that is @inline and called once per
// code, as activateRowsWith is by activateRows): the optimiser then folds the tests away and
// each code gets a loop of its own, with no test in it.

import { activate, activateRow, isRowActivation } from './dispatch.generated';
import { lanes, zeroFrom } from './simd';

/**
 * a = σ(z) in place for m rows (`outStride` bytes apart) of n neurons, for the activation of
 * code `act` (a constant): element-wise a vector at a time, or a whole row at a time (softmax).
 */
@inline export function activateRowsWith<T>(out: usize, outStride: usize, n: i32, m: i32, act: i32): void {
  const S = <usize>sizeof<T>();
  for (let e = 0; e < m; e++) {
    const row = out + <usize>e * outStride;
    if (isRowActivation(act)) {
      activateRow<T>(row, n, act);
      continue;
    }
    for (let c = 0; c < n; c += lanes<T>()) {
      const p = row + <usize>c * S;
      v128.store(p, zeroFrom<T>(activate<T>(v128.load(p), act), c, n));
    }
  }
}
