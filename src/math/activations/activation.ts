/**
 * An activation σ as an {fn, prime} pair: each derivative sits beside its function
 * (formula 1 uses fn, formulas 4 and 5 use prime). One definition per file in this folder,
 * named after it, with its counterpart in the AssemblyScript kernel; index.ts lists them.
 */
export interface Activation {
  readonly name: string;
  /** σ(z) */
  fn(z: number): number;
  /** σ'(z) */
  prime(z: number): number;
  /**
   * False where σ' jumps (ReLU's kink at 0): a finite difference that straddles the jump is
   * wrong, so the gradient check takes a much smaller step there.
   */
  readonly smooth: boolean;
  /** How explain prints σ and σ' (e.g. 'σ(z) = 1 / (1 + e^{−z})'). */
  readonly formula: { readonly fn: string; readonly prime: string };
}

/**
 * Softmax is the one activation that is not element-wise, a^L_j = e^{z^L_j} / Σ_k e^{z^L_k}:
 * it is allowed only as the output layer, where the cost that pairs with it (log-likelihood)
 * gives δ^L directly (δ^L = a^L − y), so no σ' is ever needed.
 */
export interface LayerActivation {
  readonly name: string;
  /** False for softmax: it cannot be a hidden layer, and a cost must name it to pair with it. */
  readonly elementWise: boolean;
  /** a[from..from+n) = σ(z[from..from+n)), one layer of one example. */
  layer(z: ArrayLike<number>, a: { [i: number]: number }, from: number, n: number): void;
}
