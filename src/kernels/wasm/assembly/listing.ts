// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Listing a dataset’s inputs, once, when it is loaded (see layer2Lists.ts and ../sparse.ts).

import { readAddress } from './memory';
import { valuesOf } from './layer2Lists';
import { flush, lanes, vzero } from './simd';

// ---- listing a dataset's inputs, once, when it is loaded (see layer2Lists.ts and ../sparse.ts) ----

/**
 * a^1 of row r of a dense block of rows (bytes, kind 0, or values of T, kind 1), times
 * `scale`, into `dst` (n1 values of T, zero-padded to a whole vector). Bytes are widened to
 * T in registers; the product is rounded to T as every later use of the value expects, and
 * flushed (simd.ts: flush): a subnormal input is listed as a 0, that is not at all.
 */
export function scaledRow<T>(dst: usize, data: usize, kind: i32, n1: i32, r: i32, scale: T): void {
  const S = <usize>sizeof<T>();
  const vs = v128.splat<T>(scale);
  if (kind == 0) {
    const src = data + <usize>r * <usize>n1;
    // 16 bytes at a time; the last block may read past the row (into the next, or the block's slack)
    for (let k = 0; k < n1; k += 16) {
      const bytes = v128.load(src + <usize>k);
      const lo = i16x8.extend_low_i8x16_u(bytes);
      const hi = i16x8.extend_high_i8x16_u(bytes);
      const q0 = i32x4.extend_low_i16x8_u(lo);
      const q1 = i32x4.extend_high_i16x8_u(lo);
      const q2 = i32x4.extend_low_i16x8_u(hi);
      const q3 = i32x4.extend_high_i16x8_u(hi);
      const p = dst + <usize>k * S;
      if (sizeof<T>() == 4) {
        v128.store(p, flush<T>(f32x4.mul(f32x4.convert_i32x4_u(q0), vs)));
        v128.store(p, flush<T>(f32x4.mul(f32x4.convert_i32x4_u(q1), vs)), 16);
        v128.store(p, flush<T>(f32x4.mul(f32x4.convert_i32x4_u(q2), vs)), 32);
        v128.store(p, flush<T>(f32x4.mul(f32x4.convert_i32x4_u(q3), vs)), 48);
      } else {
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(q0), vs)));
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q0, q0, 2, 3, 2, 3)), vs)), 16);
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(q1), vs)), 32);
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q1, q1, 2, 3, 2, 3)), vs)), 48);
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(q2), vs)), 64);
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q2, q2, 2, 3, 2, 3)), vs)), 80);
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(q3), vs)), 96);
        v128.store(p, flush<T>(f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q3, q3, 2, 3, 2, 3)), vs)), 112);
      }
    }
  } else {
    const src = data + <usize>r * <usize>n1 * S;
    for (let k = 0; k < n1; k += lanes<T>()) {
      const o = <usize>k * S;
      v128.store(dst + o, flush<T>(v128.mul<T>(v128.load(src + o), vs)));
    }
  }
  for (let k = n1; k < ((n1 + 15) & ~15); k++) store<T>(dst + <usize>k * S, <T>0);
}

/** Bit i set where value i of 8 values of T at p is nonzero. */
@inline export function nonzeroBits<T>(p: usize): i32 {
  if (sizeof<T>() == 4) {
    return i32x4.bitmask(f32x4.ne(v128.load(p), vzero<T>())) | (i32x4.bitmask(f32x4.ne(v128.load(p, 16), vzero<T>())) << 4);
  }
  return (
    i64x2.bitmask(f64x2.ne(v128.load(p), vzero<T>())) |
    (i64x2.bitmask(f64x2.ne(v128.load(p, 16), vzero<T>())) << 2) |
    (i64x2.bitmask(f64x2.ne(v128.load(p, 32), vzero<T>())) << 4) |
    (i64x2.bitmask(f64x2.ne(v128.load(p, 48), vzero<T>())) << 6)
  );
}

/** The first input of half h (see layer2Lists.ts): 0, or n1/2 rounded down. */
@inline export function halfStart(n1: i32, h: i32): i32 {
  return h == 0 ? 0 : n1 >> 1;
}

/** Bits of nonzeroBits for the 8 values from k that lie in [k0, k1). */
@inline export function bitsWithin<T>(scratch: usize, k: i32, k0: i32, k1: i32): i32 {
  let bits = nonzeroBits<T>(scratch + <usize>k * sizeof<T>());
  if (k < k0) bits &= ~((1 << (k0 - k)) - 1);
  if (k + 8 > k1) bits &= (1 << (k1 - k)) - 1;
  return bits;
}

/**
 * counts[2r + h] = the number of nonzero a^1_k in half h of each row r in [0, rows) of a dense
 * block (see scaledRow and layer2Lists.ts).
 */
export function countNonzeros<T>(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, counts: usize, scratch: usize): void {
  for (let r = 0; r < rows; r++) {
    scaledRow<T>(scratch, data, kind, n1, r, <T>scale);
    for (let h = 0; h < 2; h++) {
      const k0 = halfStart(n1, h);
      const k1 = h == 0 ? halfStart(n1, 1) : n1;
      let count = 0;
      for (let k = k0 & ~7; k < k1; k += 8) count += popcnt(bitsWithin<T>(scratch, k, k0, k1));
      store<u32>(counts + (<usize>(2 * r + h) << 2), count);
    }
  }
}

/**
 * Writes the sublists of each row r in [0, rows) of a dense block at the addresses
 * table[2r + h]: the count, the indices of the nonzero values (branch-free: each 8 values'
 * nonzero bits index a table, `lut`, 256 × 16 bytes of the positions of the set bits of a
 * byte, that packs them to the front; up to 8 indices past the end are written and then
 * overwritten by the values or the next sublist, written after), and the values: of type T,
 * or (kind 0, bytes) the bytes themselves; then, if `units` (R) is not 0, each index k
 * becomes k·R (see rowAt).
 */
export function writeLists<T>(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, table: usize, scratch: usize, lut: usize, units: i32): void {
  const S = <usize>sizeof<T>();
  for (let r = 0; r < rows; r++) {
    scaledRow<T>(scratch, data, kind, n1, r, <T>scale);
    for (let h = 0; h < 2; h++) {
      const k0 = halfStart(n1, h);
      const k1 = h == 0 ? halfStart(n1, 1) : n1;
      const list = readAddress(table + (<usize>(2 * r + h) << 2));
      const indices = list + 4;
      let count = 0;
      for (let k = k0 & ~7; k < k1; k += 8) {
        const bits = bitsWithin<T>(scratch, k, k0, k1);
        const positions = i16x8.extend_low_i8x16_u(v128.load(lut + (<usize>bits << 4)));
        v128.store(indices + (<usize>count << 1), i16x8.add(positions, i16x8.splat(<i16>k)));
        count += popcnt(bits);
      }
      store<u32>(list, count);
      const vals = valuesOf(list, count);
      for (let i = 0; i < count; i++) {
        const at = indices + (<usize>i << 1);
        const k = <usize>load<u16>(at);
        if (kind == 0) store<u8>(vals + <usize>i, load<u8>(data + <usize>r * <usize>n1 + k));
        else store<T>(vals + <usize>i * S, load<T>(scratch + k * S));
        if (units != 0) store<u16>(at, <u16>(k * <usize>units)); // Wt's row offset in 64-byte units (see rowAt)
      }
    }
  }
}
