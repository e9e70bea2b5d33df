import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Dataset } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createKernel } from '../../src/kernels/registry.ts';
import { wasmUnsupported } from '../../src/kernels/wasm/wasm-kernel.ts';
import { getLayerActivation, type ActivationName } from '../../src/math/activations/index.ts';
import { getCost, type CostName } from '../../src/math/costs/index.ts';
import { createRng, type Rng } from '../../src/math/rng.ts';
import { backprop } from '../../src/network/backprop.ts';
import { feedforward } from '../../src/network/feedforward.ts';
import { layerSteps, layerTypeOf } from '../../src/network/layerTypes/index.ts';
import type { Layer, Shape } from '../../src/network/layers.ts';
import { cloneNetwork, createNetwork, type Network } from '../../src/network/network.ts';
import { gradientCheck } from '../../src/training/gradcheck.ts';
import { glassBoxStep, maxDifference } from './glassBox.ts';

/**
 * Networks of conv, pool and dense layers end to end: backprop's gradients against finite
 * differences, every δ^l against the slope of C in z^l (formula 3), the reference kernel's step
 * against the glass box's, and what the fast kernels say they cannot run.
 */
const conv = (maps: number, k: number, activation: ActivationName = 'sigmoid'): Layer => ({ type: 'conv', maps, field: [k, k], activation });
const pool = (p: number): Layer => ({ type: 'pool', size: [p, p] });
const dense = (neurons: number, activation: ActivationName | 'softmax' = 'sigmoid'): Layer => ({ type: 'dense', neurons, activation });

interface Case {
  readonly name: string;
  readonly inputShape: Shape;
  readonly layers: Layer[];
  readonly cost: CostName;
}

const cases: Case[] = [
  { name: 'conv → dense', inputShape: [4, 4, 1], layers: [conv(2, 3), dense(3)], cost: 'quadratic' },
  { name: 'conv → pool → dense, softmax', inputShape: [6, 6, 1], layers: [conv(3, 3), pool(2), dense(4, 'softmax')], cost: 'log-likelihood' },
  { name: 'two channels, a non-square field and pool', inputShape: [5, 6, 2], layers: [{ type: 'conv', maps: 2, field: [2, 3], activation: 'tanh' }, { type: 'pool', size: [2, 2] }, dense(3)], cost: 'cross-entropy' },
  { name: 'conv → pool → conv → pool → dense → dense (ReLU)', inputShape: [14, 14, 1], layers: [conv(3, 3, 'relu'), pool(2), conv(4, 3, 'relu'), pool(2), dense(5, 'relu'), dense(3, 'softmax')], cost: 'log-likelihood' },
  { name: 'conv → conv (δ through two convolutions)', inputShape: [7, 7, 1], layers: [conv(2, 3, 'tanh'), conv(3, 2, 'sigmoid'), dense(2, 'linear')], cost: 'quadratic' },
];

function example(network: Network, rng: Rng): { x: number[]; y: number[] } {
  const x = Array.from({ length: network.sizes[0] }, () => rng.normal());
  const nL = network.sizes[network.sizes.length - 1];
  const y = Array.from({ length: nL }, () => rng.uniform());
  if (network.activations[network.activations.length - 1] === 'softmax') {
    const label = Math.floor(y[0] * nL);
    y.fill(0);
    y[label] = 1;
  }
  return { x, y };
}

function makeNetwork(c: Case, seed: number): Network {
  return createNetwork({ inputShape: c.inputShape, layers: c.layers, cost: c.cost, rng: createRng(seed), init: 'scaled-normal' });
}

describe('gradient check: backprop through conv and pool layers against finite differences', () => {
  for (const c of cases) {
    for (const seed of [1, 2]) {
      it(`${c.name}, seed ${seed}`, () => {
        const network = makeNetwork(c, seed);
        const { x, y } = example(network, createRng(seed + 100));
        const result = gradientCheck(network, x, y, { l2: seed === 2 ? 0.3 : 0 });
        const parameters = network.weights.reduce((n, w) => n + w.length, 0) + network.biases.reduce((n, b) => n + b.length, 0);
        assert.equal(result.checked, parameters);
        assert.ok(result.maxRelativeError <= 1e-6, `max relative error ${result.maxRelativeError} at ${result.worst.where}`);
      });
    }
  }
});

