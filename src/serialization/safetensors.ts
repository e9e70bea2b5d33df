import { InputError } from '../common/errors.ts';
import { activationForms, isLayerActivationName } from '../math/activations/index.ts';
import { formatBytes, networkSizeProblem } from '../common/limits.ts';
import { jsonDepthProblem, describeJson } from './modelChecks.ts';
import { layerSteps, type LayerStep } from '../network/layerTypes/index.ts';
import type { Layer, Shape } from '../network/layers.ts';
import { zeroLayeredNetwork, type Network } from '../network/network.ts';
import { MODEL_FORMAT, MODEL_VERSION, MODEL_VERSION_LAYERS, modelFromJson, type Model } from './modelFile.ts';
import { nest } from './modelFileV3.ts';
import { layerActivations } from './onnx.ts';

/**
 * A nabla model as a safetensors file (https://github.com/huggingface/safetensors), the
 * layout PyTorch and Hugging Face tools read: an 8-byte little-endian header length, a JSON
 * header naming each tensor's dtype, shape and byte range, then the tensors' bytes.
 *
 * Tensors are named as the state_dict of nn.Sequential(Linear, σ, Linear, σ, …): w^l and b^l
 * of layer l = 2..L are "{2(l−2)}.weight" [n_l, n_{l−1}] and "{2(l−2)}.bias" [n_l], the
 * orientation PyTorch's Linear uses too. The input standardisation, when there is one, is
 * "normalization.mean" and "normalization.std" [n_1]. float64, so a round trip is exact.
 * The metadata holds the sizes, activations, cost and class names, and the PyTorch module.
 * A conv net (torchModules below) also keeps "inputShape" and "layers" in the metadata; its
 * Conv2d weights are (out, in, K_h, K_w), as docs/formulas.md and PyTorch hold them.
 */

/** The PyTorch module the tensors load into, as Python source. */
export function torchSequential(model: Model): string {
  return `nn.Sequential(${torchModules(model.network).modules.join(', ')})`;
}

/**
 * The modules of the nn.Sequential, and parameterModule[l]: the index of layer l's Linear or
 * Conv2d, whose state_dict keys are "{index}.weight" and "{index}.bias". A dense network is
 * Linear, σ, Linear, σ, … (w^l at 2(l − 2)). A conv net starts with nn.Unflatten(1, (C, H, W)),
 * so that it takes nabla's flat input rows as the dense one does; then Conv2d, σ per conv layer,
 * MaxPool2d per pool layer, nn.Flatten() before the first dense layer ((channel, row, column)
 * order, which is nabla's), and Linear, σ per dense layer.
 */
export function torchModules(network: Network): { modules: string[]; parameterModule: number[] } {
  const { sizes, activations } = network;
  const act = (name: string): string => (isLayerActivationName(name) ? activationForms(name).pytorch : `<${name}>`);
  const parameterModule: number[] = [];
  if (network.inputShape === undefined || network.layers === undefined) {
    const modules = activations.flatMap((name, i) => [`nn.Linear(${sizes[i]}, ${sizes[i + 1]})`, act(name)]);
    for (let l = 2; l <= sizes.length; l++) parameterModule[l] = 2 * (l - 2);
    return { modules, parameterModule };
  }
  const [H, W, C] = network.inputShape;
  const modules = [`nn.Unflatten(1, (${C}, ${H}, ${W}))`];
  const pair = ([a, b]: readonly [number, number]): string => (a === b ? String(a) : `(${a}, ${b})`);
  let flat = false;
  const steps = layerSteps(network);
  for (let l = 2; l <= sizes.length; l++) {
    const { layer, input, nIn } = steps[l];
    if (layer.type === 'pool') {
      modules.push(`nn.MaxPool2d(${pair(layer.size)})`);
      continue;
    }
    if (layer.type === 'dense' && !flat) modules.push('nn.Flatten()');
    flat ||= layer.type === 'dense';
    parameterModule[l] = modules.length;
    modules.push(layer.type === 'conv' ? `nn.Conv2d(${input[2]}, ${layer.maps}, ${pair(layer.field)})` : `nn.Linear(${nIn}, ${layer.neurons})`);
    modules.push(act(layer.activation));
  }
  return { modules, parameterModule };
}

