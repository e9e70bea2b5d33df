import type { UpdateRule } from './updateRule.ts';

/**
 * Nesterov's accelerated gradient in the form that needs the gradient at p only (Sutskever
 * et al. 2013; Bengio et al. 2012): v ← μ v − η g, then p ← p + μ v − η g, i.e. the
 * momentum step taken from the point the velocity was about to carry p to.
 */
export const nesterovRule: UpdateRule = {
  name: 'nesterov',
  stateCount: 1,
  apply(p, nablaSum, r, state, i, h) {
    const g = nablaSum / h.m + r;
    const v = state[0];
    v[i] = h.momentum * v[i] - h.eta * g;
    return p + h.momentum * v[i] - h.eta * g;
  },
  formula: 'v ← μ v − η g,  p ← p + μ v − η g',
};
