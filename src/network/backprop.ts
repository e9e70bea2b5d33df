import { getActivation, getLayerActivation } from '../math/activations/index.ts';
import { getCost } from '../math/costs/index.ts';
import { layerSteps, layerTypeOf } from './layerTypes/index.ts';
import type { Network } from './network.ts';

/**
 * Everything backpropagation computes for one example: the "glass box" a learner inspects.
 * Arrays are indexed by layer number l as in FORMULAS.md (slots below 2 are empty, except
 * activations[1] = x). nablaW[l] has the shape of w^l.
 */
export interface BackpropTrace {
  /** (2) the cost C of this example */
  readonly cost: number;
  /** z^l, l = 2..L */
  readonly zs: Float64Array[];
  /** a^l, l = 1..L (a^1 = x) */
  readonly activations: Float64Array[];
  /** δ^l = ∂C/∂z^l (3), l = 2..L */
  readonly deltas: Float64Array[];
  /** ∂C/∂b^l (6; a conv layer's ∂C/∂b^l_f = Σ_{j,k} δ^l_{f,j,k}; empty for a pool layer) */
  readonly nablaB: Float64Array[];
  /** ∂C/∂w^l (7), shaped like w^l (a conv layer's (F, C, K_h, K_w)) */
  readonly nablaW: Float64Array[];
}

/**
 * Formulas 1–7 for one example (x, y), in float64, step by step. Each layer's own formulas
 * (dense, conv, pool: network/layerTypes/) give z^l, the sum δ^{l−1} takes before σ', and the
 * gradients; the layer-independent steps (σ, δ^L, ⊙ σ') are written here.
 */
export function backprop(network: Network, x: ArrayLike<number>, y: ArrayLike<number>): BackpropTrace {
  const { sizes, weights, biases } = network;
  const L = sizes.length;
  if (x.length !== sizes[0]) throw new RangeError(`input x has ${x.length} values; layer 1 has ${sizes[0]} neurons`);
  if (y.length !== sizes[L - 1]) throw new RangeError(`target y has ${y.length} values; layer ${L} has ${sizes[L - 1]} neurons`);
  const cost = getCost(network.cost);
  // σ_l for layer l is network.activations[l − 2]; softmax (output only) has no σ'.
  const sigma = (l: number) => getLayerActivation(network.activations[l - 2]);
  const elementWise = (l: number) => {
    const name = network.activations[l - 2];
    return name === 'softmax' ? undefined : getActivation(name);
  };
  const empty = (): Float64Array => new Float64Array(0);

  const steps = layerSteps(network);

  // (1) Feedforward, keeping every z^l and a^l.
  const zs: Float64Array[] = [empty(), empty()];
  const activations: Float64Array[] = [empty(), Float64Array.from(x)];
  for (let l = 2; l <= L; l++) {
    const nOut = sizes[l - 1];
    const z = new Float64Array(nOut);
    const a = new Float64Array(nOut);
    layerTypeOf(steps[l]).forward(steps[l], weights[l], biases[l], activations[l - 1], 0, z, 0);
    sigma(l).layer(z, a, 0, nOut);
    zs.push(z);
    activations.push(a);
  }

  const deltas: Float64Array[] = Array.from({ length: L + 1 }, empty);
  // (4) δ^L_j, the cost's own form (quadratic: (a^L_j − y_j) σ'(z^L_j))
  deltas[L] = new Float64Array(sizes[L - 1]);
  const output = elementWise(L);
  for (let j = 0; j < sizes[L - 1]; j++) deltas[L][j] = cost.delta(zs[L][j], activations[L][j], y[j], output);

  // (5) δ^l = (what layer l + 1 sends back) ⊙ σ_l'(z^l), for l = L−1 down to 2: for a dense
  // layer l + 1, δ^l_j = Σ_k w^{l+1}_{kj} δ^{l+1}_k σ_l'(z^l_j).
  for (let l = L - 1; l >= 2; l--) {
    const nl = sizes[l - 1];
    const prime = elementWise(l)!.prime; // hidden layers are element-wise
    const sum = new Float64Array(nl);
    layerTypeOf(steps[l + 1]).backward(steps[l + 1], weights[l + 1], activations[l], 0, deltas[l + 1], 0, sum, 0);
    deltas[l] = new Float64Array(nl);
    for (let j = 0; j < nl; j++) deltas[l][j] = sum[j] * prime(zs[l][j]);
  }

  // (6) ∂C/∂b^l (dense: δ^l),  (7) ∂C/∂w^l (dense: ∂C/∂w^l_{jk} = a^{l-1}_k δ^l_j)
  const nablaB: Float64Array[] = [empty(), empty()];
  const nablaW: Float64Array[] = [empty(), empty()];
  for (let l = 2; l <= L; l++) {
    const gradW = new Float64Array(weights[l].length);
    const gradB = new Float64Array(biases[l].length);
    layerTypeOf(steps[l]).gradients(steps[l], activations[l - 1], 0, deltas[l], 0, gradW, gradB);
    nablaB.push(gradB);
    nablaW.push(gradW);
  }

  return { cost: cost.fn(activations[L], y), zs, activations, deltas, nablaB, nablaW };
}
