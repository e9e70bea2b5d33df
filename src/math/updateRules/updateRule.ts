/**
 * An update rule as an {initState, apply} pair: how one parameter p moves, given the batch's
 * summed gradient Σ_x ∂C_x/∂p. Gradients are computed once (formulas 4–7) by every kernel the
 * same way; the rule only applies them, so every rule composes with every cost and activation,
 * and with the regularisation term r. One definition per file in this folder, named after it,
 * with its counterpart in the AssemblyScript kernel; index.ts lists them.
 *
 * The mean gradient a rule follows is g = Σ_x ∂C_x/∂p / m + r, where r = ∂(regulariser)/∂p:
 * (λ₂/n) p for L2 and (λ₁/n) sgn p for L1 on weights, 0 on biases (see regularisation.ts).
 */
export interface UpdateRule {
  readonly name: string;
  /**
   * Values of state kept per parameter (0 for SGD, 1 velocity for momentum and Nesterov,
   * 2 moments for Adam), each in its own array the size of the parameter array, all zero
   * at the start of training.
   */
  readonly stateCount: number;
  /**
   * The new value of parameter i, whose value is p and whose summed gradient over the batch
   * is `nablaSum`; reads and writes its state[s][i]. Stored state is read back from the array
   * (not kept in a float64 local) so that a float32 kernel uses the rounded value it stored.
   */
  apply(p: number, nablaSum: number, r: number, state: readonly StateArray[], i: number, h: StepConstants): number;
  /** How explain and --help print the rule. */
  readonly formula: string;
}

export type StateArray = Float32Array | Float64Array;

/** What a step of every rule may need, computed once per mini-batch. */
export interface StepConstants {
  /** η */
  readonly eta: number;
  /** the batch size m */
  readonly m: number;
  /** η/m, computed once: plain SGD multiplies Σ by it (as every kernel did before rules existed) */
  readonly etaOverM: number;
  /** μ, for momentum and Nesterov */
  readonly momentum: number;
  /** Adam's β₁, β₂, ε */
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Adam's bias corrections 1 − β₁^t and 1 − β₂^t, for the 1-based global step t */
  readonly correction1: number;
  readonly correction2: number;
}
