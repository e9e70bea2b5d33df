import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng, type Rng } from '../../src/math/rng.ts';
import { backprop } from '../../src/network/backprop.ts';
import { createNetwork, zeroNetwork } from '../../src/network/network.ts';
import { glassBoxStep, maxDifference } from './glassBox.ts';

/** A random dataset of `count` examples: inputs N(0, 1), targets uniform in [0, 1). */
function randomDataset(sizes: readonly number[], count: number, rng: Rng): Dataset {
  const inputSize = sizes[0];
  const outputSize = sizes[sizes.length - 1];
  return {
    count,
    inputSize,
    outputSize,
    inputs: Float64Array.from({ length: count * inputSize }, () => rng.normal()),
    inputScale: 1,
    targets: Float64Array.from({ length: count * outputSize }, () => rng.uniform()),
  };
}

for (const sizes of [[3, 4, 2], [2, 1, 1, 1], [5, 6, 7, 3]]) {
  test(`reference trainBatch equals network − (η/m)·Σ glass-box gradients (${sizes.join(',')})`, () => {
    const rng = createRng(11);
    const network = createNetwork({ sizes, rng });
    const data = randomDataset(sizes, 13, rng);
    const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
    kernel.setParameters(network);
    const resident = kernel.loadDataset(data);
    const order = Uint32Array.from([4, 0, 12, 7, 3, 9, 1, 11, 2, 10, 5, 8, 6]);
    let expected = network;
    // Batches of 5, 5, then 3: each step from the parameters the previous one left.
    for (const [start, m] of [[0, 5], [5, 5], [10, 3]]) {
      kernel.trainBatch(resident, order, start, m, 0.7);
      expected = glassBoxStep(expected, data, order, start, m, 0.7);
      const actual = zeroNetwork(sizes);
      kernel.getParameters(actual);
      assert.ok(maxDifference(actual, expected) < 1e-13, `after batch at ${start}: differs by ${maxDifference(actual, expected)}`);
    }
  });
}

test('float32 reference kernel stays within ~1e-5 of float64, in training and feedforward', () => {
  const sizes = [6, 8, 3];
  const rng = createRng(5);
  const network = createNetwork({ sizes, rng, init: 'scaled-normal' });
  const data = randomDataset(sizes, 20, rng);
  const order = Uint32Array.from({ length: 20 }, (_, i) => i);
  const results = (['float64', 'float32'] as const).map((dtype) => {
    const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype });
    kernel.setParameters(network);
    const resident = kernel.loadDataset(data);
    for (let start = 0; start < 20; start += 5) kernel.trainBatch(resident, order, start, 5, 0.5);
    const out = new Float64Array(20 * 3);
    kernel.feedforwardDataset(resident, out);
    const trained = zeroNetwork(sizes);
    kernel.getParameters(trained);
    return { out, trained };
  });
  const [f64, f32] = results;
  assert.ok(maxDifference(f64.trained, f32.trained) < 1e-5, `parameters differ by ${maxDifference(f64.trained, f32.trained)}`);
  assert.ok(maxDifference(f64.trained, f32.trained) > 0, 'float32 should actually round');
  f64.out.forEach((a, i) => assert.ok(Math.abs(a - f32.out[i]) < 1e-5, `output ${i}: ${a} vs ${f32.out[i]}`));
});

test('feedforwardDataset of the reference kernel equals the glass-box a^L', () => {
  const sizes = [4, 5, 2];
  const rng = createRng(8);
  const network = createNetwork({ sizes, rng });
  const data = randomDataset(sizes, 300, rng); // more than one chunk of 256
  const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
  kernel.setParameters(network);
  const out = new Float64Array(300 * 2);
  kernel.feedforwardDataset(kernel.loadDataset(data), out);
  for (let n = 0; n < 300; n++) {
    const trace = backprop(network, data.inputs.subarray(n * 4, n * 4 + 4), [0, 0]);
    assert.equal(out[n * 2], trace.activations[3][0]);
    assert.equal(out[n * 2 + 1], trace.activations[3][1]);
  }
});
