// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// A mini-batch and inference for a network with conv and pool layers (conv.ts), on one or two
// threads, with the same bits for any number of them.
//
// Phase 0: the batch in two halves, the first ⌈m/2⌉ examples and the rest (each half has a
//   half-plan of its own: the plan's header with its m and order; see ../layout.ts, H_HALVES).
//   For each example of half h: the forward pass (1), δ^L (4), (5) down through the dense
//   layers and then, example by example, through the conv layers (conv.ts: a conv layer's
//   nonzero errors listed in its c buffer, which only the dense layers use); the gradients'
//   sums over the half go into R_h (the layer table's G_RW0.., per plan). Two threads take a
//   half each; one thread takes both, one after the other, with the same instructions.
// Phase 1: each training thread (at most two) updates its own copy of every parameter from
//   R_0 + R_1 (the same values, in the same order, on both: identical copies), through the
//   update rule's own code (rule.ts), as the dense kernel's updateOwn does.
// There is no barrier after phase 1: the next batch's phase 0 on a thread reads only its own
// copy of the parameters, which it has itself updated, and writes the other plan's R (the
// batches alternate between two plans), while the other thread may still read this plan's.

import { A_LINEAR, D_A, D_ACT, D_B, D_C, D_D, D_GB, D_GW, D_INF, D_N, D_P, D_S1B, D_S1W, D_S2B, D_S2W, D_STRIDE, D_W, G_CIN, G_COUT, G_HIN, G_HOUT, G_KH, G_KW, G_KWP, G_RB0, G_RB1, G_RW0, G_RW1, G_TYPE, G_WOUT, G_WPIN, G_WPOUT, GEOM_BYTES, HEADER_BYTES, H_CHUNK, H_COST, H_DATA, H_GEOM, H_HALVES, H_L, H_M, H_ORDER, H_RULE, H_STEP, H_TARGETS, L_CONV, L_DENSE, L_POOL, R_SGD } from './layout.generated';
import { convBackward, poolForward } from './conv';
import { forwardLayer } from './dense';
import { updateBiases, updateBlock } from './denseUpdate';
import { applyRule, convForward, hiddenDelta, listDeltas, outputDelta } from './dispatch.generated';
import { dropLayer, drops, primeCode, primeSource } from './dropout';
import { descriptorOf, readAddress, readInt } from './memory';
import { finishMomentum, fusedMomentum, regularise, regularises } from './rule';
import { flush, lanes, madd } from './simd';

@inline function geomOf(plan: usize, l: i32): usize {
  return readAddress(plan + H_GEOM) + <usize>l * GEOM_BYTES;
}
@inline function g(entry: usize, field: usize): i32 {
  return readInt(entry + field);
}
/** The half-plan of half h. */
@inline function halfOf(plan: usize, h: i32): usize {
  return readAddress(plan + H_HALVES) + <usize>h * HEADER_BYTES;
}
/** The first dense layer (every layer below it is conv or pool). */
function firstDense(plan: usize): i32 {
  const L = readInt(plan + H_L);
  let l = 2;
  while (l <= L && g(geomOf(plan, l), G_TYPE) != L_DENSE) l++;
  return l;
}
@inline function strideBytes<T>(d: usize): usize {
  return <usize>readInt(d + D_STRIDE) * sizeof<T>();
}

/**
 * (1) for m examples on thread tid into its buffers in field `field` (D_A or D_INF): example e
 * is dataset row order[e] (order ≠ 0) or first + e. `training`: the pools keep their maxima's
 * offsets (D_P) and dropout applies to the hidden dense layers.
 */
