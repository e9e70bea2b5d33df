// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The errors: (4) δ^L at the output and (5) δ^l for the hidden layers, with c = −(η/m) δ.

import { A_FACTOR, A_LEAKY_RELU, A_LINEAR, A_RELU, A_SIGMOID, A_SOFTMAX, A_TANH, C_CROSS_ENTROPY, C_LOG_LIKELIHOOD } from './layout.generated';
import { primeTimes } from './activation';
import { crossEntropyDelta } from './costs/crossEntropy';
import { logLikelihoodDelta } from './costs/logLikelihood';
import { quadraticDelta } from './costs/quadratic';
import { readAddress } from './memory';
import { flush, lanes, madd, vzero, zeroFrom } from './simd';

// ---- errors ----

/** δ^L for one vector of outputs, by cost and output activation (constants: see outputDelta). */
@inline function deltaOf<T>(a: v128, y: v128, cost: i32, act: i32): v128 {
  if (cost == C_CROSS_ENTROPY) return crossEntropyDelta<T>(a, y);
  if (cost == C_LOG_LIKELIHOOD) return logLikelihoodDelta<T>(a, y);
  return quadraticDelta<T>(a, y, act);
}

@inline function outputDeltaWith<T>(aL: usize, rowStride: usize, nL: i32, d: usize, c: usize, targets: usize, order: usize, m: i32, negStep: v128, cost: i32, act: i32): void {
  const S = <usize>sizeof<T>();
  for (let e = 0; e < m; e++) {
    const y = targets + readAddress(order + (<usize>e << 2)) * <usize>nL * S;
    const row = <usize>e * rowStride;
    for (let ch = 0; ch < nL; ch += lanes<T>()) {
      const o = <usize>ch * S;
      const a = v128.load(aL + row + o);
      const delta = flush<T>(zeroFrom<T>(deltaOf<T>(a, v128.load(y + o), cost, act), ch, nL));
      v128.store(d + row + o, delta);
      v128.store(c + row + o, flush<T>(v128.mul<T>(delta, negStep)));
    }
  }
}

/**
 * (4) δ^L = ∇_a C ⊙ σ'(z^L) for every output neuron, by the cost's code and the output
 * layer's activation's (the pairs the kernel accepts: wasm-kernel.ts, wasmSupportsSpec); c = −(η/m) δ.
 */
export function outputDelta<T>(aL: usize, rowStride: usize, nL: i32, d: usize, c: usize, targets: usize, order: usize, m: i32, negStep: v128, cost: i32, act: i32): void {
  // a − y needs no activation (cross-entropy with sigmoid outputs, log-likelihood with softmax)
  if (cost == C_CROSS_ENTROPY) outputDeltaWith<T>(aL, rowStride, nL, d, c, targets, order, m, negStep, C_CROSS_ENTROPY, A_SOFTMAX);
  else if (cost == C_LOG_LIKELIHOOD) outputDeltaWith<T>(aL, rowStride, nL, d, c, targets, order, m, negStep, C_LOG_LIKELIHOOD, A_SOFTMAX);
  else if (act == A_SIGMOID) outputDeltaWith<T>(aL, rowStride, nL, d, c, targets, order, m, negStep, cost, A_SIGMOID);
  else if (act == A_TANH) outputDeltaWith<T>(aL, rowStride, nL, d, c, targets, order, m, negStep, cost, A_TANH);
  else if (act == A_RELU) outputDeltaWith<T>(aL, rowStride, nL, d, c, targets, order, m, negStep, cost, A_RELU);
  else if (act == A_LEAKY_RELU) outputDeltaWith<T>(aL, rowStride, nL, d, c, targets, order, m, negStep, cost, A_LEAKY_RELU);
  else outputDeltaWith<T>(aL, rowStride, nL, d, c, targets, order, m, negStep, cost, A_LINEAR);
}

/**
 * The end of (5) for one vector of neurons (element ch on; a, d, c its addresses in the
 * example's rows): δ = acc ⊙ σ'(z), σ' from a for the activation `act` (a constant), and
 * c = −(η/m) δ; lanes at or past n stay +0, and subnormal δ and c are stored as +0 (a
 * saturated sigmoid's σ' = a(1 − a) is as small as 1e-38, and a sum times it smaller).
 */
