import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { splitDataset } from '../../src/data/dataset.ts';
import { parseIdx } from '../../src/data/idx.ts';
import { mnistDataset } from '../../src/data/mnist.ts';
import { loadMnist, mnistFileCandidates } from '../../src/node/mnist.ts';
import { assertInputError, assertRejectsInputError, idxBytes } from './helpers.ts';

test('loadMnist reads the packaged MNIST: 50,000 / 10,000 / 10,000, bytes scaled by 1/255', async () => {
  const { training, validation, test: testSet } = await loadMnist();
  assert.equal(training.count, 50_000);
  assert.equal(validation.count, 10_000);
  assert.equal(testSet.count, 10_000);
  for (const set of [training, validation, testSet]) {
    assert.equal(set.inputSize, 784);
    assert.equal(set.outputSize, 10);
    assert.ok(set.inputs instanceof Uint8Array, 'pixels stay one byte each');
    assert.equal(set.inputs.length, set.count * 784);
    assert.equal(set.inputScale, 1 / 255);
    assert.equal(set.targets.length, set.count * 10);
    assert.equal(set.labels?.length, set.count);
  }
  // MNIST's first training label is 5, its first test label 7; the validation set starts at image 50,000.
  assert.equal(training.labels?.[0], 5);
  assert.equal(testSet.labels?.[0], 7);
  assert.deepEqual([...training.targets.subarray(0, 10)], [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  assert.equal(validation.inputs.byteOffset, training.inputs.byteOffset + 50_000 * 784, 'validation is a view after training');
  // Pixels span the full byte range, background 0.
  let min = 255, max = 0;
  for (const v of testSet.inputs) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.equal(min, 0);
  assert.equal(max, 255);
  // Each target row is one-hot at its label.
  for (let i = 0; i < 100; i++) {
    const row = validation.targets.subarray(i * 10, i * 10 + 10);
    assert.equal([...row].reduce((a, b) => a + b, 0), 1);
    assert.equal(row[validation.labels![i]], 1);
  }
});

test('splitDataset takes views of a range of examples', () => {
  const labels = Int32Array.from([0, 1, 2, 1]);
  const dataset = mnistDataset(parseIdx(idxBytes([4, 1, 2], [1, 2, 3, 4, 5, 6, 7, 8])), parseIdx(idxBytes([4], labels)));
  const part = splitDataset(dataset, 1, 3);
  assert.equal(part.count, 2);
  assert.deepEqual([...part.inputs], [3, 4, 5, 6]);
  assert.deepEqual([...part.labels!], [1, 2]);
  assert.deepEqual([...part.targets], [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(part.inputs.buffer, dataset.inputs.buffer);
  assert.equal(splitDataset(dataset, 4, 4).count, 0);
  assertInputError(() => splitDataset(dataset, 2, 5), /\[2, 5\) of a dataset of 4/);
  assertInputError(() => splitDataset(dataset, 3, 1), /0 ≤ from ≤ to ≤ 4/);
});

test('mnistDataset checks the files agree', () => {
  const images = parseIdx(idxBytes([3, 2, 2], new Array(12).fill(0)));
  assertInputError(() => mnistDataset(images, parseIdx(idxBytes([2], [1, 2])), 'img', 'lab'), /^lab: img has 3 images but lab has 2 labels/);
  assertInputError(() => mnistDataset(images, parseIdx(idxBytes([3], [1, 10, 2])), 'img', 'lab'), /label 1 is 10, expected a digit 0–9/);
  assertInputError(() => mnistDataset(parseIdx(idxBytes([3], [1, 2, 3])), images, 'img', 'lab'), /^img: expected an images file.*found 1.*labels file\?/);
});

test('loadMnist reads a folder of plain, gzipped and dotted-name files, and names a missing one', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'nabla-mnist-'));
  after(() => rm(dir, { recursive: true, force: true }));
  const count = 10_004;
  const images = idxBytes([count, 2, 2], Array.from({ length: count * 4 }, (_, i) => i % 256));
  const labels = idxBytes([count], Array.from({ length: count }, (_, i) => i % 10));
  await writeFile(join(dir, 'train-images.idx3-ubyte'), images);
  await writeFile(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(labels));
  await writeFile(join(dir, 't10k-images-idx3-ubyte'), idxBytes([3, 2, 2], new Array(12).fill(7)));
  await assertRejectsInputError(
    loadMnist({ dir }),
    /no MNIST test labels in '.*nabla-mnist-/,
    /looked for t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte\.gz, t10k-labels\.idx1-ubyte, t10k-labels\.idx1-ubyte\.gz/,
  );
  await writeFile(join(dir, 't10k-labels.idx1-ubyte.gz'), gzipSync(idxBytes([3], [4, 5, 6])));
  const sets = await loadMnist({ dir });
  assert.equal(sets.training.count, 4);
  assert.equal(sets.validation.count, 10_000);
  assert.equal(sets.test.count, 3);
  assert.equal(sets.training.inputSize, 4);
  assert.deepEqual([...sets.validation.labels!.subarray(0, 3)], [4, 5, 6]);
  assert.deepEqual([...sets.test.labels!], [4, 5, 6]);
  assert.equal((await loadMnist({ dir, validationSize: 4 })).training.count, 10_000);

  await assertRejectsInputError(loadMnist({ dir: join(dir, 'nowhere') }), /MNIST folder '.*nowhere' does not exist/);
  await assertRejectsInputError(loadMnist({ dir: join(dir, 'train-images.idx3-ubyte') }), /is a file, not a folder/);
  await assertRejectsInputError(loadMnist({ dir, validationSize: 20_000 }), /cannot hold out 20000 of 10004/);
});

test('mnistFileCandidates lists the standard, gzipped and dotted names', () => {
  assert.deepEqual(mnistFileCandidates('train-images-idx3-ubyte'), [
    'train-images-idx3-ubyte',
    'train-images-idx3-ubyte.gz',
    'train-images.idx3-ubyte',
    'train-images.idx3-ubyte.gz',
  ]);
});
