/**
 * The computation the browser test runs twice, in Chromium (test/browser/page.ts) and in Node
 * (test/browser/kernels.test.ts): a small random network trained for a few mini-batch steps on
 * a small random dataset, everything drawn from fixed seeds. Browser-safe: no Node APIs.
 */
import type { Dataset, DType, KernelSpec } from '../../src/kernels/kernel.ts';
import { createKernel, type KernelName } from '../../src/kernels/registry.ts';
import { createRng, shuffleInPlace, type Rng } from '../../src/math/rng.ts';
import type { Layer, Shape } from '../../src/network/layers.ts';
import { zeroLayeredNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';

export interface CheckCase {
  readonly kernel: KernelName;
  readonly dtype: DType;
  /** Pixel-like inputs (bytes × 1/255) rather than float64 inputs. */
  readonly bytes: boolean;
  /** A configuration other than sigmoid / quadratic / SGD: activations (l = 2, 3), cost, rule, dropout. */
  readonly config?: { readonly activations: readonly string[]; readonly cost: string; readonly update?: object; readonly dropout?: number };
  /** Train CONV_NET (conv and pool layers, issue 19) instead of the dense SIZES network, with this rule and dropout. */
  readonly conv?: { readonly update?: object; readonly dropout?: number };
}

/**
 * A small conv net for the engine check: two channels, a conv layer of ReLU maps, a max-pool, a
 * second conv of sigmoid maps, a dense layer with dropout and a softmax output, so that every
 * conv loop (forward, pooled δ, the full correlation δ^{l−1}, the shared gradients) runs.
 */
export const CONV_NET: { readonly inputShape: Shape; readonly layers: readonly Layer[] } = {
  inputShape: [10, 9, 2],
  layers: [
    { type: 'conv', maps: 5, field: [3, 2], activation: 'relu' },
    { type: 'pool', size: [2, 2] },
    { type: 'conv', maps: 3, field: [2, 2], activation: 'sigmoid' },
    { type: 'dense', neurons: 6, activation: 'tanh' },
    { type: 'dense', neurons: 3, activation: 'softmax' },
  ],
};

/** The conv configurations: plain SGD, and momentum with L2 and dropout on the dense layer. */
export const CONV_CONFIGS: NonNullable<CheckCase['conv']>[] = [{}, { update: { rule: 'momentum', l2: 1 }, dropout: 0.25 }];

/** The configurations the WebAssembly kernels are checked on too: each activation, cost and rule, and dropout, at least once. */
export const CONFIGS: NonNullable<CheckCase['config']>[] = [
  { activations: ['tanh', 'softmax'], cost: 'log-likelihood', update: { rule: 'adam', l2: 1 } },
  { activations: ['relu', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'momentum', l1: 0.5 }, dropout: 0.3 },
  { activations: ['leaky-relu', 'linear'], cost: 'quadratic', update: { rule: 'nesterov', l2: 2 } },
];

export interface CheckResult {
  readonly kernelName: string;
  /** w^l and b^l for l = 2..L after training, as plain arrays so they travel as JSON. */
  readonly weights: number[][];
  readonly biases: number[][];
  /** a^L for every example after training (feedforwardDataset). */
  readonly outputs: number[];
}

export const SIZES = [7, 5, 3] as const;
const COUNT = 23;
const M = 4;
const EPOCHS = 3;
const LEARNING_RATE = 0.5;

/** Uniform in (−2, 2). */
const symmetric = (rng: Rng): number => 4 * rng.uniform() - 2;

/**
 * Parameters uniform in (−2, 2) rather than createNetwork's N(0, 1): rng.normal() calls
 * Math.log, Math.sin and Math.cos, which differ by an ulp between V8 versions (Node 20's and
 * Chromium's), whereas uniform() is integer arithmetic and one exact division. So any
 * difference between the engines comes from the kernels, not from the starting point.
 */
function randomNetwork(rng: Rng, conv: boolean): Network {
  const network = conv ? zeroLayeredNetwork(CONV_NET.inputShape, CONV_NET.layers, 'log-likelihood') : zeroNetwork(SIZES);
  for (let l = 2; l < network.sizes.length + 1; l++) {
    for (let j = 0; j < network.biases[l].length; j++) network.biases[l][j] = symmetric(rng);
    for (let i = 0; i < network.weights[l].length; i++) network.weights[l][i] = symmetric(rng) / (conv ? 2 : 1);
  }
  return network;
}

function randomDataset(rng: Rng, network: Network, bytes: boolean, conv: boolean): Dataset {
  const nIn = network.sizes[0];
  const nOut = network.sizes[network.sizes.length - 1];
  const inputs = bytes ? new Uint8Array(COUNT * nIn) : new Float64Array(COUNT * nIn);
  // conv inputs are two thirds 0, as MNIST's pixels mostly are (the kernels skip zero inputs)
  for (let i = 0; i < inputs.length; i++) inputs[i] = conv && rng.uniform() < 0.66 ? 0 : bytes ? rng.int(256) : symmetric(rng);
  const targets = new Float64Array(COUNT * nOut);
  if (conv) for (let e = 0; e < COUNT; e++) targets[e * nOut + rng.int(nOut)] = 1; // one-hot, for log-likelihood
  else for (let i = 0; i < targets.length; i++) targets[i] = rng.uniform();
  return { count: COUNT, inputSize: nIn, outputSize: nOut, inputs, inputScale: bytes ? 1 / 255 : 1, targets };
}

/** EPOCHS shuffled passes of ⌊23/4⌋ mini-batches of 4, then one batch of 3 (m not a multiple of 4). */
export async function trainSmall(check: CheckCase): Promise<CheckResult> {
  const rng = createRng(4);
  const conv = check.conv !== undefined;
  const network = randomNetwork(rng, conv);
  const data = randomDataset(rng, network, check.bytes, conv);
  const spec = conv
    ? { sizes: network.sizes, activations: network.activations, cost: 'log-likelihood', dtype: check.dtype, inputShape: CONV_NET.inputShape, layers: CONV_NET.layers, ...check.conv }
    : check.config === undefined
      ? { sizes: SIZES, activation: 'sigmoid', cost: 'quadratic', dtype: check.dtype }
      : { sizes: SIZES, dtype: check.dtype, ...check.config };
  const kernel = await createKernel(spec as KernelSpec, { kernel: check.kernel });
  try {
    kernel.setParameters(network);
    const resident = kernel.loadDataset(data);
    const order = new Uint32Array(COUNT);
    for (let i = 0; i < COUNT; i++) order[i] = i;
    for (let epoch = 0; epoch < EPOCHS; epoch++) {
      shuffleInPlace(order, rng);
      for (let start = 0; start + M <= COUNT; start += M) kernel.trainBatch(resident, order, start, M, LEARNING_RATE);
    }
    kernel.trainBatch(resident, order, COUNT - 3, 3, LEARNING_RATE);
    const trained = conv ? zeroLayeredNetwork(CONV_NET.inputShape, CONV_NET.layers, 'log-likelihood') : zeroNetwork(SIZES);
    kernel.getParameters(trained);
    const outputs = check.dtype === 'float32' ? new Float32Array(COUNT * data.outputSize) : new Float64Array(COUNT * data.outputSize);
    kernel.feedforwardDataset(resident, outputs);
    return {
      kernelName: kernel.name,
      weights: trained.weights.slice(2).map((w) => Array.from(w)),
      biases: trained.biases.slice(2).map((b) => Array.from(b)),
      outputs: Array.from(outputs),
    };
  } finally {
    await kernel.dispose();
  }
}
