import * as generated from './modules.generated.ts';

/**
 * The compiled kernels, shipped inside the package as base64 (see scripts/build-wasm.mjs),
 * decoded and compiled on first use. Works the same in Node and the browser.
 */
export type ModuleVariant = 'simd' | 'relaxedSimd' | 'simdShared' | 'relaxedSimdShared';

const bytesCache = new Map<ModuleVariant, Uint8Array<ArrayBuffer>>();
const moduleCache = new Map<ModuleVariant, Promise<WebAssembly.Module>>();

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function moduleBytes(variant: ModuleVariant): Uint8Array<ArrayBuffer> {
  let bytes = bytesCache.get(variant);
  if (bytes === undefined) {
    bytes = decodeBase64(generated[variant]);
    bytesCache.set(variant, bytes);
  }
  return bytes;
}

/**
 * Whether this engine can compile the variant: WebAssembly SIMD; relaxed SIMD for the
 * relaxed ones (on Node 20 only with --experimental-wasm-relaxed-simd, which
 * src/node/kernels.ts sets); shared memory for the shared ones.
 */
export function supportsVariant(variant: ModuleVariant): boolean {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return false;
  if (variant.endsWith('Shared') && typeof SharedArrayBuffer !== 'function') return false;
  try {
    return WebAssembly.validate(moduleBytes(variant));
  } catch {
    return false;
  }
}

export function compileVariant(variant: ModuleVariant): Promise<WebAssembly.Module> {
  let module = moduleCache.get(variant);
  if (module === undefined) {
    module = WebAssembly.compile(moduleBytes(variant));
    moduleCache.set(variant, module);
  }
  return module;
}

/** The functions a kernel module exports (see assembly/kernel.ts). */
export interface KernelExports {
  /** Writes the kernels' constants into the memory: once per memory, before anything else. */
  init(): void;
  phaseCount(): number;
  trainPhase_f32(plan: number, part: number, parts: number, phase: number): void;
  trainPhase_f64(plan: number, part: number, parts: number, phase: number): void;
  trainBatch_f32(plan: number): void;
  trainBatch_f64(plan: number): void;
  infer_f32(plan: number, thread: number, first: number, count: number, out: number): void;
  infer_f64(plan: number, thread: number, first: number, count: number, out: number): void;
  countNonzeros_f32(data: number, kind: number, n1: number, rows: number, scale: number, counts: number, scratch: number): void;
  countNonzeros_f64(data: number, kind: number, n1: number, rows: number, scale: number, counts: number, scratch: number): void;
  writeLists_f32(data: number, kind: number, n1: number, rows: number, scale: number, table: number, scratch: number, lut: number, units: number): void;
  writeLists_f64(data: number, kind: number, n1: number, rows: number, scale: number, table: number, scratch: number, lut: number, units: number): void;
}

export function instantiateKernel(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
