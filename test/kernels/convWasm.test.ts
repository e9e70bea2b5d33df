import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Dataset, DType, Kernel, KernelSpec } from '../../src/kernels/kernel.ts';
import { createKernel } from '../../src/kernels/registry.ts';
import { createRng, type Rng } from '../../src/math/rng.ts';
import { layerShapes, shapeSize, type Layer, type Shape } from '../../src/network/layers.ts';
import type { Network } from '../../src/network/network.ts';
import { createThreadsKernel } from '../../src/node/threads/threads-kernel.ts';

/**
 * The WebAssembly kernels' conv and pool layers (assembly/conv.ts, convBatch.ts) against a
 * naive loop written here from the formulas of issue 19 (float64, the obvious order), and one
 * thread against two (the same bits). The kernel suite (kernels.test.ts) compares them with
 * the reference kernel.
 */
type Act = 'relu' | 'sigmoid';

interface Net {
  readonly inputShape: Shape;
  readonly layers: readonly Layer[];
  readonly shapes: Shape[];
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

const sigma = (act: Act | 'softmax' | 'linear', z: number): number => (act === 'relu' ? Math.max(0, z) : act === 'sigmoid' ? 1 / (1 + Math.exp(-z)) : z);
const sigmaPrime = (act: string, a: number): number => (act === 'relu' ? (a > 0 ? 1 : 0) : act === 'sigmoid' ? a * (1 - a) : 1);

/** Forward for one example: every layer's a (flat, channel first) and each pool's argmax. */
function forward(net: Net, x: Float64Array): { a: Float64Array[]; arg: Int32Array[] } {
  const a: Float64Array[] = [new Float64Array(0), x];
  const arg: Int32Array[] = [];
  net.layers.forEach((layer, i) => {
    const l = i + 2;
    const [h, w, c] = net.shapes[i];
    const [ho, wo, co] = net.shapes[i + 1];
    const input = a[l - 1];
    const out = new Float64Array(ho * wo * co);
    if (layer.type === 'conv') {
      const [kh, kw] = layer.field;
      for (let f = 0; f < co; f++) for (let j = 0; j < ho; j++) for (let k = 0; k < wo; k++) {
        let z = net.biases[l][f];
        for (let ch = 0; ch < c; ch++) for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) z += net.weights[l][((f * c + ch) * kh + p) * kw + q] * input[(ch * h + j + p) * w + k + q];
        out[(f * ho + j) * wo + k] = sigma(layer.activation as Act, z);
      }
    } else if (layer.type === 'pool') {
      const [ph, pw] = layer.size;
      const where = new Int32Array(out.length);
      for (let ch = 0; ch < c; ch++) for (let j = 0; j < ho; j++) for (let k = 0; k < wo; k++) {
        let best = -Infinity;
        let at = -1;
        for (let p = 0; p < ph; p++) for (let q = 0; q < pw; q++) {
          const idx = (ch * h + j * ph + p) * w + k * pw + q;
          if (input[idx] > best) [best, at] = [input[idx], idx];
        }
        out[(ch * ho + j) * wo + k] = best;
        where[(ch * ho + j) * wo + k] = at;
      }
      arg[l] = where;
    } else {
      const n = input.length;
      for (let j = 0; j < layer.neurons; j++) {
        let z = net.biases[l][j];
        for (let k = 0; k < n; k++) z += net.weights[l][j * n + k] * input[k];
        out[j] = z;
      }
      if (layer.activation === 'softmax') {
        const max = Math.max(...out);
        let sum = 0;
        for (let j = 0; j < out.length; j++) sum += out[j] = Math.exp(out[j] - max);
        for (let j = 0; j < out.length; j++) out[j] /= sum;
      } else for (let j = 0; j < out.length; j++) out[j] = sigma(layer.activation as Act, out[j]);
    }
    a.push(out);
  });
  return { a, arg };
}

