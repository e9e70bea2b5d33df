import { InputError } from '../common/errors.ts';
import type { Kernel, KernelSpec } from '../kernels/kernel.ts';
import { createNodeKernel } from '../node/kernels.ts';

/**
 * The kernel the CLI trains and evaluates with, from --kernel and --threads: the one place
 * the commands get a kernel. 'auto' takes the fastest this machine runs (WebAssembly SIMD
 * with worker threads where there is more than one core), falling back to the reference.
 */
export const kernelChoices = ['auto', 'reference', 'wasm-simd', 'wasm-relaxed-simd', 'threads'] as const;
export type KernelChoice = (typeof kernelChoices)[number];

export interface KernelChoiceOptions {
  readonly kernel?: KernelChoice;
  /** Threads (default: node/kernels.ts defaultThreads: every core for a wide first hidden layer, else one). */
  readonly threads?: number;
}

export async function chooseKernel(spec: KernelSpec, options: KernelChoiceOptions = {}): Promise<Kernel> {
  const choice = options.kernel ?? 'auto';
  try {
    return await createNodeKernel(spec, { kernel: choice, threads: options.threads });
  } catch (error) {
    if (error instanceof InputError) throw error;
    // The engine lacks what the kernel needs (SIMD, shared memory): say so on one line.
    throw new InputError(`--kernel ${choice}: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`, { cause: error });
  }
}