describe('the glass-box backprop of a conv net', () => {
  it('(3) each δ^l is the slope of C in z^l, for conv, pool and dense layers', () => {
    const c = cases[3];
    const network = makeNetwork(c, 7);
    const { x, y } = example(network, createRng(8));
    const trace = backprop(network, x, y);
    const L = network.sizes.length;
    assert.equal(trace.zs.length, L + 1);
    for (let l = 2; l <= L; l++) {
      assert.equal(trace.zs[l].length, network.sizes[l - 1]);
      assert.equal(trace.deltas[l].length, network.sizes[l - 1]);
      assert.equal(trace.nablaW[l].length, network.weights[l].length);
      assert.equal(trace.nablaB[l].length, network.biases[l].length);
    }
    const costFrom = (l: number, j: number, h: number): number => costWithZ(network, x, y, l, j, h);
    for (const l of [2, 3, 4, 5]) {
      for (const j of [0, 5, network.sizes[l - 1] - 1]) {
        const h = 1e-6;
        const slope = (costFrom(l, j, h) - costFrom(l, j, -h)) / (2 * h);
        assert.ok(Math.abs(slope - trace.deltas[l][j]) <= 1e-6 * Math.max(1, Math.abs(slope)), `δ^${l}_${j}: ${trace.deltas[l][j]} vs slope ${slope}`);
      }
    }
    assert.deepEqual(trace.activations[L], feedforward(network, x));
  });
});

/** C with z^l_j moved by h: a^l = σ_l(z^l), then layers l+1..L by their formulas (1). */
function costWithZ(network: Network, x: number[], y: number[], l: number, j: number, h: number): number {
  const trace = backprop(network, x, y);
  const steps = layerSteps(network);
  let z = trace.zs[l].slice();
  z[j] += h;
  let a = new Float64Array(z.length);
  getLayerActivation(network.activations[l - 2]).layer(z, a, 0, z.length);
  for (let i = l + 1; i <= network.sizes.length; i++) {
    z = new Float64Array(network.sizes[i - 1]);
    layerTypeOf(steps[i]).forward(steps[i], network.weights[i], network.biases[i], a, 0, z, 0);
    a = new Float64Array(z.length);
    getLayerActivation(network.activations[i - 2]).layer(z, a, 0, z.length);
  }
  return getCost(network.cost).fn(a, y);
}

function randomDataset(network: Network, count: number, rng: Rng): Dataset {
  const inputSize = network.sizes[0];
  const outputSize = network.sizes[network.sizes.length - 1];
  const targets = new Float64Array(count * outputSize);
  for (let n = 0; n < count; n++) targets[n * outputSize + Math.floor(rng.uniform() * outputSize)] = 1;
  return { count, inputSize, outputSize, inputs: Float64Array.from({ length: count * inputSize }, () => rng.normal()), inputScale: 1, targets };
}

