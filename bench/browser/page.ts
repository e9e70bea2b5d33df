/**
 * The browser side of `npm run bench:browser`, bundled by esbuild at bench time: fetches the
 * MNIST bytes from the bench's local server once, then runs the workload on request through
 * the very same registry Node uses (src/kernels/registry.ts).
 */
import { availableKernels, type KernelName } from '../../src/kernels/registry.ts';
import { datasetsFromBytes, runWorkload, type MnistDatasets, type WorkloadOptions, type WorkloadResult } from './workload.ts';

export interface BrowserBenchApi {
  /** The kernels this browser runs for the workload's spec, fastest first. */
  availableKernels(options: Omit<WorkloadOptions, 'kernel'>): KernelName[];
  run(options: WorkloadOptions): Promise<WorkloadResult>;
}

async function fetchBytes(path: string): Promise<Uint8Array> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

let data: Promise<MnistDatasets> | undefined;
function loadData(): Promise<MnistDatasets> {
  data ??= Promise.all(['train-images', 'train-labels', 'test-images', 'test-labels'].map((name) => fetchBytes(`/data/${name}`))).then(
    ([trainImages, trainLabels, testImages, testLabels]) => datasetsFromBytes({ trainImages, trainLabels, testImages, testLabels }),
  );
  return data;
}

const api: BrowserBenchApi = {
  availableKernels: (options) => availableKernels({ sizes: options.sizes, activation: 'sigmoid', cost: 'quadratic', dtype: options.dtype }),
  run: async (options) => runWorkload(await loadData(), options),
};
(globalThis as { nablaBench?: BrowserBenchApi }).nablaBench = api;
