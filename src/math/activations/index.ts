import type { Activation, LayerActivation } from './activation.ts';
import { leakyReluActivation } from './leakyRelu.ts';
import { linearActivation } from './linear.ts';
import { reluActivation } from './relu.ts';
import { sigmoidActivation } from './sigmoid.ts';
import { softmaxActivation } from './softmax.ts';
import { tanhActivation } from './tanh.ts';

/**
 * The activation registry. Adding an activation is one file in this folder (an `Activation`,
 * and its counterpart in the AssemblyScript kernel) and one entry below; from here it reaches
 * the CLI's choices, the model file, explain, gradcheck and the shared kernel suite.
 * The order is fixed: a kernel may use an activation's index as its code.
 */
const elementWise = [sigmoidActivation, tanhActivation, reluActivation, leakyReluActivation, linearActivation] as const;

export type { Activation, LayerActivation } from './activation.ts';
export { sigmoid, sigmoidPrime, sigmoidActivation } from './sigmoid.ts';
export { softmax, softmaxActivation } from './softmax.ts';
export { LEAKY_RELU_SLOPE } from './leakyRelu.ts';

/** Element-wise activations: any layer l = 2..L. */
export const activationNames = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'linear'] as const;
export type ActivationName = (typeof activationNames)[number];
/** Every activation a layer can have: the element-wise ones, and softmax for the output layer. */
export const layerActivationNames = [...activationNames, 'softmax'] as const;
export type LayerActivationName = (typeof layerActivationNames)[number];

const byName = new Map<string, Activation>(elementWise.map((a) => [a.name, a]));

/** An element-wise activation by name (softmax is not one: see getLayerActivation). */
export function getActivation(name: ActivationName): Activation {
  const activation = byName.get(name);
  if (activation === undefined) throw new RangeError(`unknown activation '${String(name)}'; choose one of ${activationNames.join(', ')}`);
  return activation;
}

/** A layer's activation as a whole-layer function: softmax, or an element-wise σ applied to each z_j. */
export function getLayerActivation(name: LayerActivationName): LayerActivation {
  if (name === 'softmax') return softmaxActivation;
  const { fn } = getActivation(name);
  return {
    name,
    elementWise: true,
    layer(z, a, from, n) {
      for (let j = from; j < from + n; j++) a[j] = fn(z[j]);
    },
  };
}

export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (activationNames as readonly string[]).includes(name);
}

export function isLayerActivationName(name: unknown): name is LayerActivationName {
  return typeof name === 'string' && (layerActivationNames as readonly string[]).includes(name);
}

/** Its index in layerActivationNames: the code a WebAssembly kernel's plan stores for it. */
export function activationCode(name: LayerActivationName): number {
  return layerActivationNames.indexOf(name);
}