/** A tensor's shape as PyTorch holds it: Conv2d (out, in, K_h, K_w), Linear (out, in), a bias (out). */
function parameterShape(step: LayerStep, bias: boolean): number[] {
  const { layer, input, nIn, nOut } = step;
  if (layer.type === 'conv') return bias ? [layer.maps] : [layer.maps, input[2], layer.field[0], layer.field[1]];
  return bias ? [nOut] : [nOut, nIn];
}

interface TensorEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

export function modelToSafetensors(model: Model): Uint8Array {
  const { network, normalization, classes } = model;
  const { sizes } = network;
  const tensors: [string, number[], ArrayLike<number>][] = [];
  if (normalization) tensors.push(['normalization.mean', [sizes[0]], normalization.mean], ['normalization.std', [sizes[0]], normalization.std]);
  const { parameterModule } = torchModules(network);
  const steps = layerSteps(network);
  for (let l = 2; l <= sizes.length; l++) {
    const index = parameterModule[l];
    if (index === undefined) continue; // a pool layer holds nothing
    tensors.push([`${index}.weight`, parameterShape(steps[l], false), network.weights[l]], [`${index}.bias`, parameterShape(steps[l], true), network.biases[l]]);
  }
  const metadata: Record<string, string> = {
    format: MODEL_FORMAT,
    sizes: JSON.stringify(sizes),
    activations: JSON.stringify(layerActivations(model)),
    cost: network.cost,
    pytorch: torchSequential(model),
  };
  if (network.inputShape !== undefined && network.layers !== undefined) {
    metadata.inputShape = JSON.stringify(network.inputShape);
    metadata.layers = JSON.stringify(network.layers);
  }
  if (classes) metadata.classes = JSON.stringify(classes);
  const header: Record<string, TensorEntry | Record<string, string>> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, shape, values] of tensors) {
    header[name] = { dtype: 'F64', shape, data_offsets: [offset, offset + values.length * 8] };
    offset += values.length * 8;
  }
  // The header is padded with spaces to a multiple of 8, so the data that follows is aligned.
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - ((8 + json.length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  const data = new DataView(out.buffer, 8 + headerBytes.length);
  for (const [name, , values] of tensors) {
    const start = (header[name] as TensorEntry).data_offsets[0];
    for (let i = 0; i < values.length; i++) data.setFloat64(start + i * 8, values[i], true);
  }
  return out;
}

/** The largest header read: nabla's own are a few kilobytes. */
const MAX_HEADER_BYTES = 100 * 1024 * 1024;

/** Reads a safetensors file nabla wrote (or one with the same tensor names and metadata), checking it as a model file. */
export function modelFromSafetensors(bytes: Uint8Array, source = 'safetensors file'): Model {
  const fail = (message: string): never => {
    throw new InputError(message, { file: source });
  };
  if (bytes.length < 8) fail(`is ${bytes.length} bytes long: a safetensors file starts with an 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > Math.min(MAX_HEADER_BYTES, bytes.length - 8)) {
    fail(`declares a ${formatBytes(headerLength)} header, more than the file holds or the ${formatBytes(MAX_HEADER_BYTES)} nabla reads; is this a safetensors file?`);
  }
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + headerLength));
  const tooDeep = jsonDepthProblem(text);
  if (tooDeep !== undefined) fail(tooDeep);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return fail(`its header is not valid JSON (${(error as Error).message})`);
  }
  const metadata = (header.__metadata__ ?? {}) as Record<string, unknown>;
  const parse = (key: string): unknown => {
    const value = metadata[key];
    if (typeof value !== 'string') fail(`its metadata has no "${key}" (nabla writes sizes, activations and cost there); found ${describeJson(value)}`);
    try {
      return JSON.parse(value as string);
    } catch {
      return value;
    }
  };
  const sizes = parse('sizes');
  const activations = parse('activations');
  if (!Array.isArray(sizes) || !Array.isArray(activations)) return fail('its metadata "sizes" and "activations" must be JSON arrays');
  const dataStart = 8 + headerLength;
  const read = (name: string, length: number): number[] => {
    const entry = header[name] as TensorEntry | undefined;
    if (entry === undefined || typeof entry !== 'object') return fail(`has no tensor "${name}"`);
    const [start, end] = entry.data_offsets ?? [];
    const width = entry.dtype === 'F64' ? 8 : entry.dtype === 'F32' ? 4 : fail(`tensor "${name}" has dtype ${describeJson(entry.dtype)}; nabla reads F64 and F32`);
    if (!Number.isSafeInteger(start) || end !== start + length * width || dataStart + end > bytes.length) {
      fail(`tensor "${name}" must hold ${length} numbers within the file, found offsets ${describeJson(entry.data_offsets)}`);
    }
    const values = new Array<number>(length);
    for (let i = 0; i < length; i++) values[i] = width === 8 ? view.getFloat64(dataStart + start + i * 8, true) : view.getFloat32(dataStart + start + i * 4, true);
    return values;
  };
  if (metadata.layers !== undefined) return layeredFromSafetensors(parse, read, header, metadata, source, fail);
  const L = sizes.length;
  const json: Record<string, unknown> = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    sizes,
    activations,
    cost: metadata.cost,
    weights: [],
    biases: [],
  };
  const n = sizes as number[];
  if (n.some((size) => !Number.isSafeInteger(size) || size < 1) || L < 2) fail(`its metadata "sizes" must be at least two positive whole numbers, found ${describeJson(metadata.sizes)}`);
  // Bounded before any tensor is read from them.
  const tooLarge = networkSizeProblem(n);
  if (tooLarge !== undefined) fail(tooLarge);
  const flat: number[][] = [];
  for (let l = 2; l <= L; l++) flat.push(read(`${2 * (l - 2)}.weight`, n[l - 1] * n[l - 2]));
  json.weights = flat.map((w, i) => Array.from({ length: n[i + 1] }, (_, j) => w.slice(j * n[i], (j + 1) * n[i])));
  json.biases = n.slice(1).map((size, i) => read(`${2 * i}.bias`, size));
  if (header['normalization.mean'] !== undefined) json.normalization = { mean: read('normalization.mean', n[0]), std: read('normalization.std', n[0]) };
  if (metadata.classes !== undefined) json.classes = parse('classes');
  return modelFromJson(json, source);
}

/** A conv net's tensors (metadata "inputShape" and "layers"), read as a version 3 model file. */
function layeredFromSafetensors(
  parse: (key: string) => unknown,
  read: (name: string, length: number) => number[],
  header: Record<string, unknown>,
  metadata: Record<string, unknown>,
  source: string,
  fail: (message: string) => never,
): Model {
  const shape = { format: MODEL_FORMAT, version: MODEL_VERSION_LAYERS, inputShape: parse('inputShape'), layers: parse('layers'), cost: metadata.cost, weights: [], biases: [] };
  // The layers checked (and their parameters counted) before any tensor is read for them.
  let network: Network;
  try {
    network = modelFromJson({ ...shape, ...emptyParameters(shape.inputShape, shape.layers) }, source).network;
  } catch (error) {
    return fail(`its metadata "inputShape" and "layers" do not make a network: ${(error as Error).message}`);
  }
  const { parameterModule } = torchModules(network);
  const steps = layerSteps(network);
  const weights: unknown[] = [];
  const biases: number[][] = [];
  for (let l = 2; l <= network.sizes.length; l++) {
    const index = parameterModule[l];
    weights.push(index === undefined ? [] : nest(read(`${index}.weight`, network.weights[l].length), parameterShape(steps[l], false)));
    biases.push(index === undefined ? [] : read(`${index}.bias`, network.biases[l].length));
  }
  const json: Record<string, unknown> = { ...shape, weights, biases };
  if (header['normalization.mean'] !== undefined) json.normalization = { mean: read('normalization.mean', network.sizes[0]), std: read('normalization.std', network.sizes[0]) };
  if (metadata.classes !== undefined) json.classes = parse('classes');
  return modelFromJson(json, source);
}

/** Zero weights and biases of the right nesting for `layers`, so the model file's own checks can read the shape alone. */
function emptyParameters(inputShape: unknown, layers: unknown): { weights: unknown[]; biases: number[][] } {
  const network = zeroLayeredNetwork(inputShape as Shape, layers as Layer[]);
  const steps = layerSteps(network);
  const weights: unknown[] = [];
  const biases: number[][] = [];
  for (let l = 2; l <= network.sizes.length; l++) {
    weights.push(steps[l].layer.type === 'pool' ? [] : nest(Array.from(network.weights[l]), parameterShape(steps[l], false)));
    biases.push(Array.from(network.biases[l]));
  }
  return { weights, biases };
}
