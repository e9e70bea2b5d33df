import type { UpdateState } from '../kernel.ts';
import type { UpdateRuleName } from '../../math/updateRules/index.ts';
import { readMatrix, writeMatrix } from './matrices.ts';
import type { MemoryViews } from './memoryViews.ts';
import { placeOf, type KernelShape, type KernelParameters } from './parameters.ts';

/**
 * The update rule's state in and out of a WebAssembly kernel's memory (kernel.ts:
 * UpdateState): its state arrays [S1, S2] of every parameter array, in the Network's
 * row-major layout, from the first copy (every thread's copy holds the same).
 */
export function readUpdateState(views: MemoryViews, shape: KernelShape, p: KernelParameters, rule: UpdateRuleName, steps: number): UpdateState {
  const { L, n, S, states } = shape;
  const { floats } = views;
  // state array i (1-based in the [G, S1, S2] triples) of every layer
  const read = (i: number, bias: boolean): Float64Array[] => [
    new Float64Array(0),
    new Float64Array(0),
    ...Array.from({ length: L - 1 }, (_, li) => {
      const l = li + 2;
      if (bias) return Float64Array.from(floats.subarray(p.biasGradients[l][0][i] / S, p.biasGradients[l][0][i] / S + n[l]));
      return readMatrix(floats, placeOf(shape, l, p.gradients[l][0][i]));
    }),
  ];
  return {
    rule,
    steps,
    weights: Array.from({ length: states }, (_, s) => read(s + 1, false)),
    biases: Array.from({ length: states }, (_, s) => read(s + 1, true)),
  };
}

/** Writes `state`'s arrays into every copy; throws a RangeError if one does not have the network's shape. */
export function writeUpdateState(views: MemoryViews, shape: KernelShape, p: KernelParameters, state: UpdateState): void {
  const { L, n, S, states } = shape;
  for (let s = 0; s < states; s++) {
    for (let l = 2; l <= L; l++) {
      const w = state.weights[s]?.[l];
      const b = state.biases[s]?.[l];
      if (w?.length !== n[l] * n[l - 1] || b?.length !== n[l]) throw new RangeError(`update state array ${s} of layer ${l} does not have the network's shape`);
      for (const copy of p.gradients[l]) writeMatrix(views.floats, placeOf(shape, l, copy[s + 1]), w);
      for (const copy of p.biasGradients[l]) views.floats.set(b, copy[s + 1] / S);
    }
  }
}
