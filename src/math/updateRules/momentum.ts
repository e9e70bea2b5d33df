import { MOMENTUM } from './hyperParameters.ts';
import { defineRule } from './updateRule.ts';

/**
 * Momentum (the reference's chapter 3): a velocity v that the gradient accelerates and the
 * friction 1 − μ slows, v ← μ v − η g, then p ← p + v.
 */
export const momentumRule = defineRule({
  name: 'momentum',
  stateCount: 1,
  hyper: [MOMENTUM],
  apply(p, nablaSum, r, state, i, h) {
    const g = nablaSum / h.m + r;
    const v = state[0];
    v[i] = h.momentum * v[i] - h.eta * g;
    return p + v[i];
  },
  kernelConstants: (h) => [h.momentum],
  formula: 'v ← μ v − η g,  p ← p + v',
  tex: 'v \\leftarrow \\mu v - \\eta\\, g, \\quad p \\leftarrow p + v',
});
