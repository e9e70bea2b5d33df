import { InputError } from '../common/errors.ts';
import { shuffleInPlace, type Rng } from '../math/rng.ts';
import type { Dataset } from './dataset.ts';

/**
 * A validation set held out of a training set (`--validation-split F`, fit's `validationSplit`):
 * round(F × n_c) examples of each class c (stratified, so a small class is not left out of
 * one side), chosen by `rng`; a dataset without labels (a regression) is one group. Both sets
 * keep the examples in their original order, and their arrays are copies.
 *
 * The classes are visited in their index order and each one's rows shuffled with the
 * generator: the same seed holds out the same rows, on the command line and in fit().
 */
export function holdOut(dataset: Dataset, fraction: number, rng: Rng, flag = '--validation-split'): { training: Dataset; validation: Dataset; trainingRows: number[] } {
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`${flag}: the fraction must lie strictly between 0 and 1, got ${fraction}`);
  const groups = new Map<number, number[]>();
  for (let i = 0; i < dataset.count; i++) {
    const key = dataset.labels === undefined ? 0 : dataset.labels[i];
    const rows = groups.get(key);
    if (rows === undefined) groups.set(key, [i]);
    else rows.push(i);
  }
  const held = new Uint8Array(dataset.count);
  for (const key of [...groups.keys()].sort((a, b) => a - b)) {
    const rows = groups.get(key) as number[];
    shuffleInPlace(rows, rng);
    const k = Math.round(fraction * rows.length);
    for (let i = 0; i < k; i++) held[rows[i]] = 1;
  }
  const validationRows: number[] = [];
  const trainingRows: number[] = [];
  for (let i = 0; i < dataset.count; i++) (held[i] ? validationRows : trainingRows).push(i);
  if (validationRows.length === 0) {
    throw new InputError(`${flag} ${fraction} holds out no example of ${dataset.count} (each class keeps round(${fraction} × its examples)); give a larger fraction or more data`);
  }
  if (trainingRows.length === 0) throw new InputError(`${flag} ${fraction} holds out every example of ${dataset.count}; give a smaller fraction`);
  return { training: gatherRows(dataset, trainingRows), validation: gatherRows(dataset, validationRows), trainingRows };
}

/** The examples `rows` of a dataset, in that order, as a dataset of copies. */
export function gatherRows(dataset: Dataset, rows: readonly number[]): Dataset {
  const { inputSize, outputSize } = dataset;
  const inputs = new (dataset.inputs.constructor as new (n: number) => Dataset['inputs'])(rows.length * inputSize);
  const targets = new (dataset.targets.constructor as new (n: number) => Dataset['targets'])(rows.length * outputSize);
  const labels = dataset.labels === undefined ? undefined : new Int32Array(rows.length);
  rows.forEach((row, i) => {
    inputs.set(dataset.inputs.subarray(row * inputSize, (row + 1) * inputSize), i * inputSize);
    targets.set(dataset.targets.subarray(row * outputSize, (row + 1) * outputSize), i * outputSize);
    if (labels !== undefined) labels[i] = (dataset.labels as Int32Array)[row];
  });
  return { count: rows.length, inputSize, outputSize, inputs, inputScale: dataset.inputScale, targets, ...(labels === undefined ? {} : { labels }) };
}