export function convForwardExamples<T>(plan: usize, tid: i32, field: usize, m: i32, order: usize, first: i32, training: bool): void {
  const S = <usize>sizeof<T>();
  const L = readInt(plan + H_L);
  const top = firstDense(plan);
  const data = readAddress(plan + H_DATA);
  const inStride = strideBytes<T>(descriptorOf(plan, tid, 1));
  for (let e = 0; e < m; e++) {
    const row = order != 0 ? <i32>readAddress(order + (<usize>e << 2)) : first + e;
    for (let l = 2; l < top; l++) {
      const ge = geomOf(plan, l);
      const d = descriptorOf(plan, tid, l);
      const dp = descriptorOf(plan, tid, l - 1);
      const aIn = l == 2 ? data + <usize>row * inStride : readAddress(dp + field) + <usize>e * strideBytes<T>(dp);
      const out = readAddress(d + field) + <usize>e * strideBytes<T>(d);
      if (g(ge, G_TYPE) == L_CONV) {
        convForward<T>(aIn, g(ge, G_HIN), g(ge, G_WPIN), g(ge, G_CIN), readAddress(d + D_W), g(ge, G_KH), g(ge, G_KW), g(ge, G_KWP), readAddress(d + D_B), g(ge, G_COUT), out, g(ge, G_HOUT), g(ge, G_WOUT), g(ge, G_WPOUT), readInt(d + D_ACT));
      } else {
        const arg = training ? readAddress(d + D_P) + (<usize>e * <usize>readInt(d + D_STRIDE) << 2) : 0;
        poolForward<T>(aIn, g(ge, G_HIN), g(ge, G_WPIN), g(ge, G_CIN), g(ge, G_KH), g(ge, G_KW), out, g(ge, G_HOUT), g(ge, G_WOUT), g(ge, G_WPOUT), arg);
      }
    }
  }
  for (let l = top; l <= L; l++) {
    if (training && l > top && drops(plan)) dropLayer<T>(plan, tid, l - 1);
    const d = descriptorOf(plan, tid, l);
    const dp = descriptorOf(plan, tid, l - 1);
    forwardLayer<T>(readAddress(d + D_W), readAddress(d + D_B), readAddress(dp + field), strideBytes<T>(dp), readAddress(d + field), strideBytes<T>(d), readInt(d + D_N), m, readInt(d + D_ACT));
  }
}

/** The sums R_h (w, b) of layer l's gradients, and their sizes in bytes. */
@inline function sumsOf(ge: usize, h: i32, w: bool): usize {
  return readAddress(ge + (h == 0 ? (w ? G_RW0 : G_RB0) : (w ? G_RW1 : G_RB1)));
}
function weightBytes<T>(plan: usize, l: i32): usize {
  const S = <usize>sizeof<T>();
  const ge = geomOf(plan, l);
  if (g(ge, G_TYPE) == L_CONV) return <usize>(g(ge, G_COUT) * g(ge, G_CIN) * g(ge, G_KH) * g(ge, G_KWP)) * S;
  return <usize>readInt(descriptorOf(plan, 0, l) + D_N) * strideBytes<T>(descriptorOf(plan, 0, l - 1));
}
function biasBytes<T>(plan: usize, l: i32): usize {
  const L = lanes<T>();
  const n = readInt(descriptorOf(plan, 0, l) + D_N);
  const ge = geomOf(plan, l);
  const count = g(ge, G_TYPE) == L_CONV ? g(ge, G_COUT) : n;
  return <usize>(((count + L - 1) / L) * L) * sizeof<T>();
}

/**
 * Half h of the batch (its half-plan hp: m and order) on thread tid: forward, errors, and the
 * sums R_h of the gradients, which it first zeroes.
 */
