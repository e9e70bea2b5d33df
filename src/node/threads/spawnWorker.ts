import { Worker } from 'node:worker_threads';

/**
 * Starts the kernel's worker thread, `worker.js` beside this module in the built package.
 *
 * From the TypeScript sources (the tests and the benchmarks run them through tsx) the worker
 * is `worker.ts`, and it must register tsx itself first: Node 20 does not pass `--import`
 * hooks on to worker threads. That shim is for development only; the package never takes it.
 */
export function spawnKernelWorker<Data>(workerData: Data): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url);
  if (!fromSource) return new Worker(url, { workerData });
  const shim = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(shim, { eval: true, workerData });
}
