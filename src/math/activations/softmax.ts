import { defineLayerActivation } from './activation.ts';

/**
 * Softmax, a_j = e^{z_j} / Σ_k e^{z_k}: outputs that are positive and sum to 1, a probability
 * for each class. Computed as e^{z_j − max z} / Σ_k e^{z_k − max z} (the same value), so that
 * no e^z overflows. Not element-wise: only an output layer, paired with the log-likelihood cost.
 */
export function softmax(z: ArrayLike<number>, a: { [i: number]: number }, from: number, n: number): void {
  let max = -Infinity;
  for (let j = from; j < from + n; j++) if (z[j] > max) max = z[j];
  let sum = 0;
  for (let j = from; j < from + n; j++) sum += Math.exp(z[j] - max);
  for (let j = from; j < from + n; j++) a[j] = Math.exp(z[j] - max) / sum;
}

export const softmaxActivation = defineLayerActivation({
  name: 'softmax',
  elementWise: false,
  layer: softmax,
  tex: { fn: '\\mathrm{softmax}(z)_j = \\frac{e^{z_j}}{\\sum_k e^{z_k}}', prime: '' },
  onnx: { op: 'Softmax', attributes: [{ name: 'axis', int: 1 }] },
  pytorch: 'nn.Softmax(dim=1)',
});
