import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it, after } from 'node:test';
import type { Dataset, DType, Kernel, KernelSpec } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createKernel } from '../../src/kernels/registry.ts';
import { createRng } from '../../src/math/rng.ts';
import type { Layer, Shape } from '../../src/network/layers.ts';
import { createNetwork, zeroLayeredNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import type { UpdateRuleSpec } from '../../src/math/updateRules/index.ts';
import { availableNodeKernels, createNodeKernel } from '../../src/node/kernels.ts';
import { createThreadsKernel } from '../../src/node/threads/threads-kernel.ts';
import { randomDataset, shuffled, spec } from './helpers.ts';

/**
 * One suite, run against every kernel this engine has: each is compared with the reference
 * kernel (the oracle) after several mini-batch steps on random networks and data.
 */
interface Candidate {
  readonly label: string;
  create(spec: KernelSpec): Promise<Kernel>;
}

const candidates: Candidate[] = [
  { label: 'reference', create: async (spec) => createReferenceKernel(spec) },
  { label: 'wasm-simd', create: (spec) => createKernel(spec, { kernel: 'wasm-simd' }) },
];
const names = availableNodeKernels();
if (names.includes('wasm-relaxed-simd')) candidates.push({ label: 'wasm-relaxed-simd', create: (spec) => createKernel(spec, { kernel: 'wasm-relaxed-simd' }) });
candidates.push({ label: 'threads ×2', create: (spec) => createNodeKernel(spec, { kernel: 'threads', threads: 2 }) });

const live: Kernel[] = [];
after(async () => {
  await Promise.all(live.map((k) => k.dispose()));
});

interface Run {
  readonly network: Network;
  readonly outputs: Float64Array;
}

/** Several mini-batches of size m (the last one shorter if m does not divide), then inference on a range. */
async function train(kernel: Kernel, network: Network, data: Dataset, m: number, steps: number, seed: number): Promise<Run> {
  live.push(kernel);
  kernel.setParameters(network);
  const resident = kernel.loadDataset(data);
  const rng = createRng(seed);
  for (let s = 0; s < steps; s++) {
    const order = shuffled(rng, data.count);
    for (let start = 0; start < data.count; start += m) kernel.trainBatch(resident, order, start, Math.min(m, data.count - start), 0.7);
  }
  const result = network.layers === undefined ? zeroNetwork(network.sizes) : zeroLayeredNetwork(network.inputShape!, network.layers, network.cost);
  kernel.getParameters(result);
  const first = Math.min(3, data.count - 1);
  const count = data.count - first;
  const outputs = new Float64Array(count * data.outputSize);
  kernel.feedforwardDataset(resident, outputs, first, count);
  resident.release();
  await kernel.dispose();
  live.splice(live.indexOf(kernel), 1);
  return { network: result, outputs };
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    const tolerance = rtol * Math.max(1, Math.abs(e));
    assert.ok(Math.abs(a - e) <= tolerance, `${what}[${i}]: ${a} vs reference ${e} (tolerance ${tolerance})`);
  }
}

function assertSameRun(actual: Run, expected: Run, rtol: number): void {
  for (let l = 2; l <= expected.network.sizes.length; l++) {
    assertClose(actual.network.weights[l], expected.network.weights[l], rtol, `w^${l}`);
    assertClose(actual.network.biases[l], expected.network.biases[l], rtol, `b^${l}`);
  }
  assertClose(actual.outputs, expected.outputs, rtol, 'feedforwardDataset');
}

interface Case {
  readonly sizes: number[];
  readonly m: number;
  readonly count: number;
  readonly bytes: boolean;
  readonly zeros?: number;
}

const cases: Case[] = [
  { sizes: [7, 5, 3], m: 4, count: 23, bytes: true },
  { sizes: [13, 1, 4], m: 5, count: 17, bytes: false },
  { sizes: [1, 1], m: 1, count: 6, bytes: false },
  { sizes: [1, 1, 1], m: 3, count: 8, bytes: true },
  { sizes: [9, 8, 7, 6, 5], m: 7, count: 30, bytes: false },
  { sizes: [6, 11, 3, 9, 2], m: 1, count: 9, bytes: true },
  { sizes: [33, 17, 10], m: 130, count: 260, bytes: true },
  { sizes: [20, 30, 10], m: 10, count: 64, bytes: true },
  { sizes: [5, 3], m: 9, count: 27, bytes: false },
  { sizes: [50, 12, 5], m: 10, count: 60, bytes: true, zeros: 0.8 },
  { sizes: [70, 100, 10], m: 10, count: 40, bytes: true, zeros: 0.8 },
  { sizes: [21, 7], m: 6, count: 30, bytes: false, zeros: 0.7 },
  { sizes: [19, 9, 4], m: 40, count: 80, bytes: false, zeros: 1 },
  // layer 2 ending in a block of 7 vectors (the eighth, all padding, is left out): 27 neurons
  // in float32, 14 in float64 (and 30 in float64 above: a block of 8, then 7)
  { sizes: [40, 27, 3], m: 10, count: 30, bytes: true, zeros: 0.5 },
  { sizes: [31, 14, 3], m: 6, count: 24, bytes: false, zeros: 0.5 },
  // too many inputs for Wt's row offsets in 64-byte units to fit in 16 bits ((n_1 − 1)·R:
  // 4199 · 16 in float32): the lists keep the indices and the loops multiply (rowAt)
  { sizes: [4200, 250, 3], m: 3, count: 9, bytes: true, zeros: 0.9 },
];

