import type { Dataset } from './dataset.ts';
import { InputError } from '../common/errors.ts';

/**
 * Standardisation: each feature x_k becomes (x_k − μ_k) / σ_k, with μ_k and σ_k the
 * mean and (population) standard deviation of that feature over the training set.
 * The same μ and σ must be applied to validation, test and prediction inputs, so they
 * are stored with the model; any `ArrayLike<number>` (a plain number[] from JSON) works.
 */
export interface FeatureStatistics {
  readonly mean: ArrayLike<number>;
  readonly std: ArrayLike<number>;
}

/**
 * μ_k = (1/n) Σ_i x_ik and σ_k = √((1/n) Σ_i (x_ik − μ_k)²), of the values the inputs
 * stand for (stored value × inputScale). A σ of 0 (a constant feature) becomes 1, so
 * standardising maps that feature to 0 instead of dividing by zero.
 */
export function featureStatistics(dataset: Dataset): { mean: Float64Array; std: Float64Array } {
  const { count, inputSize, inputs, inputScale } = dataset;
  if (count === 0) throw new InputError('cannot compute feature statistics of an empty dataset; it needs at least one example');
  const mean = new Float64Array(inputSize);
  const std = new Float64Array(inputSize);
  for (let i = 0; i < count; i++) {
    const row = i * inputSize;
    for (let k = 0; k < inputSize; k++) mean[k] += inputs[row + k];
  }
  for (let k = 0; k < inputSize; k++) mean[k] /= count;
  // Two passes: Σ(x − μ)² rather than Σx² − nμ², which cancels catastrophically.
  for (let i = 0; i < count; i++) {
    const row = i * inputSize;
    for (let k = 0; k < inputSize; k++) {
      const d = inputs[row + k] - mean[k];
      std[k] += d * d;
    }
  }
  for (let k = 0; k < inputSize; k++) {
    const sigma = Math.sqrt(std[k] / count) * inputScale;
    mean[k] *= inputScale;
    std[k] = sigma > 0 && Number.isFinite(sigma) ? sigma : 1;
  }
  return { mean, std };
}

function checkStatistics(stats: FeatureStatistics, inputSize: number): void {
  if (stats.mean.length !== inputSize || stats.std.length !== inputSize) {
    throw new InputError(
      `the normalisation statistics are for ${stats.mean.length} features but the data has ${inputSize}; use data with the same columns as the training data`,
    );
  }
  for (let k = 0; k < inputSize; k++) {
    if (!Number.isFinite(stats.mean[k]) || !(stats.std[k] > 0) || !Number.isFinite(stats.std[k])) {
      throw new InputError(`the normalisation statistics of feature ${k} are invalid (mean ${stats.mean[k]}, std ${stats.std[k]}); expected a finite mean and a positive std`);
    }
  }
}

/** A copy of `dataset` with float64 inputs (x − μ) / σ (inputScale 1); targets and labels are shared. */
export function standardize(dataset: Dataset, stats: FeatureStatistics): Dataset {
  const { count, inputSize, inputs, inputScale } = dataset;
  checkStatistics(stats, inputSize);
  const out = new Float64Array(count * inputSize);
  for (let i = 0; i < count; i++) {
    const row = i * inputSize;
    for (let k = 0; k < inputSize; k++) out[row + k] = (inputs[row + k] * inputScale - stats.mean[k]) / stats.std[k];
  }
  return { ...dataset, inputs: out, inputScale: 1 };
}

/** One input row standardised, (x − μ) / σ, into `out` (a new Float64Array by default). */
export function standardizeRow(row: ArrayLike<number>, stats: FeatureStatistics, out = new Float64Array(row.length)): Float64Array {
  checkStatistics(stats, row.length);
  for (let k = 0; k < row.length; k++) out[k] = (row[k] - stats.mean[k]) / stats.std[k];
  return out;
}
