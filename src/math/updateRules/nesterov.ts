import { MOMENTUM } from './hyperParameters.ts';
import { defineRule } from './updateRule.ts';

/**
 * Nesterov's accelerated gradient in the form that needs the gradient at p only (Sutskever
 * et al. 2013; Bengio et al. 2012): v ← μ v − η g, then p ← p + μ v − η g, i.e. the
 * momentum step taken from the point the velocity was about to carry p to.
 */
export const nesterovRule = defineRule({
  name: 'nesterov',
  stateCount: 1,
  hyper: [MOMENTUM],
  apply(p, nablaSum, r, state, i, h) {
    const g = nablaSum / h.m + r;
    const v = state[0];
    v[i] = h.momentum * v[i] - h.eta * g;
    return p + h.momentum * v[i] - h.eta * g;
  },
  kernelConstants: (h) => [h.momentum],
  formula: 'v ← μ v − η g,  p ← p + μ v − η g',
  tex: 'v \\leftarrow \\mu v - \\eta\\, g, \\quad p \\leftarrow p + \\mu v - \\eta\\, g',
});
