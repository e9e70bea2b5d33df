import { parentPort, workerData } from 'node:worker_threads';
import { serveCommands, type DTypeSuffix } from '../../kernels/threads/protocol.ts';
import { instantiateKernel } from '../../kernels/wasm/modules.ts';

/** A participant 1..T−1 of a multi-threaded kernel: instantiates the shared module and serves commands. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly plan: number;
  readonly control: number;
  readonly controlWords: number;
  readonly suffix: DTypeSuffix;
  readonly thread: number;
  readonly threads: number;
}

const data = workerData as WorkerData;
const exports = instantiateKernel(data.module, data.memory);
const control = new Int32Array(data.memory.buffer, data.control, data.controlWords);
parentPort?.postMessage('ready');
serveCommands({ control, threads: data.threads, canSleep: true }, exports, data.plan, data.suffix, data.thread);
process.exit(0);
