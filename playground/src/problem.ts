import { featureStatistics, mnistDataset, parseCsvDataset, parseIdx, standardize, type Dataset } from 'nabla';
import { generate2d, pointsDataset, type DatasetKind2d } from './data2d.ts';
import { DEFAULT_FEATURES, FEATURES, featuresAt, type Feature } from './features.ts';
import type { Domain } from './forward.ts';

/**
 * A learning problem: the examples that train, the ones that test, and how to draw them.
 * 2-D sets are generated from the setup; MNIST is the subset `nabla playground` serves
 * beside the page; a CSV file is parsed by the library's own reader.
 */
export interface Problem {
  readonly train: Dataset;
  readonly test: Dataset;
  /** The plane to plot, for 2-input problems and the 2-D sets. */
  readonly domain?: Domain;
  /**
   * The network's inputs at a point (x₁, x₂) of the plane, written into `out`: the input
   * features of a 2-D set (absent: the point itself).
   */
  readonly inputsAt?: (x1: number, x2: number, out: Float64Array) => void;
  /** Each example's point (x₁, x₂), count × 2, when the inputs are features of it (absent: the inputs). */
  readonly points?: { readonly train: Float64Array; readonly test: Float64Array };
  /** 'regression': the target is a number, shown on a colour scale over `valueRange`. */
  readonly task: 'classification' | 'regression';
  readonly valueRange?: readonly [number, number];
  readonly classes?: readonly string[];
  readonly featureNames?: readonly string[];
  readonly normalization?: { mean: number[]; std: number[] };
  readonly description: string;
}

export const POINTS_2D = 500;

export function problem2d(kind: DatasetKind2d, noise: number, seed: number, ratio: number, outputs: number, features: readonly Feature[] = DEFAULT_FEATURES): Problem {
  const data = generate2d(kind, POINTS_2D, noise, seed);
  const cut = Math.round((POINTS_2D * ratio) / 100);
  let extent = 1.05;
  for (const v of data.xs) extent = Math.max(extent, Math.abs(v) * 1.02);
  const regression = data.values !== undefined;
  // The colour scale runs over ±(the largest |y|, rounded up to a tenth): ±1.2 for the plane, ±1 for the Gaussians.
  let top = 0;
  for (const v of data.values ?? []) top = Math.max(top, Math.abs(v));
  top = Math.ceil(top * 10) / 10 || 1;
  const inputs = features.map((f) => FEATURES[f].label).join(', ');
  return {
    train: pointsDataset(data, 0, cut, outputs, features),
    test: pointsDataset(data, cut, POINTS_2D, outputs, features),
    domain: { x0: -extent, x1: extent, y0: -extent, y1: extent },
    inputsAt: (x1, x2, out) => featuresAt(features, x1, x2, out),
    points: { train: data.xs.slice(0, 2 * cut), test: data.xs.slice(2 * cut) },
    featureNames: features.map((f) => FEATURES[f].label),
    task: regression ? 'regression' : 'classification',
    ...(regression ? { valueRange: [-top, top] as const } : {}),
    description: `${POINTS_2D} points: ${cut} train, ${POINTS_2D - cut} test; inputs ${inputs}${regression ? '; y a number' : ''}`,
  };
}

/** Example i's point (x₁, x₂) in the plane, of the training set or the test set. */
export function pointOf(problem: Problem, set: 'train' | 'test', i: number): [number, number] {
  const xs = problem.points?.[set];
  if (xs !== undefined) return [xs[2 * i], xs[2 * i + 1]];
  const data = problem[set];
  return [data.inputs[2 * i] * data.inputScale, data.inputs[2 * i + 1] * data.inputScale];
}

/** The MNIST subset files served beside the page (see src/cli/commands/playground.ts). */
export const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'] as const;

export async function problemMnist(): Promise<Problem> {
  const bytes = await Promise.all(
    MNIST_FILES.map(async (name) => {
      const response = await fetch(`mnist/${name}`);
      if (!response.ok) throw new Error(`could not load mnist/${name} (${response.status}); serve the page with 'nabla playground', which serves the MNIST subset beside it`);
      return new Uint8Array(await response.arrayBuffer());
    }),
  );
  const [trainImages, trainLabels, testImages, testLabels] = bytes.map((b, i) => parseIdx(b, MNIST_FILES[i]));
  const train = mnistDataset(trainImages, trainLabels, MNIST_FILES[0], MNIST_FILES[1]);
  const test = mnistDataset(testImages, testLabels, MNIST_FILES[2], MNIST_FILES[3]);
  return { train, test, task: 'classification', description: `MNIST subset: ${train.count.toLocaleString('en')} training and ${test.count.toLocaleString('en')} test images` };
}

/** Rows of `data` in the order `order`, copied. */
function pick(data: Dataset, order: Uint32Array, from: number, to: number): Dataset {
  const { inputSize, outputSize } = data;
  const count = to - from;
  const inputs = new Float64Array(count * inputSize);
  const targets = new Float64Array(count * outputSize);
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const r = order[from + i];
    for (let k = 0; k < inputSize; k++) inputs[i * inputSize + k] = data.inputs[r * inputSize + k] * data.inputScale;
    targets.set(data.targets.subarray(r * outputSize, (r + 1) * outputSize), i * outputSize);
    labels[i] = data.labels?.[r] ?? 0;
  }
  return { count, inputSize, outputSize, inputs, inputScale: 1, targets, labels };
}

/**
 * A CSV file's rows, shuffled by the seed (files are often sorted by class) and split by the
 * ratio, features standardised with the training rows' mean and standard deviation (as
 * `nabla train --normalize` does). Throws the library's InputError on a malformed file.
 */
export function problemCsv(text: string, name: string, seed: number, ratio: number, shuffle: (order: Uint32Array, seed: number) => void): Problem {
  const csv = parseCsvDataset(text, { name });
  const all = csv.dataset;
  if (all.count < 2) throw new Error(`${name} has ${all.count} example; the playground needs at least 2 (some to train, some to test)`);
  const order = Uint32Array.from({ length: all.count }, (_, i) => i);
  shuffle(order, seed);
  const cut = Math.min(all.count - 1, Math.max(1, Math.round((all.count * ratio) / 100)));
  const rawTrain = pick(all, order, 0, cut);
  const rawTest = pick(all, order, cut, all.count);
  const stats = featureStatistics(rawTrain);
  const train = standardize(rawTrain, stats);
  const test = standardize(rawTest, stats);
  let domain: Domain | undefined;
  if (all.inputSize === 2) {
    let extent = 1;
    for (const d of [train, test]) for (const v of d.inputs) extent = Math.max(extent, Math.abs(v) * 1.05);
    domain = { x0: -extent, x1: extent, y0: -extent, y1: extent };
  }
  return {
    train,
    test,
    domain,
    task: 'classification',
    classes: csv.classes,
    featureNames: csv.featureNames,
    normalization: { mean: Array.from(stats.mean), std: Array.from(stats.std) },
    description: `${name}: ${all.count} rows, ${all.inputSize} features, ${csv.classes.length} classes (${csv.classes.join(', ')}); ${cut} train, ${all.count - cut} test, features standardised`,
  };
}
