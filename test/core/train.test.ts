import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { evaluate } from '../../src/training/evaluate.ts';
import { train } from '../../src/training/sgd.ts';

/** Two Gaussian blobs in the plane, centred at (−1.5, −1.5) (class 0) and (1.5, 1.5) (class 1), made from a seed. */
function blobs(count: number, seed: number): Dataset {
  const rng = createRng(seed);
  const inputs = new Float64Array(count * 2);
  const targets = new Float64Array(count * 2);
  const labels = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const label = n % 2;
    const centre = label === 0 ? -1.5 : 1.5;
    inputs[2 * n] = centre + 0.5 * rng.normal();
    inputs[2 * n + 1] = centre + 0.5 * rng.normal();
    targets[2 * n + label] = 1;
    labels[n] = label;
  }
  return { count, inputSize: 2, outputSize: 2, inputs, inputScale: 1, targets, labels };
}

/** XOR with one-hot targets: class 1 when exactly one input is 1. */
const xor: Dataset = {
  count: 4,
  inputSize: 2,
  outputSize: 2,
  inputs: Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]),
  inputScale: 1,
  targets: Float64Array.from([1, 0, 0, 1, 0, 1, 1, 0]),
  labels: Int32Array.from([0, 1, 1, 0]),
};

test('train() on two separable blobs lowers the cost and classifies every point', async () => {
  const sizes = [2, 4, 2];
  const data = blobs(200, 1);
  const network = createNetwork({ sizes, rng: createRng(2) });
  const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
  kernel.setParameters(network);
  const before = evaluate(kernel, kernel.loadDataset(data));
  const result = await train(network, kernel, data, { epochs: 20, batchSize: 10, learningRate: 3, rng: createRng(3), test: data });
  const after = result.epochs[result.epochs.length - 1].test!;
  assert.equal(result.epochs.length, 20);
  assert.ok(after.meanCost < before.meanCost / 4, `cost ${before.meanCost} → ${after.meanCost}`);
  assert.equal(after.accuracy, 1);
});

test('train() with evaluateTraining measures the training set after every epoch, and trains the same bits', async () => {
  const sizes = [2, 4, 2];
  const data = blobs(60, 11);
  const run = async (evaluateTraining: boolean) => {
    const network = createNetwork({ sizes, rng: createRng(12) });
    const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
    const result = await train(network, kernel, data, { epochs: 3, batchSize: 7, learningRate: 2, rng: createRng(13), test: data, evaluateTraining });
    return { network, result };
  };
  const measured = await run(true);
  const plain = await run(false);
  // The training set is the test set here: each epoch's two evaluations are one and the same.
  for (const report of measured.result.epochs) assert.deepEqual(report.training, report.test);
  assert.ok(plain.result.epochs.every((report) => !('training' in report)));
  assert.deepEqual(measured.network.weights, plain.network.weights);
  assert.deepEqual(measured.network.biases, plain.network.biases);
});

test('train() learns XOR (a problem no single layer solves) to 100% accuracy', async () => {
  const sizes = [2, 3, 2];
  const network = createNetwork({ sizes, rng: createRng(4) });
  const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
  const costs: number[] = [];
  const result = await train(network, kernel, xor, {
    epochs: 600,
    batchSize: 4,
    learningRate: 8,
    rng: createRng(5),
    test: xor,
    onEpoch: (report) => costs.push(report.test!.meanCost),
  });
  assert.ok(costs[costs.length - 1] < costs[0] / 10, `cost ${costs[0]} → ${costs[costs.length - 1]}`);
  assert.equal(result.epochs[result.epochs.length - 1].test!.accuracy, 1);
});

test('train() gives the event loop a turn after yieldEveryMs of training, not after every epoch', async () => {
  // A turn costs about a millisecond; an epoch of XOR, microseconds (issue 17).
  const sizes = [2, 3, 2];
  const run = async (yieldEveryMs: number): Promise<boolean> => {
    const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
    let turned = false;
    setImmediate(() => (turned = true));
    await train(createNetwork({ sizes, rng: createRng(4) }), kernel, xor, { epochs: 200, batchSize: 4, learningRate: 8, rng: createRng(5), test: xor, yieldEveryMs });
    return turned;
  };
  assert.equal(await run(1e9), false, 'no turn within 200 epochs when none is due');
  assert.equal(await run(0), true, 'a turn when one is due');
});

test("train()'s shouldStop ends training early, in the middle of an epoch", async () => {
  const sizes = [2, 3, 2];
  const data = blobs(100, 6);
  const network = createNetwork({ sizes, rng: createRng(7) });
  const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
  let calls = 0;
  const reports: number[] = [];
  const result = await train(network, kernel, data, {
    epochs: 10,
    batchSize: 10,
    learningRate: 1,
    rng: createRng(8),
    // Asked after every mini-batch (10 a epoch here): the 13th call falls in epoch 2.
    shouldStop: () => ++calls >= 13,
    onEpoch: (report) => reports.push(report.examplesTrained),
  });
  assert.equal(result.stopped, true);
  assert.equal(result.epochs.length, 2);
  assert.equal(reports[0], 100);
  assert.ok(reports[1] > 0 && reports[1] < 100 && reports[1] % 10 === 0, `epoch 2 trained ${reports[1]} examples`);
  assert.equal(result.epochs[1].stopped, true);
  assert.equal(result.epochs[0].stopped, false);
});

test('train() refuses bad options with a RangeError naming them', async () => {
  const sizes = [2, 3, 2];
  const network = createNetwork({ sizes, rng: createRng(1) });
  const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
  await assert.rejects(train(network, kernel, xor, { epochs: 1, batchSize: 0, learningRate: 1, rng: createRng(1) }), /mini-batch size/);
  await assert.rejects(train(network, kernel, xor, { epochs: 1, batchSize: 2, learningRate: -1, rng: createRng(1) }), /learning rate η/);
});
