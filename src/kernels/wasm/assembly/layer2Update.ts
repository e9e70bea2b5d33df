// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// (7) for w^2 from the lists: Wt[k] += a^1_k c, only for an example’s nonzero inputs.
// The sums are stored unflushed (docs/formulas.md: "Subnormal numbers"): into the weights
// (plain SGD) a product lands on a normal number and the sum is normal; into a gradient or a
// velocity it may be subnormal, for the rest of the step, until the rule's pass (rule.ts)
// reads it and stores it flushed (G as 0). A flush here, in the loop over every example's
// inputs, cost plain SGD 20% and momentum more (the loops twice over: V8 allocated them worse).

import { inUnits, listOf, rowAt, valueAt, valuesOf } from './layer2Lists';
import { lastBlock, vectorsOf, wholeBlocks } from './layer2Forward';
import { madd, vzero } from './simd';

/**
 * One example's share of (7) for w^2, `vectors` vectors of neurons (at wt, c; up to 8, a
 * constant at each call: see vectorsOf): for each entry of a sublist (input k),
 * Wt[k] += a^1_k c, with c = −(η/m) δ^2 of the example held in registers.
 */
@inline export function updT<T, V>(wt: usize, rowBytes: usize, indices: usize, count: i32, vals: usize, lut: usize, c: usize, units: bool, vectors: i32): void {
  const c0 = v128.load(c);
  const c1 = vectors > 1 ? v128.load(c, 16) : vzero<T>();
  const c2 = vectors > 2 ? v128.load(c, 32) : vzero<T>();
  const c3 = vectors > 3 ? v128.load(c, 48) : vzero<T>();
  const c4 = vectors > 4 ? v128.load(c, 64) : vzero<T>();
  const c5 = vectors > 5 ? v128.load(c, 80) : vzero<T>();
  const c6 = vectors > 6 ? v128.load(c, 96) : vzero<T>();
  const c7 = vectors > 7 ? v128.load(c, 112) : vzero<T>();
  const end = indices + (<usize>count << 1);
  let vp = vals;
  for (let ip = indices; ip < end; ip += 2) {
    const p = wt + rowAt(<usize>load<u16>(ip), rowBytes, units);
    const s = valueAt<T, V>(vp, lut);
    vp += sizeof<V>();
    v128.store(p, madd<T>(s, c0, v128.load(p)));
    if (vectors > 1) v128.store(p, madd<T>(s, c1, v128.load(p, 16)), 16);
    if (vectors > 2) v128.store(p, madd<T>(s, c2, v128.load(p, 32)), 32);
    if (vectors > 3) v128.store(p, madd<T>(s, c3, v128.load(p, 48)), 48);
    if (vectors > 4) v128.store(p, madd<T>(s, c4, v128.load(p, 64)), 64);
    if (vectors > 5) v128.store(p, madd<T>(s, c5, v128.load(p, 80)), 80);
    if (vectors > 6) v128.store(p, madd<T>(s, c6, v128.load(p, 96)), 96);
    if (vectors > 7) v128.store(p, madd<T>(s, c7, v128.load(p, 112)), 112);
  }
}

/**
 * (7) for w^2, in place: the rows of Wt (inputs) in half h, the n2 neurons' vectors (see
 * vectorsOf), example by example in order, from the batch's sublists. Wt's rows are whole
 * 4-vector blocks (see layout.ts).
 */
export function updateHalf<T, V, K>(wt: usize, rowBytes: usize, n2: i32, c: usize, cStride: usize, m: i32, table: usize, lut: usize, order: usize, h: i32): void {
  const units = inUnits<K>();
  const whole = wholeBlocks(vectorsOf<T>(n2));
  const last = lastBlock(vectorsOf<T>(n2));
  for (let n = 0; n < m; n++) {
    const list = listOf(table, order, 0, n, h);
    const count = <i32>load<u32>(list);
    const vals = valuesOf(list, count);
    const cn = c + <usize>n * cStride;
    for (let v = 0; v < whole; v += 8) updT<T, V>(wt + (<usize>v << 4), rowBytes, list + 4, count, vals, lut, cn + (<usize>v << 4), units, 8);
    const x = <usize>whole << 4;
    if (last == 1) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 1);
    else if (last == 2) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 2);
    else if (last == 3) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 3);
    else if (last == 4) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 4);
    else if (last == 7) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 7);
    else if (last == 8) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 8);
  }
}
