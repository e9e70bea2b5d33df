/**
 * The plan: the block of memory that tells the WebAssembly code where everything is.
 * Mirrors the constants at the top of assembly/kernel.ts (byte offsets there, 32-bit
 * word indices here).
 *
 * Header (words): L, threads, parity, m, dataset inputs, input kind (0 bytes, 1 floats),
 * targets, order, n_1, inference chunk, the next batch's order and size (a guess, only
 * for prefetching), the bit-position table; then η/m and inputScale as float64.
 * Then one 16-word descriptor per (thread, layer l = 0..L) (slot 0 unused, as in Network; with
 * several threads, an extra set "thread T" covers every neuron, for running a batch whole):
 * n_l, stride_l (row length padded to 16 bytes), the thread's neuron slice [j0, j1),
 * w^l (two copies: read copy = parity, write copy = parity ^ 1; the same address when
 * updated in place), b^l (likewise), A^l, δ^l, c^l = −(η/m) δ^l, and A^l for inference.
 * Layer 1's descriptor also holds the thread's lists of each example's nonzero inputs (for the
 * sparse layer 2) and the bytes per list.
 *
 * w^2 is stored transposed, Wt = (w^2)^T: n_1 rows of stride_2 elements (see forwardT).
 */
export const HEADER_BYTES = 128;
export const DESC_BYTES = 64;

export const H_L = 0;
export const H_T = 1;
export const H_PAR = 2;
export const H_M = 3;
export const H_DATA = 4;
export const H_KIND = 5;
export const H_TARGETS = 6;
export const H_ORDER = 7;
export const H_N1 = 8;
export const H_CHUNK = 9;
export const H_NEXT = 10;
export const H_NEXT_M = 11;
export const H_LUT = 12;
/** 1 when this batch's lists were made ahead by a helper thread (assembly/kernel.ts: prepare). */
export const H_LISTED = 13;
/** float64 word indices */
export const H_STEP64 = 8;
export const H_SCALE64 = 9;

export const D_N = 0;
export const D_STRIDE = 1;
export const D_J0 = 2;
export const D_J1 = 3;
export const D_W0 = 4;
export const D_W1 = 5;
export const D_B0 = 6;
export const D_B1 = 7;
export const D_A = 8;
export const D_D = 9;
export const D_C = 10;
export const D_INF = 11;
export const D_LIST = 12;
export const D_LIST_STRIDE = 13;
export const D_ILIST = 14;

export const KIND_BYTES = 0;
export const KIND_FLOATS = 1;

/** Examples per inference chunk: keeps a chunk's activations in the L1/L2 caches. */
export const INFER_CHUNK = 64;

/** Row length in elements, padded to a whole number of 16-byte vectors. */
export function paddedStride(n: number, bytesPerElement: number): number {
  const lanes = 16 / bytesPerElement;
  return Math.ceil(n / lanes) * lanes;
}

/** Word index of field `field` of the descriptor of (thread, layer). */
export function descIndex(plan: number, L: number, thread: number, layer: number, field: number): number {
  return (plan + HEADER_BYTES + (thread * (L + 1) + layer) * DESC_BYTES) / 4 + field;
}

/** Thread t's contiguous share [j0, j1) of n neurons. */
export function slice(n: number, threads: number, t: number): [number, number] {
  return [Math.floor((t * n) / threads), Math.floor(((t + 1) * n) / threads)];
}

/**
 * Thread t's share of n neurons in whole vectors of `lanes`, so that no two threads write
 * the same vector of a row (Wt's rows and the activations are written a vector at a time).
 */
export function vectorSlice(n: number, lanes: number, threads: number, t: number): [number, number] {
  const [v0, v1] = slice(Math.ceil(n / lanes), threads, t);
  return [Math.min(n, v0 * lanes), Math.min(n, v1 * lanes)];
}

/**
 * Bytes of one example's list of nonzero inputs: a u32 count, n_1 u16 indices (8 of slack),
 * then from a 16-byte boundary their n_1 values (8 of slack), for bytesPerElement.
 */
export function listStride(n1: number, bytesPerElement: number): number {
  const values = Math.ceil((4 + 2 * (n1 + 8)) / 16) * 16;
  return Math.ceil((values + bytesPerElement * (n1 + 8)) / 16) * 16;
}

/** For each byte value, the positions of its set bits, packed to the front of 16 bytes. */
export function bitPositionTable(): Uint8Array {
  const table = new Uint8Array(256 * 16);
  for (let bits = 0; bits < 256; bits++) {
    let p = 0;
    for (let i = 0; i < 8; i++) if (bits & (1 << i)) table[bits * 16 + p++] = i;
  }
  return table;
}
