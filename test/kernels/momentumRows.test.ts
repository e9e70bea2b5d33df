import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset, Kernel, KernelSpec } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import { createNodeKernel } from '../../src/node/kernels.ts';
import { shuffled } from './helpers.ts';

/**
 * Momentum and Nesterov move every weight every step, also the rows of w^2 whose inputs a
 * mini-batch leaves at zero. The data here leave rows idle for long stretches (input 0 is
 * never nonzero, inputs 1..4 rarely), η changes mid-run (as under a schedule), and the
 * parameters, the state and the outputs are read at odd moments: the WebAssembly kernels must
 * give the reference kernel's parameters and velocity (float64, to rounding), and reading
 * must not change a bit of what follows. (A kernel that updates idle rows only when they are
 * next read, as one version did, must pass this too: see the closing note of issue 11.)
 */
const sizes = [24, 12, 3];

function sparseData(): Dataset {
  const rng = createRng(11);
  const count = 40;
  const inputs = new Float64Array(count * sizes[0]);
  for (let n = 0; n < count; n++) {
    for (let k = 1; k < sizes[0]; k++) {
      const rare = k <= 4;
      if (rng.uniform() < (rare ? 0.04 : 0.5)) inputs[n * sizes[0] + k] = rng.uniform();
    }
  }
  const targets = new Float64Array(count * 3);
  for (let n = 0; n < count; n++) targets[n * 3 + (n % 3)] = 1;
  return { count, inputSize: sizes[0], outputSize: 3, inputs, inputScale: 1, targets };
}

const configs = [
  { label: 'momentum', update: { rule: 'momentum', momentum: 0.9 } },
  { label: 'Nesterov with L2', update: { rule: 'nesterov', momentum: 0.8, l2: 3 } },
  { label: 'momentum with L1', update: { rule: 'momentum', momentum: 0.7, l1: 2 } },
  { label: 'momentum μ = 0 (the gradient buffer, as no velocity can carry c/μ)', update: { rule: 'momentum', momentum: 0 } },
];

const specOf = (update: object, dtype: 'float32' | 'float64'): KernelSpec =>
  ({ sizes, dtype, activations: ['tanh', 'softmax'], cost: 'log-likelihood', update }) as unknown as KernelSpec;

/** 60 steps of m = 4, η 0.3 then 0.1 from step 25; `read` is called after each step. */
function run(kernel: Kernel, start: Network, read: (step: number) => void): Network {
  const data = sparseData();
  kernel.setParameters(start);
  const resident = kernel.loadDataset(data);
  const rng = createRng(5);
  let order = shuffled(rng, data.count);
  for (let step = 0; step < 60; step++) {
    if (step % 10 === 0) order = shuffled(rng, data.count);
    kernel.trainBatch(resident, order, (step % 10) * 4, 4, step < 25 ? 0.3 : 0.1);
    read(step);
  }
  const out = zeroNetwork(sizes);
  kernel.getParameters(out);
  return out;
}

describe('momentum and Nesterov on rows that mini-batches leave idle (WebAssembly kernels)', () => {
  for (const config of configs) {
    it(`${config.label}: the reference kernel's parameters and state (float64)`, async () => {
      const start = createNetwork({ sizes, rng: createRng(3), init: 'scaled-normal' });
      const reference = createReferenceKernel(specOf(config.update, 'float64'));
      const expected = run(reference, start, () => {});
      for (const kernel of ['wasm-simd', 'threads'] as const) {
        const wasm = await createNodeKernel(specOf(config.update, 'float64'), { kernel, threads: 2 });
        const got = run(wasm, start, () => {});
        for (let l = 2; l <= 3; l++) {
          for (let i = 0; i < got.weights[l].length; i++) assert.ok(Math.abs(got.weights[l][i] - expected.weights[l][i]) <= 1e-12, `${kernel} w^${l}[${i}]`);
        }
        const velocity = wasm.getUpdateState().weights[0][2];
        const expectedVelocity = reference.getUpdateState().weights[0][2];
        for (let i = 0; i < velocity.length; i++) assert.ok(Math.abs(velocity[i] - expectedVelocity[i]) <= 1e-12, `${kernel} velocity of w^2[${i}]`);
        await wasm.dispose();
      }
    });

    for (const dtype of ['float32', 'float64'] as const) {
      it(`${config.label}: reading the parameters, the state or the outputs mid-run changes no bit (${dtype})`, async () => {
        const start = createNetwork({ sizes, rng: createRng(3), init: 'scaled-normal' });
        const quiet = await createNodeKernel(specOf(config.update, dtype), { kernel: 'wasm-simd' });
        const expected = run(quiet, start, () => {});
        const expectedState = quiet.getUpdateState();
        const busy = await createNodeKernel(specOf(config.update, dtype), { kernel: 'wasm-simd' });
        const data = busy.loadDataset(sparseData());
        const got = run(busy, start, (step) => {
          if (step % 7 === 3) busy.getParameters(zeroNetwork(sizes));
          if (step % 11 === 5) busy.getUpdateState();
          if (step % 13 === 8) busy.feedforwardDataset(data, new Float64Array(data.count * 3));
        });
        assert.deepEqual(got, expected);
        assert.deepEqual(busy.getUpdateState(), expectedState);
        await Promise.all([quiet.dispose(), busy.dispose()]);
      });
    }
  }
});
