import { InputError } from '../common/errors.ts';
import type { Dataset } from '../data/dataset.ts';

/**
 * The checks that tie training data to a network and to the flags, shared by `nabla train`
 * and fit(): the same data gets the same sentence from both.
 */

/** The data a run is measured on, as far as these checks need it. */
export interface CheckedData {
  readonly training: Dataset;
  readonly validation?: Dataset;
  /** Where accuracy and cost are measured after each epoch: the test set, else the training set. */
  readonly evaluation: Dataset;
  /** 'test', or 'training' when there is no test set. */
  readonly evaluatedOn: string;
  /** Side of a square greyscale image when the inputs are pixels (28 for MNIST). */
  readonly imageSide?: number;
}

/** The widest default hidden layer: 999 classes once built [3, 1998, 999], 2 million parameters. */
export const MAX_DEFAULT_HIDDEN = 100;

/** One hidden layer of max(8, 2 × outputs) neurons, at most MAX_DEFAULT_HIDDEN, between the features and the outputs. */
export function defaultSizes(inputSize: number, outputs: number): number[] {
  return [inputSize, Math.max(8, Math.min(2 * outputs, MAX_DEFAULT_HIDDEN)), outputs];
}

export function checkSizesAgainstData(sizes: readonly number[], data: CheckedData, source: string): void {
  // An empty set would be measured as 0 / 0 with cost NaN after every epoch.
  if (data.evaluation.count === 0) throw new InputError(`the ${data.evaluatedOn} set has no examples; give ${data.evaluatedOn === 'test' ? 'test data with at least one example' : 'training data'}`);
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const { inputSize, outputSize } = data.training;
  const what = data.imageSide !== undefined ? `the images have ${inputSize} pixels` : `the data has ${inputSize} feature column${inputSize === 1 ? '' : 's'}`;
  if (first !== inputSize) {
    throw new InputError(`${source} has ${first} inputs (sizes ${sizes.join(',')}) but ${what}; the first size must be ${inputSize}`);
  }
  if (last !== outputSize) {
    const what = data.training.labels === undefined ? 'target column' : 'class';
    throw new InputError(`${source} has ${last} outputs (sizes ${sizes.join(',')}) but the data has ${outputSize} ${what}${outputSize === 1 ? '' : what === 'class' ? 'es' : 's'}; the last size must be ${outputSize}`);
  }
}

/** --early-stop and --schedule plateau watch a validation set: refused, before any work, without one. */
export function checkValidationWatched(flags: { earlyStop?: number; schedule?: { kind: string } }, validation: Dataset | undefined): void {
  if ((flags.earlyStop !== undefined || flags.schedule?.kind === 'plateau') && validation === undefined) {
    throw new InputError(
      `${flags.earlyStop !== undefined ? '--early-stop' : '--schedule plateau'} watches a validation set, and this run has none: give --validation FILE.csv or --validation-split F (e.g. 0.2), or drop it (MNIST brings its own)`,
    );
  }
}

/** float32's largest finite value: a larger input becomes ∞ in a float32 kernel. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** The largest |input| the network sees. */
export function largestInput(dataset: Dataset): number {
  let largest = 0;
  for (let i = 0; i < dataset.inputs.length; i++) largest = Math.max(largest, Math.abs(dataset.inputs[i]));
  return largest * dataset.inputScale;
}

export function checkFloat32Range(dataset: Dataset, source: string, dtype: string): void {
  if (dtype !== 'float32') return;
  const largest = largestInput(dataset);
  if (largest > FLOAT32_MAX) {
    throw new InputError(`${source}: a feature reaches ${Number(largest.toPrecision(3))}, beyond float32's ±3.4e38 (it would become ∞, then NaN); use --normalize or --dtype float64`);
  }
}
