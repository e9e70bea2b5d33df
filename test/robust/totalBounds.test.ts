import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { decodePng } from '../../src/node/png.ts';
import { assertBadInput, nabla, tempDir } from '../cli/helpers.ts';
import { assertInputError, idxBytes } from '../data/helpers.ts';
import { idxSubset, mnistDir } from '../train/helpers.ts';

/** Issue 20, point 8: bounds that add up over a command's files, reading only what a command uses, and gradcheck's size. */

const dir = tempDir();

/** A gzipped IDX file whose header declares `dims` but which holds only a few bytes of data (each file is within the 1 GiB per-file limit). */
function declaring(dims: number[]): Buffer {
  return gzipSync(idxBytes(dims, new Uint8Array(16)));
}

test('four MNIST files that together declare more than 1 GiB of memory are refused from their headers, before any is decompressed', () => {
  const data = join(dir, 'large');
  mkdirSync(data);
  // 700,000 images of 28 × 28 = 549 MB each side, and labels at 85 bytes of memory each: 1.1 GiB in all.
  writeFileSync(join(data, 'train-images-idx3-ubyte.gz'), declaring([700_000, 28, 28]));
  writeFileSync(join(data, 'train-labels-idx1-ubyte.gz'), declaring([700_000]));
  writeFileSync(join(data, 't10k-images-idx3-ubyte.gz'), declaring([700_000, 28, 28]));
  writeFileSync(join(data, 't10k-labels-idx1-ubyte.gz'), declaring([700_000]));
  assertBadInput(nabla(['train', '--data', data]), /the MNIST files in '.*large' declare data that takes 1\.1 GiB in memory, more than nabla's limit of 1 GiB for one command/);
});

test('evaluate reads only the test files: it needs no training files, and does not decompress damaged ones', () => {
  const source = mnistDir();
  const data = join(dir, 'test-only');
  mkdirSync(data);
  writeFileSync(join(data, 't10k-images-idx3-ubyte.gz'), gzipSync(idxSubset(join(source, 't10k-images-idx3-ubyte'), 200)));
  writeFileSync(join(data, 't10k-labels-idx1-ubyte.gz'), gzipSync(idxSubset(join(source, 't10k-labels-idx1-ubyte'), 200)));
  const model = join(dir, 'mnist.json');
  assert.equal(nabla(['init', '--sizes', '784,10', '--out', model]).status, 0);
  const alone = nabla(['evaluate', '--model', model, '--data', data]);
  assert.equal(alone.status, 0, alone.stderr);
  assert.match(alone.stdout, /on the 200 MNIST \(.*test-only\) test images/);
  // Training files that would each claim 1 GiB, or are not gzip at all, are not opened.
  writeFileSync(join(data, 'train-images-idx3-ubyte.gz'), declaring([1_000_000, 32, 32]));
  writeFileSync(join(data, 'train-labels-idx1-ubyte.gz'), 'not gzip');
  assert.equal(nabla(['evaluate', '--model', model, '--data', data]).status, 0);
});

test('a small PNG whose pixels would take more than 256 MiB to decode is refused from its header', () => {
  const png = new PNG({ width: 16, height: 16 });
  const bytes = Buffer.from(PNG.sync.write(png));
  // 5,000 × 5,000: the 24 KB file of the fuzz probe took 559 MB; this header alone says so.
  bytes.writeUInt32BE(5000, 16);
  bytes.writeUInt32BE(5000, 20);
  assertInputError(() => decodePng(bytes, 'wide.png'), /wide\.png/, /5,000 × 5,000 pixels, which take about \d{3}\.\d MiB of memory to decode, more than nabla's limit of 256 MiB/);
});

test('gradcheck refuses a network above 50,000 parameters at once, saying how long it would take', () => {
  const started = performance.now();
  assertBadInput(nabla(['gradcheck', '--sizes', '2000,2000,10']), /the network 2000,2000,10 has 4,022,010 parameters; gradcheck runs 4 feedforwards for each, about [\d,]+ (hours|days) here, and checks at most 50,000/);
  assert.ok(performance.now() - started < 30_000);
  assert.equal(nabla(['gradcheck', '--sizes', '30,40,10']).status, 0);
});
