import type { Activation } from './activation.ts';

/** tanh(z) = (e^z − e^{−z}) / (e^z + e^{−z}), tanh'(z) = 1 − tanh²(z): a sigmoid centred on 0, outputs in (−1, 1). */
export const tanhActivation: Activation = {
  name: 'tanh',
  fn: (z) => Math.tanh(z),
  prime(z) {
    const t = Math.tanh(z);
    return 1 - t * t;
  },
  smooth: true,
  formula: { fn: 'σ(z) = tanh z', prime: "σ'(z) = 1 − tanh² z" },
};