@inline export function storeDelta<T>(acc: v128, a: usize, d: usize, c: usize, ch: i32, n: i32, negStep: v128, act: i32): void {
  const delta = flush<T>(zeroFrom<T>(primeTimes<T>(acc, v128.load(a), act), ch, n));
  v128.store(d, delta);
  v128.store(c, flush<T>(v128.mul<T>(delta, negStep)));
}

/**
 * (5) δ^l_j = (Σ_i w^{l+1}_{ij} δ^{l+1}_i) σ'(z^l_j) for the n neurons of layer l, from the
 * weights before this step's update; c = −(η/m) δ. Row i of w^{l+1} runs over layer l's
 * neurons, so the sum goes down the rows (i increasing) with 4 vectors of neurons in registers.
 */
@inline function hiddenDeltaWith<T>(wNext: usize, nNext: i32, dNext: usize, nextStride: usize, aL: usize, rowStride: usize, n: i32, d: usize, c: usize, m: i32, negStep: v128, act: i32): void {
  const S = <usize>sizeof<T>();
  const L = lanes<T>();
  const vectors = <i32>(rowStride >> 4);
  for (let e = 0; e < m; e++) {
    const row = <usize>e * rowStride;
    const dn = dNext + <usize>e * nextStride;
    let v = 0;
    for (; v + 4 <= vectors; v += 4) {
      const o = <usize>v << 4;
      let a0 = vzero<T>(), a1 = vzero<T>(), a2 = vzero<T>(), a3 = vzero<T>();
      let wp = wNext + o;
      for (let i = 0; i < nNext; i++) {
        const s = v128.load_splat<T>(dn + <usize>i * S);
        a0 = madd<T>(v128.load(wp), s, a0);
        a1 = madd<T>(v128.load(wp, 16), s, a1);
        a2 = madd<T>(v128.load(wp, 32), s, a2);
        a3 = madd<T>(v128.load(wp, 48), s, a3);
        wp += rowStride;
      }
      const r = row + o;
      const ch = v * L;
      storeDelta<T>(a0, aL + r, d + r, c + r, ch, n, negStep, act);
      storeDelta<T>(a1, aL + r + 16, d + r + 16, c + r + 16, ch + L, n, negStep, act);
      storeDelta<T>(a2, aL + r + 32, d + r + 32, c + r + 32, ch + 2 * L, n, negStep, act);
      storeDelta<T>(a3, aL + r + 48, d + r + 48, c + r + 48, ch + 3 * L, n, negStep, act);
    }
    for (; v < vectors; v++) {
      const o = <usize>v << 4;
      let acc = vzero<T>();
      let wp = wNext + o;
      for (let i = 0; i < nNext; i++) {
        acc = madd<T>(v128.load(wp), v128.load_splat<T>(dn + <usize>i * S), acc);
        wp += rowStride;
      }
      const r = row + o;
      storeDelta<T>(acc, aL + r, d + r, c + r, v * L, n, negStep, act);
    }
  }
}

/**
 * hiddenDeltaWith for layer l's activation, of code `act` (one copy of the loops per code); with
 * dropout, act = A_FACTOR and aL holds σ'(z) times the dropout factors (dropout.ts).
 */
export function hiddenDelta<T>(wNext: usize, nNext: i32, dNext: usize, nextStride: usize, aL: usize, rowStride: usize, n: i32, d: usize, c: usize, m: i32, negStep: v128, act: i32): void {
  if (act == A_SIGMOID) hiddenDeltaWith<T>(wNext, nNext, dNext, nextStride, aL, rowStride, n, d, c, m, negStep, A_SIGMOID);
  else if (act == A_TANH) hiddenDeltaWith<T>(wNext, nNext, dNext, nextStride, aL, rowStride, n, d, c, m, negStep, A_TANH);
  else if (act == A_RELU) hiddenDeltaWith<T>(wNext, nNext, dNext, nextStride, aL, rowStride, n, d, c, m, negStep, A_RELU);
  else if (act == A_LEAKY_RELU) hiddenDeltaWith<T>(wNext, nNext, dNext, nextStride, aL, rowStride, n, d, c, m, negStep, A_LEAKY_RELU);
  else if (act == A_FACTOR) hiddenDeltaWith<T>(wNext, nNext, dNext, nextStride, aL, rowStride, n, d, c, m, negStep, A_FACTOR);
  else hiddenDeltaWith<T>(wNext, nNext, dNext, nextStride, aL, rowStride, n, d, c, m, negStep, A_LINEAR);
}
