import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Dataset, Kernel, KernelSpec, KernelSpecInput } from '../../src/kernels/kernel.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import { availableNodeKernels, createNodeKernel } from '../../src/node/kernels.ts';
import { createThreadsKernel } from '../../src/node/threads/threads-kernel.ts';
import { randomDataset, shuffled } from './helpers.ts';

/**
 * The WebAssembly kernels' configurations (activations, costs and update rules as codes, and
 * dropout) keep the promise of the default one: one, two and three threads, and serial
 * batches, give the same bits. (Their agreement with the reference kernel is
 * test/kernels/kernels.test.ts's.) Each run is also checked to differ from the
 * sigmoid / quadratic / SGD run, so a configuration the plan ignored would fail.
 */
interface Config {
  readonly label: string;
  readonly activations: string[];
  readonly cost: string;
  readonly update?: object;
  readonly dropout?: number;
}

const configs: Config[] = [
  { label: 'tanh, relu hidden, softmax + log-likelihood', activations: ['tanh', 'relu', 'softmax'], cost: 'log-likelihood' },
  { label: 'leaky-relu hidden, sigmoid + cross-entropy, L2', activations: ['leaky-relu', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'sgd', l2: 4 } },
  { label: 'relu, linear + quadratic, L1 and L2', activations: ['relu', 'linear'], cost: 'quadratic', update: { rule: 'sgd', l1: 1, l2: 1 } },
  { label: 'momentum with L2', activations: ['sigmoid', 'tanh', 'sigmoid'], cost: 'quadratic', update: { rule: 'momentum', momentum: 0.8, l2: 2 } },
  { label: 'Nesterov with L1', activations: ['relu', 'softmax'], cost: 'log-likelihood', update: { rule: 'nesterov', l1: 1 } },
  { label: 'Adam', activations: ['leaky-relu', 'relu', 'softmax'], cost: 'log-likelihood', update: { rule: 'adam' } },
  { label: 'dropout 0.4 with Adam', activations: ['relu', 'tanh', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'adam' }, dropout: 0.4 },
];

const live: Kernel[] = [];
after(async () => {
  await Promise.all(live.map((k) => k.dispose()));
});

/** Three epochs of m = 10 with η = 0.05; the parameters and the outputs on the dataset. */
async function run(kernel: Kernel, network: Network, data: Dataset): Promise<{ network: Network; outputs: Float64Array }> {
  live.push(kernel);
  kernel.setParameters(network);
  const resident = kernel.loadDataset(data);
  const rng = createRng(4);
  for (let epoch = 0; epoch < 3; epoch++) {
    const order = shuffled(rng, data.count);
    for (let start = 0; start < data.count; start += 10) kernel.trainBatch(resident, order, start, Math.min(10, data.count - start), 0.05);
  }
  const result = zeroNetwork(network.sizes);
  kernel.getParameters(result);
  const outputs = new Float64Array(data.count * data.outputSize);
  kernel.feedforwardDataset(resident, outputs);
  await kernel.dispose();
  live.splice(live.indexOf(kernel), 1);
  return { network: result, outputs };
}

const relaxed = availableNodeKernels().includes('wasm-relaxed-simd');

describe('WebAssembly kernels: every configuration gives the same bits on 1, 2 and 3 threads', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const config of configs) {
      it(`${dtype} ${config.label}`, async () => {
        const sizes = [50, ...config.activations.map((_, i) => (i === config.activations.length - 1 ? 6 : 40 - 13 * i))];
        const spec = { sizes, dtype, activations: config.activations, cost: config.cost, update: config.update, dropout: config.dropout } as unknown as KernelSpec;
        const rng = createRng(sizes.length);
        const network = createNetwork({ sizes, rng, init: 'scaled-normal' });
        const data = randomDataset(rng, 47, sizes[0], sizes[sizes.length - 1], true, 0.7);
        // one-hot targets (log-likelihood's y)
        const y = data.targets as Float64Array;
        for (let n = 0; n < data.count; n++) for (let j = 0; j < 6; j++) y[n * 6 + j] = j === n % 6 ? 1 : 0;
        const runs = [];
        for (const threads of [1, 2, 3]) runs.push(await run(await createNodeKernel(spec, { kernel: 'threads', threads }), network, data));
        runs.push(await run(await createThreadsKernel(spec, 2, relaxed, 'alternate'), network, data));
        for (const other of runs.slice(1)) {
          for (let l = 2; l <= sizes.length; l++) {
            assert.deepEqual(other.network.weights[l], runs[0].network.weights[l], `w^${l}`);
            assert.deepEqual(other.network.biases[l], runs[0].network.biases[l], `b^${l}`);
          }
          assert.deepEqual(other.outputs, runs[0].outputs);
        }
        const plain: KernelSpecInput = { sizes, dtype, activation: 'sigmoid', cost: 'quadratic' };
        const baseline = await run(await createNodeKernel(plain, { kernel: 'threads', threads: 1 }), network, data);
        assert.notDeepEqual(runs[0].network.weights[2], baseline.network.weights[2], 'the configuration changed nothing');
        for (const value of runs[0].outputs) assert.ok(Number.isFinite(value));
      });
    }
  }
});
