import type { DType } from '../kernel.ts';
import type { KernelExports } from './modules.ts';

/**
 * How a WebAssembly kernel's batches run on its threads (wasm-kernel.ts drives the memory;
 * src/node/threads supplies the runner for several threads). With one thread the runner is a
 * plain call.
 */

/** What a runner needs to drive the kernel's WebAssembly code on its threads. */
export interface WasmContext {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  readonly dtype: DType;
  readonly threads: number;
  /** n_L: values per output row. */
  readonly outputSize: number;
  /** Address of a zeroed block of `controlWords` words the runner uses for synchronisation (0 without one). */
  readonly control: number;
  /** L, the number of layers. */
  readonly layers: number;
  /**
   * Copies thread 0's w^l, b^l (l ≥ 3) over the other training thread's copy: after batches
   * run whole on thread 0 (which update only its own), before the threads train or infer again.
   */
  readonly syncCopies: () => void;
}

/**
 * Runs one mini-batch, or one inference request, on every thread, from the plan at address
 * `plan`. `train` may return while other threads still finish the batch's last phase (they
 * then read only that batch's plan: see layout.ts); `settle` waits for them, and comes before
 * anything else that reads or writes the kernel's memory.
 */
export interface BatchRunner {
  train(plan: number): void;
  /** Inference on examples [first, first + count), a^L rows written from address `out`. */
  infer(plan: number, first: number, count: number, out: number): void;
  settle(): void;
  dispose(): void | Promise<void>;
}

export function singleThreadRunner(context: WasmContext): BatchRunner {
  const { exports } = context;
  const train = context.dtype === 'float32' ? exports.trainBatch_f32 : exports.trainBatch_f64;
  const infer = context.dtype === 'float32' ? exports.infer_f32 : exports.infer_f64;
  return {
    train: (plan) => train(plan),
    infer: (plan, first, count, out) => infer(plan, 0, first, count, out),
    settle() {},
    dispose() {},
  };
}