/** Tight for float64 (the kernels differ from the reference only in rounding); loose for float32. */
const tolerance: Record<DType, number> = { float64: 1e-12, float32: 1e-4 };

for (const candidate of candidates) {
  describe(`kernel ${candidate.label}`, () => {
    for (const dtype of ['float64', 'float32'] as const) {
      for (const c of cases) {
        it(`${dtype} ${JSON.stringify(c.sizes)} m=${c.m} ${c.bytes ? 'uint8' : 'float'} inputs${c.zeros ? ` (${c.zeros * 100}% zeros)` : ''} matches the reference`, async () => {
          const rng = createRng(c.sizes.length * 1000 + c.m);
          const network = createNetwork({ sizes: c.sizes, rng, init: 'scaled-normal' });
          const data = randomDataset(rng, c.count, c.sizes[0], c.sizes[c.sizes.length - 1], c.bytes, c.zeros);
          const expected = await train(createReferenceKernel(spec(c.sizes, dtype)), network, data, c.m, 3, 9);
          const actual = await train(await candidate.create(spec(c.sizes, dtype)), network, data, c.m, 3, 9);
          assertSameRun(actual, expected, tolerance[dtype]);
        });
      }
    }

    it('float32 inputs (Float32Array) and a non-unit inputScale', async () => {
      const rng = createRng(77);
      const sizes = [10, 6, 4];
      const network = createNetwork({ sizes, rng });
      const base = randomDataset(rng, 21, 10, 4, false);
      const data: Dataset = { ...base, inputs: Float32Array.from(base.inputs), inputScale: 0.5 };
      const expected = await train(createReferenceKernel(spec(sizes, 'float64')), network, data, 4, 2, 1);
      const actual = await train(await candidate.create(spec(sizes, 'float64')), network, data, 4, 2, 1);
      assertSameRun(actual, expected, 1e-12);
    });

    it('loadDataset rejects a dataset of the wrong sizes', async () => {
      const kernel = await candidate.create(spec([4, 3, 2], 'float32'));
      live.push(kernel);
      const rng = createRng(1);
      assert.throws(() => kernel.loadDataset(randomDataset(rng, 5, 5, 2, true)), RangeError);
      assert.throws(() => kernel.loadDataset(randomDataset(rng, 5, 4, 3, true)), RangeError);
      await kernel.dispose();
      live.splice(live.indexOf(kernel), 1);
    });

    it('feedforwardDataset with first/count writes just those examples', async () => {
      const sizes = [8, 5, 3];
      const rng = createRng(4);
      const network = createNetwork({ sizes, rng });
      const data = randomDataset(rng, 40, 8, 3, true);
      const kernel = await candidate.create(spec(sizes, 'float64'));
      live.push(kernel);
      kernel.setParameters(network);
      const resident = kernel.loadDataset(data);
      const all = new Float64Array(40 * 3);
      kernel.feedforwardDataset(resident, all);
      const part = new Float64Array(11 * 3);
      kernel.feedforwardDataset(resident, part, 17, 11);
      assert.deepEqual(part, all.subarray(17 * 3, 28 * 3));
      const reference = createReferenceKernel(spec(sizes, 'float64'));
      reference.setParameters(network);
      const expected = new Float64Array(40 * 3);
      reference.feedforwardDataset(reference.loadDataset(data), expected);
      assertClose(all, expected, 1e-13, 'outputs');
      await kernel.dispose();
      live.splice(live.indexOf(kernel), 1);
    });
  });
}

/** Conv and pool layers (network/layers.ts), with every rule and dropout on the dense layers. */
const convCases: { label: string; inputShape: Shape; layers: Layer[]; cost: Network['cost']; m: number; bytes: boolean }[] = [
  {
    label: 'conv(relu)-pool-dense-dense, cross-entropy',
    inputShape: [10, 9, 1],
    layers: [
      { type: 'conv', maps: 4, field: [3, 2], activation: 'relu' },
      { type: 'pool', size: [2, 2] },
      { type: 'dense', neurons: 5, activation: 'sigmoid' },
      { type: 'dense', neurons: 3, activation: 'sigmoid' },
    ],
    cost: 'cross-entropy',
    m: 4,
    bytes: true,
  },
  {
    label: 'conv(tanh)-conv(relu)-pool-dense on 2 channels, softmax',
    inputShape: [8, 8, 2],
    layers: [
      { type: 'conv', maps: 3, field: [3, 2], activation: 'tanh' },
      { type: 'conv', maps: 5, field: [2, 2], activation: 'relu' },
      { type: 'pool', size: [1, 2] },
      { type: 'dense', neurons: 4, activation: 'softmax' },
    ],
    cost: 'log-likelihood',
    m: 7,
    bytes: false,
  },
];
const convRules: { label: string; update?: UpdateRuleSpec; dropout?: number }[] = [
  { label: 'sgd' },
  { label: 'sgd L2', update: { rule: 'sgd', l2: 3 } },
  { label: 'momentum L1', update: { rule: 'momentum', momentum: 0.8, l1: 2 } },
  { label: 'nesterov', update: { rule: 'nesterov', momentum: 0.7 } },
  { label: 'adam L2', update: { rule: 'adam', l2: 1 } },
  { label: 'momentum, dropout 0.3', update: { rule: 'momentum' }, dropout: 0.3 },
];

