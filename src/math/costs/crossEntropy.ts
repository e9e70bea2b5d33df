import { defineCost } from './cost.ts';

/**
 * The cross-entropy cost, C = −Σ_j [y_j ln a_j + (1 − y_j) ln(1 − a_j)]. With sigmoid outputs
 * ∂C/∂a_j = (a_j − y_j) / (a_j(1 − a_j)) and σ'(z_j) = a_j(1 − a_j) cancel, so δ^L = a^L − y:
 * no σ' to slow learning when an output saturates (the point of network2.py's CrossEntropyCost).
 * A term whose weight y_j or 1 − y_j is 0 is left out, so a saturated output gives a finite C
 * where the other term's log would be −∞ times 0 (network2.py's nan_to_num).
 */
export const crossEntropyCost = defineCost({
  name: 'cross-entropy',
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) {
      if (y[j] !== 0) sum -= y[j] * Math.log(a[j]);
      if (y[j] !== 1) sum -= (1 - y[j]) * Math.log(1 - a[j]);
    }
    return sum;
  },
  delta: (_z, a, y) => a - y,
  outputs: ['sigmoid'],
  formula: { cost: 'C = −Σ_j [y_j ln a^L_j + (1 − y_j) ln(1 − a^L_j)]', delta: 'δ^L = a^L − y' },
  tex: { cost: 'C = -\\sum_j \\left[y_j \\ln a^L_j + (1 - y_j) \\ln (1 - a^L_j)\\right]', delta: "\\delta^L = a^L - y \\quad (\\text{sigmoid output: } \\sigma'\\text{ cancels})" },
});