/** One SGD step of the naive loop over examples `rows` (softmax + log-likelihood: δ^L = a − y). */
function naiveStep(net: Net, data: Dataset, rows: number[], eta: number): void {
  const L = net.layers.length + 1;
  const gw = net.weights.map((w) => new Float64Array(w.length));
  const gb = net.biases.map((b) => new Float64Array(b.length));
  for (const row of rows) {
    const x = Float64Array.from(data.inputs.subarray(row * data.inputSize, (row + 1) * data.inputSize), (v) => v * data.inputScale);
    const { a, arg } = forward(net, x);
    let delta = a[L].map((v, j) => v - data.targets[row * data.outputSize + j]);
    for (let l = L; l >= 2; l--) {
      const layer = net.layers[l - 2];
      const [h, w, c] = net.shapes[l - 2];
      const [ho, wo] = net.shapes[l - 1];
      const input = a[l - 1];
      const below = new Float64Array(input.length);
      if (layer.type === 'dense') {
        const n = input.length;
        for (let j = 0; j < layer.neurons; j++) {
          gb[l][j] += delta[j];
          for (let k = 0; k < n; k++) {
            gw[l][j * n + k] += delta[j] * input[k];
            below[k] += net.weights[l][j * n + k] * delta[j];
          }
        }
      } else if (layer.type === 'pool') {
        delta.forEach((d, i) => (below[arg[l][i]] += d));
      } else {
        const [kh, kw] = layer.field;
        for (let f = 0; f < layer.maps; f++) for (let j = 0; j < ho; j++) for (let k = 0; k < wo; k++) {
          const d = delta[(f * ho + j) * wo + k];
          gb[l][f] += d;
          for (let ch = 0; ch < c; ch++) for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) {
            const wi = ((f * c + ch) * kh + p) * kw + q;
            const ai = (ch * h + j + p) * w + k + q;
            gw[l][wi] += d * input[ai];
            below[ai] += net.weights[l][wi] * d;
          }
        }
      }
      if (l > 2) {
        const act = net.layers[l - 3].type === 'pool' ? 'linear' : (net.layers[l - 3] as { activation: string }).activation;
        delta = below.map((v, i) => v * sigmaPrime(act, a[l - 1][i]));
      }
    }
  }
  for (let l = 2; l <= L; l++) {
    for (let i = 0; i < gw[l].length; i++) net.weights[l][i] -= (eta / rows.length) * gw[l][i];
    for (let i = 0; i < gb[l].length; i++) net.biases[l][i] -= (eta / rows.length) * gb[l][i];
  }
}

function randomNet(rng: Rng, inputShape: Shape, layers: Layer[]): Net & Network {
  const shapes = layerShapes(inputShape, layers);
  const weights: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  const biases: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  layers.forEach((layer, i) => {
    const fanIn = layer.type === 'conv' ? shapes[i][2] * layer.field[0] * layer.field[1] : shapeSize(shapes[i]);
    const nw = layer.type === 'conv' ? layer.maps * fanIn : layer.type === 'dense' ? layer.neurons * fanIn : 0;
    const nb = layer.type === 'conv' ? layer.maps : layer.type === 'dense' ? layer.neurons : 0;
    weights.push(Float64Array.from({ length: nw }, () => (rng.uniform() * 2 - 1) / Math.sqrt(fanIn)));
    biases.push(Float64Array.from({ length: nb }, () => (rng.uniform() * 2 - 1) * 0.1));
  });
  const sizes = shapes.map(shapeSize);
  const activations = layers.map((layer) => (layer.type === 'pool' ? 'linear' : layer.activation));
  return { inputShape, layers, shapes, weights, biases, sizes, activations, cost: 'log-likelihood' };
}

function randomData(rng: Rng, count: number, inputShape: Shape, classes: number): Dataset {
  const n = shapeSize(inputShape);
  // bytes, two thirds of them 0 (as MNIST's are mostly)
  const inputs = Uint8Array.from({ length: count * n }, () => (rng.uniform() < 0.66 ? 0 : Math.floor(rng.uniform() * 256)));
  const labels = Int32Array.from({ length: count }, () => Math.floor(rng.uniform() * classes));
  const targets = new Float64Array(count * classes);
  labels.forEach((y, i) => (targets[i * classes + y] = 1));
  return { count, inputSize: n, outputSize: classes, inputs, inputScale: 1 / 255, targets, labels };
}

const specOf = (net: Net & Network, dtype: DType): KernelSpec => ({ sizes: net.sizes, activations: net.activations, cost: 'log-likelihood', dtype, inputShape: net.inputShape, layers: net.layers });
const copyNet = <N extends Net & Network>(net: N): N => ({ ...net, weights: net.weights.map((w) => w.slice()), biases: net.biases.map((b) => b.slice()) });

const live: Kernel[] = [];
after(async () => {
  await Promise.all(live.map((k) => k.dispose()));
});

