import { defineCost } from './cost.ts';

/** (2) C = ½ ‖y − a^L‖²,  (4) δ^L = (a^L − y) ⊙ σ'(z^L), for any element-wise output σ. */
export const quadraticCost = defineCost({
  name: 'quadratic',
  fn(a, y) {
    let sum = 0;
    for (let j = 0; j < a.length; j++) {
      const d = y[j] - a[j];
      sum += d * d;
    }
    return 0.5 * sum;
  },
  delta(z, a, y, activation) {
    // activation is defined: the registry pairs the quadratic cost with element-wise outputs only.
    return (a - y) * activation!.prime(z);
  },
  outputs: 'element-wise',
  formula: { cost: 'C = ½‖y − a^L‖²', delta: "δ^L = (a^L − y) ⊙ σ'(z^L)" },
  tex: { cost: 'C = \\tfrac12 \\lVert y - a^L \\rVert^2 = \\tfrac12 \\sum_j (y_j - a^L_j)^2', delta: "\\delta^L = (a^L - y) \\odot \\sigma_L'(z^L)" },
});
