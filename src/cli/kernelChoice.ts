import { availableParallelism } from 'node:os';
import { InputError } from '../common/errors.ts';
import type { Kernel, KernelSpecInput } from '../kernels/kernel.ts';
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

/**
 * Never a silent slow path: when 'auto' must train on the reference kernel (a configuration the
 * WebAssembly kernels do not run), the notice naming the configuration goes to stderr.
 */
export async function chooseKernel(spec: KernelSpecInput, options: KernelChoiceOptions = {}): Promise<Kernel> {
  const choice = options.kernel ?? 'auto';
  const threads = threadsForCores(options.threads, availableParallelism(), (line) => process.stderr.write(`${line}\n`));
  try {
    return await createNodeKernel(spec, { kernel: choice, threads, onNotice: (line) => process.stderr.write(`nabla: ${line}\n`) });
  } catch (error) {
    if (error instanceof InputError) throw error;
    // The engine lacks what the kernel needs (SIMD, shared memory): say so on one line.
    throw new InputError(`--kernel ${choice}: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`, { cause: error });
  }
}

/**
 * More threads than cores only wait for each other (and each holds its own copy of the
 * small layers and a worker's memory: 64 threads took 2.9 GB to do nothing): `--threads`
 * beyond the cores is lowered to the cores, with a warning. The result is the same bits
 * either way, since the threads kernel computes the same SGD for any thread count.
 */
export function threadsForCores(threads: number | undefined, cores: number, warn: (line: string) => void): number | undefined {
  if (threads === undefined || threads <= cores) return threads;
  warn(`nabla: warning: --threads ${threads} is more than the ${cores} core${cores === 1 ? '' : 's'} here; using ${cores}`);
  return cores;
}
