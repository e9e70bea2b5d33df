// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// A mini-batch in two phases on one or two threads, and inference.

import { D_A, D_ACT, D_B, D_C, D_D, D_GB, D_GW, D_INF, D_N, D_S1B, D_S1W, D_S2B, D_S2W, D_STRIDE, D_W, H_CHUNK, H_COST, H_RULE, R_SGD, H_DATA, H_L, H_M, H_N1, H_NEXT, H_NEXT_M, H_ORDER, H_STEP, H_TARGETS, H_UNITS, H_VALUES, H_Z, H_ZHALF } from './layout.generated';
import { forwardLayer } from './dense';
import { updateBiases, updateBlock } from './denseUpdate';
import { applyRule, hiddenDelta, outputDelta } from './dispatch.generated';
import { Indices, LOOKAHEAD, RowUnits, touchLists } from './layer2Lists';
import { addHalvesActivate, forwardHalf } from './layer2Forward';
import { updateHalf } from './layer2Update';
import { dropLayer, drops, primeCode, primeSource } from './dropout';
import { halfStart } from './listing';
import { descriptorOf, readAddress, readInt } from './memory';
import { finishMomentum, fusedMomentum, regularise, regularises, usedBytes } from './rule';
import { foldScale, scaleC2, scaledW2, w2BiasFactor, w2Scale } from './layer2Scale';

// ---- a mini-batch, on `parts` threads (one: parts = 1) ----
// Phase 0: the partial sums z_0, z_1 of layer 2 (see forwardHalf), half h on part h (both on
//   a single part). This is most of the forward pass, and each half reads only its own rows
//   of Wt, which the same part updates in phase 1: Wt never moves between the cores' caches.
// Phase 1, on each part, for every example of the batch: a^2 = σ(z_0 + z_1), the forward
//   pass (1) through the other layers, δ^L (4), δ^l (5) down to l = 2 and c^l = −(η/m) δ^l,
//   into the part's own buffers; then the updates (6), (7) of what the part owns: the rows of
//   Wt in its half of the inputs, b^2 (part 0), and its own copy of every w^l, b^l for l ≥ 3.
// So the threads meet once a batch, at a barrier after phase 0, and the only data that moves
// between the cores is the other half's partial sums: the two parts compute the small layers'
// forward and backward passes twice (cheaper, at m = 10, than a second barrier and the cache
// lines of examples and weights that sharing them out would move) and keep identical copies
// of w^l, b^l (l ≥ 3), since they apply the same updates to the same values. There is no
// barrier after phase 1 either: a part goes on to the next batch's phase 0, which reads only
// what it updated itself, while the other finishes (the batches alternate between two plans,
// each with its own partial sums, so the next batch's are written while this one's are still
// read; see layout.ts). Parts beyond two do nothing here (they share inference): the halves
// fix the work at two. An example's values are computed by the same instructions whichever
// part computes them, and each parameter's update sums over the examples in increasing order
// on one part, so the result is the same, bit for bit, for any number of parts.

/** Does part `part` of `parts` compute half h of layer 2? */
@inline export function ownsHalf(part: i32, parts: i32, h: i32): bool {
  return parts == 1 || part == h;
}

/**
 * (1) through layers 3..L for examples [n0, n0 + m) from their rows of a^2, with thread tid's
 * parameters and its buffers in field `field` (D_A or D_INF) of its descriptors.
 */
export function forwardRest<T>(plan: usize, tid: i32, field: usize, n0: i32, m: i32): void {
  const L = readInt(plan + H_L);
  for (let l = 3; l <= L; l++) forwardOne<T>(plan, tid, field, l, n0, m);
}

/** (1) for layer l ≥ 3 alone (see forwardRest). */
export function forwardOne<T>(plan: usize, tid: i32, field: usize, l: i32, n0: i32, m: i32): void {
  const S = <usize>sizeof<T>();
  const d = descriptorOf(plan, tid, l);
  const dp = descriptorOf(plan, tid, l - 1);
  const len = <usize>readInt(dp + D_STRIDE) * S;
  const outStride = <usize>readInt(d + D_STRIDE) * S;
  forwardLayer<T>(readAddress(d + D_W), readAddress(d + D_B), readAddress(dp + field) + <usize>n0 * len, len, readAddress(d + field) + <usize>n0 * outStride, outStride, readInt(d + D_N), m, readInt(d + D_ACT));
}

/**
 * The first half of phase 1 on thread tid, for every example of the batch, into its own
 * buffers: a^2 = σ(z_0 + z_1), the rest of the forward pass and every δ.
 */
