import type { LayerActivationName } from '../../math/activations/index.ts';
import { isDenseOnly, layerShapes, shapeSize, type Layer, type Shape } from '../layers.ts';
import { convLayer } from './conv.ts';
import { denseLayer } from './dense.ts';
import type { LayerStep, LayerType } from './layerType.ts';
import { poolLayer } from './pool.ts';

export type { LayerStep, LayerType, Writable } from './layerType.ts';
export { convLayer } from './conv.ts';
export { denseLayer } from './dense.ts';
export { poolLayer, windowMaximum } from './pool.ts';

const types: { readonly [K in Layer['type']]: LayerType<Extract<Layer, { type: K }>> } = {
  conv: convLayer,
  pool: poolLayer,
  dense: denseLayer,
};

/** The formulas of a layer's type. */
export function layerTypeOf(step: LayerStep): LayerType {
  return types[step.layer.type] as LayerType;
}

/** What a network or a kernel spec says about its layers (network.ts, kernels/kernel.ts). */
export interface LayeredShape {
  readonly sizes: readonly number[];
  readonly activations?: readonly LayerActivationName[];
  readonly inputShape?: Shape;
  readonly layers?: readonly Layer[];
}

/**
 * steps[l] for l = 2..L (slots 0 and 1 undefined, as in Network): each layer's definition and
 * shapes. A network without `layers` is a chain of dense layers over its sizes.
 */
export function layerSteps(network: LayeredShape): LayerStep[] {
  const { sizes } = network;
  const steps: LayerStep[] = [];
  if (network.layers === undefined || network.inputShape === undefined) {
    for (let l = 2; l <= sizes.length; l++) {
      const layer: Layer = { type: 'dense', neurons: sizes[l - 1], activation: network.activations?.[l - 2] ?? 'sigmoid' };
      steps[l] = { layer, input: [1, 1, sizes[l - 2]], output: [1, 1, sizes[l - 1]], nIn: sizes[l - 2], nOut: sizes[l - 1] };
    }
    return steps;
  }
  const shapes = layerShapes(network.inputShape, network.layers);
  network.layers.forEach((layer, i) => {
    const input = shapes[i];
    const output = shapes[i + 1];
    steps[i + 2] = { layer, input, output, nIn: shapeSize(input), nOut: shapeSize(output) };
  });
  return steps;
}

/** sizes[l − 1] for each layer l: the flat size of the input, then of each layer's output. */
export function sizesOfLayers(inputShape: Shape, layers: readonly Layer[]): number[] {
  return layerShapes(inputShape, layers).map(shapeSize);
}

/** σ_l for each layer l = 2..L: a conv or dense layer's own, 'linear' for a pool layer. */
export function activationsOfLayers(layers: readonly Layer[]): LayerActivationName[] {
  return layers.map((layer) => (layer.type === 'pool' ? 'linear' : layer.activation));
}

/** True when `network` has conv or pool layers (and so needs `layers` and `inputShape`). */
export function hasConvLayers(network: Pick<LayeredShape, 'layers'>): boolean {
  return !isDenseOnly(network.layers);
}

/**
 * Checks that `layers` and `inputShape` agree with `sizes` and `activations` (a RangeError saying
 * which layer does not), for a network or spec read from outside.
 */
export function checkLayers(network: LayeredShape): void {
  const { layers, inputShape, sizes } = network;
  if (layers === undefined && inputShape === undefined) return;
  if (layers === undefined || inputShape === undefined) throw new RangeError('a network with layers needs both inputShape and layers');
  if (!Array.isArray(inputShape) || inputShape.length !== 3 || !inputShape.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`inputShape must be [height, width, channels] of positive whole numbers, got ${JSON.stringify(inputShape)}`);
  }
  if (!Array.isArray(layers) || layers.length !== sizes.length - 1) {
    throw new RangeError(`layers must list one layer per layer l = 2..L (${sizes.length - 1}), got ${Array.isArray(layers) ? layers.length : typeof layers}`);
  }
  layers.forEach((layer, i) => checkLayerDefinition(layer, i + 2));
  const expected = sizesOfLayers(inputShape, layers);
  expected.forEach((n, i) => {
    if (sizes[i] !== n) throw new RangeError(`layer ${i + 1} holds ${n} values by its shape, but sizes[${i}] is ${sizes[i]}`);
  });
  const activations = network.activations;
  if (activations !== undefined) {
    activationsOfLayers(layers).forEach((name, i) => {
      if (activations[i] !== name) throw new RangeError(`layer ${i + 2} (${layers[i].type}) has activation ${activations[i]}, its layer says ${name}`);
    });
  }
}

const positive = (n: unknown): boolean => Number.isInteger(n) && (n as number) >= 1;
const pair = (v: unknown): boolean => Array.isArray(v) && v.length === 2 && v.every(positive);

/** A RangeError naming layer l when its definition is malformed (a model file's, say). */
export function checkLayerDefinition(layer: Layer, l: number): void {
  const where = `layer ${l}`;
  if (layer === null || typeof layer !== 'object') throw new RangeError(`${where} must be an object with a type (conv, pool or dense)`);
  if (layer.type === 'conv') {
    if (!positive(layer.maps) || !pair(layer.field)) throw new RangeError(`${where} (conv) needs a whole number of maps ≥ 1 and a field [K_h, K_w] of whole numbers ≥ 1`);
  } else if (layer.type === 'pool') {
    if (!pair(layer.size)) throw new RangeError(`${where} (pool) needs a size [P_h, P_w] of whole numbers ≥ 1`);
  } else if (layer.type === 'dense') {
    if (!positive(layer.neurons)) throw new RangeError(`${where} (dense) needs a whole number of neurons ≥ 1`);
  } else {
    throw new RangeError(`${where} has type '${String((layer as { type: unknown }).type)}'; choose conv, pool or dense`);
  }
}
