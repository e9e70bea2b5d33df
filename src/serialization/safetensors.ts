import { InputError } from '../common/errors.ts';
import { activationForms, isLayerActivationName } from '../math/activations/index.ts';
import { formatBytes, networkSizeProblem } from '../common/limits.ts';
import { jsonDepthProblem, describeJson } from './modelChecks.ts';
import { MODEL_FORMAT, MODEL_VERSION, modelFromJson, type Model } from './modelFile.ts';
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
 */

/** The PyTorch module the tensors load into, as Python source. */
export function torchSequential(model: Model): string {
  const { sizes } = model.network;
  const activations = layerActivations(model);
  const layers = activations.flatMap((name, i) => [`nn.Linear(${sizes[i]}, ${sizes[i + 1]})`, isLayerActivationName(name) ? activationForms(name).pytorch : `<${name}>`]);
  return `nn.Sequential(${layers.join(', ')})`;
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
  for (let l = 2; l <= sizes.length; l++) {
    const index = 2 * (l - 2);
    tensors.push([`${index}.weight`, [sizes[l - 1], sizes[l - 2]], network.weights[l]], [`${index}.bias`, [sizes[l - 1]], network.biases[l]]);
  }
  const metadata: Record<string, string> = {
    format: MODEL_FORMAT,
    sizes: JSON.stringify(sizes),
    activations: JSON.stringify(layerActivations(model)),
    cost: network.cost,
    pytorch: torchSequential(model),
  };
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
