import { isActivationName, isLayerActivationName, type ActivationName, type LayerActivationName } from '../math/activations/index.ts';
import type { CostName } from '../math/costs/index.ts';
import { checkLayerDefinition, layerSteps } from '../network/layerTypes/index.ts';
import type { Layer, Shape } from '../network/layers.ts';
import { zeroLayeredNetwork, type Network } from '../network/network.ts';
import { describeJson } from './modelChecks.ts';

/**
 * Version 3 of the model file: a network with convolutional and pooling layers (chapter 6).
 *
 *   {"format": "nabla-model", "version": 3, "sizes": [784, 11520, 2880, 10], "inputShape": [28, 28, 1],
 *    "layers": [{"type": "conv", "maps": 20, "field": [5, 5], "activation": "relu"},
 *               {"type": "pool", "size": [2, 2]},
 *               {"type": "dense", "neurons": 10, "activation": "softmax"}],
 *    "activations": ["relu", "linear", "softmax"], "cost": "log-likelihood",
 *    "weights": [...], "biases": [...], "task": "classification", …}
 *
 * weights[i] and biases[i] belong to layer i + 2 (layers[i]), in docs/formulas.md's order:
 * a conv layer's weights are nested [F][C][K_h][K_w] (w^l_{f,c,p,q}, PyTorch's Conv2d weight),
 * its biases [F]; a pool layer has [] and []; a dense layer's are n_l rows of n_{l−1} numbers,
 * as in version 2, where n_{l−1} counts the values of the layer below in channel, row, column order.
 * "sizes" and "activations" repeat what the layers give (each layer's flat size; a pool layer's σ
 * is "linear"), so that code reading version 2's fields still finds them; a reader checks them.
 * The other fields ("normalization", "classes", "task") are version 2's. A network of dense
 * layers only is still written as version 2.
 */
export interface ModelFileV3Network {
  inputShape: [number, number, number];
  layers: Layer[];
  weights: unknown[];
  biases: number[][];
}

/** The network part of a version 3 file. */
export function layeredNetworkToJson(network: Network): ModelFileV3Network {
  const steps = layerSteps(network);
  const weights: unknown[] = [];
  const biases: number[][] = [];
  for (let l = 2; l <= network.sizes.length; l++) {
    const step = steps[l];
    const w = Array.from(network.weights[l]);
    const { layer } = step;
    if (layer.type === 'conv') weights.push(nest(w, [layer.maps, step.input[2], layer.field[0], layer.field[1]]));
    else if (layer.type === 'dense') weights.push(nest(w, [step.nOut, step.nIn]));
    else weights.push([]);
    biases.push(Array.from(network.biases[l]));
  }
  const [h, w, c] = network.inputShape!;
  return { inputShape: [h, w, c], layers: network.layers!.map((layer) => ({ ...layer })), weights, biases };
}

/** The flat row-major array `values` as nested arrays of the given dimensions. */
export function nest(values: number[], dims: number[]): unknown[] {
  if (dims.length === 1) return values;
  const inner = dims.slice(1).reduce((a, b) => a * b, 1);
  return Array.from({ length: dims[0] }, (_, i) => nest(values.slice(i * inner, (i + 1) * inner), dims.slice(1)));
}

/**
 * The network of a version 3 file, every field checked before anything is allocated from it;
 * `fail` throws the caller's InputError naming the file.
 */
