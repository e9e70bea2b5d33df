import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/kernels/kernel.ts';
import { createRng } from '../../src/math/rng.ts';
import { Heap } from '../../src/kernels/wasm/heap.ts';
import { compileVariant, instantiateKernel } from '../../src/kernels/wasm/modules.ts';
import { bitPositionTable, listBytes, listDataset, valuesOffset } from '../../src/kernels/wasm/sparse.ts';
import { randomDataset } from './helpers.ts';

/**
 * The resident form of a dataset (src/kernels/wasm/sparse.ts), read back from the kernel's
 * memory and checked against the dense rows it was made from: for every example and half,
 * the nonzero inputs in increasing order, their values, and where each sublist lies.
 */
async function listed(dataset: Dataset, bytesPerElement: 4 | 8, rowUnits: number) {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const heap = new Heap(memory);
  const exports = instantiateKernel(await compileVariant('simd'), memory);
  const lut = heap.alloc(256 * 16);
  new Uint8Array(memory.buffer, lut, 256 * 16).set(bitPositionTable());
  const lists = listDataset(dataset, { heap, exports, bytesPerElement, lut, rowUnits });
  return { lists, buffer: memory.buffer };
}

/** What the sublists should hold: the inputs as the kernel's dtype rounds input × scale. */
function expected(dataset: Dataset, bytesPerElement: 4 | 8, r: number, h: number): { indices: number[]; values: number[] } {
  const round = bytesPerElement === 4 ? Math.fround : (x: number): number => x;
  const n1 = dataset.inputSize;
  const middle = n1 >> 1;
  const indices: number[] = [];
  const values: number[] = [];
  for (let k = h === 0 ? 0 : middle; k < (h === 0 ? middle : n1); k++) {
    const x = dataset.inputs[r * n1 + k];
    const value = round(round(x) * round(dataset.inputScale));
    if (value === 0) continue;
    indices.push(k);
    values.push(dataset.inputs instanceof Uint8Array ? x : value);
  }
  return { indices, values };
}

/** Checks the lists of `dataset`; with rowUnits R > 0 each index k must be stored as k·R. */
async function check(dataset: Dataset, bytesPerElement: 4 | 8, rowUnits = 0): Promise<void> {
  const { lists, buffer } = await listed(dataset, bytesPerElement, rowUnits);
  const bytes = dataset.inputs instanceof Uint8Array;
  const count = dataset.count;
  const table = new Uint32Array(buffer, lists.table, 2 * count + 1);
  const u32 = new Uint32Array(buffer);
  const u16 = new Uint16Array(buffer);
  const floats = bytesPerElement === 4 ? new Float32Array(buffer) : new Float64Array(buffer);
  const u8 = new Uint8Array(buffer);
  if (bytes) {
    assert.equal(lists.values, lists.block, 'the byte values come first');
    const round = bytesPerElement === 4 ? Math.fround : (x: number): number => x;
    for (let x = 0; x < 256; x++) assert.equal(floats[lists.values / bytesPerElement + x], round(x * round(dataset.inputScale)), `value of byte ${x}`);
  } else {
    assert.equal(lists.values, 0);
  }
  for (let r = 0; r < count; r++) {
    for (let h = 0; h < 2; h++) {
      const at = table[2 * r + h];
      const { indices, values } = expected(dataset, bytesPerElement, r, h);
      const where = `example ${r}, half ${h}`;
      assert.equal(at % 16, 0, `${where}: 16-byte aligned`);
      assert.equal(u32[at / 4], indices.length, `${where}: count`);
      assert.equal(table[2 * r + h + 1] - at, listBytes(indices.length, bytes ? 1 : bytesPerElement), `${where}: length`);
      const stored = indices.map((k) => (rowUnits > 0 ? k * rowUnits : k));
      assert.deepEqual(Array.from(u16.subarray((at + 4) / 2, (at + 4) / 2 + indices.length)), stored, `${where}: indices`);
      const valuesAt = at + valuesOffset(indices.length);
      const storedValues = bytes
        ? Array.from(u8.subarray(valuesAt, valuesAt + values.length))
        : Array.from(floats.subarray(valuesAt / bytesPerElement, valuesAt / bytesPerElement + values.length));
      assert.deepEqual(storedValues, values, `${where}: values`);
    }
  }
}

describe('datasets listed for the WebAssembly kernels', () => {
  for (const bytesPerElement of [4, 8] as const) {
    for (const bytes of [true, false]) {
      const kind = `${bytes ? 'bytes' : 'floats'} as float${bytesPerElement * 8}`;
      it(`${kind}: each example's nonzero inputs per half, in order, with their values`, async () => {
        // 21 inputs: halves of 10 and 11, neither a multiple of the 8 inputs listed at a time
        const rng = createRng(5);
        await check(randomDataset(rng, 37, 21, 3, bytes, 0.6), bytesPerElement);
        await check({ ...randomDataset(rng, 37, 21, 3, bytes, 0.6), inputScale: 0.37 }, bytesPerElement);
        // rows of all zeros and all nonzeros, a single input, more rows than one chunk
        await check(randomDataset(rng, 3, 1, 1, bytes, 0.5), bytesPerElement);
        await check(randomDataset(rng, 4, 40, 2, bytes, 1), bytesPerElement);
        await check(randomDataset(rng, 5000, 9, 1, bytes, 0.3), bytesPerElement);
        // indices stored as Wt's row offsets in 64-byte units: k·R (rowAt in assembly/kernel.ts)
        await check(randomDataset(rng, 37, 21, 3, bytes, 0.6), bytesPerElement, 3);
        await check(randomDataset(rng, 4, 40, 2, bytes, 1), bytesPerElement, 1638); // 39 · 1638 = 63,882 < 2^16
      });
    }
  }

  it('an input scaled to zero is left out; a negative one is kept', async () => {
    const dataset: Dataset = {
      count: 1, inputSize: 4, outputSize: 1, inputs: new Float64Array([1e-46, -2, 0, 3]), inputScale: 1, targets: new Float64Array(1),
    };
    // 1e-46 is 0 in float32 but not in float64
    const { lists, buffer } = await listed(dataset, 4, 0);
    const table = new Uint32Array(buffer, lists.table, 3);
    assert.equal(new Uint32Array(buffer)[table[0] / 4], 1, 'half 0 holds −2 only');
    await check(dataset, 4);
    await check(dataset, 8);
  });

  it('an empty dataset lists to an empty table', async () => {
    await check({ count: 0, inputSize: 5, outputSize: 1, inputs: new Uint8Array(0), inputScale: 1, targets: new Float64Array(0) }, 4);
  });
});