export function finishExamples<T>(plan: usize, tid: i32): void {
  const S = <usize>sizeof<T>();
  const L = readInt(plan + H_L);
  const m = readInt(plan + H_M);
  const order = readAddress(plan + H_ORDER);
  const negStep = v128.splat<T>(<T>-load<f64>(plan + H_STEP));
  const d2 = descriptorOf(plan, tid, 2);
  const stride2 = <usize>readInt(d2 + D_STRIDE) * S;
  const z = readAddress(plan + H_Z);
  addHalvesActivate<T>(z, z + readAddress(plan + H_ZHALF), readAddress(d2 + D_A), stride2, readInt(d2 + D_N), m, readInt(d2 + D_ACT), scaledW2(plan), w2Scale(plan));
  if (drops(plan)) {
    // each hidden layer's neurons dropped before the next layer reads them
    for (let l = 2; l < L; l++) {
      dropLayer<T>(plan, tid, l);
      forwardOne<T>(plan, tid, D_A, l + 1, 0, m);
    }
  } else {
    forwardRest<T>(plan, tid, D_A, 0, m);
  }
  const dL = descriptorOf(plan, tid, L);
  const strideL = <usize>readInt(dL + D_STRIDE) * S;
  outputDelta<T>(readAddress(dL + D_A), strideL, readInt(dL + D_N), readAddress(dL + D_D), readAddress(dL + D_C), readAddress(plan + H_TARGETS), order, m, negStep, readInt(plan + H_COST), readInt(dL + D_ACT));
  for (let l = L - 1; l >= 2; l--) {
    const d = descriptorOf(plan, tid, l);
    const dn = descriptorOf(plan, tid, l + 1);
    const rowStride = <usize>readInt(d + D_STRIDE) * S;
    const nextStride = <usize>readInt(dn + D_STRIDE) * S;
    hiddenDelta<T>(readAddress(dn + D_W), readInt(dn + D_N), readAddress(dn + D_D), nextStride, primeSource(plan, d), rowStride, readInt(d + D_N), readAddress(d + D_D), readAddress(d + D_C), m, negStep, primeCode(plan, d));
  }
}

/**
 * The second half of phase 1 on part `part`, over the whole batch, in place: (7) for the rows
 * of Wt in its half of the inputs (all of them for one part), (6) for b^2 on part 0, and (6),
 * (7) for every w^l, b^l with l ≥ 3: the part's own copy, from its own δ. Plain SGD adds
 * c = −(η/m) δ into the parameters (after regularise's −η r, with L2 or L1); any other rule
 * adds c = δ/m into the gradients G, then applies itself to what the part owns (rule.ts).
 */