export function layeredNetworkFromJson(obj: Record<string, unknown>, cost: CostName, fail: (message: string) => never): Network {
  const shape = obj.inputShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !shape.every((n) => Number.isInteger(n) && n >= 1)) {
    fail(`"inputShape" must be [height, width, channels] of positive whole numbers, found ${describeJson(shape)}`);
  }
  const list = obj.layers;
  if (!Array.isArray(list) || list.length < 1) fail(`"layers" must be an array of layers 2..L ({"type": "conv" | "pool" | "dense", …}), found ${describeJson(list)}`);
  const layers = (list as unknown[]).map((value, i) => readLayer(value, i, fail));
  let network: Network;
  try {
    network = zeroLayeredNetwork(shape as unknown as Shape, layers, cost);
  } catch (error) {
    return fail(`"layers": ${(error as Error).message}`);
  }
  const L = network.sizes.length;
  // "sizes" and "activations" repeat what the layers give (for readers of version 2's fields): they must agree.
  if (obj.sizes !== undefined && JSON.stringify(obj.sizes) !== JSON.stringify(network.sizes)) fail(`"sizes" must be what the layers give, ${JSON.stringify(network.sizes)}; found ${describeJson(obj.sizes)}`);
  if (obj.activations !== undefined && JSON.stringify(obj.activations) !== JSON.stringify(network.activations)) {
    fail(`"activations" must be the layers' own, ${JSON.stringify(network.activations)}; found ${describeJson(obj.activations)}`);
  }
  const { weights, biases } = obj;
  if (!Array.isArray(weights) || weights.length !== L - 1) fail(`"weights" must be an array of ${L - 1} entries (one per layer 2..${L}), found ${describeJson(weights)}`);
  if (!Array.isArray(biases) || biases.length !== L - 1) fail(`"biases" must be an array of ${L - 1} vectors (one per layer 2..${L}), found ${describeJson(biases)}`);
  const steps = layerSteps(network);
  for (let l = 2; l <= L; l++) {
    const { layer, nIn, nOut, input } = steps[l];
    const dims = layer.type === 'conv' ? [layer.maps, input[2], layer.field[0], layer.field[1]] : layer.type === 'dense' ? [nOut, nIn] : [0];
    const w = network.weights[l];
    let at = 0;
    readNested((weights as unknown[])[l - 2], dims, `weights[${l - 2}]`, fail, (v) => (w[at++] = v));
    const b = network.biases[l];
    at = 0;
    readNested((biases as unknown[])[l - 2], [b.length], `biases[${l - 2}]`, fail, (v) => (b[at++] = v));
  }
  return network;
}

function readLayer(value: unknown, i: number, fail: (message: string) => never): Layer {
  const where = `"layers[${i}]" (layer ${i + 2})`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${where} must be an object with a "type", found ${describeJson(value)}`);
  const o = value as Record<string, unknown>;
  const pair = (v: unknown): [number, number] => (Array.isArray(v) ? [v[0] as number, v[1] as number] : (v as [number, number]));
  let layer: Layer;
  if (o.type === 'conv') {
    if (!isActivationName(o.activation)) fail(`${where}: "activation" must be an element-wise activation, found ${describeJson(o.activation)}`);
    layer = { type: 'conv', maps: o.maps as number, field: pair(o.field), activation: o.activation as ActivationName };
  } else if (o.type === 'pool') {
    layer = { type: 'pool', size: pair(o.size) };
  } else if (o.type === 'dense') {
    if (!isLayerActivationName(o.activation)) fail(`${where}: "activation" must be an activation name, found ${describeJson(o.activation)}`);
    layer = { type: 'dense', neurons: o.neurons as number, activation: o.activation as LayerActivationName };
  } else {
    return fail(`${where}: "type" must be "conv", "pool" or "dense", found ${describeJson(o.type)}`);
  }
  const lengthOk = (v: unknown): boolean => v === undefined || (Array.isArray(v) && v.length === 2);
  if (!lengthOk(o.field) || !lengthOk(o.size)) fail(`${where}: "field" and "size" must be [rows, columns]`);
  try {
    checkLayerDefinition(layer, i + 2);
  } catch (error) {
    return fail(`${where}: ${(error as Error).message}`);
  }
  return layer;
}

/** Walks nested arrays of exactly the dimensions `dims`, handing each finite number to `put` in row-major order. */
function readNested(value: unknown, dims: readonly number[], field: string, fail: (message: string) => never, put: (v: number) => void): void {
  if (dims.length === 1) {
    if (!Array.isArray(value) || value.length !== dims[0]) fail(`"${field}" must be an array of ${dims[0]} numbers, found ${describeJson(value)}`);
    (value as unknown[]).forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`"${field}[${k}]" must be a finite number, found ${describeJson(v)}`);
      put(v as number);
    });
    return;
  }
  if (!Array.isArray(value) || value.length !== dims[0]) fail(`"${field}" must be an array of ${dims[0]} arrays, found ${describeJson(value)}`);
  (value as unknown[]).forEach((inner, k) => readNested(inner, dims.slice(1), `${field}[${k}]`, fail, put));
}
