import { EPSILON } from './hyperParameters.ts';
import { power } from './power.ts';
import { defineHyperParameter, defineRule } from './updateRule.ts';

/**
 * Adam (Kingma and Ba 2015): running means of the gradient and of its square,
 * m ← β₁ m + (1 − β₁) g and v ← β₂ v + (1 − β₂) g², corrected for their start at zero,
 * m̂ = m / (1 − β₁^t), v̂ = v / (1 − β₂^t); then p ← p − η m̂ / (√v̂ + ε).
 */
export const adamRule = defineRule({
  name: 'adam',
  stateCount: 2,
  hyper: [
    defineHyperParameter({ name: 'beta1', symbol: 'β₁', description: "Adam's β₁", tex: '\\beta_1', default: 0.9, range: 'unit', flag: true }),
    defineHyperParameter({ name: 'beta2', symbol: 'β₂', description: "Adam's β₂", tex: '\\beta_2', default: 0.999, range: 'unit', flag: true }),
    EPSILON,
  ],
  perStep: (h, t) => ({ correction1: 1 - power(h.beta1, t), correction2: 1 - power(h.beta2, t) }),
  apply(p, nablaSum, r, state, i, h) {
    const g = nablaSum / h.m + r;
    const [m1, v] = state;
    m1[i] = h.beta1 * m1[i] + (1 - h.beta1) * g;
    v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g;
    const mHat = m1[i] / h.correction1;
    const vHat = v[i] / h.correction2;
    return p - (h.eta * mHat) / (Math.sqrt(vHat) + h.epsilon);
  },
  // the hyper-parameters and corrections, then what the WebAssembly step multiplies by,
  // computed here once a step in float64 (assembly/updateRules/adam.ts)
  kernelConstants: (h) => [h.beta1, h.beta2, h.epsilon, h.correction1, h.correction2, 1 - h.beta1, 1 - h.beta2, h.eta / h.correction1, 1 / h.correction2],
  formula: 'm ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,  p ← p − η m̂ / (√v̂ + ε)',
  tex: 'm \\leftarrow \\beta_1 m + (1 - \\beta_1) g, \\quad v \\leftarrow \\beta_2 v + (1 - \\beta_2) g^2, \\quad p \\leftarrow p - \\eta\\, \\frac{\\hat m}{\\sqrt{\\hat v} + \\varepsilon}',
});
