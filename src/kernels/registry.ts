import type { Kernel, KernelFactory, KernelSpec } from './kernel.ts';
import { referenceKernelFactory } from './reference.ts';
import { wasmRelaxedSimdKernelFactory, wasmSimdKernelFactory } from './wasm/wasm-kernel.ts';

/**
 * Picks a kernel: the fastest one the engine supports for the spec, or the one asked for.
 * Browser-safe (no threads; see src/node/kernels.ts for Node's threaded kernel).
 * Fallback chain: relaxed SIMD → SIMD → reference TypeScript. A spec the WebAssembly code
 * does not compute (another activation or cost) gets the reference kernel.
 */
export type KernelName = 'reference' | 'wasm-simd' | 'wasm-relaxed-simd';
export type KernelChoice = 'auto' | KernelName;

export interface CreateKernelOptions {
  readonly kernel?: KernelChoice;
  /** Accepted for symmetry with createNodeKernel; only 1 is possible here. */
  readonly threads?: number;
}

/** Fastest first. */
export const kernelFactories: readonly KernelFactory[] = [wasmRelaxedSimdKernelFactory, wasmSimdKernelFactory, referenceKernelFactory];

/** The kernels this engine can run for `spec` (all three for the sigmoid and quadratic cost where relaxed SIMD validates), fastest first. */
export function availableKernels(spec?: KernelSpec): KernelName[] {
  const probe: KernelSpec = spec ?? { sizes: [1, 1], activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' };
  return kernelFactories.filter((f) => f.supports(probe)).map((f) => f.name as KernelName);
}

export async function createKernel(spec: KernelSpec, options: CreateKernelOptions = {}): Promise<Kernel> {
  const choice = options.kernel ?? 'auto';
  if (options.threads !== undefined && options.threads > 1) {
    throw new RangeError(`createKernel runs on one thread; for ${options.threads} threads use createNodeKernel from nabla's Node entry`);
  }
  if (choice === 'auto') {
    const factory = kernelFactories.find((f) => f.supports(spec)) ?? referenceKernelFactory;
    return factory.create(spec);
  }
  const factory = kernelFactories.find((f) => f.name === choice);
  if (factory === undefined) {
    throw new RangeError(`unknown kernel '${String(choice)}'; choose one of auto, ${kernelFactories.map((f) => f.name).join(', ')}`);
  }
  if (!factory.supports(spec)) {
    throw new Error(
      `kernel '${choice}' cannot run ${spec.activation}/${spec.cost} ${JSON.stringify(spec.sizes)} on this engine; available: ${availableKernels(spec).join(', ')}`,
    );
  }
  return factory.create(spec);
}
