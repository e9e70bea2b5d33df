import { activationNames, layerActivationNames, type ActivationName, type LayerActivationName } from '../../src/math/activations/index.ts';
import { costNames, outputsFor, type CostName } from '../../src/math/costs/index.ts';
import { updateRuleNames, type UpdateRuleName } from '../../src/math/updateRules/index.ts';
import type { Rng } from '../../src/math/rng.ts';

/**
 * Every configuration the registries define, generated from them so that a new activation,
 * cost or update rule is covered by the gradient check and the kernel suite without a new test:
 * each cost with each output activation its δ^L is written for, and each hidden activation.
 */
export interface Combination {
  readonly hidden: ActivationName;
  readonly output: LayerActivationName;
  readonly cost: CostName;
}

export function combinations(): Combination[] {
  return costNames.flatMap((cost) =>
    outputsFor(cost, layerActivationNames).flatMap((output) => activationNames.map((hidden) => ({ hidden, output, cost }))),
  );
}

export const rules: readonly UpdateRuleName[] = updateRuleNames;

/** The per-layer activations of a network of `layers` layers l = 2..L: hidden ones, then the output. */
export function activationsOf(c: Combination, layers: number): LayerActivationName[] {
  return [...Array<LayerActivationName>(layers - 1).fill(c.hidden), c.output];
}

/**
 * A target y the cost is defined for: one-hot for log-likelihood (its δ^L = a − y assumes
 * Σ y = 1), in (0, 1) for cross-entropy and the sigmoid, any value otherwise.
 */
export function targetFor(c: Combination, rng: Rng, n: number): number[] {
  if (c.output === 'softmax') {
    const y = new Array<number>(n).fill(0);
    y[rng.int(n)] = 1;
    return y;
  }
  if (c.output === 'sigmoid' || c.cost === 'cross-entropy') return Array.from({ length: n }, () => 0.05 + 0.9 * rng.uniform());
  return Array.from({ length: n }, () => rng.normal());
}
