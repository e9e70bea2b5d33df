import { defineActivation } from './activation.ts';

/**
 * ReLU, σ(z) = max(0, z): σ'(z) = 1 for z > 0, else 0 (the derivative at the kink z = 0 is
 * taken as 0, as most libraries do; a gradient check never lands exactly on it).
 */
export const reluActivation = defineActivation({
  name: 'relu',
  fn: (z) => (z > 0 ? z : 0),
  prime: (z) => (z > 0 ? 1 : 0),
  smooth: false,
  formula: { fn: 'σ(z) = max(0, z)', prime: "σ'(z) = 1 if z > 0, else 0" },
  tex: { fn: '\\sigma(z) = \\max(0, z)', prime: "\\sigma'(z) = [z > 0]" },
  onnx: { op: 'Relu' },
  pytorch: 'nn.ReLU()',
});
