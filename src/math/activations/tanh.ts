import { defineActivation } from './activation.ts';

/** tanh(z) = (e^z − e^{−z}) / (e^z + e^{−z}), tanh'(z) = 1 − tanh²(z): a sigmoid centred on 0, outputs in (−1, 1). */
export const tanhActivation = defineActivation({
  name: 'tanh',
  fn: (z) => Math.tanh(z),
  prime(z) {
    const t = Math.tanh(z);
    return 1 - t * t;
  },
  smooth: true,
  formula: { fn: 'σ(z) = tanh z', prime: "σ'(z) = 1 − tanh² z" },
  tex: { fn: '\\sigma(z) = \\tanh z', prime: "\\sigma'(z) = 1 - \\tanh^2 z" },
  onnx: { op: 'Tanh' },
  pytorch: 'nn.Tanh()',
});
