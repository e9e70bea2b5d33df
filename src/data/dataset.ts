import { InputError } from '../common/errors.ts';

/**
 * Examples as flat row-major arrays: row i of `inputs` is x_i (layer 1's activations),
 * row i of `targets` is the desired output y_i.
 */
export interface Dataset {
  readonly count: number;
  readonly inputSize: number;
  readonly outputSize: number;
  /**
   * count × inputSize values. A Uint8Array holds raw bytes (MNIST pixels) that stand for
   * `byte * inputScale`; it keeps MNIST at one byte a pixel (47 MB, not 188 MB in float32).
   */
  readonly inputs: Uint8Array | Float32Array | Float64Array;
  /** Each stored input value means `value * inputScale` (1/255 for pixels, 1 for floats). */
  readonly inputScale: number;
  /** count × outputSize desired outputs y (one-hot for a classifier). */
  readonly targets: Float64Array | Float32Array;
  /** The class index of each example, for accuracy; absent when the targets are not classes. */
  readonly labels?: Int32Array;
}

/**
 * One-hot targets for a classifier: row i of the result is y_i, all zeros except a 1 at
 * labels[i]. Callers have checked 0 ≤ labels[i] < classCount.
 */
export function oneHot(labels: Int32Array, classCount: number): Float64Array {
  const targets = new Float64Array(labels.length * classCount);
  for (let i = 0; i < labels.length; i++) targets[i * classCount + labels[i]] = 1;
  return targets;
}

/**
 * Examples [from, to) of `dataset` as a dataset of their own. Its arrays are views into
 * the original's (subarrays, no copy), so writing to one writes to the other.
 */
export function splitDataset(dataset: Dataset, from: number, to: number): Dataset {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to < from || to > dataset.count) {
    throw new InputError(`cannot take examples [${from}, ${to}) of a dataset of ${dataset.count}: expected whole numbers 0 ≤ from ≤ to ≤ ${dataset.count}`);
  }
  const { inputSize, outputSize } = dataset;
  return {
    count: to - from,
    inputSize,
    outputSize,
    inputs: dataset.inputs.subarray(from * inputSize, to * inputSize),
    inputScale: dataset.inputScale,
    targets: dataset.targets.subarray(from * outputSize, to * outputSize),
    ...(dataset.labels === undefined ? {} : { labels: dataset.labels.subarray(from, to) }),
  };
}
