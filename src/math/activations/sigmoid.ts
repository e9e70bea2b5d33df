import { defineActivation } from './activation.ts';

/**
 * σ(z) = 1 / (1 + e^{-z}), computed so that it never overflows: for z < 0 it uses the
 * equal form e^{z} / (1 + e^{z}). σ(1000) = 1 and σ(-1000) = 0, never NaN.
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** σ'(z) = σ(z)(1 − σ(z)) */
export function sigmoidPrime(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

export const sigmoidActivation = defineActivation({
  name: 'sigmoid',
  fn: sigmoid,
  prime: sigmoidPrime,
  smooth: true,
  formula: { fn: 'σ(z) = 1 / (1 + e^{−z})', prime: "σ'(z) = σ(z)(1 − σ(z))" },
  tex: { fn: '\\sigma(z) = \\frac{1}{1 + e^{-z}}', prime: "\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))" },
  onnx: { op: 'Sigmoid' },
  pytorch: 'nn.Sigmoid()',
});
