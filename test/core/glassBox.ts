import type { Dataset } from '../../src/kernels/kernel.ts';
import { backprop } from '../../src/network/backprop.ts';
import { cloneNetwork, type Network } from '../../src/network/network.ts';

/**
 * p ← p − (η/m) Σ_x ∂C_x/∂p for every weight and bias, with every gradient from the glass-box
 * backprop: what a kernel's plain-SGD trainBatch must compute, for dense and conv nets alike.
 */
export function glassBoxStep(network: Network, data: Dataset, order: Uint32Array, start: number, m: number, eta: number): Network {
  const sum = gradientSums(network, data, Array.from(order.subarray(start, start + m)));
  const next = cloneNetwork(network);
  for (let l = 2; l <= network.sizes.length; l++) {
    next.weights[l].forEach((w, i) => (next.weights[l][i] = w - (eta / m) * sum.weights[l][i]));
    next.biases[l].forEach((b, i) => (next.biases[l][i] = b - (eta / m) * sum.biases[l][i]));
  }
  return next;
}

/** Σ_x ∂C_x/∂w^l and Σ_x ∂C_x/∂b^l over the examples `rows`, shaped as the network's parameters. */
export function gradientSums(network: Network, data: Dataset, rows: readonly number[]): Network {
  const sum = cloneNetwork(network);
  for (const array of [...sum.weights, ...sum.biases]) array.fill(0);
  for (const row of rows) {
    const x = data.inputs.subarray(row * data.inputSize, (row + 1) * data.inputSize);
    const y = data.targets.subarray(row * data.outputSize, (row + 1) * data.outputSize);
    const trace = backprop(network, x, y);
    for (let l = 2; l <= network.sizes.length; l++) {
      trace.nablaW[l].forEach((g, i) => (sum.weights[l][i] += g));
      trace.nablaB[l].forEach((g, i) => (sum.biases[l][i] += g));
    }
  }
  return sum;
}

/** The largest |difference| between two networks' parameters. */
export function maxDifference(a: Network, b: Network): number {
  let max = 0;
  for (let l = 2; l <= a.sizes.length; l++) {
    a.weights[l].forEach((w, i) => (max = Math.max(max, Math.abs(w - b.weights[l][i]))));
    a.biases[l].forEach((v, i) => (max = Math.max(max, Math.abs(v - b.biases[l][i]))));
  }
  return max;
}
