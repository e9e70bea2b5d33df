import type { Activation } from '../activations/activation.ts';
import type { LayerActivationName } from '../activations/index.ts';

/**
 * A cost as an {fn, delta} pair (the shape of network2.py's cost classes): `fn` is the cost
 * of one example, `delta` is that example's output error δ^L_j = ∂C/∂z^L_j (formula 4 for
 * this cost). One definition per file in this folder, named after it, with its counterpart
 * in the AssemblyScript kernel (assembly/costs/<name>.ts); `npm run build:wasm` lists them
 * in definitions.generated.ts.
 */
export interface Cost<N extends string = string> {
  readonly name: N;
  /** C for one example: outputs a = a^L, desired outputs y. */
  fn(a: ArrayLike<number>, y: ArrayLike<number>): number;
  /**
   * δ^L_j for one output neuron. `activation` is the output layer's σ when it is element-wise;
   * for softmax it is undefined (the costs that pair with softmax do not need it).
   */
  delta(z: number, a: number, y: number, activation: Activation | undefined): number;
  /**
   * The output layers δ^L is written for: 'element-wise' for any element-wise σ, or a list
   * (cross-entropy's a − y holds for sigmoid outputs only, log-likelihood's for softmax only).
   */
  readonly outputs: 'element-wise' | readonly LayerActivationName[];
  /** How explain prints formulas 2 and 4 for this cost (σ stands for the output activation). */
  readonly formula: { readonly cost: string; readonly delta: string };
  /** Formulas 2 and 4 in TeX, for the playground's stepper. */
  readonly tex: { readonly cost: string; readonly delta: string };
}

/** Checks a definition's shape and keeps its name's literal type (for the registry's name union). */
export function defineCost<const N extends string>(definition: Cost<N>): Cost<N> {
  return definition;
}
