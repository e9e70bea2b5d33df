// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The errors: (4) δ^L at the output and (5) δ^l for the hidden layers, with c = −(η/m) δ.
// The loops take the cost's and the activation's codes as constants; the switches that call
// them once per code are generated (dispatch.generated.ts: outputDelta, hiddenDelta).

import { costDelta, primeTimes } from './dispatch.generated';
import { readAddress } from './memory';
import { flush, lanes, madd, vzero, zeroFrom } from './simd';

// ---- errors ----

/**
 * (4) δ^L = ∇_a C ⊙ σ'(z^L) for every output neuron, for the cost of code `cost` and the output
 * layer's activation of code `act` (constants: dispatch.generated.ts's outputDelta calls it for
 * each pair the kernel accepts: wasm/codes.ts, planCodes); c = −(η/m) δ.
 */
@inline export function outputDeltaWith<T>(aL: usize, rowStride: usize, nL: i32, d: usize, c: usize, targets: usize, order: usize, m: i32, negStep: v128, cost: i32, act: i32): void {
  const S = <usize>sizeof<T>();
  for (let e = 0; e < m; e++) {
    const y = targets + readAddress(order + (<usize>e << 2)) * <usize>nL * S;
    const row = <usize>e * rowStride;
    for (let ch = 0; ch < nL; ch += lanes<T>()) {
      const o = <usize>ch * S;
      const a = v128.load(aL + row + o);
      const delta = flush<T>(zeroFrom<T>(costDelta<T>(a, v128.load(y + o), cost, act), ch, nL));
      v128.store(d + row + o, delta);
      v128.store(c + row + o, flush<T>(v128.mul<T>(delta, negStep)));
    }
  }
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
 * For the activation of code `act` (a constant); with dropout, act = A_FACTOR and aL holds
 * σ'(z) times the dropout factors (dropout.ts).
 */
@inline export function hiddenDeltaWith<T>(wNext: usize, nNext: i32, dNext: usize, nextStride: usize, aL: usize, rowStride: usize, n: i32, d: usize, c: usize, m: i32, negStep: v128, act: i32): void {
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
