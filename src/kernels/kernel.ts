import type { ActivationName, LayerActivationName } from '../math/activations/index.ts';
import type { CostName } from '../math/costs/index.ts';
import type { UpdateRuleName, UpdateRuleSpec } from '../math/updateRules/index.ts';
import type { Layer, Shape } from '../network/layers.ts';
import type { Network } from '../network/network.ts';

/**
 * The one kernel interface. A kernel owns the hot loops of training and inference:
 * a plain TypeScript reference (the oracle, reference.ts) and fast WebAssembly kernels
 * implement it, and one test suite (test/kernels/kernels.test.ts) runs against all of them
 * over every activation × cost × update rule the registries hold. Node and the browser share it.
 *
 * A kernel holds its own copy of the parameters (in its dtype, in its own memory), its own
 * update-rule state, and its own copies of the datasets it trains on, so that a mini-batch step
 * is one call with no copying. `setParameters` / `getParameters` and `setUpdateState` /
 * `getUpdateState` move them in and out.
 *
 * The contract every kernel keeps (the reference's computation, to rounding):
 * - forward (1): z^l = w^l a^{l−1} + b^l, a^l = σ_l(z^l) with σ_l = spec.activations[l − 2]
 *   (softmax, only as σ_L, over the whole layer);
 * - output error (4): δ^L_j = cost.delta(z^L_j, a^L_j, y_j, σ_L) (math/costs/);
 * - hidden errors (5): δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ_l'(z^l), from the weights before the step;
 * - gradients (6, 7) summed over the m examples: Σ_x δ^l and Σ_x δ^l (a^{l−1})^T;
 * - then each parameter p ← rule.apply(p, Σ, r, state, …) (math/updateRules/) with
 *   r = (λ₂/n) w + (λ₁/n) sgn w for weights, 0 for biases (math/regularisation.ts);
 * - dropout p > 0 (training only, hidden layers l = 2..L−1): after a^l is stored, a^l_j is
 *   multiplied by d = 1/(1 − p) (rounded to the dtype) if math/dropout.ts keeps neuron j for
 *   (dropoutSeed, t, the example's dataset row, l, j), else set to 0; the same factor (d or 0)
 *   multiplies δ^l_j in (5). Inference never drops.
 * With the defaults (plain SGD, no regularisation, no dropout) a step is exactly
 * w ← w − (η/m) Σ ∂C_x/∂w, as before any of this existed, bit for bit.
 */
export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/** The dataset type lives with the data (src/data/dataset.ts); kernels take it as it is. */
export type { Dataset } from '../data/dataset.ts';
import type { Dataset } from '../data/dataset.ts';

/** The shape, functions and training rule a kernel is built for (normalised: see spec.ts). */
export interface KernelSpec {
  readonly sizes: readonly number[];
  /** σ_l for each layer l = 2..L (activations[l − 2]); 'softmax' only as the last. */
  readonly activations: readonly LayerActivationName[];
  readonly cost: CostName;
  readonly dtype: DType;
  /** Default: plain SGD, no regularisation. */
  readonly update?: UpdateRuleSpec;
  /** The probability p of dropping a hidden neuron during training (default 0: none). */
  readonly dropout?: number;
  /**
   * Convolutional and pooling layers (network/layers.ts): layer 1's shape and layers l = 2..L.
   * Absent for a dense network. A kernel that cannot run them says so in `unsupported`.
   */
  readonly inputShape?: Shape;
  readonly layers?: readonly Layer[];
}

/**
 * What callers may pass where a spec is taken: a KernelSpec, or the older form with one
 * `activation` for every layer (`{ sizes, activation: 'sigmoid', cost, dtype }`), which
 * normalizeSpec (spec.ts) turns into `activations`.
 */
export type KernelSpecInput =
  | KernelSpec
  | (Omit<KernelSpec, 'activations'> & { readonly activation: ActivationName; readonly activations?: undefined });

export type { UpdateRuleSpec } from '../math/updateRules/index.ts';

