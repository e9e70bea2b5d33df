import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseIdx } from '../../src/data/idx.ts';
import { readIdxFile } from '../../src/node/idx.ts';
import { assertInputError, assertRejectsInputError, idxBytes } from './helpers.ts';

const pixels = Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);

test('parseIdx reads an images file (magic 0x00000803) as a view into the bytes', () => {
  const bytes = idxBytes([2, 3, 4], pixels);
  const { dims, data } = parseIdx(bytes);
  assert.deepEqual(dims, [2, 3, 4]);
  assert.deepEqual([...data], pixels);
  assert.equal(data.buffer, bytes.buffer, 'zero-copy');
  assert.equal(data.byteOffset, 16);
});

test('parseIdx reads a labels file (magic 0x00000801)', () => {
  const { dims, data } = parseIdx(idxBytes([5], [5, 0, 4, 1, 9]));
  assert.deepEqual(dims, [5]);
  assert.deepEqual([...data], [5, 0, 4, 1, 9]);
});

test('parseIdx rejects a wrong magic number, naming the file', () => {
  const bytes = idxBytes([1], [3]);
  bytes[0] = 0x50;
  assertInputError(() => parseIdx(bytes, 'labels.idx'), /^labels\.idx: /, /not an IDX file/, /0x50 0x00/);
  assertInputError(() => parseIdx(gzipSync(idxBytes([1], [3])), 'x'), /gzipped/);
  assertInputError(() => parseIdx(new Uint8Array([0, 0]), 'x'), /2 bytes long/);
});

test('parseIdx says clearly that other data types are not supported', () => {
  assertInputError(() => parseIdx(idxBytes([1], [0, 0, 0, 0], 0x0d), 'f.idx'), /0x0d \(float32\) is not supported/, /only unsigned bytes/);
  assertInputError(() => parseIdx(idxBytes([1], [0], 0x42), 'f.idx'), /unknown data type code 0x42/);
});

test('parseIdx rejects a bad number of dimensions and a short header', () => {
  assertInputError(() => parseIdx(new Uint8Array([0, 0, 8, 0]), 'x'), /0 dimensions/);
  assertInputError(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), 'x'), /truncated: the header needs 16 bytes/);
});

test('parseIdx rejects truncated data and trailing bytes', () => {
  const bytes = idxBytes([2, 3, 4], pixels);
  assertInputError(() => parseIdx(bytes.subarray(0, bytes.length - 5), 'img'), /truncated: expected 24 bytes of data \(2×3×4\).*found 19/);
  const longer = new Uint8Array(bytes.length + 3);
  longer.set(bytes);
  assertInputError(() => parseIdx(longer, 'img'), /3 unexpected bytes after the data/, /2×3×4 = 24 bytes/);
});

test('readIdxFile reads plain and gzipped files; errors name the path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nabla-idx-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const bytes = idxBytes([2, 3, 4], pixels);
  await writeFile(join(dir, 'plain'), bytes);
  await writeFile(join(dir, 'packed.gz'), gzipSync(bytes));
  for (const name of ['plain', 'packed.gz']) {
    const { dims, data } = await readIdxFile(join(dir, name));
    assert.deepEqual(dims, [2, 3, 4]);
    assert.deepEqual([...data], pixels);
  }

  const gz = gzipSync(bytes);
  await writeFile(join(dir, 'short.gz'), gz.subarray(0, gz.length - 12));
  await assertRejectsInputError(readIdxFile(join(dir, 'short.gz')), /short\.gz/, /truncated/, /download the file again/);

  const corrupt = Uint8Array.from(gz);
  for (let i = 10; i < corrupt.length - 8; i++) corrupt[i] ^= 0x5a;
  await writeFile(join(dir, 'corrupt.gz'), corrupt);
  await assertRejectsInputError(readIdxFile(join(dir, 'corrupt.gz')), /corrupt\.gz/, /corrupt/);

  await assertRejectsInputError(readIdxFile(join(dir, 'missing')), /cannot read IDX file '.*missing': no such file/);
  await assertRejectsInputError(readIdxFile(dir), /is a folder/);
});
