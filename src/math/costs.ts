import type { Activation } from './activations.ts';

/**
 * Cost functions as {fn, delta} pairs (the shape of network2.py's cost classes).
 * `fn` is the cost of one example; `delta` is that example's output error δ^L_j.
 */
export interface Cost {
  readonly name: CostName;
  /** C for one example: outputs a = a^L, desired outputs y. */
  fn(a: ArrayLike<number>, y: ArrayLike<number>): number;
  /** δ^L_j = ∂C/∂z^L_j for one output neuron. */
  delta(z: number, a: number, y: number, activation: Activation): number;
}

export const costNames = ['quadratic'] as const;
export type CostName = (typeof costNames)[number];

/** (2) C = ½ ‖y − a^L‖²,  (4) δ^L = (a^L − y) ⊙ σ'(z^L) */
export const quadraticCost: Cost = {
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
    return (a - y) * activation.prime(z);
  },
};

const costs: Record<CostName, Cost> = { quadratic: quadraticCost };

export function getCost(name: CostName): Cost {
  return costs[name];
}

export function isCostName(name: unknown): name is CostName {
  return typeof name === 'string' && (costNames as readonly string[]).includes(name);
}
