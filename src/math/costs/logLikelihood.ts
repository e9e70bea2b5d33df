import { defineCost } from './cost.ts';

/**
 * The log-likelihood cost with a softmax output layer, C = −ln a^L_y (the output of the right
 * class), written −Σ_j y_j ln a^L_j for a one-hot y. Through softmax's Jacobian,
 * δ^L_j = Σ_k (∂C/∂a_k)(∂a_k/∂z_j) = −Σ_k (y_k/a_k) a_k(1[k=j] − a_j) = a_j Σ_k y_k − y_j = a_j − y_j
 * when Σ_k y_k = 1 (one-hot targets, which a classifier has).
 */
export const logLikelihoodCost = defineCost({
  name: 'log-likelihood',
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) if (y[j] !== 0) sum -= y[j] * Math.log(a[j]);
    return sum;
  },
  delta: (_z, a, y) => a - y,
  outputs: ['softmax'],
  formula: { cost: 'C = −ln a^L_y  (= −Σ_j y_j ln a^L_j, y one-hot)', delta: 'δ^L = a^L − y' },
  tex: { cost: 'C = -\\ln a^L_{y} = -\\sum_j y_j \\ln a^L_j \\quad (y \\text{ one-hot})', delta: '\\delta^L = a^L - y \\quad (\\text{softmax output})' },
});
