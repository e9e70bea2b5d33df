import { getLayerActivation } from '../math/activations/index.ts';
import { layerSteps, layerTypeOf } from './layerTypes/index.ts';
import type { Network } from './network.ts';

/**
 * (1) Feedforward for one example: a^1 = x, then z^l from a^{l−1} by layer l's formulas (dense:
 * z^l = w^l a^{l-1} + b^l; conv and pool: network/layerTypes/) and a^l = σ_l(z^l) for l = 2..L.
 * Returns a^L. Plain float64 loops: the definition, not the fast path (kernels hold the fast one).
 */
export function feedforward(network: Network, x: ArrayLike<number>): Float64Array {
  const { sizes } = network;
  if (x.length !== sizes[0]) {
    throw new RangeError(`input has ${x.length} values; the network's first layer has ${sizes[0]} neurons`);
  }
  return feedforwardBatch(network, x, 1);
}

/**
 * (1) for a whole mini-batch held as a matrix with one example per row (for a dense network
 * A^l = σ(A^{l-1} (w^l)^T + 1 (b^l)^T)). `inputs` is m × n_1; returns a^L as m × n_L.
 */
export function feedforwardBatch(network: Network, inputs: ArrayLike<number>, m: number): Float64Array {
  const { sizes, weights, biases } = network;
  if (!Number.isInteger(m) || m < 0 || inputs.length !== m * sizes[0]) {
    throw new RangeError(`inputs hold ${inputs.length} values; ${m} examples of ${sizes[0]} inputs need ${m * sizes[0]}`);
  }
  const steps = layerSteps(network);
  let aPrev = Float64Array.from(inputs);
  for (let l = 2; l <= sizes.length; l++) {
    const { nIn, nOut } = steps[l];
    const type = layerTypeOf(steps[l]);
    const sigma = getLayerActivation(network.activations[l - 2]);
    const z = new Float64Array(m * nOut);
    const a = new Float64Array(m * nOut);
    for (let n = 0; n < m; n++) {
      type.forward(steps[l], weights[l], biases[l], aPrev, n * nIn, z, n * nOut);
      sigma.layer(z, a, n * nOut, nOut);
    }
    aPrev = a;
  }
  return aPrev;
}
