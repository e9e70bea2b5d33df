/**
 * The browser side of test/browser/kernels.test.ts, bundled by esbuild at test time: runs the
 * small training of ./workload.ts through the very same registry Node uses.
 */
import { availableKernels, type KernelName } from '../../src/kernels/registry.ts';
import { SIZES, trainSmall, type CheckCase, type CheckResult } from './workload.ts';

export interface KernelCheckApi {
  availableKernels(): KernelName[];
  run(cases: CheckCase[]): Promise<CheckResult[]>;
}

const api: KernelCheckApi = {
  availableKernels: () => availableKernels({ sizes: SIZES, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' }),
  run: async (cases) => {
    const results: CheckResult[] = [];
    for (const check of cases) results.push(await trainSmall(check));
    return results;
  },
};
(globalThis as { nablaKernelCheck?: KernelCheckApi }).nablaKernelCheck = api;