function trainHalf<T>(plan: usize, h: i32, tid: i32): void {
  const S = <usize>sizeof<T>();
  const hp = halfOf(plan, h);
  const L = readInt(plan + H_L);
  const m = readInt(hp + H_M);
  const order = readAddress(hp + H_ORDER);
  for (let l = 2; l <= L; l++) {
    const ge = geomOf(plan, l);
    if (g(ge, G_TYPE) == L_POOL) continue;
    memory.fill(sumsOf(ge, h, true), 0, weightBytes<T>(plan, l));
    memory.fill(sumsOf(ge, h, false), 0, biasBytes<T>(plan, l));
  }
  if (m == 0) return;
  convForwardExamples<T>(hp, tid, D_A, m, order, 0, true);
  // (4) and (5) through the dense layers, batched: the raw sums δ, c a scratch (negStep 1)
  const one = v128.splat<T>(<T>1);
  const dL = descriptorOf(hp, tid, L);
  outputDelta<T>(readAddress(dL + D_A), strideBytes<T>(dL), readInt(dL + D_N), readAddress(dL + D_D), readAddress(dL + D_C), readAddress(hp + H_TARGETS), order, m, one, readInt(hp + H_COST), readInt(dL + D_ACT));
  const top = firstDense(plan);
  for (let l = L - 1; l >= top - 1; l--) {
    const d = descriptorOf(hp, tid, l);
    const dn = descriptorOf(hp, tid, l + 1);
    // below the first dense layer: Σ w δ alone (its σ' comes with the conv layer's δ, after the pool's routing)
    const dense = l >= top;
    const n = dense ? readInt(d + D_N) : readInt(d + D_STRIDE);
    hiddenDelta<T>(readAddress(dn + D_W), readInt(dn + D_N), readAddress(dn + D_D), strideBytes<T>(dn), dense ? primeSource(hp, d) : readAddress(d + D_A), strideBytes<T>(d), n, readAddress(d + D_D), readAddress(d + D_C), m, one, dense ? primeCode(hp, d) : A_LINEAR);
  }
  // (6), (7) for the dense layers: R += Σ_x δ (a^{l−1})^T
  for (let l = top; l <= L; l++) {
    const ge = geomOf(plan, l);
    const d = descriptorOf(hp, tid, l);
    const dp = descriptorOf(hp, tid, l - 1);
    const rw = sumsOf(ge, h, true);
    const rowBytes = strideBytes<T>(dp);
    updateBlock<T>(rw, rw, rowBytes, readAddress(d + D_D), strideBytes<T>(d), readAddress(dp + D_A), rowBytes, m, 0, readInt(d + D_N), 0, <i32>(rowBytes >> 4));
    const rb = sumsOf(ge, h, false);
    updateBiases<T>(rb, rb, readAddress(d + D_D), strideBytes<T>(d), m, 0, readInt(d + D_N));
  }
  convBackwardExamples<T>(hp, plan, h, tid, m, order, top);
}

/** The conv layers' backward pass (conv.ts: convBackward), example by example, top down. */
function convBackwardExamples<T>(hp: usize, plan: usize, h: i32, tid: i32, m: i32, order: usize, top: i32): void {
  const data = readAddress(hp + H_DATA);
  const inStride = strideBytes<T>(descriptorOf(hp, tid, 1));
  for (let e = 0; e < m; e++) {
    const row = <i32>readAddress(order + (<usize>e << 2));
    for (let l = top - 1; l >= 2; l--) {
      const ge = geomOf(plan, l);
      if (g(ge, G_TYPE) != L_CONV) continue;
      const d = descriptorOf(hp, tid, l);
      const dp = descriptorOf(hp, tid, l - 1);
      const routed = l + 1 < top && g(geomOf(plan, l + 1), G_TYPE) == L_POOL;
      const src = routed ? descriptorOf(hp, tid, l + 1) : d;
      const gs = routed ? geomOf(plan, l + 1) : ge;
      const srcStride = <usize>readInt(src + D_STRIDE);
      const raw = readAddress(src + D_D) + <usize>e * srcStride * sizeof<T>();
      const arg = routed ? readAddress(src + D_P) + (<usize>e * srcStride << 2) : 0;
      // the list of errors in this layer's c buffer (its c is not used: see the top of the file)
      const deltas = readAddress(d + D_C);
      const offsets = deltas + strideBytes<T>(d);
      const starts = offsets + (<usize>readInt(d + D_STRIDE) << 2);
      listDeltas<T>(raw, arg, g(gs, G_HOUT), g(gs, G_WOUT), g(gs, G_WPOUT), readAddress(d + D_A) + <usize>e * strideBytes<T>(d), g(ge, G_COUT), g(ge, G_HOUT), g(ge, G_WPOUT), g(ge, G_WPIN), deltas, offsets, starts, readInt(d + D_ACT));
      // δ^{in} only where a conv layer lies below to use it
      let below = false;
      for (let k = 2; k < l; k++) if (g(geomOf(plan, k), G_TYPE) == L_CONV) below = true;
      let dIn: usize = 0;
      if (below) {
        dIn = readAddress(dp + D_D) + <usize>e * strideBytes<T>(dp);
        memory.fill(dIn, 0, strideBytes<T>(dp));
      }
      const aIn = l == 2 ? data + <usize>row * inStride : readAddress(dp + D_A) + <usize>e * strideBytes<T>(dp);
      convBackward<T>(deltas, offsets, starts, aIn, g(ge, G_HIN), g(ge, G_WPIN), g(ge, G_CIN), readAddress(d + D_W), g(ge, G_KH), g(ge, G_KW), g(ge, G_KWP), g(ge, G_COUT), sumsOf(ge, h, true), sumsOf(ge, h, false), dIn, below ? strideBytes<T>(dp) : 0);
    }
  }
}

