import type { Layer, Shape } from '../layers.ts';

/**
 * One layer l = 2..L as the formulas see it: its definition, the shape of a^{l−1} it reads and
 * of z^l, a^l it writes, and their flat sizes (n_{l−1} = sizes[l − 2], n_l = sizes[l − 1]).
 * A dense network's layers are dense layers between [1, 1, n] shapes.
 */
export interface LayerStep<T extends Layer = Layer> {
  readonly layer: T;
  readonly input: Shape;
  readonly output: Shape;
  readonly nIn: number;
  readonly nOut: number;
}

/**
 * A layer type's formulas, written once (conv.ts, pool.ts, dense.ts) and used by the glass-box
 * feedforward and backprop (network/) and by the reference kernel. Every function works on one
 * example whose values start at an offset (`aFrom`, `zFrom`, …) of a flat array, so a kernel
 * can hand it a row of a mini-batch matrix. Values are stored channel first (layers.ts).
 */
export interface LayerType<T extends Layer = Layer> {
  /** The number of weights and of biases the layer holds (0 for a pool layer). */
  weightCount(step: LayerStep<T>): number;
  biasCount(step: LayerStep<T>): number;
  /** The inputs each weighted input z^l_j sums over (n_in of the initialisers: C · K_h · K_w for a conv layer). */
  fanIn(step: LayerStep<T>): number;
  /** The weighted inputs each input feeds (n_out of the initialisers: F · K_h · K_w for a conv layer, as PyTorch counts it). */
  fanOut(step: LayerStep<T>): number;
  /** (1) z^l from a^{l−1} (the caller applies σ_l). */
  forward(step: LayerStep<T>, w: ArrayLike<number>, b: ArrayLike<number>, aPrev: ArrayLike<number>, aFrom: number, z: Writable, zFrom: number): void;
  /**
   * The sum δ^{l−1} takes before σ'_{l−1}(z^{l−1}): (5) Σ_k w^l_{kj} δ^l_k for a dense layer, the
   * full correlation with the flipped kernels for a conv layer, the window maximum's δ (0 elsewhere)
   * for a pool layer. Written (not added) into `into[intoFrom ..)`, n_{l−1} values, in float64:
   * the caller multiplies by σ' and rounds once when it stores δ^{l−1}.
   */
  backward(step: LayerStep<T>, w: ArrayLike<number>, aPrev: ArrayLike<number>, aFrom: number, delta: ArrayLike<number>, dFrom: number, into: Writable, intoFrom: number): void;
  /** (6), (7): adds this example's ∂C/∂b^l and ∂C/∂w^l into the sums `nablaB`, `nablaW`. */
  gradients(step: LayerStep<T>, aPrev: ArrayLike<number>, aFrom: number, delta: ArrayLike<number>, dFrom: number, nablaW: Writable, nablaB: Writable): void;
}

export interface Writable {
  [i: number]: number;
  readonly length: number;
}
