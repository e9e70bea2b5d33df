import { fitWith, type FitEpoch } from '../api/fit.ts';
import type { FitData } from '../api/fitData.ts';
import type { FitOptions } from '../api/fitOptions.ts';
import type { TrainedModel } from '../api/model.ts';
import { createNodeKernel } from './kernels.ts';

export type { FitEpoch };

/**
 * fit() in Node: the kernel `nabla train --kernel auto` takes (relaxed SIMD where V8 has it
 * behind a flag, worker threads for a wide first hidden layer), so that the same data and
 * seed give the command line's numbers bit for bit. `import { fit } from 'nabla'` reaches it
 * in Node through the `node` condition of the package's exports (node/entry.ts).
 */
export function fit(data: FitData, options: FitOptions = {}): Promise<TrainedModel> {
  return fitWith((spec, o) => createNodeKernel(spec, { threads: o.threads, onNotice: o.onNotice }), data, options);
}
