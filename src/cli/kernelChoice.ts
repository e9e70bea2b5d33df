import { InputError } from '../data/errors.ts';
import type { Kernel, KernelSpec } from '../kernels/kernel.ts';
import { createReferenceKernel } from '../kernels/reference.ts';

/**
 * The kernel the CLI trains and evaluates with, from --kernel and --threads. The one place
 * the commands get a kernel, so that switching to the Node kernel registry (WebAssembly
 * SIMD, threads) changes this file only.
 */
export const kernelChoices = ['auto', 'reference', 'wasm-simd', 'wasm-relaxed-simd', 'threads'] as const;
export type KernelChoice = (typeof kernelChoices)[number];

export interface KernelChoiceOptions {
  readonly kernel?: KernelChoice;
  /** Worker threads for the 'threads' kernel (default: every core). */
  readonly threads?: number;
}

export async function chooseKernel(spec: KernelSpec, options: KernelChoiceOptions = {}): Promise<Kernel> {
  const choice = options.kernel ?? 'auto';
  if (choice !== 'auto' && choice !== 'reference') {
    throw new InputError(`--kernel ${choice} is not available in this build; use --kernel reference or auto`);
  }
  return createReferenceKernel(spec);
}
