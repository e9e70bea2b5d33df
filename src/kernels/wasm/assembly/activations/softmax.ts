// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Softmax over one row of z, for an output layer: a_j = e^{z_j − max z} / Σ_i e^{z_i − max z}.
// Not element-wise, so it is a pass over rows of its own; its δ^L (with the log-likelihood
// cost, a − y) is in ../costs/logLikelihood.ts.

import { expNeg } from '../exp';
import { flush, hsum, lanes, vzero, zeroFrom } from '../simd';

/** Softmax of row `row` (n values of T, padded to whole vectors kept at zero), in place. */
@inline export function softmaxRow<T>(row: usize, n: i32): void {
  const S = <usize>sizeof<T>();
  // the largest z, in order (n is the output layer's few neurons)
  let top = load<T>(row);
  for (let j = 1; j < n; j++) top = max(top, load<T>(row + <usize>j * S));
  const vtop = v128.splat<T>(top);
  let sum = vzero<T>();
  for (let c = 0; c < n; c += lanes<T>()) {
    const p = row + <usize>c * S;
    // e^{z − top} = e^{−(top − z)}, top − z ≥ 0
    const e = zeroFrom<T>(expNeg<T>(v128.sub<T>(vtop, v128.load(p))), c, n);
    v128.store(p, e);
    sum = v128.add<T>(sum, e);
  }
  const total = v128.splat<T>(hsum<T>(sum));
  for (let c = 0; c < n; c += lanes<T>()) {
    const p = row + <usize>c * S;
    // (e^{z − top} is a normal number, but divided by the sum it may not be)
    v128.store(p, flush<T>(v128.div<T>(v128.load(p), total)));
  }
}
