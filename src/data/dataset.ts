import type { Dataset } from '../kernels/kernel.ts';
import { InputError } from './errors.ts';

export type { Dataset };

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
