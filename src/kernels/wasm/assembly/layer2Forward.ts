// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// (1) for layer 2 from the lists: the partial sums z_0, z_1 and a^2 = σ(z_0 + z_1).

import { LOOKAHEAD, inUnits, listOf, rowAt, rowOf, touchLists, valueAt, valuesOf } from './layer2Lists';
import { A_SIGMOID } from './layout.generated';
import { activateRows } from './dispatch.generated';
import { sigmoid } from './activations/sigmoid';
import { lanes, madd, vzero, zeroFrom } from './simd';

/**
 * A partial sum of (1) for layer 2, `vectors` vectors of neurons (at wt, out; up to 8, a
 * constant at each call: see vectorsOf) of one example: z = z_init + Σ_i a^1_{k_i} Wt[k_i]
 * over a sublist's `count` entries (all k_i < limit), in order, from z_init = initFactor times
 * the vectors at `init` (0: from zero). Stores z; the sigmoid comes after the halves are added. Each constant gets its own
 * loop, with no test of `vectors` left in it.
 */
@inline export function fwdT<T, V>(wt: usize, rowBytes: usize, indices: usize, count: i32, vals: usize, lut: usize, init: usize, initFactor: v128, out: usize, limit: u32, units: bool, vectors: i32): void {
  let z0 = vzero<T>(), z1 = vzero<T>(), z2 = vzero<T>(), z3 = vzero<T>();
  let z4 = vzero<T>(), z5 = vzero<T>(), z6 = vzero<T>(), z7 = vzero<T>();
  if (init != 0) {
    z0 = v128.mul<T>(initFactor, v128.load(init));
    if (vectors > 1) z1 = v128.mul<T>(initFactor, v128.load(init, 16));
    if (vectors > 2) z2 = v128.mul<T>(initFactor, v128.load(init, 32));
    if (vectors > 3) z3 = v128.mul<T>(initFactor, v128.load(init, 48));
    if (vectors > 4) z4 = v128.mul<T>(initFactor, v128.load(init, 64));
    if (vectors > 5) z5 = v128.mul<T>(initFactor, v128.load(init, 80));
    if (vectors > 6) z6 = v128.mul<T>(initFactor, v128.load(init, 96));
    if (vectors > 7) z7 = v128.mul<T>(initFactor, v128.load(init, 112));
  }
  const end = indices + (<usize>count << 1);
  let vp = vals;
  for (let ip = indices; ip < end; ip += 2) {
    const k = <usize>load<u16>(ip);
    const p = wt + rowAt(k, rowBytes, units);
    const s = valueAt<T, V>(vp, lut);
    vp += sizeof<V>();
    z0 = madd<T>(s, v128.load(p), z0);
    if (vectors > 1) z1 = madd<T>(s, v128.load(p, 16), z1);
    if (vectors > 2) z2 = madd<T>(s, v128.load(p, 32), z2);
    if (vectors > 3) z3 = madd<T>(s, v128.load(p, 48), z3);
    // Never taken (k < limit), but it makes z0..z3 live out of the middle of the loop, so V8
    // computes them before loading the next four rows: otherwise it hoists all eight loads
    // above the madds, needs 17 vector registers and spills an accumulator (1.6× slower).
    if (vectors > 4 && <u32>k >= limit) break;
    if (vectors > 4) z4 = madd<T>(s, v128.load(p, 64), z4);
    if (vectors > 5) z5 = madd<T>(s, v128.load(p, 80), z5);
    if (vectors > 6) z6 = madd<T>(s, v128.load(p, 96), z6);
    if (vectors > 7) z7 = madd<T>(s, v128.load(p, 112), z7);
  }
  v128.store(out, z0);
  if (vectors > 1) v128.store(out, z1, 16);
  if (vectors > 2) v128.store(out, z2, 32);
  if (vectors > 3) v128.store(out, z3, 48);
  if (vectors > 4) v128.store(out, z4, 64);
  if (vectors > 5) v128.store(out, z5, 80);
  if (vectors > 6) v128.store(out, z6, 96);
  if (vectors > 7) v128.store(out, z7, 112);
}

/**
 * The vectors of layer 2's neurons (n2 of them, of type T) go through the loops over Wt's
 * rows in blocks of 8 (fwdT, updT) and one last block of 1 to 4, 7 or 8 vectors,
 * so that no vector of only padding is computed where a loop can leave it out: float64 with
 * n2 = 30 (the reference workload) is 15 vectors of neurons in rows of 16, float32 with
 * n2 = 100 is 25 in rows of 28; computing the padding cost them 1/16 and 3/28 of their
 * layer-2 arithmetic. (A rest of 5 or 6 takes a block of 8: a second pass would cost more.)
 * So: the blocks of 8 below `whole`, then `last` vectors (0 to 4, 7 or 8).
 */
