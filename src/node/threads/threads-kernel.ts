import type { Worker } from 'node:worker_threads';
import type { Kernel, KernelFactory, KernelSpecInput } from '../../kernels/kernel.ts';
import { Chooser, type Mode } from '../../kernels/threads/chooser.ts';
import { CONTROL_WORDS, settleTeam, teamExit, teamInfer, teamTrain, type Team } from '../../kernels/threads/protocol.ts';
import { compileVariant, supportsVariant } from '../../kernels/wasm/modules.ts';
import { createWasmKernelWith, wasmSupportsSpec, type BatchRunner, type WasmContext } from '../../kernels/wasm/wasm-kernel.ts';
import { enableRelaxedSimd } from '../relaxedSimd.ts';
import { spawnKernelWorker } from './spawnWorker.ts';
import type { WorkerData } from './worker.ts';

/** 64 KiB pages the shared memory starts with and may grow to (4 GiB, as the modules declare). */
const INITIAL_PAGES = 16;
const MAXIMUM_PAGES = 65536;

/**
 * The WebAssembly kernel on `threads` threads: this thread plus threads − 1 workers, one shared
 * WebAssembly.Memory. A mini-batch is two phases (see assembly/kernel.ts): the two halves of
 * layer 2's sums (most of the forward pass), each of two threads over its own half of the
 * inputs and so its own rows of Wt; then, on each of them, the rest of the forward pass and
 * the backward pass for every example, and the updates of what it owns: Wt's rows in its half
 * and its own copy of the smaller layers' parameters. So Wt never moves between the cores and
 * the threads meet once a batch, at a barrier between the phases: this thread returns from
 * trainBatch while the worker finishes its updates, and waits for it (settle) before anything
 * else. Every value is computed by the same instructions whichever thread computes it, so the
 * result is the same, bit for bit, as with one thread. Threads beyond two train nothing (the
 * halves fix the work at two) but share inference. The workers are unref'd: an undisposed
 * kernel does not keep the process alive.
 *
 * `schedule` 'adaptive' (the default) times the batches and runs them whole on this thread
 * (as a one-thread kernel would: the same bits) while that is faster, e.g. when another process
 * keeps a core busy and the threads would wait for each other at every barrier (see Chooser).
 * 'threads', 'serial', 'alternate' (switch every batch) and a function of the batch's number
 * (0, 1, …) are for tests and measurements.
 */
export type Schedule = 'adaptive' | 'threads' | 'serial' | 'alternate' | ((batch: number) => Mode);

export interface ThreadsKernelOptions {
  /** Record each mini-batch's progress here (see kernels/threads/timeline.ts; for bench/timeline.ts). */
  readonly timeline?: SharedArrayBuffer;
  /** The 'adaptive' schedule's chooser (default: a new Chooser; tests give one on a fake clock). */
  readonly chooser?: Chooser;
}

export async function createThreadsKernel(
  spec: KernelSpecInput,
  threads: number,
  relaxed: boolean,
  schedule: Schedule = 'adaptive',
  options: ThreadsKernelOptions = {},
): Promise<Kernel> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (relaxed) enableRelaxedSimd(); // (callers such as bench/ may come straight here)
  const variant = relaxed ? 'relaxedSimdShared' : 'simdShared';
  const module = await compileVariant(variant);
  const memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
  const name = `${relaxed ? 'wasm-relaxed-simd' : 'wasm-simd'}-threads`;
  return createWasmKernelWith(spec, { name, module, memory, threads, controlWords: CONTROL_WORDS, runner: (context) => startWorkers(context, schedule, options) });
}

async function startWorkers(context: WasmContext, schedule: Schedule, options: ThreadsKernelOptions): Promise<BatchRunner> {
  const { exports, threads, memory } = context;
  const { timeline } = options;
  const suffix = context.dtype === 'float32' ? 'f32' : 'f64';
  const control = new Int32Array(memory.buffer, context.control, CONTROL_WORDS);
  const team: Team = { control, threads, canSleep: true, timeline: timeline && new Float64Array(timeline) };
  const workers: Worker[] = [];
  const exited: Promise<void>[] = [];
  try {
    await Promise.all(
      Array.from({ length: threads - 1 }, (_, i) => {
        const workerData: WorkerData = {
          module: context.module, memory, control: context.control, controlWords: CONTROL_WORDS, suffix, thread: i + 1, threads, timeline,
        };
        const worker = spawnKernelWorker(workerData);
        workers.push(worker);
        exited.push(new Promise((resolve) => worker.once('exit', () => resolve())));
        return new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`kernel worker ${i + 1} exited with code ${code} before it started`)));
        });
      }),
    );
  } catch (error) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  for (const worker of workers) worker.unref();
  let disposed = false;
  // Serial: the whole batch on this thread, as the one-thread kernel runs it.
  const trainSerial = suffix === 'f32' ? exports.trainBatch_f32 : exports.trainBatch_f64;
  const inferRange = suffix === 'f32' ? exports.infer_f32 : exports.infer_f64;
  const chooser = options.chooser ?? new Chooser();
  let batches = 0;
  const fixed: Record<Exclude<Schedule, 'adaptive' | ((batch: number) => Mode)>, () => Mode> = {
    threads: () => 'threads',
    serial: () => 'serial',
    alternate: () => (batches++ % 2 === 0 ? 'threads' : 'serial'),
  };
  const pick = schedule === 'adaptive' ? () => chooser.begin() : typeof schedule === 'function' ? () => schedule(batches++) : fixed[schedule];
  let last: Mode = 'threads';
  /** Have serial batches updated thread 0's copy of w^l, b^l (l ≥ 3) alone since the threads last ran? */
  let stale = false;
  // Mini-batches issued to the team; the workers may still be finishing the last one.
  let issued = 0;
  const settle = (): void => settleTeam(team, issued);
  return {
    train: (plan) => {
      last = pick();
      if (last === 'threads') {
        if (stale) context.syncCopies();
        stale = false;
        teamTrain(team, exports, plan, suffix);
        issued++;
      } else {
        settle();
        trainSerial(plan);
        stale = true;
      }
      if (schedule === 'adaptive') chooser.end();
    },
    // Inference follows the last batch's mode.
    infer: (plan, first, count, out) => {
      if (last === 'threads') teamInfer(team, exports, plan, suffix, first, count, out, outRowBytes(context));
      else inferRange(plan, 0, first, count, out);
    },
    settle,
    async dispose() {
      if (disposed) return;
      disposed = true;
      try {
        settle();
      } catch {
        // a worker failed: train already said so; exit the others all the same
      }
      teamExit(team);
      for (const worker of workers) worker.ref(); // keep the process alive until they have exited
      await Promise.all(workers.map((w) => w.terminate()));
      await Promise.all(exited);
    },
  };
}

function outRowBytes(context: WasmContext): number {
  return context.outputSize * (context.dtype === 'float32' ? 4 : 8);
}

function factory(relaxed: boolean, threads: number): KernelFactory {
  const variant = relaxed ? 'relaxedSimdShared' : 'simdShared';
  return {
    name: `${relaxed ? 'wasm-relaxed-simd' : 'wasm-simd'}-threads`,
    supports: (spec) => wasmSupportsSpec(spec) && supportsVariant(variant),
    create: (spec) => createThreadsKernel(spec, threads, relaxed),
  };
}

export const threadsKernelFactory = factory;
