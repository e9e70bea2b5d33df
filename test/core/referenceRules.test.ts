import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { dropoutKeeps, dropoutThreshold } from '../../src/math/dropout.ts';
import { createRng } from '../../src/math/rng.ts';
import type { UpdateRuleName } from '../../src/math/updateRules/index.ts';
import { backprop } from '../../src/network/backprop.ts';
import { cloneNetwork, createNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import { activationsOf, combinations, rules, targetFor, type Combination } from '../kernels/combinations.ts';
import { gradientSums } from './glassBox.ts';

/**
 * The reference kernel against an independent oracle, for every activation × cost × update
 * rule the registries define: the glass-box backprop's gradients, summed, then each rule's
 * textbook formula written out here (not the rule's own code), with L2 and L1.
 */
const ETA = 0.3;
const MU = 0.8;
const [B1, B2, EPS] = [0.9, 0.99, 1e-8];

interface Oracle {
  network: Network;
  v: Network;
  s: Network;
}

const sums = gradientSums;

function oracleStep(o: Oracle, rule: UpdateRuleName, data: Dataset, rows: number[], t: number, l2n: number, l1n: number): void {
  const m = rows.length;
  const sum = sums(o.network, data, rows);
  for (let l = 2; l <= o.network.sizes.length; l++) {
    for (const kind of ['weights', 'biases'] as const) {
      const p = o.network[kind][l];
      p.forEach((value, i) => {
        const r = kind === 'weights' ? l2n * value + l1n * Math.sign(value) : 0;
        const g = sum[kind][l][i] / m + r;
        const v = o.v[kind][l];
        const s = o.s[kind][l];
        if (rule === 'sgd') p[i] = value - ETA * g;
        else if (rule === 'momentum') {
          v[i] = MU * v[i] - ETA * g;
          p[i] = value + v[i];
        } else if (rule === 'nesterov') {
          v[i] = MU * v[i] - ETA * g;
          p[i] = value + MU * v[i] - ETA * g;
        } else {
          v[i] = B1 * v[i] + (1 - B1) * g;
          s[i] = B2 * s[i] + (1 - B2) * g * g;
          p[i] = value - (ETA * (v[i] / (1 - B1 ** t))) / (Math.sqrt(s[i] / (1 - B2 ** t)) + EPS);
        }
      });
    }
  }
}

function targetsOf(c: Combination, sizes: number[], count: number, seed: number): Dataset {
  const rng = createRng(seed);
  const nL = sizes[sizes.length - 1];
  const targets = new Float64Array(count * nL);
  for (let n = 0; n < count; n++) targets.set(targetFor(c, rng, nL), n * nL);
  const inputs = Float64Array.from({ length: count * sizes[0] }, () => rng.normal());
  return { count, inputSize: sizes[0], outputSize: nL, inputs, inputScale: 1, targets };
}

function maxDifference(a: Network, b: Network): number {
  let max = 0;
  for (let l = 2; l <= a.sizes.length; l++) {
    a.weights[l].forEach((w, i) => (max = Math.max(max, Math.abs(w - b.weights[l][i]) / Math.max(1, Math.abs(w)))));
    a.biases[l].forEach((v, i) => (max = Math.max(max, Math.abs(v - b.biases[l][i]) / Math.max(1, Math.abs(v)))));
  }
  return max;
}

const sizes = [4, 5, 3, 3];
for (const c of combinations()) {
  for (const rule of rules) {
    const regularised = c.hidden === 'tanh' || rule === 'momentum';
    const label = `${c.hidden} hidden, ${c.output} output, ${c.cost}, ${rule}${regularised ? ', L2 and L1' : ''}`;
    test(`reference kernel = glass-box gradients + the textbook rule: ${label}`, () => {
      const count = 11;
      const data = targetsOf(c, sizes, count, 5);
      const network = createNetwork({ sizes, rng: createRng(9), init: 'xavier', activations: activationsOf(c, sizes.length - 1), cost: c.cost });
      const [l2, l1] = regularised ? [2, 0.5] : [0, 0];
      const kernel = createReferenceKernel({
        sizes, activations: network.activations, cost: c.cost, dtype: 'float64',
        update: { rule, momentum: MU, beta1: B1, beta2: B2, epsilon: EPS, l2, l1 },
      });
      kernel.setParameters(network);
      const resident = kernel.loadDataset(data);
      const oracle: Oracle = { network: cloneNetwork(network), v: zeroNetwork(sizes, network.activations, c.cost), s: zeroNetwork(sizes, network.activations, c.cost) };
      const order = Uint32Array.from([3, 10, 0, 7, 1, 9, 4, 2, 8, 5, 6]);
      let t = 0;
      for (const [start, m] of [[0, 4], [4, 4], [8, 3], [0, 5]]) {
        t++;
        kernel.trainBatch(resident, order, start, m, { learningRate: ETA, trainingSize: count, t });
        oracleStep(oracle, rule, data, Array.from(order.subarray(start, start + m)), t, l2 / count, l1 / count);
      }
      const actual = zeroNetwork(sizes, network.activations, c.cost);
      kernel.getParameters(actual);
      assert.ok(maxDifference(actual, oracle.network) < 1e-12, `differs by ${maxDifference(actual, oracle.network)}`);
      // the state moves out and back in: a second kernel carries on exactly as the first
      const state = kernel.getUpdateState();
      assert.equal(state.steps, t);
      const copy = createReferenceKernel(kernel.spec);
      copy.setParameters(actual);
      copy.setUpdateState(state);
      kernel.trainBatch(resident, order, 2, 5, { learningRate: ETA, trainingSize: count, t: t + 1 });
      copy.trainBatch(copy.loadDataset(data), order, 2, 5, ETA); // bare η: n = the dataset's count, t = steps + 1
      const [a, b] = [zeroNetwork(sizes, network.activations, c.cost), zeroNetwork(sizes, network.activations, c.cost)];
      kernel.getParameters(a);
      copy.getParameters(b);
      assert.equal(maxDifference(a, b), 0);
    });
  }
}

test('dropout: one example through the reference kernel equals the glass box on the network with the dropped neurons removed and the kept ones scaled by 1/(1 − p)', () => {
  const sizes = [3, 6, 5, 2];
  const p = 0.4;
  const network = createNetwork({ sizes, rng: createRng(2), init: 'scaled-normal', activations: ['relu', 'tanh', 'sigmoid'], cost: 'cross-entropy' });
  const data: Dataset = { count: 4, inputSize: 3, outputSize: 2, inputs: Float64Array.from([0.5, -1, 2, 1, 1, 1, 0, 0.3, -0.2, 2, 0, 1]), inputScale: 1, targets: Float64Array.from([1, 0, 0, 1, 0.3, 0.7, 1, 1]) };
  const [seed, t, row, eta] = [17, 5, 2, 0.5];
  const kernel = createReferenceKernel({ sizes, activations: network.activations, cost: 'cross-entropy', dtype: 'float64', dropout: p });
  kernel.setParameters(network);
  kernel.trainBatch(kernel.loadDataset(data), Uint32Array.from([row]), 0, 1, { learningRate: eta, t, dropoutSeed: seed });
  const actual = zeroNetwork(sizes, network.activations, network.cost);
  kernel.getParameters(actual);

  // f_j = 1/(1 − p) or 0 for hidden neuron j of layer l: fold it into the next layer's weights,
  // w'^{l+1}_{ij} = w^{l+1}_{ij} f_j, which gives the same z^{l+1}; then ∂C/∂w^{l+1}_{ij} = f_j ∂C/∂w'^{l+1}_{ij}.
  const threshold = dropoutThreshold(p);
  const factor = (l: number, j: number): number => (dropoutKeeps(seed, t, row, l, j, threshold) ? 1 / (1 - p) : 0);
  const folded = cloneNetwork(network);
  let dropped = 0;
  for (let l = 2; l < sizes.length; l++) {
    for (let j = 0; j < sizes[l - 1]; j++) {
      if (factor(l, j) === 0) dropped++;
      for (let i = 0; i < sizes[l]; i++) folded.weights[l + 1][i * sizes[l - 1] + j] *= factor(l, j);
    }
  }
  assert.ok(dropped > 0 && dropped < 11, `this case should drop some neurons, not all: ${dropped}`);
  const trace = backprop(folded, data.inputs.subarray(row * 3, row * 3 + 3), data.targets.subarray(row * 2, row * 2 + 2));
  const expected = cloneNetwork(network);
  for (let l = 2; l <= sizes.length; l++) {
    const nIn = sizes[l - 2];
    expected.biases[l].forEach((b, j) => (expected.biases[l][j] = b - eta * trace.nablaB[l][j]));
    expected.weights[l].forEach((w, i) => {
      const k = i % nIn;
      const f = l > 2 ? factor(l - 1, k) : 1;
      expected.weights[l][i] = w - eta * f * trace.nablaW[l][i];
    });
  }
  assert.ok(maxDifference(actual, expected) < 1e-14, `differs by ${maxDifference(actual, expected)}`);

  // inference is not dropped: it equals the plain glass-box feedforward of the trained network
  const out = new Float64Array(2);
  kernel.feedforwardDataset(kernel.loadDataset(data), out, row, 1);
  const plain = backprop(actual, data.inputs.subarray(row * 3, row * 3 + 3), [1, 0]);
  assert.ok(Math.abs(out[0] - plain.activations[4][0]) < 1e-15 && Math.abs(out[1] - plain.activations[4][1]) < 1e-15);
});
