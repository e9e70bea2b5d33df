import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset, Kernel } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { expandedBatches } from '../../src/training/expand.ts';
import { train } from '../../src/training/sgd.ts';

/** --expand shift: each image and its four one-pixel shifts, made batch by batch. */

// Two 3 × 3 images of 2 channels (channel first): values 1..9 and 11..19, then 21..29 and 31..39.
const image = (base: number): number[] => Array.from({ length: 18 }, (_, i) => base + (i < 9 ? i + 1 : i + 2));
const data: Dataset = {
  count: 2,
  inputSize: 18,
  outputSize: 2,
  inputs: Float64Array.from([...image(0), ...image(20)]),
  inputScale: 1,
  targets: Float64Array.from([1, 0, 0, 1]),
  labels: Int32Array.from([0, 1]),
};

/** A kernel that records the batches it is given. */
function recorder(): { kernel: Kernel; seen: { inputs: number[][]; targets: number[][]; trainingSize?: number }[] } {
  const seen: { inputs: number[][]; targets: number[][]; trainingSize?: number }[] = [];
  const kernel = {
    loadDataset: (d: Dataset) => ({ count: d.count, dataset: d, release() {} }),
    trainBatch: (r: { dataset: Dataset }, order: Uint32Array, start: number, m: number, step: { trainingSize?: number }) => {
      const rows = Array.from({ length: m }, (_, n) => order[start + n]);
      seen.push({
        inputs: rows.map((row) => Array.from(r.dataset.inputs.subarray(row * 18, row * 18 + 18))),
        targets: rows.map((row) => Array.from(r.dataset.targets.subarray(row * 2, row * 2 + 2))),
        trainingSize: step.trainingSize,
      });
    },
  } as unknown as Kernel;
  return { kernel, seen };
}

describe('one-pixel shifts', () => {
  it('virtual example i is image ⌊i/5⌋ moved none, up, down, left, right; what moves in is 0', () => {
    const { kernel, seen } = recorder();
    const batches = expandedBatches(kernel, data, { kind: 'shift', shape: [3, 3, 2] });
    assert.equal(batches.count, 10);
    batches.trainBatch(Uint32Array.from([0, 1, 2, 3, 4, 9]), 0, 6, { learningRate: 1 });
    const [none, up, down, left, right, rightOf2] = seen[0].inputs;
    assert.deepEqual(none, image(0));
    // channel 0 is [1 2 3; 4 5 6; 7 8 9]
    assert.deepEqual(up.slice(0, 9), [4, 5, 6, 7, 8, 9, 0, 0, 0]);
    assert.deepEqual(down.slice(0, 9), [0, 0, 0, 1, 2, 3, 4, 5, 6]);
    assert.deepEqual(left.slice(0, 9), [2, 3, 0, 5, 6, 0, 8, 9, 0]);
    assert.deepEqual(right.slice(0, 9), [0, 1, 2, 0, 4, 5, 0, 7, 8]);
    // channel 1 moves with it: [11 12 13; …] shifted right
    assert.deepEqual(right.slice(9), [0, 11, 12, 0, 14, 15, 0, 17, 18]);
    assert.deepEqual(rightOf2.slice(9), [0, 31, 32, 0, 34, 35, 0, 37, 38]);
    assert.deepEqual(seen[0].targets, [[1, 0], [1, 0], [1, 0], [1, 0], [1, 0], [0, 1]]);
    // n for L2 and L1 is the expanded set's size
    assert.equal(seen[0].trainingSize, 10);
  });

  it('training on the shifts made batch by batch gives the bits of training on all of them stored', async () => {
    const stored: Dataset = {
      ...data,
      count: 10,
      inputs: Float64Array.from({ length: 180 }, (_, i) => {
        const { inputs } = recordAll();
        return inputs[i];
      }),
      targets: Float64Array.from({ length: 20 }, (_, i) => data.targets[Math.floor(i / 10) * 2 + (i % 2)]),
      labels: undefined,
    };
    const spec = { sizes: [18, 4, 2], activation: 'sigmoid' as const, cost: 'quadratic' as const, dtype: 'float32' as const, update: { rule: 'momentum' as const, l2: 0.5 } };
    const run = async (expand: boolean) => {
      const network = createNetwork({ sizes: [18, 4, 2], rng: createRng(1), init: 'scaled-normal' });
      const kernel = createReferenceKernel(spec);
      await train(network, kernel, expand ? data : stored, { epochs: 3, batchSize: 3, learningRate: 0.1, rng: createRng(2), ...(expand ? { expand: { kind: 'shift', shape: [3, 3, 2] } } : {}) });
      return network;
    };
    const a = await run(true);
    const b = await run(false);
    assert.deepEqual(a.weights, b.weights);
    assert.deepEqual(a.biases, b.biases);
  });
});

let all: { inputs: number[] } | undefined;
/** The ten virtual examples in order, as the expansion makes them (checked by hand above). */
function recordAll(): { inputs: number[] } {
  if (all) return all;
  const { kernel, seen } = recorder();
  expandedBatches(kernel, data, { kind: 'shift', shape: [3, 3, 2] }).trainBatch(Uint32Array.from({ length: 10 }, (_, i) => i), 0, 10, { learningRate: 1 });
  all = { inputs: seen[0].inputs.flat() };
  return all;
}
