import { costAccepts, isCostName } from '../../math/costs/index.ts';
import { isLayerActivationName, type LayerActivationName } from '../../math/activations/index.ts';
import { describeLayer, isDenseOnly } from '../../network/layers.ts';
import type { KernelSpec } from '../kernel.ts';
import { ACTIVATION_CODES, COST_CODES } from './layout.ts';

/**
 * What the WebAssembly kernels are told about a spec's functions: a code per layer's
 * activation and one for the cost (layout.ts), written into the plan when the kernel is made,
 * which the loops dispatch on (assembly/dispatch.generated.ts).
 */
export interface PlanCodes {
  /** activations[l]: layer l's activation's code, l = 2..L (0 and 1 unused). */
  readonly activations: readonly number[];
  readonly cost: number;
}

/** One activation name per layer l = 2..L: the spec's list, or its one activation everywhere. */
export function activationsOf(spec: KernelSpec): readonly string[] {
  const s = spec as KernelSpec & { readonly activations?: readonly string[]; readonly activation?: string };
  if (s.activations !== undefined) return s.activations;
  return spec.sizes.slice(1).map(() => s.activation ?? 'sigmoid');
}

/**
 * The codes for `spec`, or why the WebAssembly kernels cannot run it: an unknown name, a
 * softmax before the output layer, or a cost whose δ^L is not written for that output (the
 * cost's `outputs`: cross-entropy needs sigmoid outputs, log-likelihood softmax ones, the
 * quadratic cost an element-wise activation), or more inputs than layer 2's 16-bit lists index.
 */
export function planCodes(spec: KernelSpec): PlanCodes | string {
  const names = activationsOf(spec);
  const L = spec.sizes.length;
  if (L < 2) return 'a network of fewer than two layers';
  if (!isDenseOnly(spec.layers)) return `convolutional and pooling layers (${spec.layers!.map(describeLayer).join(',')})`;
  if (spec.sizes[0] > 65536) return `${spec.sizes[0]} inputs (the WebAssembly kernels index at most 65536)`;
  if (names.length !== L - 1) return `${names.length} activations for ${L - 1} layers`;
  const activations = [0, 0];
  for (let l = 2; l <= L; l++) {
    const name = names[l - 2];
    if (!isLayerActivationName(name)) return `activation '${name}'`;
    if (name === 'softmax' && l !== L) return 'softmax before the output layer';
    activations.push(ACTIVATION_CODES[name]);
  }
  const cost = String(spec.cost);
  if (!isCostName(cost)) return `cost '${cost}'`;
  const output = names[L - 2] as LayerActivationName;
  if (!costAccepts(cost, output)) return `${cost === 'quadratic' ? 'the quadratic cost' : cost} with ${output} outputs`;
  return { activations, cost: COST_CODES[cost] };
}
