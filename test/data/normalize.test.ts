import assert from 'node:assert/strict';
import { test } from 'node:test';
import { featureStatistics, standardize, standardizeRow } from '../../src/data/normalize.ts';
import type { Dataset } from '../../src/kernels/kernel.ts';
import { assertInputError } from './helpers.ts';

// Three examples, three features: x0 = 1, 2, 3; x1 = 10, 10, 10 (constant); x2 = 0, 0, 6.
const dataset: Dataset = {
  count: 3,
  inputSize: 3,
  outputSize: 1,
  inputs: Float64Array.from([1, 10, 0, 2, 10, 0, 3, 10, 6]),
  inputScale: 1,
  targets: new Float64Array(3),
};

test('featureStatistics: means and population standard deviations, 0 → 1', () => {
  const { mean, std } = featureStatistics(dataset);
  // μ0 = 2, σ0 = √((1 + 0 + 1)/3); μ1 = 10, σ1 = 0 → 1; μ2 = 2, σ2 = √((4 + 4 + 16)/3) = √8.
  assert.deepEqual([...mean], [2, 10, 2]);
  assert.ok(Math.abs(std[0] - Math.sqrt(2 / 3)) < 1e-15);
  assert.equal(std[1], 1);
  assert.ok(Math.abs(std[2] - Math.sqrt(8)) < 1e-15);
});

test('featureStatistics applies inputScale (bytes standing for byte/255)', () => {
  const bytes: Dataset = { ...dataset, inputs: Uint8Array.from([0, 255, 51, 255]), inputScale: 1 / 255, count: 2, inputSize: 2 };
  const { mean, std } = featureStatistics(bytes);
  assert.ok(Math.abs(mean[0] - 0.1) < 1e-12 && Math.abs(mean[1] - 1) < 1e-12);
  assert.ok(Math.abs(std[0] - 0.1) < 1e-12);
  assert.equal(std[1], 1);
});

test('standardize gives mean 0 and std 1 per feature, and keeps targets', () => {
  const stats = featureStatistics(dataset);
  const out = standardize(dataset, stats);
  assert.equal(out.inputScale, 1);
  assert.equal(out.targets, dataset.targets);
  assert.notEqual(out.inputs, dataset.inputs);
  const again = featureStatistics(out);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(again.mean[k]) < 1e-12);
  assert.ok(Math.abs(again.std[0] - 1) < 1e-12 && Math.abs(again.std[2] - 1) < 1e-12);
  assert.deepEqual([out.inputs[1], out.inputs[4], out.inputs[7]], [0, 0, 0], 'a constant feature becomes 0');
  // Statistics that went through JSON (plain number arrays) work the same.
  const plain = JSON.parse(JSON.stringify({ mean: [...stats.mean], std: [...stats.std] })) as { mean: number[]; std: number[] };
  assert.deepEqual(standardize(dataset, plain).inputs, out.inputs);
  assert.deepEqual([...standardizeRow([3, 10, 6], plain)], [...out.inputs.subarray(6, 9)]);
});

test('standardize rejects statistics of the wrong size', () => {
  assertInputError(() => standardize(dataset, { mean: [0, 0], std: [1, 1] }), /statistics are for 2 features but the data has 3/);
  assertInputError(() => standardizeRow([1, 2, 3], { mean: [0, 0, 0], std: [1, 0, 1] }), /feature 1 are invalid/);
  assertInputError(() => featureStatistics({ ...dataset, count: 0, inputs: new Float64Array(0) }), /empty dataset/);
});
