// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The activations by code (../layout.ts: ACTIVATION_CODES; one file each in activations/).
// `activate` and `primeTimes` test the code, so they are only called with a constant code
// (from a loop's body that is @inline and called once per code, as in activateRows): the
// optimiser then folds the tests away and each code gets a loop of its own, with no test in it.

import { A_FACTOR, A_LEAKY_RELU, A_LINEAR, A_RELU, A_SIGMOID, A_SOFTMAX, A_TANH } from './layout.generated';
import { leakyRelu, leakyReluTimes } from './activations/leakyRelu';
import { linear } from './activations/linear';
import { relu, reluTimes } from './activations/relu';
import { sigmoid, sigmoidPrime } from './activations/sigmoid';
import { softmaxRow } from './activations/softmax';
import { tanh, tanhPrime } from './activations/tanh';
import { flush, lanes, zeroFrom } from './simd';

/**
 * σ(z) for an element-wise activation `act` (a constant), subnormal lanes flushed to +0 (simd.ts:
 * flush) where σ can produce them: ReLU, leaky ReLU and the identity pass a tiny z on (or
 * scale it by α); the sigmoid (its e^{−|z|} is clamped to normal numbers, and 1/(1 + e) rounds
 * to 1 for a tiny e) and tanh (1 − e is 0 or at least 2^−24) never do.
 */
@inline export function activateFlushed<T>(z: v128, act: i32): v128 {
  if (act == A_SIGMOID || act == A_TANH) return activate<T>(z, act);
  return flush<T>(activate<T>(z, act));
}

/** σ(z) for an element-wise activation `act` (a constant). */
@inline export function activate<T>(z: v128, act: i32): v128 {
  if (act == A_TANH) return tanh<T>(z);
  if (act == A_RELU) return relu<T>(z);
  if (act == A_LEAKY_RELU) return leakyRelu<T>(z);
  if (act == A_LINEAR) return linear<T>(z);
  return sigmoid<T>(z);
}

/**
 * acc ⊙ σ'(z), σ' computed from a = σ(z) (no z is kept), for `act` (a constant); for A_FACTOR
 * (dropout: see dropout.ts) `a` is σ'(z) times the neuron's dropout factor already.
 */
@inline export function primeTimes<T>(acc: v128, a: v128, act: i32): v128 {
  if (act == A_FACTOR) return v128.mul<T>(acc, a);
  if (act == A_TANH) return v128.mul<T>(acc, tanhPrime<T>(a));
  if (act == A_RELU) return reluTimes<T>(acc, a);
  if (act == A_LEAKY_RELU) return leakyReluTimes<T>(acc, a);
  if (act == A_LINEAR) return acc;
  return v128.mul<T>(acc, sigmoidPrime<T>(a));
}

@inline function activateRowsWith<T>(out: usize, outStride: usize, n: i32, m: i32, act: i32): void {
  const S = <usize>sizeof<T>();
  for (let e = 0; e < m; e++) {
    const row = out + <usize>e * outStride;
    if (act == A_SOFTMAX) {
      softmaxRow<T>(row, n);
      continue;
    }
    for (let c = 0; c < n; c += lanes<T>()) {
      const p = row + <usize>c * S;
      v128.store(p, zeroFrom<T>(activateFlushed<T>(v128.load(p), act), c, n));
    }
  }
}

/** a = σ(z) in place for m rows (`outStride` bytes apart) of n neurons, by layer code `act`. */
export function activateRows<T>(out: usize, outStride: usize, n: i32, m: i32, act: i32): void {
  if (act == A_SIGMOID) activateRowsWith<T>(out, outStride, n, m, A_SIGMOID);
  else if (act == A_TANH) activateRowsWith<T>(out, outStride, n, m, A_TANH);
  else if (act == A_RELU) activateRowsWith<T>(out, outStride, n, m, A_RELU);
  else if (act == A_LEAKY_RELU) activateRowsWith<T>(out, outStride, n, m, A_LEAKY_RELU);
  else if (act == A_LINEAR) activateRowsWith<T>(out, outStride, n, m, A_LINEAR);
  else activateRowsWith<T>(out, outStride, n, m, A_SOFTMAX);
}
