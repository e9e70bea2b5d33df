import os from 'node:os';
import type { Kernel, KernelSpec, KernelSpecInput } from '../kernels/kernel.ts';
import { availableKernels, createKernel, type KernelName } from '../kernels/registry.ts';
import { supportsVariant } from '../kernels/wasm/modules.ts';
import { normalizeSpec } from '../kernels/spec.ts';
import { wasmSupportsSpec, wasmUnsupported } from '../kernels/wasm/wasm-kernel.ts';
import { createThreadsKernel } from './threads/threads-kernel.ts';
import { enableRelaxedSimd } from './relaxedSimd.ts';

export { enableRelaxedSimd };

/**
 * Node's kernel choice: the browser-safe registry plus worker threads. Turns on relaxed SIMD
 * (fused multiply-add) where V8 has it behind a flag (Node 20: --experimental-wasm-relaxed-simd)
 * when it is first asked for a kernel, not when it is imported: the package declares itself
 * free of side effects, and importing it must not change the process's V8 flags.
 */
export type NodeKernelName = KernelName | 'wasm-simd-threads' | 'wasm-relaxed-simd-threads';
export type NodeKernelChoice = 'auto' | KernelName | 'threads';

export interface CreateNodeKernelOptions {
  readonly kernel?: NodeKernelChoice;
  /** Threads for 'auto' and 'threads'; defaults to defaultThreads(spec) for 'auto', every core for 'threads'. */
  readonly threads?: number;
  /** Called with one line when 'auto' falls back to the reference kernel (see createKernel). */
  readonly onNotice?: (message: string) => void;
}


/**
 * Layer 2's width from which 'auto' trains on two threads. Two threads split layer 2's sums and
 * updates, but both run the rest of every example, meet at a barrier every mini-batch, and on
 * a two-core machine lose a core to anything else the process does (V8 compiling the kernel
 * at first, collecting garbage); at the reference's n_2 = 30 that cost more than it saved (a
 * new user measured epochs 2-4 at 0.080 s on two threads against 0.049 s on one), while at
 * n_2 = 100 two threads took 22% less time an epoch (README, npm run bench). `npm run
 * bench:threads` compares the default with --threads 1 from the first epoch on.
 */
export const THREADS_FROM_WIDTH = 64;

/** The threads 'auto' uses for `spec` when none are asked for: every core for a wide layer 2, else one. */
export function defaultThreads(spec: KernelSpecInput): number {
  return spec.sizes.length > 2 && spec.sizes[1] >= THREADS_FROM_WIDTH ? os.availableParallelism() : 1;
}

/** Kernel names this process can run for `spec`, fastest single-thread first, then the threaded ones. */
export function availableNodeKernels(spec?: KernelSpecInput): NodeKernelName[] {
  enableRelaxedSimd();
  const names: NodeKernelName[] = availableKernels(spec);
  const probe: KernelSpec = normalizeSpec(spec ?? { sizes: [1, 1], activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' });
  if (wasmSupportsSpec(probe)) {
    if (supportsVariant('relaxedSimdShared')) names.push('wasm-relaxed-simd-threads');
    if (supportsVariant('simdShared')) names.push('wasm-simd-threads');
  }
  return names;
}

export async function createNodeKernel(input: KernelSpecInput, options: CreateNodeKernelOptions = {}): Promise<Kernel> {
  enableRelaxedSimd();
  const spec = normalizeSpec(input);
  const choice = options.kernel ?? 'auto';
  const threads = options.threads ?? (choice === 'auto' ? defaultThreads(spec) : os.availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (choice === 'threads' || (choice === 'auto' && threads > 1)) {
    if (wasmSupportsSpec(spec)) {
      if (supportsVariant('relaxedSimdShared')) return createThreadsKernel(spec, threads, true);
      if (supportsVariant('simdShared')) return createThreadsKernel(spec, threads, false);
    }
    if (choice === 'threads') {
      throw new Error(`no threaded kernel runs ${wasmUnsupported(spec) ?? 'on this engine'}; available: ${availableNodeKernels(spec).join(', ')}`);
    }
  }
  return createKernel(spec, { kernel: choice, onNotice: options.onNotice });
}
