import v8 from 'node:v8';
import { supportsVariant } from '../kernels/wasm/modules.ts';

/*
 * V8 keeps relaxed SIMD (fused multiply-add) behind a flag in Node 20. It is set when a kernel
 * is first asked for (createNodeKernel, availableNodeKernels, createThreadsKernel), never on
 * import: the package declares itself free of side effects.
 */
let flagsSet = false;
/** Enables relaxed SIMD in this process's V8, if it is behind a flag. Idempotent. */
export function enableRelaxedSimd(): void {
  if (flagsSet) return;
  flagsSet = true;
  if (!supportsVariant('relaxedSimd')) v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}
