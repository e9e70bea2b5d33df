import type { UpdateRule } from './updateRule.ts';

/**
 * Adam (Kingma and Ba 2015): running means of the gradient and of its square,
 * m ← β₁ m + (1 − β₁) g and v ← β₂ v + (1 − β₂) g², corrected for their start at zero,
 * m̂ = m / (1 − β₁^t), v̂ = v / (1 − β₂^t); then p ← p − η m̂ / (√v̂ + ε).
 */
export const adamRule: UpdateRule = {
  name: 'adam',
  stateCount: 2,
  apply(p, nablaSum, r, state, i, h) {
    const g = nablaSum / h.m + r;
    const [m1, v] = state;
    m1[i] = h.beta1 * m1[i] + (1 - h.beta1) * g;
    v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g;
    const mHat = m1[i] / h.correction1;
    const vHat = v[i] / h.correction2;
    return p - (h.eta * mHat) / (Math.sqrt(vHat) + h.epsilon);
  },
  formula: 'm ← β₁ m + (1 − β₁) g,  v ← β₂ v + (1 − β₂) g²,  p ← p − η m̂ / (√v̂ + ε)',
};