/** Trains `kernel` from `net` on batches of m, in order; returns its parameters and outputs on every example. */
function run(kernel: Kernel, net: Net & Network, data: Dataset, m: number, eta: number): { net: Net & Network; outputs: Float64Array } {
  kernel.setParameters(net);
  const resident = kernel.loadDataset(data);
  const order = Uint32Array.from({ length: data.count }, (_, i) => (i * 7) % data.count);
  for (let start = 0; start < data.count; start += m) kernel.trainBatch(resident, order, start, Math.min(m, data.count - start), eta);
  const out = copyNet(net);
  kernel.getParameters(out);
  const outputs = new Float64Array(data.count * data.outputSize);
  kernel.feedforwardDataset(resident, outputs);
  return { net: out, outputs };
}

const shapes: { label: string; inputShape: Shape; layers: Layer[] }[] = [
  {
    label: 'conv-pool-conv-pool-dense (odd widths, 3 maps)',
    inputShape: [14, 13, 1],
    layers: [
      { type: 'conv', maps: 3, field: [3, 2], activation: 'relu' },
      { type: 'pool', size: [2, 2] },
      { type: 'conv', maps: 5, field: [3, 2], activation: 'sigmoid' },
      { type: 'pool', size: [2, 1] },
      { type: 'dense', neurons: 7, activation: 'relu' },
      { type: 'dense', neurons: 4, activation: 'softmax' },
    ],
  },
  {
    label: 'conv-conv-dense on 2 channels',
    inputShape: [7, 9, 2],
    layers: [
      { type: 'conv', maps: 6, field: [3, 3], activation: 'sigmoid' },
      { type: 'conv', maps: 4, field: [2, 3], activation: 'relu' },
      { type: 'dense', neurons: 3, activation: 'softmax' },
    ],
  },
];

describe('WebAssembly conv and pool layers against a naive loop', () => {
  for (const { label, inputShape, layers } of shapes) {
    it(`${label}: float64 within 1e-12, float32 within 1e-4`, async () => {
      const rng = createRng(19);
      const net = randomNet(rng, inputShape, layers);
      const data = randomData(rng, 23, inputShape, net.sizes[net.sizes.length - 1]);
      const m = 5;
      const eta = 0.3;
      const naive = copyNet(net);
      const order = Array.from({ length: data.count }, (_, i) => (i * 7) % data.count);
      for (let start = 0; start < data.count; start += m) naiveStep(naive, data, order.slice(start, start + m), eta);
      for (const [dtype, tolerance] of [['float64', 1e-12], ['float32', 1e-4]] as const) {
        const kernel = await createKernel(specOf(net, dtype), { kernel: 'wasm-simd' });
        live.push(kernel);
        const result = run(kernel, net, data, m, eta);
        for (let l = 2; l < net.weights.length; l++) {
          const close = (x: Float64Array, y: Float64Array, what: string): void =>
            x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) <= tolerance * (1 + Math.abs(y[i])), `${dtype} ${what}[${l}][${i}]: ${v} vs ${y[i]}`));
          close(result.net.weights[l], naive.weights[l], 'w');
          close(result.net.biases[l], naive.biases[l], 'b');
        }
        for (let e = 0; e < data.count; e++) {
          const x = Float64Array.from(data.inputs.subarray(e * data.inputSize, (e + 1) * data.inputSize), (v) => v * data.inputScale);
          const { a } = forward(naive, x);
          a[a.length - 1].forEach((v, j) => assert.ok(Math.abs(result.outputs[e * data.outputSize + j] - v) <= 10 * tolerance, `${dtype} output ${e},${j}`));
        }
      }
    });
  }

  it('one thread and two give the same bits (float32 and float64, odd m)', async () => {
    const { inputShape, layers } = shapes[0];
    for (const dtype of ['float32', 'float64'] as const) {
      const rng = createRng(7);
      const net = randomNet(rng, inputShape, layers);
      const data = randomData(rng, 31, inputShape, 4);
      const one = await createKernel(specOf(net, dtype), { kernel: 'wasm-simd' });
      // two threads on every batch, and switching between two threads and one (whose batches
      // update thread 0's copy alone until the copies are synchronised)
      const two = await createThreadsKernel(specOf(net, dtype), 2, false, 'threads');
      const alternate = await createThreadsKernel(specOf(net, dtype), 2, false, 'alternate');
      live.push(one, two, alternate);
      const a = run(one, net, data, 7, 0.2);
      for (const other of [two, alternate]) {
        const b = run(other, net, data, 7, 0.2);
        for (let l = 2; l < net.weights.length; l++) {
          assert.deepEqual(b.net.weights[l], a.net.weights[l], `${dtype} w^${l}`);
          assert.deepEqual(b.net.biases[l], a.net.biases[l], `${dtype} b^${l}`);
        }
        assert.deepEqual(b.outputs, a.outputs);
      }
    }
  });
});
