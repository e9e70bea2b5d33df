import { defineRule } from './updateRule.ts';

/**
 * Plain gradient descent, p ← p − η g. Written p − (η/m) Σ − η r so that with no
 * regularisation (r = 0) it is exactly today's p − (η/m) Σ, bit for bit; with L2 it is
 * network2.py's w ← (1 − ηλ/n) w − (η/m) Σ up to rounding.
 */
export const sgdRule = defineRule({
  name: 'sgd',
  stateCount: 0,
  hyper: [],
  apply: (p, nablaSum, r, _state, _i, h) => p - h.etaOverM * nablaSum - h.eta * r,
  kernelConstants: () => [],
  formula: 'p ← p − η g',
  tex: 'p \\leftarrow p - \\eta\\, g',
});
