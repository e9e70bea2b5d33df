import type { Dataset } from '../kernel.ts';
import type { Heap } from './heap.ts';
import type { KernelExports } from './modules.ts';

/**
 * A dataset's inputs as the WebAssembly kernels keep them: each example's *list* of its
 * nonzero inputs a^1_k (see assembly/kernel.ts, "layer 2"), made once when the dataset is
 * loaded, so that a mini-batch reads its examples' lists where they lie instead of gathering
 * and scanning dense rows every time (on MNIST that was a third of an epoch).
 *
 * Layout, in one block: a table of count + 1 u32 addresses (example r's list is at table[r],
 * and table[count] is the end of the last, so table[r + 1] − table[r] is its length in bytes),
 * then the lists, each at a 16-byte boundary: a u32 count c, c u16 indices k (increasing), and
 * from the next 16-byte boundary their c values in the kernel's dtype. A value is the stored
 * input times inputScale, rounded as the kernel's arithmetic rounds it (float32: the input
 * and the scale to float32, then their product).
 */

/** Rows listed per call into WebAssembly: the dense copy they need stays small (MNIST: 1.6 MB). */
const CHUNK_ROWS = 2048;

/** Bytes of one list of `count` entries, values of `bytesPerElement`. */
export function listBytes(count: number, bytesPerElement: number): number {
  return align16(valuesOffset(count) + count * bytesPerElement);
}

/** Where a list of `count` entries keeps its values, in bytes from its start (as assembly/kernel.ts: valuesOf). */
export function valuesOffset(count: number): number {
  return align16(4 + 2 * count);
}

function align16(bytes: number): number {
  return Math.ceil(bytes / 16) * 16;
}

/** For each byte value, the positions of its set bits, packed to the front of 16 bytes (for writeLists). */
export function bitPositionTable(): Uint8Array {
  const table = new Uint8Array(256 * 16);
  for (let bits = 0; bits < 256; bits++) {
    let p = 0;
    for (let i = 0; i < 8; i++) if (bits & (1 << i)) table[bits * 16 + p++] = i;
  }
  return table;
}

export interface ListingContext {
  readonly heap: Heap;
  readonly exports: KernelExports;
  readonly bytesPerElement: 4 | 8;
  /** Address of bitPositionTable() in the kernel's memory. */
  readonly lut: number;
}

/**
 * Lists `dataset`'s inputs into one block of the kernel's memory; returns its address (that
 * of the table). The rows pass through WebAssembly a chunk at a time, twice: once to count
 * each example's nonzero inputs (which fixes where every list goes), once to write the lists.
 */
export function listDataset(dataset: Dataset, context: ListingContext): number {
  const { heap, exports, bytesPerElement: S, lut } = context;
  const { count, inputSize: n1, inputs, inputScale } = dataset;
  const bytes = inputs instanceof Uint8Array;
  const suffix = S === 4 ? 'f32' : 'f64';
  const chunk = heap.alloc(Math.min(count, CHUNK_ROWS) * n1 * (bytes ? 1 : S));
  const scratch = heap.alloc(align16(n1) * S + 64);
  const counts = heap.alloc(count * 4);
  /** Copies rows [first, first + rows) into the chunk, as bytes or as the kernel's dtype. */
  const copyRows = (first: number, rows: number): void => {
    const values = inputs.subarray(first * n1, (first + rows) * n1);
    const buffer = heap.memory.buffer;
    if (bytes) new Uint8Array(buffer, chunk, values.length).set(values);
    else if (S === 4) new Float32Array(buffer, chunk, values.length).set(values);
    else new Float64Array(buffer, chunk, values.length).set(values);
  };
  try {
    for (let first = 0; first < count; first += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - first);
      copyRows(first, rows);
      exports[`countNonzeros_${suffix}`](chunk, bytes ? 0 : 1, n1, rows, inputScale, counts + first * 4, scratch);
    }
    const nonzeros = new Uint32Array(heap.memory.buffer, counts, count).slice();
    let total = align16((count + 1) * 4);
    const offsets = new Float64Array(count + 1);
    for (let r = 0; r < count; r++) {
      offsets[r] = total;
      total += listBytes(nonzeros[r], S);
    }
    offsets[count] = total;
    const table = heap.alloc(total);
    const addresses = new Uint32Array(heap.memory.buffer, table, count + 1);
    for (let r = 0; r <= count; r++) addresses[r] = table + offsets[r];
    for (let first = 0; first < count; first += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - first);
      copyRows(first, rows);
      exports[`writeLists_${suffix}`](chunk, bytes ? 0 : 1, n1, rows, inputScale, table + first * 4, scratch, lut);
    }
    return table;
  } finally {
    heap.release(counts);
    heap.release(scratch);
    heap.release(chunk);
  }
}
