import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32, deflateSync, gzipSync } from 'node:zlib';
import { MAX_CLASSES, MAX_PARAMETERS, parameterCount } from '../../src/common/limits.ts';
import { parseCsvDataset } from '../../src/data/csv.ts';
import { parseIdx } from '../../src/data/idx.ts';
import { Heap } from '../../src/kernels/wasm/heap.ts';
import { createNetwork } from '../../src/network/network.ts';
import { createRng } from '../../src/math/rng.ts';
import { gunzipIdx } from '../../src/node/idx.ts';
import { decodePng } from '../../src/node/png.ts';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { assertBadInput, nabla, tempDir } from '../cli/helpers.ts';
import { assertInputError, assertRejectsInputError, idxBytes } from '../data/helpers.ts';

/** Issue 12, points 3 and 6: every size read from a file is bounded before allocation, and the error names the limit. */

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose header declares width × height, grey 8-bit, with `idat` as its compressed pixel data. */
function png(width: number, height: number, idat: Uint8Array, interlace = 0): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey
  ihdr[12] = interlace;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

test('a PNG that declares 10,200 × 10,200 pixels is refused from its header, naming the limit', () => {
  const bytes = png(10200, 10200, deflateSync(Buffer.alloc(1000)));
  assert.ok(bytes.length < 300, `a ${bytes.length}-byte file`);
  assertInputError(() => decodePng(bytes, 'huge.png'), /huge\.png/, /10,200 × 10,200/, /limit of 25,000,000 pixels/);
});

test('an interlaced PNG whose pixel data inflates past its declared size is refused (pngjs would inflate it unbounded)', () => {
  const bytes = png(16, 16, deflateSync(Buffer.alloc(8 << 20)), 1);
  assertInputError(() => decodePng(bytes, 'bomb.png'), /bomb\.png/, /more pixel data than its 16 × 16 pixels/);
  // The same image with the right amount of data decodes.
  const rows = Buffer.alloc(16 * 17); // 16 rows of a filter byte and 16 pixels
  assert.doesNotThrow(() => decodePng(png(16, 16, deflateSync(rows), 0), 'ok.png'));
});

test('a gzipped IDX file that expands past its header stops there, with a message naming the header, not "corrupt"', async () => {
  const header = idxBytes([2, 2], [1, 2, 3, 4]);
  const bomb = gzipSync(Buffer.concat([header, Buffer.alloc(64 << 20)]));
  await assertRejectsInputError(gunzipIdx(bomb, 'bomb.gz'), /bomb\.gz/, /expands to more than the 16 bytes its IDX header declares/);
  // A well-formed one still reads.
  assert.deepEqual([...parseIdx(await gunzipIdx(gzipSync(header), 'ok.gz')).data], [1, 2, 3, 4]);
});

test('an IDX header that declares more than 1 GiB of data is refused from the header (plain and gzipped)', async () => {
  const header = idxBytes([100000, 100000, 100], []);
  assertInputError(() => parseIdx(header, 'big'), /100000×100000×100 = 1,000,000,000,000 bytes/, /limit of 1 GiB/);
  await assertRejectsInputError(
    gunzipIdx(gzipSync(Buffer.concat([header, Buffer.alloc(1 << 20)])), 'big.gz').then((bytes) => parseIdx(bytes, 'big.gz')),
    /limit of 1 GiB/,
  );
});

test('a CSV label column with more than 1,000 different values is refused before the one-hot targets are allocated', () => {
  const rows = Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `${i % 7},c${i}`).join('\n');
  assertInputError(() => parseCsvDataset(rows, { name: 'ids.csv' }), /ids\.csv/, /1,001 different values in 1,001 rows/, /limit of 1,000 classes/, /--label-column/, /--task regression/);
  const fine = Array.from({ length: MAX_CLASSES }, (_, i) => `${i % 7},c${i}`).join('\n');
  assert.equal(parseCsvDataset(fine).classes.length, MAX_CLASSES);
});

test('a model file whose sizes declare a billion neurons is refused by the parameter limit, before allocating', () => {
  const text = JSON.stringify({ format: 'nabla-model', version: 1, sizes: [784, 1e9, 10], activation: 'sigmoid', cost: 'quadratic', weights: [], biases: [] });
  assertInputError(() => parseModel(text, 'm.json'), /m\.json/, /795,000,000,010 weights and biases/, /limit of 20,000,000/);
});

test('a model file whose arrays do not match its sizes is refused on the lengths, before allocating', () => {
  // 19 million parameters declared (under the limit), arrays of one: refused on the shapes.
  const text = JSON.stringify({ format: 'nabla-model', version: 1, sizes: [1900, 10000, 1], activation: 'sigmoid', cost: 'quadratic', weights: [[[0]], [[0]]], biases: [[0], [0]] });
  assertInputError(() => parseModel(text, 'm.json'), /"weights\[0\]" \(w\^2\) must have 10000 rows, found an array of 1/);
});

test('a 200,000-deep JSON value is refused by depth, not "Maximum call stack size exceeded"', () => {
  const deep = `{"format":"nabla-model","version":1,"sizes":${'['.repeat(200000)}${']'.repeat(200000)}}`;
  assertInputError(() => parseModel(deep, 'deep.json'), /deep\.json/, /more than 32 levels deep/);
  const deepFormat = `{"format":${'['.repeat(200000)}${']'.repeat(200000)}}`;
  assertInputError(() => parseModel(deepFormat, 'deep.json'), /more than 32 levels deep/);
});

test('the parameter limit: Σ n_l (n_{l−1} + 1), checked by createNetwork', () => {
  assert.equal(parameterCount([784, 30, 10]), 23860);
  assert.equal(parameterCount([2, 3, 1]), 3 * 3 + 1 * 4);
  assert.throws(() => createNetwork({ sizes: [4, 4_000_000, 3], rng: createRng(1) }), /32,000,003 weights and biases, more than nabla's limit of 20,000,000/);
  assert.ok(parameterCount([784, 25000, 10]) <= MAX_PARAMETERS);
});

test('WebAssembly memory that cannot grow is a message naming what was needed, not "Maximum memory size exceeded"', () => {
  const heap = new Heap(new WebAssembly.Memory({ initial: 1, maximum: 2 }));
  assert.throws(() => heap.alloc(1 << 20), (error: Error) => error instanceof RangeError && /the WebAssembly kernel needs 1\.0 MiB of memory/.test(error.message) && /--sizes or --batch/.test(error.message));
  assert.ok(heap.alloc(1000) > 0, 'the heap is still usable after a refused block');
});

test('nabla init --sizes 784,35000,10 names the limit instead of "Invalid string length"; --sizes 4,4000000,3 likewise', () => {
  const dir = tempDir();
  assertBadInput(nabla(['init', '--sizes', '784,35000,10', '--out', join(dir, 'm.json')]), /--sizes.*27,825,010 weights and biases, more than nabla's limit of 20,000,000/);
  assertBadInput(nabla(['train', '--sizes', '4,4000000,3', '--epochs', '1']), /32,000,003 weights and biases/);
  const model = join(dir, 'big.json');
  writeFileSync(model, JSON.stringify({ format: 'nabla-model', version: 1, sizes: [784, 1e9, 10], activation: 'sigmoid', cost: 'quadratic', weights: [], biases: [] }));
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1\n' }), /limit of 20,000,000/);
});
