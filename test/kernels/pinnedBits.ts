import { createHash } from 'node:crypto';
import { splitDataset, type Dataset } from '../../src/data/dataset.ts';
import type { DType, Kernel, KernelSpecInput } from '../../src/kernels/kernel.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, type Network } from '../../src/network/network.ts';
import { createNodeKernel, type NodeKernelChoice } from '../../src/node/kernels.ts';
import { loadMnist } from '../../src/node/mnist.ts';
import { train } from '../../src/training/sgd.ts';
import { randomDataset } from './helpers.ts';

/**
 * Short training runs whose final parameters are pinned, bit for bit, by a hash stored in
 * pinnedBits.json: a refactor of a kernel (or of the training loop) must leave every bit of
 * these where it was. `npm run pin-bits` rewrites the file, for a change that is meant to
 * move the bits (say why in its commit).
 */
export interface PinnedRun {
  readonly name: string;
  readonly kernel: NodeKernelChoice;
  readonly threads: number;
  readonly dtype: DType;
  readonly workload: 'mnist' | 'dense';
  /** An update rule other than plain SGD: momentum, or Nesterov with L2 (their own loops in rule.ts). */
  readonly rule?: 'momentum' | 'nesterov-l2';
}

export const KERNELS: readonly { kernel: NodeKernelChoice; threads: number }[] = [
  { kernel: 'reference', threads: 1 },
  { kernel: 'wasm-simd', threads: 1 },
  { kernel: 'wasm-relaxed-simd', threads: 1 },
  { kernel: 'threads', threads: 2 },
];

const plainRuns: PinnedRun[] = (['mnist', 'dense'] as const).flatMap((workload) =>
  (['float32', 'float64'] as const).flatMap((dtype) =>
    KERNELS.map(({ kernel, threads }) => ({ name: `${workload} ${dtype} ${kernel}${threads > 1 ? ` ×${threads}` : ''}`, kernel, threads, dtype, workload })),
  ),
);
/** Momentum on MNIST, Nesterov with L2 on the dense workload, on the WebAssembly kernels (Nesterov pinned at b04db9e; momentum when its gradient went straight into the velocity). */
const ruleRuns: PinnedRun[] = ([['mnist', 'momentum'], ['dense', 'nesterov-l2']] as const).flatMap(([workload, rule]) =>
  (['float32', 'float64'] as const).flatMap((dtype) =>
    KERNELS.filter((k) => k.kernel !== 'reference').map(({ kernel, threads }) => ({
      name: `${workload} ${dtype} ${kernel}${threads > 1 ? ` ×${threads}` : ''} ${rule}`,
      kernel,
      threads,
      dtype,
      workload,
      rule,
    })),
  ),
);
export const RUNS: readonly PinnedRun[] = [...plainRuns, ...ruleRuns];

interface Workload {
  readonly data: Dataset;
  readonly sizes: number[];
  readonly batchSize: number;
  readonly learningRate: number;
  readonly epochs: number;
}

let mnist: Dataset | undefined;
async function workloadOf(name: PinnedRun['workload']): Promise<Workload> {
  if (name === 'mnist') {
    // The reference experiment on MNIST's first 2,000 images: sparse byte inputs, layer 2's lists.
    mnist ??= splitDataset((await loadMnist()).training, 0, 2000);
    return { data: mnist, sizes: [784, 30, 10], batchSize: 10, learningRate: 3, epochs: 1 };
  }
  // Float inputs, half of them zero, and two hidden layers: the dense loops and a short last batch.
  return { data: randomDataset(createRng(7), 200, 31, 3, false, 0.5), sizes: [31, 14, 7, 3], batchSize: 7, learningRate: 0.7, epochs: 2 };
}

/** SHA-256 of w^2, b^2, …, w^L, b^L as float64, in that order. */
export function parameterHash(network: Network): string {
  const hash = createHash('sha256');
  for (let l = 2; l <= network.sizes.length; l++) {
    hash.update(new Uint8Array(Float64Array.from(network.weights[l]).buffer));
    hash.update(new Uint8Array(Float64Array.from(network.biases[l]).buffer));
  }
  return hash.digest('hex');
}

/** Trains `run` as `nabla train` would (one rng for the initial weights and the shuffling); returns the parameters' hash. */
export async function pinnedHash(run: PinnedRun): Promise<string> {
  const w = await workloadOf(run.workload);
  const rng = createRng(1);
  const network = createNetwork({ sizes: w.sizes, rng, init: 'scaled-normal' });
  const update = run.rule === 'momentum' ? { rule: 'momentum', momentum: 0.9 } : run.rule === 'nesterov-l2' ? { rule: 'nesterov', momentum: 0.8, l2: 2 } : undefined;
  const spec = { sizes: w.sizes, activation: 'sigmoid', cost: 'quadratic', dtype: run.dtype, ...(update ? { update } : {}) } as KernelSpecInput;
  const kernel: Kernel = await createNodeKernel(spec, { kernel: run.kernel, threads: run.threads });
  try {
    await train(network, kernel, w.data, { epochs: w.epochs, batchSize: w.batchSize, learningRate: update ? w.learningRate / 10 : w.learningRate, rng });
  } finally {
    await kernel.dispose();
  }
  return parameterHash(network);
}
