import type { ActivationName } from '../math/activations.ts';
import type { CostName } from '../math/costs.ts';
import type { Network } from '../network/network.ts';

/**
 * The one kernel interface. A kernel owns the hot loops of training and inference:
 * a plain TypeScript reference (the oracle) and fast WebAssembly kernels implement it,
 * and one test suite runs against all of them. Node and the browser share it.
 *
 * A kernel holds its own copy of the parameters (in its dtype, in its own memory) and
 * its own copies of the datasets it trains on, so that a mini-batch step is one call
 * with no copying. `setParameters` / `getParameters` move parameters in and out.
 */
export type DType = 'float32' | 'float64';
export type FloatArray = Float32Array | Float64Array;

/** The dataset type lives with the data (src/data/dataset.ts); kernels take it as it is. */
export type { Dataset } from '../data/dataset.ts';
import type { Dataset } from '../data/dataset.ts';

/** The shape and functions a kernel is built for. */
export interface KernelSpec {
  readonly sizes: readonly number[];
  readonly activation: ActivationName;
  readonly cost: CostName;
  readonly dtype: DType;
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

  /** Makes a dataset resident (copied once); its sizes must match the spec's first and last layer. */
  loadDataset(dataset: Dataset): ResidentDataset;

  /**
   * One step of mini-batch gradient descent over the m examples order[start], ...,
   * order[start + m - 1] of `data`: feedforward (1), output error (4), backpropagated
   * errors (5), gradients (6, 7) summed over the batch, then
   *   w^l ← w^l − (η/m) Σ_x ∂C_x/∂w^l,   b^l ← b^l − (η/m) Σ_x ∂C_x/∂b^l
   * with every δ computed from the weights as they were before this step.
   * Returns nothing; the cost is measured by `feedforwardDataset`, off the hot path.
   */
  trainBatch(data: ResidentDataset, order: Uint32Array, start: number, m: number, learningRate: number): void;

  /**
   * Feedforward (1) on examples [first, first + count) of `data` (all of them by default),
   * writing a^L row by row into `out` (count × outputSize).
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
  create(spec: KernelSpec): Kernel | Promise<Kernel>;
}