for (const candidate of candidates.filter((c) => c.label !== 'reference')) {
  describe(`kernel ${candidate.label}, conv and pool layers`, () => {
    for (const c of convCases) {
      for (const rule of convRules) {
        it(`${c.label}, ${rule.label}: float64 and float32 match the reference`, async () => {
          const rng = createRng(c.m * 31);
          const network = createNetwork({ inputShape: c.inputShape, layers: c.layers, cost: c.cost, rng, init: 'scaled-normal' });
          const data = randomDataset(rng, 29, network.sizes[0], network.sizes[network.sizes.length - 1], c.bytes, 0.6);
          if (c.cost === 'log-likelihood') {
            // one-hot targets, for the softmax
            const n = data.outputSize;
            for (let e = 0; e < data.count; e++) for (let j = 0; j < n; j++) data.targets[e * n + j] = j === e % n ? 1 : 0;
          }
          for (const dtype of ['float64', 'float32'] as const) {
            const convSpec: KernelSpec = {
              sizes: network.sizes, activations: network.activations, cost: c.cost, dtype, inputShape: c.inputShape, layers: c.layers,
              ...(rule.update ? { update: rule.update } : {}), ...(rule.dropout ? { dropout: rule.dropout } : {}),
            };
            const expected = await train(createReferenceKernel(convSpec), network, data, c.m, 2, 5);
            const actual = await train(await candidate.create(convSpec), network, data, c.m, 2, 5);
            // float64: the kernels sum in another order (two halves of each batch); float32 rounds each step
            assertSameRun(actual, expected, dtype === 'float64' ? 1e-11 : 2e-3);
          }
        });
      }
    }
  });
}

describe('threads', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const sizes of [[784, 30, 10], [60, 100, 10], [9, 8, 7, 6, 5], [3, 2], [40, 3], [5, 1, 4]]) {
      it(`${dtype} ${JSON.stringify(sizes)}: 2 and 3 threads, and serial batches, give the same bits as 1`, async () => {
        const rng = createRng(sizes[1]);
        const network = createNetwork({ sizes, rng, init: 'scaled-normal' });
        const data = randomDataset(rng, 57, sizes[0], sizes[sizes.length - 1], true, 0.8);
        const runs: Run[] = [];
        for (const threads of [1, 2, 3]) runs.push(await train(await createNodeKernel(spec(sizes, dtype), { kernel: 'threads', threads }), network, data, 10, 2, 3));
        // the same kernel switching between threads and serial batches, or all serial
        for (const schedule of ['alternate', 'serial'] as const) {
          runs.push(await train(await createThreadsKernel(spec(sizes, dtype), 2, names.includes('wasm-relaxed-simd'), schedule), network, data, 10, 2, 3));
        }
        for (const run of runs.slice(1)) {
          for (let l = 2; l <= sizes.length; l++) {
            assert.deepEqual(run.network.weights[l], runs[0].network.weights[l]);
            assert.deepEqual(run.network.biases[l], runs[0].network.biases[l]);
          }
          assert.deepEqual(run.outputs, runs[0].outputs);
        }
      });
    }
  }

  it('dispose lets the process exit (and an undisposed kernel does not hold it)', () => {
    const script = `
      import { createNodeKernel } from './src/node/kernels.ts';
      const spec = { sizes: [4, 3, 2], activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' };
      const a = await createNodeKernel(spec, { kernel: 'threads', threads: 2 });
      await a.dispose();
      await createNodeKernel(spec, { kernel: 'threads', threads: 2 });
      console.log('done');`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /done/);
  });
});

describe('registry', () => {
  it('falls back to the reference kernel where the wasm kernels do not apply, and lists kernel names', async () => {
    assert.ok(names.includes('reference') && names.includes('wasm-simd'));
    const kernel = await createKernel(spec([3, 2], 'float64'));
    assert.notEqual(kernel.name, 'reference');
    await kernel.dispose();
    await assert.rejects(createKernel(spec([3, 2], 'float64'), { kernel: 'nope' as 'reference' }), RangeError);
  });
});
