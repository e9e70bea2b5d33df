import { InputError } from '../common/errors.ts';
import { checkActivations } from '../kernels/spec.ts';
import { activationNames, isActivationName, layerActivationNames, type LayerActivationName } from '../math/activations/index.ts';
import { costNames, isCostName, type CostName } from '../math/costs/index.ts';
import { checkSizes, zeroNetwork, type Network } from '../network/network.ts';
import { hasConvLayers } from '../network/layerTypes/index.ts';
import { describeJson, jsonDepthProblem, shapeProblem } from './modelChecks.ts';
import { layeredNetworkFromJson, layeredNetworkToJson, type ModelFileV3Network } from './modelFileV3.ts';

/**
 * The nabla model file, version 2: JSON, UTF-8.
 *
 *   {"format": "nabla-model", "version": 2, "sizes": [784, 100, 10],
 *    "activations": ["relu", "softmax"], "cost": "log-likelihood",
 *    "weights": [...], "biases": [...], "task": "classification"}
 *
 * "activations" names σ_l for each layer l = 2..L. Version 1 files, which have one
 * "activation" for every layer (always "sigmoid") and no "task", keep loading.
 *
 * weights[i][j][k] = w^{i+2}_{jk} (row j = neuron j of layer i+2, column k = neuron k of
 * layer i+1: FORMULAS.md's orientation, and that of the JSON Nielsen's network2.py saves);
 * biases[i][j] = b^{i+2}_j. Optional fields: "normalization" ({mean, std} applied to inputs
 * as (x − mean) / std before layer 1) and "classes" (the name of each output neuron).
 * "task" is "classification" (accuracy, argmax) or "regression" (RMSE, the outputs as values);
 * absent means classification. Later versions may add fields; a reader refuses a version it
 * does not know.
 */
export const MODEL_FORMAT = 'nabla-model';
export const MODEL_VERSION = 2;
/** The version of a network with conv or pool layers (modelFileV3.ts); a dense network is still written as version 2. */
export const MODEL_VERSION_LAYERS = 3;
/** The versions this nabla reads. */
export const MODEL_VERSIONS_READ = [1, 2, 3] as const;

export const taskNames = ['classification', 'regression'] as const;
export type Task = (typeof taskNames)[number];

/** Input standardisation learned from the training set: x ← (x − mean) / std. */
export interface Normalization {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface Model {
  readonly network: Network;
  readonly normalization?: Normalization;
  /** Name of each output neuron's class (a classifier), or of each target (a regression). */
  readonly classes?: readonly string[];
  /** Default classification. */
  readonly task?: Task;
}

/** The version 1 file (read, no longer written). */
export interface ModelFileV1 {
  format: typeof MODEL_FORMAT;
  version: 1;
  sizes: number[];
  activation: string;
  cost: string;
  weights: number[][][];
  biases: number[][];
  normalization?: { mean: number[]; std: number[] };
  classes?: string[];
}

export interface ModelFileV2 {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  sizes: number[];
  activations: LayerActivationName[];
  cost: CostName;
  weights: number[][][];
  biases: number[][];
  normalization?: { mean: number[]; std: number[] };
  classes?: string[];
  task?: Task;
}

/** A network with conv or pool layers (modelFileV3.ts). */
export interface ModelFileV3 extends ModelFileV3Network {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION_LAYERS;
  /** What the layers make of them, written for readers of version 2's fields (checked against the layers when read). */
  sizes: number[];
  activations: LayerActivationName[];
  cost: CostName;
  normalization?: { mean: number[]; std: number[] };
  classes?: string[];
  task?: Task;
}

/** The model as the JSON object of the file format (version 2; version 3 for a network with conv or pool layers). */
export function modelToJson(model: Model): ModelFileV2 | ModelFileV3 {
  if (hasConvLayers(model.network)) {
    const { network } = model;
    const layered = layeredNetworkToJson(network);
    const json: ModelFileV3 = {
      format: MODEL_FORMAT,
      version: MODEL_VERSION_LAYERS,
      sizes: [...network.sizes],
      inputShape: layered.inputShape,
      layers: layered.layers,
      activations: [...network.activations],
      cost: network.cost,
      weights: layered.weights,
      biases: layered.biases,
    };
    return withModelFields(json, model);
  }
  const { network } = model;
  const { sizes } = network;
  const weights: number[][][] = [];
  const biases: number[][] = [];
  for (let l = 2; l <= sizes.length; l++) {
    const nIn = sizes[l - 2];
    const w = network.weights[l];
    weights.push(Array.from({ length: sizes[l - 1] }, (_, j) => Array.from(w.subarray(j * nIn, (j + 1) * nIn))));
    biases.push(Array.from(network.biases[l]));
  }
  const json: ModelFileV2 = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    sizes: [...sizes],
    activations: [...network.activations],
    cost: network.cost,
    weights,
    biases,
  };
  return withModelFields(json, model);
}