@inline export function vectorsOf<T>(n2: i32): i32 {
  return (n2 + lanes<T>() - 1) / lanes<T>();
}
@inline export function wholeBlocks(vectors: i32): i32 {
  return vectors - vectors % 8;
}
@inline export function lastBlock(vectors: i32): i32 {
  const rest = vectors % 8;
  return rest == 5 || rest == 6 ? 8 : rest; // (rows are whole blocks of 4 vectors)
}

/**
 * Half h of (1) for layer 2, examples [0, m) of a batch (their sublists: see listOf): the
 * partial sums z_h into rows of `out` (stride `outStride` bytes, a whole number of 4-vector blocks,
 * as Wt's rows), from b^2 times biasFactor for h = 0 (1/s for a scaled w^2: layer2Scale.ts)
 * and from zero for h = 1, for the n2 neurons' vectors
 * (a padding vector past them may be left unwritten: see vectorsOf).
 */
export function forwardHalf<T, V, K>(wt: usize, rowBytes: usize, b: usize, biasFactor: f64, limit: u32, n2: i32, h: i32, out: usize, outStride: usize, m: i32, table: usize, lut: usize, order: usize, first: i32): u32 {
  const units = inUnits<K>();
  const whole = wholeBlocks(vectorsOf<T>(n2));
  const last = lastBlock(vectorsOf<T>(n2));
  const f = v128.splat<T>(<T>biasFactor);
  let touched: u32 = 0;
  for (let n = 0; n < m; n++) {
    if (n % LOOKAHEAD == 0) {
      const end = min(m, n + 2 * LOOKAHEAD);
      for (let j = n + LOOKAHEAD; j < end; j++) touched += touchLists(table, rowOf(order, first, j), h, h);
    }
    const list = listOf(table, order, first, n, h);
    const count = <i32>load<u32>(list);
    const vals = valuesOf(list, count);
    const o = out + <usize>n * outStride;
    for (let v = 0; v < whole; v += 8) fwdT<T, V>(wt + (<usize>v << 4), rowBytes, list + 4, count, vals, lut, h == 0 ? b + (<usize>v << 4) : 0, f, o + (<usize>v << 4), limit, units, 8);
    const x = <usize>whole << 4;
    if (last == 1) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, f, o + x, limit, units, 1);
    else if (last == 2) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, f, o + x, limit, units, 2);
    else if (last == 3) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, f, o + x, limit, units, 3);
    else if (last == 4) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, f, o + x, limit, units, 4);
    else if (last == 7) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, f, o + x, limit, units, 7);
    else if (last == 8) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, f, o + x, limit, units, 8);
  }
  return touched;
}

/**
 * a^2 = σ(z_0 + z_1) for m examples (rows `outStride` bytes apart in all three), neurons
 * [0, n2), σ the activation of code `act`: the sigmoid in the same pass as the sum, any
 * other in a pass of its own (activateRows) over the sums. With w^2 kept as s W̃
 * (layer2Scale.ts; `scaled`): a^2 = σ(s (z_0 + z_1)).
 */
export function addHalvesActivate<T>(z0: usize, z1: usize, out: usize, outStride: usize, n2: i32, m: i32, act: i32, scaled: bool, scale: f64): void {
  const s = v128.splat<T>(<T>scale);
  // each (scaled, sigmoid) pair its own loop, with no test left in it
  if (act == A_SIGMOID) {
    if (scaled) addHalvesWith<T>(z0, z1, out, outStride, n2, m, true, s, true);
    else addHalvesWith<T>(z0, z1, out, outStride, n2, m, false, s, true);
  } else {
    if (scaled) addHalvesWith<T>(z0, z1, out, outStride, n2, m, true, s, false);
    else addHalvesWith<T>(z0, z1, out, outStride, n2, m, false, s, false);
    activateRows<T>(out, outStride, n2, m, act);
  }
}

@inline function addHalvesWith<T>(z0: usize, z1: usize, out: usize, outStride: usize, n2: i32, m: i32, scaled: bool, s: v128, sig: bool): void {
  const S = <usize>sizeof<T>();
  for (let n = 0; n < m; n++) {
    const r = <usize>n * outStride;
    for (let c = 0; c < n2; c += lanes<T>()) {
      const o = r + <usize>c * S;
      let z = v128.add<T>(v128.load(z0 + o), v128.load(z1 + o));
      if (scaled) z = v128.mul<T>(s, z);
      v128.store(out + o, zeroFrom<T>(sig ? sigmoid<T>(z) : z, c, n2));
    }
  }
}
