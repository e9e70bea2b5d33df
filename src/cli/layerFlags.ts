import type { Command } from 'commander';
import { InputError } from '../common/errors.ts';
import { formatSizes } from '../common/format.ts';
import type { LayerActivationName } from '../math/activations/index.ts';
import type { CostName } from '../math/costs/index.ts';
import { activationsOfLayers, sizesOfLayers } from '../network/layerTypes/index.ts';
import { describeLayer, isDenseOnly, type Layer, type Shape } from '../network/layers.ts';
import { networkFromFlags, type NetworkFlags } from '../api/trainOptions.ts';

/**
 * `--layers` and `--input-shape` (chapter 6): a network of conv, pool and dense layers, shared
 * by `nabla train`, `gradcheck` and `init`. A layer as the flag gives it, before --activation
 * and --output give each its σ.
 */
export type LayerFlag =
  | { readonly type: 'conv'; readonly maps: number; readonly field: [number, number] }
  | { readonly type: 'pool'; readonly size: [number, number] }
  | { readonly type: 'dense'; readonly neurons: number };

export interface LayerFlags {
  layers?: LayerFlag[];
  inputShape?: Shape;
}

/** MNIST's images, the input shape when --data is MNIST and --input-shape is not given. */
export const MNIST_SHAPE: Shape = [28, 28, 1];

const LAYER_HELP = 'conv:F:KxK (F feature maps of K×K fields), pool:PxP (max-pooling), dense:N';

function parseSide(text: string | undefined): [number, number] | undefined {
  const match = /^(\d+)x(\d+)$/.exec(text ?? '');
  if (match === null) return undefined;
  const pair: [number, number] = [Number(match[1]), Number(match[2])];
  return pair.every((n) => Number.isSafeInteger(n) && n >= 1) ? pair : undefined;
}

/** "conv:20:5x5,pool:2x2,dense:100,dense:10" → the layers 2..L; an InputError names the entry that is wrong. */
export function parseLayersFlag(value: string): LayerFlag[] {
  const parts = value.split(',').map((s) => s.trim());
  return parts.map((part, i) => {
    const [type, a, b, extra] = part.split(':');
    const fail = (): never => {
      throw new InputError(`--layers: entry ${i + 1} '${part}' is not a layer; write ${LAYER_HELP}, separated by commas, e.g. conv:20:5x5,pool:2x2,dense:100,dense:10`);
    };
    if (extra !== undefined) fail();
    if (type === 'conv') {
      const maps = Number(a);
      const field = parseSide(b);
      if (!Number.isSafeInteger(maps) || maps < 1 || field === undefined) fail();
      return { type: 'conv', maps, field: field! };
    }
    if (type === 'pool') {
      const size = parseSide(a);
      if (size === undefined || b !== undefined) fail();
      return { type: 'pool', size: size! };
    }
    if (type === 'dense') {
      const neurons = Number(a);
      if (!Number.isSafeInteger(neurons) || neurons < 1 || b !== undefined) fail();
      return { type: 'dense', neurons };
    }
    return fail();
  });
}

/** "28x28" → [28, 28, 1], "32x32x3" → [32, 32, 3] (channels last, as the CSV rows hold them). */
export function parseInputShapeFlag(value: string): Shape {
  const match = /^(\d+)x(\d+)(?:x(\d+))?$/.exec(value.trim());
  const shape = match === null ? [] : [Number(match[1]), Number(match[2]), Number(match[3] ?? 1)];
  if (shape.length !== 3 || !shape.every((n) => Number.isSafeInteger(n) && n >= 1)) {
    throw new InputError(`--input-shape expects HxW or HxWxC (height, width, channels: positive whole numbers), e.g. 28x28 or 32x32x3; got '${value}'`);
  }
  return shape as unknown as Shape;
}

