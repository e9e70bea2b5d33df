import type { Kernel, KernelFactory, KernelSpec, KernelSpecInput } from './kernel.ts';
import { referenceKernelFactory } from './reference.ts';
import { normalizeSpec } from './spec.ts';
import { wasmRelaxedSimdKernelFactory, wasmSimdKernelFactory } from './wasm/wasm-kernel.ts';

/**
 * Picks a kernel: the fastest one the engine supports for the spec, or the one asked for.
 * Browser-safe (no threads; see src/node/kernels.ts for Node's threaded kernel).
 * Fallback chain: relaxed SIMD → SIMD → reference TypeScript. Never silently slow: when 'auto'
 * has to take the reference kernel for a configuration the fast kernels cannot run, it says so
 * through `onNotice` (the library never prints; the CLI prints it), naming the configuration.
 */
export type KernelName = 'reference' | 'wasm-simd' | 'wasm-relaxed-simd';
export type KernelChoice = 'auto' | KernelName;

export interface CreateKernelOptions {
  readonly kernel?: KernelChoice;
  /** Accepted for symmetry with createNodeKernel; only 1 is possible here. */
  readonly threads?: number;
  /** Called with one line when 'auto' falls back to the reference kernel (e.g. a configuration the WebAssembly kernels do not run). */
  readonly onNotice?: (message: string) => void;
}

/** Fastest first. */
export const kernelFactories: readonly KernelFactory[] = [wasmRelaxedSimdKernelFactory, wasmSimdKernelFactory, referenceKernelFactory];

const probeSpec: KernelSpec = { sizes: [1, 1], activations: ['sigmoid'], cost: 'quadratic', dtype: 'float32' };

/** The kernels this engine can run for `spec` (all three for the sigmoid and quadratic cost where relaxed SIMD validates), fastest first. */
export function availableKernels(spec?: KernelSpecInput): KernelName[] {
  const probe = spec === undefined ? probeSpec : normalizeSpec(spec);
  return kernelFactories.filter((f) => f.supports(probe)).map((f) => f.name as KernelName);
}

/**
 * The notice for a spec that only the reference kernel runs here, or undefined when a faster one
 * runs it: "the WebAssembly kernels cannot run <configuration>; using the reference kernel (slow)".
 */
export function referenceFallbackNotice(spec: KernelSpec, factories: readonly KernelFactory[] = kernelFactories): string | undefined {
  const fast = factories.filter((f) => f.name !== 'reference');
  if (fast.some((f) => f.supports(spec))) return undefined;
  const reasons = [...new Set(fast.map((f) => f.unsupported?.(spec)).filter((r): r is string => r !== undefined))];
  return `notice: no fast kernel runs this configuration (${reasons.join('; ') || 'no WebAssembly SIMD here'}); training on the reference kernel, which is much slower`;
}

export async function createKernel(input: KernelSpecInput, options: CreateKernelOptions = {}): Promise<Kernel> {
  const spec = normalizeSpec(input);
  const choice = options.kernel ?? 'auto';
  if (options.threads !== undefined && options.threads > 1) {
    throw new RangeError(`createKernel runs on one thread; for ${options.threads} threads use createNodeKernel from nabla's Node entry`);
  }
  if (choice === 'auto') {
    const factory = kernelFactories.find((f) => f.supports(spec)) ?? referenceKernelFactory;
    if (factory === referenceKernelFactory) {
      const notice = referenceFallbackNotice(spec);
      if (notice !== undefined) options.onNotice?.(notice);
    }
    return factory.create(spec);
  }
  const factory = kernelFactories.find((f) => f.name === choice);
  if (factory === undefined) {
    throw new RangeError(`unknown kernel '${String(choice)}'; choose one of auto, ${kernelFactories.map((f) => f.name).join(', ')}`);
  }
  if (!factory.supports(spec)) {
    const why = factory.unsupported?.(spec) ?? `${JSON.stringify(spec.sizes)} on this engine`;
    throw new Error(`kernel '${choice}' cannot run ${why}; available: ${availableKernels(spec).join(', ')}`);
  }
  return factory.create(spec);
}