describe('the reference kernel runs conv nets as the glass box does', () => {
  for (const c of cases.slice(1, 4)) {
    it(`trainBatch equals network − (η/m) Σ glass-box gradients: ${c.name}`, () => {
      const network = makeNetwork(c, 3);
      const data = randomDataset(network, 9, createRng(4));
      const kernel = createReferenceKernel({ sizes: network.sizes, activations: network.activations, cost: c.cost, dtype: 'float64', inputShape: c.inputShape, layers: c.layers });
      kernel.setParameters(network);
      const resident = kernel.loadDataset(data);
      const order = Uint32Array.from([3, 0, 8, 5, 1, 7, 2, 6, 4]);
      let expected = network;
      for (const [start, m] of [[0, 4], [4, 5]]) {
        kernel.trainBatch(resident, order, start, m, 0.3);
        expected = glassBoxStep(expected, data, order, start, m, 0.3);
        const actual = cloneNetwork(network);
        kernel.getParameters(actual);
        assert.ok(maxDifference(actual, expected) < 1e-13, `after the batch at ${start}: differs by ${maxDifference(actual, expected)}`);
      }
      const out = new Float64Array(data.count * data.outputSize);
      kernel.feedforwardDataset(resident, out);
      const a = feedforward(expected, data.inputs.subarray(0, data.inputSize));
      for (let j = 0; j < a.length; j++) assert.ok(Math.abs(out[j] - a[j]) < 1e-13);
    });
  }

  it('dropout reaches hidden dense layers only: a conv net without one trains as with p = 0', () => {
    const order = Uint32Array.from([0, 1, 2, 3, 4, 5]);
    /** One float32 step of six examples with dropout p. */
    const run = (c: Case, dropout: number): Network => {
      const network = makeNetwork(c, 5);
      const data = randomDataset(network, 6, createRng(6));
      const kernel = createReferenceKernel({ sizes: network.sizes, activations: network.activations, cost: c.cost, dtype: 'float32', inputShape: c.inputShape, layers: c.layers, dropout });
      kernel.setParameters(network);
      kernel.trainBatch(kernel.loadDataset(data), order, 0, 6, 0.5);
      kernel.getParameters(network);
      return network;
    };
    assert.equal(maxDifference(run(cases[1], 0.5), run(cases[1], 0)), 0);
    // With a hidden dense layer, dropout changes the step.
    assert.ok(maxDifference(run(cases[3], 0.5), run(cases[3], 0)) > 0);
  });
});

describe('kernels and conv layers', () => {
  const c = cases[1];
  const network = makeNetwork(c, 1);
  const spec = { sizes: network.sizes, activations: network.activations, cost: c.cost, dtype: 'float32' as const, inputShape: c.inputShape, layers: c.layers };

  it('the WebAssembly kernels run conv and pool layers, and refuse what they do not (a pool after a pool), naming it', () => {
    assert.equal(wasmUnsupported(spec), undefined);
    const twoPools = { ...spec, layers: [...c.layers.slice(0, 2), { type: 'pool' as const, size: [1, 1] as const }, ...c.layers.slice(2)], activations: [network.activations[0], 'linear' as const, ...network.activations.slice(1)], sizes: [network.sizes[0], network.sizes[1], network.sizes[2], ...network.sizes.slice(2)] };
    assert.match(wasmUnsupported(twoPools) ?? '', /a pool layer straight after a pool layer/);
  });

  it("'auto' takes a WebAssembly kernel, with no notice", async () => {
    const notices: string[] = [];
    const kernel = await createKernel(spec, { onNotice: (m) => notices.push(m) });
    assert.match(kernel.name, /^wasm-/);
    assert.equal(notices.length, 0);
    await kernel.dispose();
  });

  it('a spec whose sizes disagree with its layers is refused, naming the layer', () => {
    assert.throws(() => createReferenceKernel({ ...spec, sizes: [36, 100, 27, 4] }), /layer 2 holds 48 values by its shape, but sizes\[1\] is 100/);
    assert.throws(() => createReferenceKernel({ ...spec, activations: ['sigmoid', 'relu', 'softmax'] }), /layer 3 \(pool\) has activation relu, its layer says linear/);
  });

  it('createNetwork draws conv weights with n_in = C · K_h · K_w, and no parameters for a pool layer', () => {
    const big = createNetwork({ inputShape: [28, 28, 2], layers: [conv(100, 5, 'relu'), pool(2), dense(10, 'softmax')], cost: 'log-likelihood', rng: createRng(1), init: 'scaled-normal' });
    assert.equal(big.weights[2].length, 100 * 2 * 25);
    assert.equal(big.biases[2].length, 100);
    assert.equal(big.weights[3].length + big.biases[3].length, 0);
    assert.equal(big.weights[4].length, 10 * 12 * 12 * 100);
    const std = Math.sqrt(big.weights[2].reduce((s, w) => s + w * w, 0) / big.weights[2].length);
    assert.ok(Math.abs(std - 1 / Math.sqrt(50)) < 0.01, `std ${std}, expected ${1 / Math.sqrt(50)}`);
    assert.deepEqual(big.sizes, [1568, 57600, 14400, 10]);
    assert.deepEqual(big.activations, ['relu', 'linear', 'softmax']);
  });
});
