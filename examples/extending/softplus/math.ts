// Copy to src/math/activations/softplus.ts (see ../README.md): the TypeScript definition.
import { defineActivation } from './activation.ts';
import { sigmoid } from './sigmoid.ts';

/**
 * Softplus, σ(z) = ln(1 + e^z): a smooth ReLU (Dugas et al. 2001), whose derivative is the
 * logistic function, σ'(z) = 1 / (1 + e^{−z}). Computed as max(z, 0) + ln(1 + e^{−|z|}), the
 * same value, so that e^z never overflows.
 */
export function softplus(z: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
}

export const softplusActivation = defineActivation({
  name: 'softplus',
  fn: softplus,
  prime: sigmoid,
  smooth: true,
  formula: { fn: 'σ(z) = ln(1 + e^z)', prime: "σ'(z) = 1 / (1 + e^{−z})" },
  tex: { fn: '\\sigma(z) = \\ln(1 + e^{z})', prime: "\\sigma'(z) = \\frac{1}{1 + e^{-z}}" },
  onnx: { op: 'Softplus' },
  pytorch: 'nn.Softplus()',
});
