// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// L2's decay of w^2 as one scalar (../layout.ts: H_W2_SCALED). Plain SGD with L2 is
//   w ← (1 − ηλ₂/n) w − (η/m) Σ_x δ_x a_x,
// and the first factor moves every weight, where the second moves only the rows of Wt whose
// inputs are nonzero (81% of MNIST's pixels are zero): a pass over all of w^2 every batch cost
// a third of the epoch. So w^2 is kept as s W̃: the decay multiplies s (in JS, float64), the
// step adds c/s' a into W̃ (s' the new scale), and the forward pass computes
// z = s (b/s + W̃ a): z_0 starts from b^2/s in phase 0, as it starts from b^2 unscaled, so that
// phase 1, on either thread, never reads b^2, which part 0 updates then (see batch.ts).
// Before s gets small, a step folds it into W̃ (W̃ ← f W̃) and starts again from 1 (JS picks
// f and s': ../w2Scale.ts). When s is folded depends only on the steps, so every thread count
// gives the same bits.

import { D_C, D_STRIDE, H_M, H_W2_BIAS_FACTOR, H_W2_FOLD, H_W2_FOLD_FACTOR, H_W2_INVERSE, H_W2_SCALE, H_W2_SCALED } from './layout.generated';
import { descriptorOf, readAddress, readInt } from './memory';
import { flush } from './simd';

/** Is w^2 kept as s W̃ (plain SGD with L2 alone)? */
@inline export function scaledW2(plan: usize): bool {
  return readInt(plan + H_W2_SCALED) != 0;
}

/** The scale s that the forward pass multiplies z_0 + z_1 by (1 when w^2 is not scaled). */
@inline export function w2Scale(plan: usize): f64 {
  return scaledW2(plan) ? load<f64>(plan + H_W2_SCALE) : 1;
}

/** The factor of b^2 in z_0: 1/s (1 when w^2 is not scaled). */
@inline export function w2BiasFactor(plan: usize): f64 {
  return scaledW2(plan) ? load<f64>(plan + H_W2_BIAS_FACTOR) : 1;
}

/** p[i] ← f p[i] over `bytes` bytes, flushed (simd.ts: flush: a fold decays W̃'s rows of inputs that are always 0). */
export function scaleBytes<T>(p: usize, bytes: usize, f: T): void {
  const v = v128.splat<T>(f);
  for (let o: usize = 0; o < bytes; o += 16) v128.store(p + o, flush<T>(v128.mul<T>(v, v128.load(p + o))));
}

/** W̃ ← f W̃ over rows of Wt (`bytes` at `rows`), if this step folds (before its update). */
export function foldScale<T>(plan: usize, rows: usize, bytes: usize): void {
  if (readInt(plan + H_W2_FOLD) != 0) scaleBytes<T>(rows, bytes, <T>load<f64>(plan + H_W2_FOLD_FACTOR));
}

/** c^2 ← c^2 / s' for the m examples in part `part`'s own c buffer (after b^2's update, which needs c). */
export function scaleC2<T>(plan: usize, part: i32): void {
  const d2 = descriptorOf(plan, part, 2);
  const rowBytes = <usize>readInt(d2 + D_STRIDE) * sizeof<T>();
  scaleBytes<T>(readAddress(d2 + D_C), <usize>readInt(plan + H_M) * rowBytes, <T>load<f64>(plan + H_W2_INVERSE));
}