/** The fields every version since 2 has beside the network. */
function withModelFields<T extends ModelFileV2 | ModelFileV3>(json: T, model: Model): T {
  if (model.normalization) json.normalization = { mean: [...model.normalization.mean], std: [...model.normalization.std] };
  if (model.classes) json.classes = [...model.classes];
  json.task = model.task ?? 'classification';
  return json;
}

/** The model file's text. JSON numbers print float64 values exactly (shortest round-trip form). */
export function serializeModel(model: Model): string {
  return JSON.stringify(modelToJson(model)) + '\n';
}

/** Parses and checks a model file's text; every problem is an InputError naming the field. */
export function parseModel(text: string, source = 'model file'): Model {
  const tooDeep = jsonDepthProblem(text);
  if (tooDeep !== undefined) throw new InputError(tooDeep, { file: source });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`is not valid JSON (${(error as Error).message}); a nabla model file is written by 'nabla init' or 'nabla train --save'`, { file: source });
  }
  return modelFromJson(json, source);
}

/** Checks a parsed model object field by field. */
export function modelFromJson(json: unknown, source = 'model file'): Model {
  const fail = (message: string): never => {
    throw new InputError(message, { file: source });
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('expected a JSON object with "format": "nabla-model"');
  const obj = json as Record<string, unknown>;
  if (obj.format !== MODEL_FORMAT) fail(`"format" must be "${MODEL_FORMAT}", found ${describeJson(obj.format)}`);
  if (!(MODEL_VERSIONS_READ as readonly unknown[]).includes(obj.version)) {
    fail(`model file version ${describeJson(obj.version)} is not one this nabla reads (it reads versions ${MODEL_VERSIONS_READ.join(', ')}); upgrade nabla or re-save the model`);
  }
  if (!isCostName(obj.cost)) fail(`"cost" must be one of ${costNames.join(', ')}, found ${describeJson(obj.cost)}`);
  const network = obj.version === MODEL_VERSION_LAYERS ? layeredNetworkFromJson(obj, obj.cost as CostName, fail) : denseNetworkFromJson(obj, fail);
  return { network, ...modelFieldsFromJson(obj, network, fail) };
}

/** The network of a version 1 or 2 file. */
function denseNetworkFromJson(obj: Record<string, unknown>, fail: (message: string) => never): Network {
  const sizes = obj.sizes;
  if (!Array.isArray(sizes)) fail('"sizes" must be an array of layer sizes, e.g. [784, 30, 10]');
  try {
    checkSizes(sizes as number[]);
  } catch (error) {
    fail(`"sizes": ${(error as Error).message}`);
  }
  const sizeList = sizes as number[];
  const L = sizeList.length;
  let activations: LayerActivationName[];
  if (obj.version === 1) {
    // version 1: one activation for every layer
    if (!isActivationName(obj.activation)) fail(`"activation" must be one of ${activationNames.join(', ')}, found ${describeJson(obj.activation)}`);
    activations = Array<LayerActivationName>(L - 1).fill(obj.activation as LayerActivationName);
  } else {
    const list = obj.activations;
    if (!Array.isArray(list) || list.length !== L - 1) {
      fail(`"activations" must be an array of ${L - 1} names (one per layer 2..${L}) from ${layerActivationNames.join(', ')}, found ${describe(list)}`);
    }
    activations = list as LayerActivationName[];
  }
  try {
    checkActivations(activations, L - 1, obj.cost as CostName);
  } catch (error) {
    fail(`"activations": ${(error as Error).message}`);
  }
  const weights = obj.weights;
  const biases = obj.biases;
  // The arrays must have the declared shapes before the network is allocated from "sizes".
  const misshapen = shapeProblem(sizeList, weights, biases);
  if (misshapen !== undefined) fail(misshapen);
  const network = zeroNetwork(sizeList, activations, obj.cost as CostName);
  if (!Array.isArray(weights) || weights.length !== L - 1) fail(`"weights" must be an array of ${L - 1} matrices (one per layer 2..${L}), found ${describe(weights)}`);
  if (!Array.isArray(biases) || biases.length !== L - 1) fail(`"biases" must be an array of ${L - 1} vectors (one per layer 2..${L}), found ${describe(biases)}`);
  for (let l = 2; l <= L; l++) {
    const i = l - 2;
    const rows = (weights as unknown[])[i];
    const nOut = sizeList[l - 1];
    const nIn = sizeList[l - 2];
    if (!Array.isArray(rows) || rows.length !== nOut) fail(`"weights[${i}]" (w^${l}) must have ${nOut} rows, found ${describe(rows)}`);
    (rows as unknown[]).forEach((row, j) => {
      readNumbers(row, nIn, `weights[${i}][${j}]`, fail).forEach((v, k) => (network.weights[l][j * nIn + k] = v));
    });
    network.biases[l].set(readNumbers((biases as unknown[])[i], nOut, `biases[${i}]`, fail));
  }
  return network;
}

/** "task", "normalization" and "classes", checked against the network's first and last layer. */
function modelFieldsFromJson(obj: Record<string, unknown>, network: Network, fail: (message: string) => never): Omit<Model, 'network'> {
  const sizeList = network.sizes;
  const L = sizeList.length;
  let task: Task | undefined;
  if (obj.task !== undefined) {
    if (!(taskNames as readonly unknown[]).includes(obj.task)) fail(`"task" must be one of ${taskNames.join(', ')}, found ${describeJson(obj.task)}`);
    task = obj.task as Task;
  }

  let normalization: Normalization | undefined;
  if (obj.normalization !== undefined) {
    const norm = obj.normalization as Record<string, unknown>;
    if (typeof norm !== 'object' || norm === null) fail('"normalization" must be an object {"mean": [...], "std": [...]}');
    const mean = readNumbers(norm.mean, sizeList[0], 'normalization.mean', fail);
    const std = readNumbers(norm.std, sizeList[0], 'normalization.std', fail);
    std.forEach((s, k) => {
      if (s <= 0) fail(`"normalization.std[${k}]" must be positive, found ${s}`);
    });
    normalization = { mean, std };
  }
  let classes: string[] | undefined;
  if (obj.classes !== undefined) {
    const c = obj.classes;
    if (!Array.isArray(c) || c.length !== sizeList[L - 1] || !c.every((name) => typeof name === 'string')) {
      fail(`"classes" must be an array of ${sizeList[L - 1]} strings (one per output neuron), found ${describe(c)}`);
    }
    classes = c as string[];
  }
  return { normalization, classes, ...(task === undefined ? {} : { task }) };
}

function readNumbers(value: unknown, length: number, field: string, fail: (message: string) => never): number[] {
  if (!Array.isArray(value) || value.length !== length) fail(`"${field}" must be an array of ${length} numbers, found ${describe(value)}`);
  const numbers = value as unknown[];
  numbers.forEach((v, k) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`"${field}[${k}]" must be a finite number, found ${describeJson(v)}`);
  });
  return numbers as number[];
}

function describe(value: unknown): string {
  return describeJson(value);
}
