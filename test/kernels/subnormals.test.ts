import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset, DType, FloatArray, Kernel, KernelSpecInput, UpdateState } from '../../src/kernels/kernel.ts';
import { floatBuffersOf } from '../../src/kernels/wasm/buffers.ts';
import { createRng } from '../../src/math/rng.ts';
import { MIN_NORMAL } from '../../src/math/subnormal.ts';
import { createNetwork, type Network } from '../../src/network/network.ts';
import { availableNodeKernels, createNodeKernel, type NodeKernelChoice } from '../../src/node/kernels.ts';
import { train } from '../../src/training/sgd.ts';
import type { TrainingState } from '../../src/training/trainingState.ts';

/**
 * No kernel ever stores a subnormal number (docs/formulas.md: "Subnormal numbers"). On Intel
 * CPUs each operation on one takes a microcode assist of a hundred cycles or more, and
 * WebAssembly cannot set flush-to-zero, so the kernels flush them to +0 where they arise. Here
 * runs that drive values towards zero (saturated outputs under cross-entropy at η = 3,
 * velocities and moments decaying by μ^t, β₁^t on inputs that are always 0, softmax, L1,
 * dropout) train long enough to reach float64's subnormal range too, and then every float
 * buffer each kernel holds, the network's parameters and the checkpoint's update state are
 * scanned. It counts them on any CPU: a subnormal is a value, whatever it costs to compute.
 */

/**
 * Inputs (bytes, scaled by 1/16 so that the sigmoid's z reach its flat tails) and one-hot
 * targets of a class that depends on them, so that the network learns them and saturates;
 * with `dead`, the first `dead` inputs are 0 in every example: their weights' gradients are 0
 * from then on, and momentum's velocities and Adam's moments for them only decay.
 */
function saturatingDataset(count: number, nIn: number, nOut: number, dead: number): Dataset {
  const rng = createRng(5);
  const inputs = new Uint8Array(count * nIn);
  const targets = new Float64Array(count * nOut);
  for (let e = 0; e < count; e++) {
    let sum = 0;
    for (let k = 0; k < nIn; k++) {
      const x = rng.uniform() < 0.5 ? 0 : rng.int(256);
      if (k >= dead) inputs[e * nIn + k] = x;
      sum += k * x;
    }
    targets[e * nOut + (sum % nOut)] = 1;
  }
  return { count, inputSize: nIn, outputSize: nOut, inputs, inputScale: 1 / 16, targets };
}

interface Run {
  readonly name: string;
  readonly spec: Partial<KernelSpecInput> & Record<string, unknown>;
  readonly learningRate: number;
}

/** The saturating runs of issue 17, each on the chapter-3 style network [n_in, 16, n_out]. */
const RUNS: readonly Run[] = [
  { name: 'cross-entropy, sigmoid, η = 3', spec: { activation: 'sigmoid', cost: 'cross-entropy' }, learningRate: 3 },
  { name: 'momentum 0.9', spec: { activation: 'sigmoid', cost: 'cross-entropy', update: { rule: 'momentum', momentum: 0.9 } }, learningRate: 0.5 },
  { name: 'Nesterov 0.9', spec: { activation: 'sigmoid', cost: 'quadratic', update: { rule: 'nesterov', momentum: 0.9 } }, learningRate: 0.5 },
  { name: 'Adam', spec: { activation: 'sigmoid', cost: 'cross-entropy', update: { rule: 'adam' } }, learningRate: 0.01 },
  { name: 'ReLU, softmax, log-likelihood, L1', spec: { activations: ['relu', 'softmax'], cost: 'log-likelihood', update: { rule: 'sgd', l1: 0.5 } }, learningRate: 0.5 },
  { name: 'ReLU, softmax, momentum, dropout', spec: { activations: ['relu', 'softmax'], cost: 'log-likelihood', dropout: 0.3, update: { rule: 'momentum', momentum: 0.9 } }, learningRate: 0.1 },
  { name: 'tanh, L2, momentum', spec: { activations: ['tanh', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'momentum', momentum: 0.9, l2: 5 } }, learningRate: 0.2 },
];