/**
 * One trainBatch step's settings beyond η. Passing a bare number η means: n = the resident
 * dataset's size, t = the kernel's own count of steps + 1, dropoutSeed 0.
 */
export interface TrainStep {
  /** η */
  readonly learningRate: number;
  /** n, the size of the training set, for L2's and L1's λ/n (default: the dataset's count) */
  readonly trainingSize?: number;
  /** The 1-based global step count (Adam's bias correction 1 − β^t, and the dropout masks). */
  readonly t?: number;
  /** Seeds the dropout masks (math/dropout.ts); default 0. */
  readonly dropoutSeed?: number;
}

/**
 * An update rule's state, moved in and out of a kernel (for checkpoints): `weights[s][l]` and
 * `biases[s][l]` are the rule's state array s (momentum's velocity; Adam's m, then v) for
 * w^l and b^l, shaped like them, for l = 2..L (slots 0 and 1 empty, as in Network).
 */
export interface UpdateState {
  readonly rule: UpdateRuleName;
  /** Steps the kernel has taken (the t of the last one): where a bare-η trainBatch counts on from. */
  readonly steps: number;
  readonly weights: Float64Array[][];
  readonly biases: Float64Array[][];
  /**
   * A kernel that keeps w^2 as a scale times a matrix (the WebAssembly kernels, for SGD with
   * L2: src/kernels/wasm/w2Scale.ts) gives both, n_2 × n_1 like w^2, so that a run resumed
   * from this state continues with the same bits; set it after setParameters. Other kernels
   * ignore it.
   */
  readonly w2Scaled?: { readonly scale: number; readonly weights: Float64Array };
}

/** A dataset made resident in a kernel by `loadDataset`. */
export interface ResidentDataset {
  readonly count: number;
  readonly dataset: Dataset;
  /** Frees the kernel's copy. */
  release(): void;
}

export interface Kernel {
  /** e.g. 'reference', 'wasm-simd', 'wasm-relaxed-simd', 'wasm-simd-threads' */
  readonly name: string;
  readonly spec: KernelSpec;

  /** Copies the network's parameters into the kernel (rounded to the kernel's dtype). */
  setParameters(network: Network): void;
  /** Copies the kernel's current parameters out into `network` (same sizes). */
  getParameters(network: Network): void;

  /** The update rule's state (zeros before the first step), as float64 copies. */
  getUpdateState(): UpdateState;
  /** Restores a state from getUpdateState (same rule and sizes; rounded to the dtype). */
  setUpdateState(state: UpdateState): void;

  /** Makes a dataset resident (copied once); its sizes must match the spec's first and last layer. */
  loadDataset(dataset: Dataset): ResidentDataset;

  /**
   * One step of mini-batch training over the m examples order[start], ...,
   * order[start + m − 1] of `data`, as the contract above says. `step` is η, or a TrainStep.
   * Returns nothing; the cost is measured by `feedforwardDataset`, off the hot path.
   */
  trainBatch(data: ResidentDataset, order: Uint32Array, start: number, m: number, step: number | TrainStep): void;

  /**
   * Feedforward (1) on examples [first, first + count) of `data` (all of them by default),
   * writing a^L row by row into `out` (count × outputSize). Never drops neurons.
   */
  feedforwardDataset(data: ResidentDataset, out: FloatArray, first?: number, count?: number): void;

  /** Frees what the kernel holds (WebAssembly memory, worker threads). */
  dispose(): void | Promise<void>;
}

/** Something that makes kernels: the registry picks the fastest one the engine supports. */
export interface KernelFactory {
  readonly name: string;
  /** False where the engine lacks what the kernel needs (e.g. WebAssembly SIMD) or for a spec it does not cover. */
  supports(spec: KernelSpec): boolean;
  /** Why it cannot run `spec` (naming the configuration), or undefined when it can. */
  unsupported?(spec: KernelSpec): string | undefined;
  create(spec: KernelSpecInput): Kernel | Promise<Kernel>;
}
