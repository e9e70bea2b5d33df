import type { DenseLayer } from '../layers.ts';
import type { LayerType } from './layerType.ts';

/**
 * A dense layer, formulas (1), (5), (6), (7) of docs/formulas.md: w^l is n_l × n_{l−1}, row-major,
 * w^l_{jk} at j · n_{l−1} + k. The loops add in the order the reference kernel always has (k
 * upwards for z^l_j, k upwards for (5), one example after another for the sums), so dense
 * networks keep their bits.
 */
export const denseLayer: LayerType<DenseLayer> = {
  weightCount: ({ nIn, nOut }) => nIn * nOut,
  biasCount: ({ nOut }) => nOut,
  fanIn: ({ nIn }) => nIn,
  fanOut: ({ nOut }) => nOut,

  // (1) z^l_j = Σ_k w^l_{jk} a^{l−1}_k + b^l_j
  forward({ nIn, nOut }, w, b, aPrev, aFrom, z, zFrom) {
    for (let j = 0; j < nOut; j++) {
      let sum = b[j];
      for (let k = 0; k < nIn; k++) sum += w[j * nIn + k] * aPrev[aFrom + k];
      z[zFrom + j] = sum;
    }
  },

  // (5) Σ_k w^l_{kj} δ^l_k, for each neuron j of layer l − 1
  backward({ nIn, nOut }, w, _aPrev, _aFrom, delta, dFrom, into, intoFrom) {
    for (let j = 0; j < nIn; j++) {
      let sum = 0;
      for (let k = 0; k < nOut; k++) sum += w[k * nIn + j] * delta[dFrom + k];
      into[intoFrom + j] = sum;
    }
  },

  // (6) ∂C/∂b^l_j = δ^l_j,  (7) ∂C/∂w^l_{jk} = a^{l−1}_k δ^l_j
  gradients({ nIn, nOut }, aPrev, aFrom, delta, dFrom, nablaW, nablaB) {
    for (let j = 0; j < nOut; j++) {
      const d = delta[dFrom + j];
      nablaB[j] += d;
      for (let k = 0; k < nIn; k++) nablaW[j * nIn + k] += d * aPrev[aFrom + k];
    }
  },
};