const SIZES = [24, 16, 4];
const KERNELS: readonly { kernel: NodeKernelChoice; threads: number }[] = [
  { kernel: 'reference', threads: 1 },
  { kernel: 'wasm-simd', threads: 1 },
  { kernel: 'wasm-relaxed-simd', threads: 1 },
  { kernel: 'threads', threads: 2 },
];

/** How many of `values` are subnormal for `dtype` (nonzero, |x| below the smallest normal number). */
export function countSubnormals(values: ArrayLike<number>, dtype: DType): number {
  const tiny = MIN_NORMAL[dtype];
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const x = Math.abs(values[i]);
    if (x !== 0 && x < tiny) count++;
  }
  return count;
}

/** The subnormals in every buffer the kernel holds (WebAssembly), the parameters and the update state, by name. */
function subnormalsOf(kernel: Kernel, network: Network, update: UpdateState | undefined, dtype: DType): Map<string, number> {
  const found = new Map<string, number>();
  const add = (name: string, values: FloatArray | Float64Array): void => {
    const count = countSubnormals(values, dtype);
    if (count > 0) found.set(name, (found.get(name) ?? 0) + count);
  };
  if (kernel.name !== 'reference') for (const { name, values } of floatBuffersOf(kernel)) add(name, values);
  for (let l = 2; l <= network.sizes.length; l++) {
    add(`network w^${l}`, network.weights[l]);
    add(`network b^${l}`, network.biases[l]);
  }
  update?.weights.forEach((layers, s) => layers.forEach((w, l) => add(`checkpoint state ${s + 1} of w^${l}`, w)));
  update?.biases.forEach((layers, s) => layers.forEach((b, l) => add(`checkpoint state ${s + 1} of b^${l}`, b)));
  return found;
}

const available = availableNodeKernels();
const COUNT = 300;
const BATCH = 5;
const all = saturatingDataset(COUNT, SIZES[0], SIZES[2], 0);
const someDead = saturatingDataset(COUNT, SIZES[0], SIZES[2], 8);

describe('no kernel stores a subnormal number, after runs that drive values to zero', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const { kernel: choice, threads } of KERNELS) {
      const skip = choice === 'wasm-relaxed-simd' && !available.includes('wasm-relaxed-simd') ? 'this engine has no relaxed SIMD' : false;
      it(`${dtype} ${choice}${threads > 1 ? ` ×${threads}` : ''}`, { skip }, async () => {
        const failures: string[] = [];
        for (const run of RUNS) {
          const spec = { sizes: SIZES, dtype, ...run.spec } as KernelSpecInput;
          const rng = createRng(3);
          const network = createNetwork({ sizes: SIZES, rng, init: 'scaled-normal' });
          const kernel = await createNodeKernel(spec, { kernel: choice, threads });
          let state: TrainingState | undefined;
          try {
            // every input in use, then some never again: their velocities and moments decay by
            // μ, β₁ a step and reach float64's subnormal range too (μ^t < 1e-306: t ≈ 6,700 at μ = 0.9)
            await train(network, kernel, all, { epochs: 3, batchSize: BATCH, learningRate: run.learningRate, rng });
            const steps = dtype === 'float32' ? 1000 : 7000;
            const epochs = Math.ceil(steps / (COUNT / BATCH));
            await train(network, kernel, someDead, { epochs, batchSize: BATCH, learningRate: run.learningRate, rng, onState: (s) => void (state = s) });
            const found = subnormalsOf(kernel, network, state?.update, dtype);
            if (found.size > 0) failures.push(`${run.name}: ${[...found].map(([name, count]) => `${count} in ${name}`).join(', ')}`);
          } finally {
            await kernel.dispose();
          }
        }
        assert.deepEqual(failures, [], `subnormal numbers stored:\n${failures.join('\n')}`);
      });
    }
  }
});