export function updateOwn<T>(plan: usize, part: i32, parts: i32): void {
  const S = <usize>sizeof<T>();
  const L = readInt(plan + H_L);
  const m = readInt(plan + H_M);
  const order = readAddress(plan + H_ORDER);
  const rule = readInt(plan + H_RULE);
  const sgd = rule == R_SGD;
  const fused = fusedMomentum(plan);
  const reg = sgd && regularises(plan);
  const d2 = descriptorOf(plan, part, 2);
  const stride2 = <usize>readInt(d2 + D_STRIDE) * S;
  const lut = readAddress(plan + H_VALUES);
  const n1 = readInt(plan + H_N1);
  // b^2 on part 0 alone: only part 0 reads it while training (phase 0, half 0); first, as a
  // scaled w^2 (layer2Scale.ts) then turns c^2 into W̃'s update
  if (part == 0) updateBiasesBy<T>(plan, d2, stride2, m, sgd, fused, rule);
  const scaled = scaledW2(plan);
  if (scaled) scaleC2<T>(plan, part);
  for (let h = 0; h < 2; h++) {
    if (!ownsHalf(part, parts, h)) continue;
    const wt = readAddress(d2 + D_W);
    const rows = wt + <usize>halfStart(n1, h) * stride2;
    const rowsBytes = <usize>((h == 0 ? halfStart(n1, 1) : n1) - halfStart(n1, h)) * stride2;
    if (scaled) foldScale<T>(plan, rows, rowsBytes);
    else if (reg) regularise<T>(plan, rows, rowsBytes);
    const dst = sgd ? wt : fused ? readAddress(d2 + D_S1W) : readAddress(d2 + D_GW);
    const n2 = readInt(d2 + D_N);
    const c = readAddress(d2 + D_C);
    const table = readAddress(plan + H_DATA);
    // four copies of the loops: bytes or values, row offsets in units or indices (see rowAt)
    if (readInt(plan + H_UNITS) != 0) {
      if (lut != 0) updateHalf<T, u8, RowUnits>(dst, stride2, n2, c, stride2, m, table, lut, order, h);
      else updateHalf<T, T, RowUnits>(dst, stride2, n2, c, stride2, m, table, 0, order, h);
    } else {
      if (lut != 0) updateHalf<T, u8, Indices>(dst, stride2, n2, c, stride2, m, table, lut, order, h);
      else updateHalf<T, T, Indices>(dst, stride2, n2, c, stride2, m, table, 0, order, h);
    }
    // (the rules' passes skip each row's padding: n2 = 100 in float32 is 25 vectors in rows of 28)
    const used2 = usedBytes<T>(readInt(d2 + D_N));
    if (fused) finishMomentum<T>(plan, rows, readAddress(d2 + D_S1W) + (rows - wt), rowsBytes, stride2, used2, true);
    else if (!sgd) {
      const at = rows - wt;
      const s2 = readAddress(d2 + D_S2W);
      applyRule<T>(plan, rule, rows, dst + at, readAddress(d2 + D_S1W) + at, s2 != 0 ? s2 + at : 0, rowsBytes, stride2, used2, true);
    }
  }
  for (let l = 3; l <= L; l++) {
    const d = descriptorOf(plan, part, l);
    const dp = descriptorOf(plan, part, l - 1);
    const n = readInt(d + D_N);
    const rowStride = <usize>readInt(d + D_STRIDE) * S;
    const c = readAddress(d + D_C);
    const rowBytes = <usize>readInt(dp + D_STRIDE) * S;
    const w = readAddress(d + D_W);
    if (reg) regularise<T>(plan, w, <usize>n * rowBytes);
    const dst = sgd ? w : fused ? readAddress(d + D_S1W) : readAddress(d + D_GW);
    updateBlock<T>(dst, dst, rowBytes, c, rowStride, readAddress(dp + D_A), rowBytes, m, 0, n, 0, <i32>(rowBytes >> 4));
    const used = usedBytes<T>(readInt(dp + D_N));
    if (fused) finishMomentum<T>(plan, w, dst, <usize>n * rowBytes, rowBytes, used, true);
    else if (!sgd) applyRule<T>(plan, rule, w, dst, readAddress(d + D_S1W), readAddress(d + D_S2W), <usize>n * rowBytes, rowBytes, used, true);
    updateBiasesBy<T>(plan, d, rowStride, m, sgd, fused, rule);
  }
}

/** (6) for the biases of descriptor d: into b (SGD), or into their gradient and then the rule. */
@inline function updateBiasesBy<T>(plan: usize, d: usize, rowStride: usize, m: i32, sgd: bool, fused: bool, rule: i32): void {
  const b = readAddress(d + D_B);
  const n = readInt(d + D_N);
  if (sgd) {
    updateBiases<T>(b, b, readAddress(d + D_C), rowStride, m, 0, n);
    return;
  }
  if (fused) {
    const v = readAddress(d + D_S1B);
    updateBiases<T>(v, v, readAddress(d + D_C), rowStride, m, 0, n);
    finishMomentum<T>(plan, b, v, rowStride, rowStride, usedBytes<T>(n), false);
    return;
  }
  const g = readAddress(d + D_GB);
  updateBiases<T>(g, g, readAddress(d + D_C), rowStride, m, 0, n);
  applyRule<T>(plan, rule, b, g, readAddress(d + D_S1B), readAddress(d + D_S2B), rowStride, rowStride, usedBytes<T>(n), false);
}

/**
 * Touches (see touchLists) the sublists in half h0..h1 of the first LOOKAHEAD examples that
 * the next batch will probably read, and the targets of all of them, so that their misses
 * overlap here, many at a time, instead of one list after another.
 */
export function touchNext<T>(plan: usize, tid: i32, h0: i32, h1: i32): u32 {
  const count = readInt(plan + H_NEXT_M);
  const next = readAddress(plan + H_NEXT);
  const table = readAddress(plan + H_DATA);
  const targets = readAddress(plan + H_TARGETS);
  const targetBytes = <usize>readInt(descriptorOf(plan, tid, readInt(plan + H_L)) + D_N) * sizeof<T>();
  let sum: u32 = 0;
  for (let i = 0; i < count; i++) {
    const r = readAddress(next + (<usize>i << 2));
    if (i < LOOKAHEAD) sum += touchLists(table, r, h0, h1);
    sum += load<u8>(targets + r * targetBytes);
  }
  return sum;
}

