import type { Activation, ActivationForms, LayerActivation, LayerActivationDefinition } from './activation.ts';
import { definitions } from './definitions.generated.ts';

/**
 * The activation registry. Adding an activation is one file in this folder (an `Activation`,
 * named after it, and its counterpart in the AssemblyScript kernel); `npm run build:wasm` lists
 * the files in definitions.generated.ts, and from there it reaches the names below, the
 * kernels' codes, the CLI's choices, the model file, the exporters, explain, gradcheck, the
 * playground and the shared kernel suite. The order is the generated file's: a kernel uses an
 * activation's index as its code.
 */
type Definition = (typeof definitions)[number];

export type { Activation, ActivationForms, LayerActivation, OnnxAttribute } from './activation.ts';
export { sigmoid, sigmoidPrime, sigmoidActivation } from './sigmoid.ts';
export { softmax, softmaxActivation } from './softmax.ts';
export { LEAKY_RELU_SLOPE } from './leakyRelu.ts';

/** Every activation a layer can have: the element-wise ones, and softmax for the output layer. */
export type LayerActivationName = Definition['name'];
/** Element-wise activations: any layer l = 2..L. */
export type ActivationName = Extract<Definition, Activation>['name'];

function isElementWise(d: Definition): d is Extract<Definition, Activation> {
  return 'fn' in d;
}

const elementWise = definitions.filter(isElementWise);

/** Element-wise activations: any layer l = 2..L, in code order. */
export const activationNames: readonly ActivationName[] = elementWise.map((a) => a.name);
/** Every activation a layer can have, in code order (the element-wise ones and softmax). */
export const layerActivationNames: readonly LayerActivationName[] = definitions.map((a) => a.name);

const byName = new Map<string, Activation>(elementWise.map((a) => [a.name, a]));
const formsByName = new Map<string, Definition>(definitions.map((a) => [a.name, a]));

/** An element-wise activation by name (softmax is not one: see getLayerActivation). */
export function getActivation(name: ActivationName): Activation {
  const activation = byName.get(name);
  if (activation === undefined) throw new RangeError(`unknown activation '${String(name)}'; choose one of ${activationNames.join(', ')}`);
  return activation;
}

/** What the exporters and views need of any layer's activation: its TeX, ONNX node, PyTorch module, constants. */
export function activationForms(name: LayerActivationName): ActivationForms {
  const forms = formsByName.get(name);
  if (forms === undefined) throw new RangeError(`unknown activation '${String(name)}'; choose one of ${layerActivationNames.join(', ')}`);
  return forms;
}

/** A layer's activation as a whole-layer function: softmax, or an element-wise σ applied to each z_j. */
export function getLayerActivation(name: LayerActivationName): LayerActivation {
  const definition = formsByName.get(name);
  if (definition !== undefined && !isElementWise(definition)) return definition as LayerActivationDefinition;
  const { fn } = getActivation(name as ActivationName);
  return {
    name,
    elementWise: true,
    layer(z, a, from, n) {
      for (let j = from; j < from + n; j++) a[j] = fn(z[j]);
    },
  };
}

export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && byName.has(name);
}

export function isLayerActivationName(name: unknown): name is LayerActivationName {
  return typeof name === 'string' && formsByName.has(name);
}

/** Its index in layerActivationNames: the code a WebAssembly kernel's plan stores for it. */
export function activationCode(name: LayerActivationName): number {
  return layerActivationNames.indexOf(name);
}
