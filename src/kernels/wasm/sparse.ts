import type { Dataset } from '../../data/dataset.ts';
import { MIN_NORMAL, flushSubnormal } from '../../math/subnormal.ts';
import type { Heap } from './heap.ts';
import type { KernelExports } from './modules.ts';

/**
 * A dataset's inputs as the WebAssembly kernels keep them: for each example, the lists of its
 * nonzero inputs a^1_k in each half of the inputs (see assembly/kernel.ts, "layer 2"), made
 * once when the dataset is loaded, so that a mini-batch reads its examples' lists where they
 * lie instead of gathering and scanning dense rows every time (on MNIST that was a third of
 * an epoch).
 *
 * Layout, in one block: for a dataset of bytes, first the 256 values they stand for (each
 * byte times inputScale, rounded as the kernel's arithmetic rounds it: float32, the byte and
 * the scale to float32, then their product); then a table of 2·count + 1 u32 addresses
 * (example r's sublist for half h at table[2r + h], and table[2·count] the end of the last,
 * so each sublist's length in bytes is the next address minus its own); then the sublists,
 * each at a 16-byte boundary: a u32 count c, c u16 indices k (increasing), and from the next
 * 16-byte boundary their c values: the bytes themselves, or the scaled values in the
 * kernel's dtype for a dataset of floats. When the kernel asks (`rowUnits` R > 0), each
 * index is stored as k·R, the offset of Wt's row k in 64-byte units (R = its row bytes / 64),
 * which the loops turn into an address with a shift instead of a multiply (assembly/kernel.ts:
 * rowAt).
 */
export interface Listed {
  /** The block, to release. */
  readonly block: number;
  /** The address table. */
  readonly table: number;
  /** The 256 values of the bytes, or 0 when the sublists hold values of the kernel's dtype. */
  readonly values: number;
}

/** Rows listed per call into WebAssembly: the dense copy they need stays small (MNIST: 1.6 MB). */
const CHUNK_ROWS = 2048;

/** Bytes of one sublist of `count` entries, values of `valueBytes` each. */
export function listBytes(count: number, valueBytes: number): number {
  return align16(valuesOffset(count) + count * valueBytes);
}

/** Where a sublist of `count` entries keeps its values, in bytes from its start (as assembly/kernel.ts: valuesOf). */
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
  /** R: store each index k as k·R (0: as k). (n_1 − 1)·R must fit in 16 bits. */
  readonly rowUnits: number;
}

/**
 * Lists `dataset`'s inputs into one block of the kernel's memory. The rows pass through
 * WebAssembly a chunk at a time, twice: once to count each example's nonzero inputs (which
 * fixes where every sublist goes), once to write the sublists.
 */
export function listDataset(dataset: Dataset, context: ListingContext): Listed {
  const { heap, exports, bytesPerElement: S, lut, rowUnits } = context;
  const { count, inputSize: n1, inputs, inputScale } = dataset;
  const bytes = inputs instanceof Uint8Array;
  const valueBytes = bytes ? 1 : S;
  const suffix = S === 4 ? 'f32' : 'f64';
  const chunk = heap.alloc(Math.min(count, CHUNK_ROWS) * n1 * valueBytes);
  const scratch = heap.alloc(align16(n1) * S + 64);
  const counts = heap.alloc(2 * count * 4);
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
      exports[`countNonzeros_${suffix}`](chunk, bytes ? 0 : 1, n1, rows, inputScale, counts + first * 8, scratch);
    }
    const nonzeros = new Uint32Array(heap.memory.buffer, counts, 2 * count).slice();
    const valuesBytes = bytes ? 256 * S : 0;
    let total = valuesBytes + align16((2 * count + 1) * 4);
    const offsets = new Float64Array(2 * count + 1);
    for (let i = 0; i < 2 * count; i++) {
      offsets[i] = total;
      total += listBytes(nonzeros[i], valueBytes);
    }
    offsets[2 * count] = total;
    const block = heap.alloc(total);
    const table = block + valuesBytes;
    const buffer = heap.memory.buffer;
    if (bytes) {
      const round = S === 4 ? Math.fround : (x: number): number => x;
      const scale = round(inputScale);
      const values = S === 4 ? new Float32Array(buffer, block, 256) : new Float64Array(buffer, block, 256);
      // flushed as the kernels flush every value they store (math/subnormal.ts)
      for (let x = 0; x < 256; x++) values[x] = flushSubnormal(round(x * scale), MIN_NORMAL[S === 4 ? 'float32' : 'float64']);
    }
    const addresses = new Uint32Array(buffer, table, 2 * count + 1);
    for (let i = 0; i <= 2 * count; i++) addresses[i] = block + offsets[i];
    for (let first = 0; first < count; first += CHUNK_ROWS) {
      const rows = Math.min(CHUNK_ROWS, count - first);
      copyRows(first, rows);
      exports[`writeLists_${suffix}`](chunk, bytes ? 0 : 1, n1, rows, inputScale, table + first * 8, scratch, lut, rowUnits);
    }
    return { block, table, values: bytes ? block : 0 };
  } finally {
    heap.release(counts);
    heap.release(scratch);
    heap.release(chunk);
  }
}
