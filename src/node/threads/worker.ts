import { writeSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { failTeam, serveCommands, type DTypeSuffix } from '../../kernels/threads/protocol.ts';
import { instantiateKernel } from '../../kernels/wasm/modules.ts';

/** A participant 1..T−1 of a multi-threaded kernel: instantiates the shared module and serves commands. */
export interface WorkerData {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly control: number;
  readonly controlWords: number;
  readonly suffix: DTypeSuffix;
  readonly thread: number;
  readonly threads: number;
  /** The team's timeline (see kernels/threads/timeline.ts), if it keeps one. */
  readonly timeline?: SharedArrayBuffer;
}

const data = workerData as WorkerData;
const exports = instantiateKernel(data.module, data.memory);
const control = new Int32Array(data.memory.buffer, data.control, data.controlWords);
parentPort?.postMessage('ready');
const team = { control, threads: data.threads, canSleep: true, timeline: data.timeline && new Float64Array(data.timeline) };
try {
  serveCommands(team, exports, data.suffix, data.thread);
} catch (error) {
  // The caller may be blocked in Atomics.wait, deaf to this thread's 'error' event: say what
  // happened on stderr now, and wake it so that it throws instead of waiting forever.
  writeSync(2, `nabla: kernel worker ${data.thread} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  failTeam(team);
}
process.exit(0);
