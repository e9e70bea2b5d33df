// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Layer 2, stored transposed and sparse in a^1: how a resident dataset’s lists are read.

import { readAddress } from './memory';

// ---- layer 2, stored transposed and sparse in a^1 ----
// w^2 is kept as Wt = (w^2)^T: n_1 rows (one per input k) of stride_2 elements (whole
// 64-byte blocks: 8 or 4 vectors at a time, the padding neurons kept at zero), so that
// input k contributes a^1_k · Wt[k] to a whole vector of neurons at once. Inputs that are
// zero contribute nothing, and most are (MNIST: 150 of 784 pixels per image), so both the
// forward (1) and the update (7) of w^2 visit only an example's nonzero a^1_k.
//
// The inputs are split in two halves, h = 0 for k < n_1/2 and h = 1 for the rest, and
// z^2 = z_0 + z_1 with z_h the sum over half h, each in increasing k (z_0 starting from b^2):
// two threads can then each sum one half, reading (and in the update, writing) only their
// own rows of Wt, and one thread computes exactly the same bits by summing both.
//
// A resident dataset is kept in that form, listed once when it is loaded (../sparse.ts):
// a table of u32 addresses, one per (example r, half h) at 2r + h and one past the last,
// and at each the *sublist* of the example's nonzero inputs in that half: a u32 count, the
// u16 indices k (increasing; or k·R, Wt's row offsets in 64-byte units: see rowAt), and
// from the next 16-byte boundary their values a^1_k. The
// values are of type T (already scaled), or, for a dataset of bytes (MNIST's pixels), the
// bytes themselves (V = u8), which index a table of their 256 scaled values: half the
// memory, and half the cache misses, per example. So a batch gathers nothing: its
// examples' sublists are read where they lie.

/** The dataset row of example n of a batch: order[n] (first + n when order is 0). */
@inline export function rowOf(order: usize, first: i32, n: i32): usize {
  return order != 0 ? readAddress(order + (<usize>n << 2)) : <usize>(first + n);
}

/** Sublist h of example n of a batch. */
@inline export function listOf(table: usize, order: usize, first: i32, n: i32, h: i32): usize {
  return readAddress(table + (((rowOf(order, first, n) << 1) + <usize>h) << 2));
}

/**
 * The sums of layer 2 fetch the lists they will read in groups of LOOKAHEAD examples, one
 * group ahead (touchLists): the examples come in a random order, so each one's lists are
 * cache and TLB misses that the hardware cannot foresee, and touched together their misses
 * overlap. The first group of a batch is touched at the end of the previous batch's sums
 * (touchNext). Touching all of a large batch there flushed the cache (m = 100: 3.6% slower
 * than m = 10); touching one example ahead stalled every example on its misses (14% slower),
 * since a load blocks the instructions after it until it retires (WebAssembly has no prefetch).
 */
export const LOOKAHEAD = 8;

/** Loads one byte of every cache line of row r's sublists h0..h1; returns their sum (to keep the loads). */
@inline export function touchLists(table: usize, r: usize, h0: i32, h1: i32): u32 {
  const entry = table + (((r << 1) + <usize>h0) << 2);
  const end = readAddress(entry + (<usize>(h1 - h0 + 1) << 2));
  let sum: u32 = 0;
  for (let q = readAddress(entry); q < end; q += 64) sum += load<u8>(q);
  return sum;
}

/** Where a sublist of `count` entries keeps its values. */
@inline export function valuesOf(list: usize, count: i32): usize {
  return list + ((<usize>(4 + 2 * count) + 15) & ~15);
}

/**
 * Where Wt's row for a sublist's entry k lies, from Wt: k · rowBytes for a list of input
 * indices, or k · 64 for a list of row offsets in 64-byte units (`units`, a constant at each
 * call: the lists hold k·R, R = rowBytes/64, whenever (n_1 − 1)·R fits in 16 bits). The shift
 * leaves V8 one register more than the multiply (whose factor it kept on the stack): layer 2's
 * sums took 16-18% less time, an epoch 5% less ([784, 30, 10], float32, one thread).
 */
@inline export function rowAt(k: usize, rowBytes: usize, units: bool): usize {
  return units ? k << 6 : k * rowBytes;
}

/**
 * How a dataset's lists name Wt's rows, as a type parameter K of the loops over them, so that
 * each kind is compiled as a function of its own (a flag passed in and tested in the loops
 * cost 6% of layer 2's sums): RowUnits, offsets k·R in 64-byte units, or Indices, k.
 */
export type RowUnits = u32;
export type Indices = u16;
@inline export function inUnits<K>(): bool {
  return sizeof<K>() == sizeof<RowUnits>();
}

/** The value at `vp` (one of a sublist's), splatted: V = T reads it, V = u8 looks its byte up in `lut`. */
@inline export function valueAt<T, V>(vp: usize, lut: usize): v128 {
  if (sizeof<V>() == 1) return v128.load_splat<T>(lut + (<usize>load<u8>(vp) << alignof<T>()));
  return v128.load_splat<T>(vp);
}
