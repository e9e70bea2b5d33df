// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Dropout masks, bit for bit those of src/math/dropout.ts: neuron j of hidden layer l, for
// the example in dataset row `row` at step t, is kept when MurmurHash3(seed, t, row, l, j) is
// at or above floor(p·2³²); a kept a^l_j is multiplied by d = 1/(1 − p), a dropped one by 0,
// and δ^l_j by the same factor (deltas.ts, through D_P). All u32 arithmetic, as the TypeScript.

import { A_FACTOR, D_A, D_ACT, D_N, D_P, D_STRIDE, H_DROP_SCALE, H_DROP_SEED, H_DROP_T, H_DROP_THRESHOLD, H_M, H_ORDER } from './layout.generated';
import { dropLayerAs, primeTimes } from './dispatch.generated';
import { descriptorOf, readAddress, readInt } from './memory';
import { lanes } from './simd';

@inline function mixWord(h: u32, k: u32): u32 {
  k *= 0xcc9e2d51;
  k = rotl<u32>(k, 15);
  k *= 0x1b873593;
  h ^= k;
  h = rotl<u32>(h, 13);
  return h * 5 + 0xe6546b64;
}

@inline function fmix32(h: u32): u32 {
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

/** Is dropout on for this plan's batch? */
@inline export function drops(plan: usize): bool {
  return load<u32>(plan + H_DROP_THRESHOLD) != 0;
}

/** dropLayer for the activation of code `act` (a constant: dispatch.generated.ts's dropLayerAs calls it once per code). */
@inline export function dropLayerWith<T>(plan: usize, tid: i32, l: i32, act: i32): void {
  const S = <usize>sizeof<T>();
  const d = descriptorOf(plan, tid, l);
  const n = readInt(d + D_N);
  const stride = <usize>readInt(d + D_STRIDE) * S;
  const a = readAddress(d + D_A);
  const p = readAddress(d + D_P);
  const m = readInt(plan + H_M);
  const order = readAddress(plan + H_ORDER);
  const threshold = load<u32>(plan + H_DROP_THRESHOLD);
  const scale = <T>load<f64>(plan + H_DROP_SCALE);
  const seed = load<u32>(plan + H_DROP_SEED);
  const t = load<u32>(plan + H_DROP_T);
  const one = v128.splat<T>(<T>1);
  for (let e = 0; e < m; e++) {
    const row = <u32>readAddress(order + (<usize>e << 2));
    // the hash's state after (seed, t, row, l), shared by the row's neurons
    const prefix = mixWord(mixWord(mixWord(seed, t), row), <u32>l);
    const ar = a + <usize>e * stride;
    const pr = p + <usize>e * stride;
    // the factors first, into P
    for (let j = 0; j < n; j++) {
      // (16: the bytes hashed, (t, row, l, j), mixed in before finalising as MurmurHash3 does)
      const keep = fmix32(mixWord(prefix, <u32>j) ^ 16) >= threshold;
      store<T>(pr + <usize>j * S, keep ? scale : <T>0);
    }
    // then P = σ'(z) · factor and a = a · factor, a vector at a time (padding: factor 0 · 0)
    for (let c = 0; c < n; c += lanes<T>()) {
      const o = <usize>c * S;
      const x = v128.load(ar + o);
      const f = v128.load(pr + o);
      v128.store(pr + o, v128.mul<T>(primeTimes<T>(one, x, act), f));
      v128.store(ar + o, v128.mul<T>(x, f));
    }
  }
}

/** Drops neurons of hidden layer l on thread tid, for every example of the batch (after a^l is computed). */
export function dropLayer<T>(plan: usize, tid: i32, l: i32): void {
  dropLayerAs<T>(plan, tid, l, readInt(descriptorOf(plan, tid, l) + D_ACT));
}

/** The (address of the) values deltas.ts multiplies (5)'s sum by for layer l, and how: a with σ' from it, or P as it is. */
@inline export function primeSource(plan: usize, d: usize): usize {
  return drops(plan) ? readAddress(d + D_P) : readAddress(d + D_A);
}
@inline export function primeCode(plan: usize, d: usize): i32 {
  return drops(plan) ? A_FACTOR : readInt(d + D_ACT);
}
