import { getLayerActivation } from '../math/activations/index.ts';
import type { Network } from './network.ts';

/**
 * (1) Feedforward for one example: a^1 = x, then z^l = w^l a^{l-1} + b^l and a^l = σ_l(z^l)
 * for l = 2..L. Returns a^L. Plain float64 loops: the definition, not the fast path
 * (kernels hold the fast one).
 */
export function feedforward(network: Network, x: ArrayLike<number>): Float64Array {
  const { sizes, weights, biases } = network;
  if (x.length !== sizes[0]) {
    throw new RangeError(`input has ${x.length} values; the network's first layer has ${sizes[0]} neurons`);
  }
  let aPrev = Float64Array.from(x);
  for (let l = 2; l <= sizes.length; l++) {
    const nOut = sizes[l - 1];
    const nIn = sizes[l - 2];
    const z = new Float64Array(nOut);
    for (let j = 0; j < nOut; j++) {
      let sum = biases[l][j];
      for (let k = 0; k < nIn; k++) sum += weights[l][j * nIn + k] * aPrev[k];
      z[j] = sum;
    }
    const a = new Float64Array(nOut);
    getLayerActivation(network.activations[l - 2]).layer(z, a, 0, nOut);
    aPrev = a;
  }
  return aPrev;
}

/**
 * (1) for a whole mini-batch held as a matrix with one example per row:
 * A^l = σ(A^{l-1} (w^l)^T + 1 (b^l)^T). `inputs` is m × n_1; returns a^L as m × n_L.
 */
export function feedforwardBatch(network: Network, inputs: ArrayLike<number>, m: number): Float64Array {
  const { sizes, weights, biases } = network;
  if (!Number.isInteger(m) || m < 0 || inputs.length !== m * sizes[0]) {
    throw new RangeError(`inputs hold ${inputs.length} values; ${m} examples of ${sizes[0]} inputs need ${m * sizes[0]}`);
  }
  let aPrev = Float64Array.from(inputs);
  for (let l = 2; l <= sizes.length; l++) {
    const nOut = sizes[l - 1];
    const nIn = sizes[l - 2];
    const sigma = getLayerActivation(network.activations[l - 2]);
    const z = new Float64Array(m * nOut);
    const a = new Float64Array(m * nOut);
    for (let n = 0; n < m; n++) {
      for (let j = 0; j < nOut; j++) {
        let sum = biases[l][j];
        for (let k = 0; k < nIn; k++) sum += weights[l][j * nIn + k] * aPrev[n * nIn + k];
        z[n * nOut + j] = sum;
      }
      sigma.layer(z, a, n * nOut, nOut);
    }
    aPrev = a;
  }
  return aPrev;
}