/** Adds --layers and --input-shape to a command. */
export function addLayerFlags(command: Command): Command {
  return command
    .option('--layers <list>', `the layers after the input, comma-separated: ${LAYER_HELP}; the last dense layer is the output (e.g. conv:20:5x5,pool:2x2,dense:100,dense:10); instead of --sizes`, parseLayersFlag)
    .option('--input-shape <HxW[xC]>', 'the input as an image, height x width (x channels, last), e.g. 28x28 (the default with MNIST) or 32x32x3; a CSV row holds H·W·C values, row by row, channel fastest', parseInputShapeFlag);
}

/** A network's shape and functions as the flags give them. */
export interface LayeredNetworkShape {
  readonly sizes: number[];
  readonly activations: LayerActivationName[];
  readonly cost: CostName;
  /** Present when the layers include conv or pool layers. */
  readonly inputShape?: Shape;
  readonly layers?: Layer[];
}

/**
 * The network --layers and --input-shape ask for (before any work): --activation gives one σ per
 * hidden conv or dense layer (or one for all), --output the last dense layer's, a pool layer has
 * none. Impossible shapes are an InputError naming the layer. `defaultShape` is the data's
 * (MNIST's 28x28), or undefined when the data has none (CSV: --input-shape is needed for conv).
 */
export function layeredNetworkFromFlags(flags: LayerFlags & NetworkFlags & { sizes?: number[] }, defaultShape: Shape | undefined, inputSize?: number): LayeredNetworkShape {
  const layers = flags.layers!;
  if (flags.sizes !== undefined) throw new InputError('give either --sizes (a dense network) or --layers, not both');
  const last = layers[layers.length - 1];
  if (last.type !== 'dense') throw new InputError(`--layers must end with a dense layer, the output (e.g. ...,dense:10); it ends with ${last.type}`);
  const convOrDense = layers.filter((layer) => layer.type !== 'pool');
  const { activations: own, cost } = networkFromFlags(flags, convOrDense.length);
  let next = 0;
  const built: Layer[] = layers.map((layer) => {
    if (layer.type === 'pool') return { type: 'pool', size: layer.size };
    const activation = own[next++];
    if (layer.type === 'conv') return { type: 'conv', maps: layer.maps, field: layer.field, activation: activation as Exclude<LayerActivationName, 'softmax'> };
    return { type: 'dense', neurons: layer.neurons, activation };
  });
  const hiddenDense = layers.slice(0, -1).some((layer) => layer.type === 'dense');
  if (flags.dropout !== undefined && flags.dropout > 0 && !hiddenDense) {
    throw new InputError('--dropout drops neurons of hidden dense layers, and these layers have none; add one (e.g. ...,dense:100,dense:10) or drop --dropout');
  }
  const inputShape = flags.inputShape ?? defaultShape;
  if (isDenseOnly(built)) {
    const n1 = inputShape === undefined ? inputSize : inputShape[0] * inputShape[1] * inputShape[2];
    if (n1 === undefined) throw new InputError('--layers of dense layers only needs the number of inputs: give --input-shape, or use --sizes');
    return { sizes: [n1, ...layers.map((layer) => (layer as { neurons: number }).neurons)], activations: activationsOfLayers(built), cost };
  }
  if (inputShape === undefined) throw new InputError(`--layers ${built.map(describeLayer).join(',')} has conv or pool layers, which need the input's shape: give --input-shape HxW or HxWxC`);
  try {
    return { sizes: sizesOfLayers(inputShape, built), activations: activationsOfLayers(built), cost, inputShape, layers: built };
  } catch (error) {
    throw new InputError(`--layers: ${(error as Error).message}`);
  }
}

/** How a run's first line names its network: "784, 30, 10", or "28x28x1, conv:20:5x5, pool:2x2, dense:10". */
export function describeNetworkShape(network: { readonly sizes: readonly number[]; readonly inputShape?: Shape; readonly layers?: readonly Layer[] }): string {
  if (network.inputShape === undefined || network.layers === undefined) return formatSizes(network.sizes);
  return `[${[network.inputShape.join('x'), ...network.layers.map(describeLayer)].join(', ')}]`;
}
