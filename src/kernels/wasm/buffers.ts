import type { FloatArray, Kernel } from '../kernel.ts';

/**
 * The float buffers a WebAssembly kernel holds in its memory, by name, as views of it: the
 * parameters (every thread's copy), the update rule's gradients and state, the batch's A, δ,
 * c, dropout factors and layer 2's partial sums, the inference buffers and the resident
 * targets. Not part of the kernel interface: for tests that inspect every value the kernels
 * store (test/kernels/subnormals.test.ts: no subnormal number in any of them). Plans, lists
 * of indices and byte inputs are not floats and are left out.
 */
export interface FloatBuffer {
  readonly name: string;
  readonly values: FloatArray;
}

const registry = new WeakMap<Kernel, () => FloatBuffer[]>();

/** Called by the kernel itself, with a function that lists its buffers as they are now. */
export function registerFloatBuffers(kernel: Kernel, list: () => FloatBuffer[]): Kernel {
  registry.set(kernel, list);
  return kernel;
}

/** The float buffers of a WebAssembly kernel (after its last batch has settled); throws for any other kernel. */
export function floatBuffersOf(kernel: Kernel): FloatBuffer[] {
  const list = registry.get(kernel);
  if (list === undefined) throw new RangeError(`kernel ${kernel.name} is not a WebAssembly kernel: it has no buffers to list`);
  return list();
}