/** forwardHalf for the plan's dataset, with its kind of values. */
export function forwardHalfOf<T>(plan: usize, h: i32, out: usize, outStride: usize, m: i32, order: usize, first: i32): u32 {
  const d2 = descriptorOf(plan, 0, 2);
  const lut = readAddress(plan + H_VALUES);
  const wt = readAddress(d2 + D_W);
  const rowBytes = <usize>readInt(d2 + D_STRIDE) * sizeof<T>();
  const b = readAddress(d2 + D_B);
  const f = w2BiasFactor(plan);
  const n1 = readInt(plan + H_N1);
  const table = readAddress(plan + H_DATA);
  const n2 = readInt(d2 + D_N);
  // four copies of the loops: bytes or values, row offsets in units or indices (see rowAt)
  const units = readInt(plan + H_UNITS);
  if (units != 0) {
    const limit = <u32>(n1 * units);
    if (lut != 0) return forwardHalf<T, u8, RowUnits>(wt, rowBytes, b, f, limit, n2, h, out, outStride, m, table, lut, order, first);
    return forwardHalf<T, T, RowUnits>(wt, rowBytes, b, f, limit, n2, h, out, outStride, m, table, 0, order, first);
  }
  if (lut != 0) return forwardHalf<T, u8, Indices>(wt, rowBytes, b, f, <u32>n1, n2, h, out, outStride, m, table, lut, order, first);
  return forwardHalf<T, T, Indices>(wt, rowBytes, b, f, <u32>n1, n2, h, out, outStride, m, table, 0, order, first);
}

export function trainPhase<T>(plan: usize, part: i32, parts: i32, phase: i32): void {
  if (part >= 2) return; // (see the top of this file)
  const S = <usize>sizeof<T>();
  const m = readInt(plan + H_M);
  if (phase == 0) {
    const stride2 = <usize>readInt(descriptorOf(plan, 0, 2) + D_STRIDE) * S;
    let touched: u32 = 0;
    for (let h = 0; h < 2; h++) {
      if (!ownsHalf(part, parts, h)) continue;
      const out = readAddress(plan + H_Z) + (h == 0 ? 0 : readAddress(plan + H_ZHALF));
      touched += forwardHalfOf<T>(plan, h, out, stride2, m, readAddress(plan + H_ORDER), 0);
    }
    // the next batch's sublists for the halves this part sums (it reads only those)
    touched += parts == 1 ? touchNext<T>(plan, 0, 0, 1) : touchNext<T>(plan, part, part, part);
    store<u32>(descriptorOf(plan, part, 0), touched); // this thread's unused descriptor: keeps the loads alive
  } else {
    finishExamples<T>(plan, part);
    updateOwn<T>(plan, part, parts);
  }
}

/** Inference on examples [first, first + count) by one thread, with its own buffers; a^L rows go to out. */
export function inferRange<T>(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  const S = <usize>sizeof<T>();
  const L = readInt(plan + H_L);
  const chunk = readInt(plan + H_CHUNK);
  const d1 = descriptorOf(plan, tid, 1);
  const d2 = descriptorOf(plan, tid, 2);
  const dL = descriptorOf(plan, tid, L);
  const stride2 = <usize>readInt(d2 + D_STRIDE) * S;
  const half = <usize>chunk * stride2;
  const z = readAddress(d1 + D_INF);
  const outRow = <usize>readInt(dL + D_N) * S;
  const strideL = <usize>readInt(dL + D_STRIDE) * S;
  for (let done = 0; done < count; done += chunk) {
    const m = min(chunk, count - done);
    let touched: u32 = 0;
    for (let h = 0; h < 2; h++) touched += forwardHalfOf<T>(plan, h, z + (h == 0 ? 0 : half), stride2, m, 0, first + done);
    store<u32>(descriptorOf(plan, tid, 0), touched);
    addHalvesActivate<T>(z, z + half, readAddress(d2 + D_INF), stride2, readInt(d2 + D_N), m, readInt(d2 + D_ACT), scaledW2(plan), w2Scale(plan));
    forwardRest<T>(plan, tid, D_INF, 0, m);
    const aL = readAddress(dL + D_INF);
    for (let n = 0; n < m; n++) memory.copy(out + <usize>(done + n) * outRow, aL + <usize>n * strideL, outRow);
  }
}
