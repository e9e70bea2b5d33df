import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Kernel, KernelSpec } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { FOLD_BELOW, SMALLEST_DECAY, w2ScaleStep } from '../../src/kernels/wasm/w2Scale.ts';
import { createRng } from '../../src/math/rng.ts';
import { cloneNetwork, createNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import { availableNodeKernels, createNodeKernel } from '../../src/node/kernels.ts';
import { randomDataset, shuffled } from './helpers.ts';

/**
 * SGD with L2 on the WebAssembly kernels keeps w^2 = s W̃ (src/kernels/wasm/w2Scale.ts):
 * the steps' constants on hand-worked numbers, the formula against the reference kernel
 * across many folds of s, and a run continued from getUpdateState with the same bits.
 */

describe('w2ScaleStep', () => {
  it('multiplies s by the decay, and W̃ takes c/s′', () => {
    assert.deepEqual(w2ScaleStep(1, 0.75), { scale: 1, fold: false, foldFactor: 1, inverse: 1 / 0.75, next: 0.75 });
    assert.deepEqual(w2ScaleStep(0.5, 0.5), { scale: 0.5, fold: false, foldFactor: 1, inverse: 4, next: 0.25 });
  });
  it('folds s into W̃ before it falls below FOLD_BELOW, and starts again from the decay', () => {
    const s = FOLD_BELOW * 1.5;
    assert.deepEqual(w2ScaleStep(s, 0.5), { scale: s, fold: true, foldFactor: s, inverse: 2, next: 0.5 });
  });
  it('applies a decay too small to divide by (ηλ₂/n ≥ 1) to W̃ itself, with s back at 1', () => {
    for (const decay of [0, -3, SMALLEST_DECAY / 2]) {
      assert.deepEqual(w2ScaleStep(0.5, decay), { scale: 0.5, fold: true, foldFactor: 0.5 * decay, inverse: 1, next: 1 });
    }
  });
});

const relaxed = availableNodeKernels().includes('wasm-relaxed-simd');
const sizes = [40, 24, 5];
/** λ₂ = 30 on 60 examples at η = 0.5: the decay 0.75 a step folds s every 9 steps. */
const spec = (dtype: 'float32' | 'float64'): KernelSpec =>
  ({ sizes, dtype, activations: ['sigmoid', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'sgd', l2: 30 } }) as unknown as KernelSpec;

function steps(kernel: Kernel, network: Network, count: number, seed: number): Network {
  const rng = createRng(seed);
  const data = randomDataset(createRng(2), 60, sizes[0], sizes[2], true, 0.7);
  const resident = kernel.loadDataset(data);
  for (let i = 0; i < count; i++) kernel.trainBatch(resident, shuffled(rng, data.count), 0, 10, 0.5);
  const out = zeroNetwork(sizes);
  kernel.getParameters(out);
  resident.release();
  return out;
}

describe('SGD with L2 on the WebAssembly kernels (w^2 kept scaled)', () => {
  it('computes w ← (1 − ηλ/n) w − (η/m) Σ as the reference kernel does, across many folds (float64)', async () => {
    const start = createNetwork({ sizes, rng: createRng(9), init: 'scaled-normal' });
    const reference = createReferenceKernel(spec('float64'));
    reference.setParameters(start);
    const expected = steps(reference, start, 40, 3);
    for (const kernel of ['wasm-simd', 'threads'] as const) {
      const wasm = await createNodeKernel(spec('float64'), { kernel, threads: 2 });
      wasm.setParameters(start);
      const got = steps(wasm, start, 40, 3);
      for (let l = 2; l <= 3; l++) {
        for (let i = 0; i < got.weights[l].length; i++) {
          assert.ok(Math.abs(got.weights[l][i] - expected.weights[l][i]) <= 1e-12, `${kernel} w^${l}[${i}]: ${got.weights[l][i]} vs ${expected.weights[l][i]}`);
        }
      }
      await wasm.dispose();
    }
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it(`a kernel given getUpdateState after setParameters continues with the same bits (${dtype})`, async () => {
      const start = createNetwork({ sizes, rng: createRng(9), init: 'scaled-normal' });
      const options = { kernel: relaxed ? ('wasm-relaxed-simd' as const) : ('wasm-simd' as const) };
      const whole = await createNodeKernel(spec(dtype), options);
      whole.setParameters(start);
      steps(whole, start, 13, 3);
      const expected = steps(whole, start, 13, 4);
      const first = await createNodeKernel(spec(dtype), options);
      first.setParameters(start);
      const middle = cloneNetwork(steps(first, start, 13, 3));
      const state = first.getUpdateState();
      assert.ok(state.w2Scaled !== undefined && state.w2Scaled.scale !== 1, 'mid-way, s is not 1: the state carries W̃ and s');
      const second = await createNodeKernel(spec(dtype), options);
      second.setParameters(middle);
      second.setUpdateState(state);
      assert.deepEqual(steps(second, middle, 13, 4), expected);
      await Promise.all([whole.dispose(), first.dispose(), second.dispose()]);
    });
  }
});
