import { activationNames, isLayerActivationName, type ActivationName, type LayerActivationName } from '../math/activations/index.ts';
import { costAccepts, costNames, getCost, isCostName, type CostName } from '../math/costs/index.ts';
import { checkDropout } from '../math/dropout.ts';
import { checkUpdateSpec, fullUpdateSpec, type FullUpdateRuleSpec, type UpdateRuleSpec } from '../math/updateRules/index.ts';
import { checkLayers } from '../network/layerTypes/index.ts';
import { describeLayer, isDenseOnly } from '../network/layers.ts';
import type { DType, KernelSpec, KernelSpecInput, TrainStep } from './kernel.ts';

/**
 * Specs in, specs out: the one place that turns what a caller wrote (the old single
 * `activation` or the per-layer `activations`) into a checked KernelSpec, and a trainBatch
 * step (a number η or a TrainStep) into every value a step needs.
 */
export function normalizeSpec(input: KernelSpecInput | KernelSpec): KernelSpec {
  const { sizes, cost, dtype } = input;
  if (!Array.isArray(sizes) || sizes.length < 2 || !sizes.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`sizes must list at least 2 layers of positive whole numbers, got ${JSON.stringify(sizes)}`);
  }
  const layers = sizes.length - 1;
  const given = 'activations' in input && input.activations !== undefined ? input.activations : undefined;
  const single = 'activation' in input ? input.activation : undefined;
  const activations: readonly LayerActivationName[] = given ?? Array<LayerActivationName>(layers).fill(single ?? 'sigmoid');
  if (!isCostName(cost)) throw new RangeError(`unknown cost '${String(cost)}'; choose one of ${costNames.join(', ')}`);
  if (dtype !== 'float32' && dtype !== 'float64') throw new RangeError(`dtype must be float32 or float64, got '${String(dtype)}'`);
  checkActivations(activations, layers, cost);
  if (input.update !== undefined) checkUpdateSpec(input.update);
  if (input.dropout !== undefined) checkDropout(input.dropout);
  // A list of dense layers is a dense network: it drops its layers and runs on the dense paths.
  const layered = input.layers !== undefined && !isDenseOnly(input.layers);
  if (layered) checkLayers({ sizes, activations, inputShape: input.inputShape, layers: input.layers });
  return {
    sizes: [...sizes],
    activations: [...activations],
    cost,
    dtype: dtype as DType,
    ...(input.update === undefined ? {} : { update: input.update }),
    ...(input.dropout === undefined || input.dropout === 0 ? {} : { dropout: input.dropout }),
    ...(layered ? { inputShape: input.inputShape, layers: input.layers } : {}),
  };
}

/** One activation per layer l = 2..L, softmax only as the last, and one the cost's δ^L is written for. */
export function checkActivations(activations: readonly LayerActivationName[], layers: number, cost: CostName): void {
  if (!Array.isArray(activations) || activations.length !== layers) {
    throw new RangeError(`activations must list one activation per layer l = 2..L (${layers}), got ${JSON.stringify(activations)}`);
  }
  activations.forEach((name, i) => {
    if (!isLayerActivationName(name)) {
      throw new RangeError(`unknown activation '${String(name)}' for layer ${i + 2}; choose one of ${activationNames.join(', ')} (or softmax for the output layer)`);
    }
    if (name === 'softmax' && i !== layers - 1) throw new RangeError(`softmax can only be the output layer's activation, not layer ${i + 2}'s`);
  });
  const output = activations[layers - 1];
  if (!costAccepts(cost, output)) {
    const { outputs } = getCost(cost);
    const allowed = outputs === 'element-wise' ? 'an element-wise output' : `a ${outputs.join(' or ')} output`;
    throw new RangeError(`the ${cost} cost needs ${allowed} layer, not ${output}`);
  }
}

/** The same activation in every layer: true for the old single-activation networks. */
export function uniformActivation(activations: readonly LayerActivationName[]): ActivationName | undefined {
  const first = activations[0];
  return first !== 'softmax' && activations.every((a) => a === first) ? first : undefined;
}

/** A short name of a spec's configuration, for notices and errors: "relu,relu,softmax / log-likelihood / adam, l2 5, dropout 0.5". */
export function describeSpec(spec: KernelSpec): string {
  const parts = [spec.activations.join(','), spec.cost];
  if (spec.layers !== undefined) parts.unshift(spec.layers.map(describeLayer).join(','));
  const update = fullUpdateSpec(spec.update);
  const rule = [update.rule, ...(update.l2 ? [`l2 ${update.l2}`] : []), ...(update.l1 ? [`l1 ${update.l1}`] : [])].join(', ');
  parts.push(rule);
  if (spec.dropout) parts.push(`dropout ${spec.dropout}`);
  return parts.join(' / ');
}

/** Every value one trainBatch call needs, from its `step` argument. */
export interface ResolvedStep {
  readonly learningRate: number;
  readonly trainingSize: number;
  readonly t: number;
  readonly dropoutSeed: number;
}

/**
 * A trainBatch step argument resolved: η alone means n = the dataset's size, t = the kernel's
 * own count of steps + 1, dropout seed 0.
 */
export function resolveStep(step: number | TrainStep, datasetCount: number, stepsTaken: number): ResolvedStep {
  if (typeof step === 'number') return { learningRate: step, trainingSize: datasetCount, t: stepsTaken + 1, dropoutSeed: 0 };
  return {
    learningRate: step.learningRate,
    trainingSize: step.trainingSize ?? datasetCount,
    t: step.t ?? stepsTaken + 1,
    dropoutSeed: step.dropoutSeed ?? 0,
  };
}

/** The spec's update rule with every default filled in. */
export function updateOf(spec: KernelSpec): FullUpdateRuleSpec {
  return fullUpdateSpec(spec.update);
}

/** True for the network every kernel computed before rules existed: plain SGD, no regularisation, no dropout. */
export function isPlainSgd(spec: KernelSpec): boolean {
  const u = updateOf(spec);
  return u.rule === 'sgd' && u.l2 === 0 && u.l1 === 0 && !spec.dropout;
}

export type { UpdateRuleSpec };

/** 'sigmoid' for a network with one activation everywhere, else each layer's: 'relu, relu, softmax'. */
export function describeActivations(activations: readonly LayerActivationName[]): string {
  return uniformActivation(activations) ?? activations.join(', ');
}

/**
 * The spec a kernel needs to run `network` in `dtype`: its sizes, σ_l and cost, and its conv and
 * pool layers when it has them (inference, evaluation: no update rule).
 */
export function specOfNetwork(network: Pick<KernelSpec, 'sizes' | 'activations' | 'cost' | 'inputShape' | 'layers'>, dtype: DType): KernelSpec {
  const { sizes, activations, cost, inputShape, layers } = network;
  return { sizes, activations, cost, dtype, ...(inputShape !== undefined && layers !== undefined ? { inputShape, layers } : {}) };
}
