import { defineActivation } from './activation.ts';

/** The identity, σ(z) = z, σ'(z) = 1: a regression's output layer. */
export const linearActivation = defineActivation({
  name: 'linear',
  fn: (z) => z,
  prime: () => 1,
  smooth: true,
  formula: { fn: 'σ(z) = z', prime: "σ'(z) = 1" },
  tex: { fn: '\\sigma(z) = z', prime: "\\sigma'(z) = 1" },
  onnx: { op: 'Identity' },
  pytorch: 'nn.Identity()',
});