/**
 * p ← the rule's step from the mean gradient (R_0 + R_1)/m: as updateOwn (batch.ts) does for a
 * dense layer, c = −(plan's step) Σ goes into p (SGD, after −η r), the velocity (momentum), or
 * the gradient G (the other rules), and the rule's pass follows.
 */
function foldSums<T>(plan: usize, p: usize, r0: usize, r1: usize, bytes: usize, g0: usize, s1: usize, s2: usize, weights: bool): void {
  const rule = readInt(plan + H_RULE);
  const sgd = rule == R_SGD;
  const fused = fusedMomentum(plan);
  if (sgd && weights && regularises(plan)) regularise<T>(plan, p, bytes);
  const dst = sgd ? p : fused ? s1 : g0;
  const negStep = v128.splat<T>(<T>-load<f64>(plan + H_STEP));
  for (let o: usize = 0; o < bytes; o += 16) {
    v128.store(dst + o, flush<T>(madd<T>(negStep, v128.add<T>(v128.load(r0 + o), v128.load(r1 + o)), v128.load(dst + o))));
  }
  // (one row of `bytes`, every vector of it: the passes skip no padding here)
  if (fused) finishMomentum<T>(plan, p, s1, bytes, bytes, bytes, weights);
  else if (!sgd) applyRule<T>(plan, rule, p, g0, s1, s2, bytes, bytes, bytes, weights);
}

/** Phase 1 on thread tid: its own copy of every parameter from R_0 + R_1. */
function updateCopy<T>(plan: usize, tid: i32): void {
  const L = readInt(plan + H_L);
  for (let l = 2; l <= L; l++) {
    const ge = geomOf(plan, l);
    if (g(ge, G_TYPE) == L_POOL) continue;
    const d = descriptorOf(plan, tid, l);
    foldSums<T>(plan, readAddress(d + D_W), sumsOf(ge, 0, true), sumsOf(ge, 1, true), weightBytes<T>(plan, l), readAddress(d + D_GW), readAddress(d + D_S1W), readAddress(d + D_S2W), true);
    foldSums<T>(plan, readAddress(d + D_B), sumsOf(ge, 0, false), sumsOf(ge, 1, false), biasBytes<T>(plan, l), readAddress(d + D_GB), readAddress(d + D_S1B), readAddress(d + D_S2B), false);
  }
}

export function convTrainPhase<T>(plan: usize, part: i32, parts: i32, phase: i32): void {
  if (part >= 2) return; // (the halves fix the work at two threads)
  if (phase == 0) {
    if (parts == 1) {
      trainHalf<T>(plan, 0, 0);
      trainHalf<T>(plan, 1, 0);
    } else {
      trainHalf<T>(plan, part, part);
    }
  } else {
    updateCopy<T>(plan, part);
  }
}

/** Inference on examples [first, first + count) by thread tid; a^L rows go to out. */
export function convInferRange<T>(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  const S = <usize>sizeof<T>();
  const L = readInt(plan + H_L);
  const chunk = readInt(plan + H_CHUNK);
  const dL = descriptorOf(plan, tid, L);
  const outRow = <usize>readInt(dL + D_N) * S;
  const strideL = strideBytes<T>(dL);
  for (let done = 0; done < count; done += chunk) {
    const m = min(chunk, count - done);
    convForwardExamples<T>(plan, tid, D_INF, m, 0, first + done, false);
    const aL = readAddress(dL + D_INF);
    for (let n = 0; n < m; n++) memory.copy(out + <usize>(done + n) * outRow, aL + <usize>n * strideL, outRow);
  }
}
