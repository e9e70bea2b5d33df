import { activationNames, costNames, rulesWith, UPDATE_DEFAULTS, updateRuleNames, weightInitNames } from 'nabla';
import { datasetKinds2d, regressionKinds2d, type DatasetKind2d } from './data2d.ts';
import { DEFAULT_FEATURES, isFeature, orderFeatures, type Feature } from './features.ts';
import { buildLayers, hiddenCount, layerListText, parseLayerList } from './layers.ts';

/**
 * The whole setup of the page, kept in the URL query so that a link reproduces it:
 * dataset, noise, features, sizes, activation, output, cost, eta, batch, seed, ratio, speed, weights,
 * optimizer (momentum, beta1, beta2), l2, l1, dropout and autoplay=1 (the network's names
 * are `nabla train`'s flags). Parsing never throws: a value that makes no sense falls back to
 * the default, with a note the page shows, so a mistyped link still opens a working
 * playground. A cost and an output layer that do not go together are kept as written: the
 * page says why they do not (in the library's words) rather than quietly training another pair.
 */
export const datasetKinds = [...datasetKinds2d, 'mnist', 'csv'] as const;
export type DatasetKind = (typeof datasetKinds)[number];

/** Whether the set's target is a number (plane, multigauss) rather than a class. */
export const isRegression = (dataset: DatasetKind): boolean => regressionKinds2d.includes(dataset as DatasetKind2d);

/** The 2-D sets (generated points in the plane, with input features). */
export const is2d = (dataset: DatasetKind): dataset is DatasetKind2d => (datasetKinds2d as readonly string[]).includes(dataset);

export interface Setup {
  readonly dataset: DatasetKind;
  /** Percent, 0–50 (2-D sets only). */
  readonly noise: number;
  /** The network's inputs as functions of (x₁, x₂), in canonical order (2-D sets only). */
  readonly features: readonly Feature[];
  /** Neurons per layer, input first (for a network of `layers`, the flat size of each layer). */
  readonly sizes: readonly number[];
  /**
   * MNIST with conv and pool layers: the layers after the input as `nabla train --layers`
   * spells them (conv:8:5x5,pool:2x2,dense:10); '' for a dense network of `sizes`.
   */
  readonly layers: string;
  /** σ of the hidden layers */
  readonly activation: string;
  /** σ_L, the output layer's activation (one of OUTPUT_CHOICES) */
  readonly output: string;
  readonly cost: string;
  /** How the weights and biases start (the library's initialisers). */
  readonly weights: string;
  /** The update rule, and its hyper-parameters μ (momentum, nesterov), β₁ and β₂ (adam). */
  readonly optimizer: string;
  readonly momentum: number;
  readonly beta1: number;
  readonly beta2: number;
  /** λ of L2 and of L1 regularisation */
  readonly l2: number;
  readonly l1: number;
  /** p, the probability of dropping a hidden neuron while training */
  readonly dropout: number;
  /** How η changes between epochs, as `nabla train --schedule` writes it ('' for none). */
  readonly schedule: string;
  /** η */
  readonly eta: number;
  /** m, the mini-batch size */
  readonly batch: number;
  readonly seed: number;
  /** Percent of the examples that train (the rest test), 10–90 (2-D sets only). */
  readonly ratio: number;
  /** Epochs a second while playing; Infinity as fast as the kernel goes ('max' in the URL). */
  readonly speed: number;
  readonly autoplay: boolean;
}

export const MAX_LAYERS = 8;
/** The output activations `nabla train --output` offers (src/api/trainOptions.ts). */
export const OUTPUT_CHOICES = ['sigmoid', 'softmax', 'linear'] as const;
/** The update rule's defaults for μ, β₁ and β₂: the library's, from each rule's declared hyper-parameters. */
export const RULE_DEFAULTS = { momentum: UPDATE_DEFAULTS.momentum, beta1: UPDATE_DEFAULTS.beta1, beta2: UPDATE_DEFAULTS.beta2 } as const;
export const MAX_NEURONS = 64;

/**
 * The defaults of a data set. A regression set's output is a number, so a linear output layer
 * (TF Playground's choice too) with the quadratic cost; tanh and η = 0.1 train both sets.
 */
export function defaultSetup(dataset: DatasetKind = 'circle'): Setup {
  const mnist = dataset === 'mnist';
  const regression = isRegression(dataset);
  return {
    dataset,
    noise: 0,
    features: DEFAULT_FEATURES,
    sizes: mnist ? [784, 30, 10] : [2, 8, 8, 1],
    layers: '',
    activation: regression ? 'tanh' : activationNames[0],
    output: regression ? 'linear' : 'sigmoid',
    cost: costNames[0],
    weights: 'scaled-normal',
    optimizer: 'sgd',
    ...RULE_DEFAULTS,
    l2: 0,
    l1: 0,
    dropout: 0,
    schedule: '',
    eta: regression ? 0.1 : 3,
    batch: 10,
    seed: 1,
    ratio: 50,
    speed: 30,
    autoplay: false,
  };
}

export interface ParsedSetup {
  readonly setup: Setup;
  /** What was ignored and why, one sentence each. */
  readonly notes: string[];
}

function oneOf<T extends string>(value: string | null, choices: readonly T[], fallback: T, name: string, notes: string[]): T {
  if (value === null) return fallback;
  if ((choices as readonly string[]).includes(value)) return value as T;
  notes.push(`${name}=${value} is not one of ${choices.join(', ')}; using ${fallback}`);
  return fallback;
}

function numberIn(value: string | null, lo: number, hi: number, fallback: number, name: string, notes: string[], integer = false): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  if (Number.isFinite(n) && n >= lo && n <= hi && (!integer || Number.isInteger(n))) return n;
  notes.push(`${name}=${value} is not ${integer ? 'a whole number' : 'a number'} from ${lo} to ${hi}; using ${fallback}`);
  return fallback;
}

/**
 * A number whose range the library checks (μ, β₁, β₂, λ, p): kept as written, so that the page
 * refuses an out-of-range one in the library's words (spec.ts) instead of swapping in a default.
 */
function anyNumber(value: string | null, fallback: number, name: string, notes: string[]): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  notes.push(`${name}=${value} is not a number; using ${fallback}`);
  return fallback;
}

/** The number of inputs each data set has, where it is fixed: a 2-D set has one per feature. */
export function inputSizeOf(dataset: DatasetKind, features: readonly Feature[] = DEFAULT_FEATURES): number | undefined {
  if (dataset === 'mnist') return 784;
  if (dataset === 'csv') return undefined;
  return features.length;
}

/** `features`: a comma-separated list of feature keys (x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2), for the 2-D sets. */
function parseFeatures(value: string | null, dataset: DatasetKind, notes: string[]): readonly Feature[] {
  if (value === null) return DEFAULT_FEATURES;
  if (!is2d(dataset)) {
    notes.push(`features apply to the 2-D sets, and the data set is ${dataset}; ignoring features=${value}`);
    return DEFAULT_FEATURES;
  }
  const keys = value.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !isFeature(key));
  const features = orderFeatures(keys.filter(isFeature));
  if (unknown.length > 0) notes.push(`features=${value}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a feature' : 'are not features'}; the features are x1, x2, x1sq, x2sq, x1x2, sinx1, sinx2`);
  if (features.length > 0) return features;
  notes.push(`features=${value} names no feature; using x1,x2`);
  return DEFAULT_FEATURES;
}

function parseSizes(value: string | null, fallback: readonly number[], dataset: DatasetKind, notes: string[], softmax: boolean, features: readonly Feature[]): readonly number[] {
  const plane = is2d(dataset);
  const regression = isRegression(dataset);
  // A softmax output needs a neuron per class: the 2-D sets' default single output becomes two (one-hot).
  if (value === null) return [...(plane ? [features.length] : fallback.slice(0, 1)), ...fallback.slice(1, -1), softmax && plane && !regression ? 2 : fallback[fallback.length - 1]];
  const sizes = value.split(',').map((s) => Number(s.trim()));
  const ok = sizes.length >= 2 && sizes.length <= MAX_LAYERS + 2 && sizes.every((n, i) => Number.isInteger(n) && n >= 1 && (i === 0 || n <= MAX_NEURONS || i === sizes.length - 1));
  if (!ok) {
    notes.push(`sizes=${value} is not a list of 2 to ${MAX_LAYERS + 2} layer sizes (whole numbers, hidden layers up to ${MAX_NEURONS}); using ${fallback.join(',')}`);
    return fallback;
  }
  const inputs = inputSizeOf(dataset, features);
  if (inputs !== undefined && sizes[0] !== inputs) {
    const what = plane ? `${inputs} input feature${inputs === 1 ? '' : 's'} (${features.join(',')})` : `${inputs}`;
    notes.push(`sizes=${value} starts with ${sizes[0]} inputs but ${dataset} has ${what}; using ${inputs}`);
    sizes[0] = inputs;
  }
  const last = sizes.length - 1;
  if (dataset === 'mnist' && sizes[last] !== 10) {
    notes.push(`sizes=${value} ends with ${sizes[last]} outputs but MNIST has 10 classes; using 10`);
    sizes[last] = 10;
  }
  if (regression && sizes[last] !== 1) {
    notes.push(`sizes=${value} ends with ${sizes[last]} outputs; ${dataset} is a regression with one number to predict; using 1`);
    sizes[last] = 1;
  }
  if (plane && !regression && sizes[last] > 2) {
    notes.push(`sizes=${value} ends with ${sizes[last]} outputs; a 2-D set has 2 classes, held in 1 output (y = class) or 2 (one-hot); using ${softmax ? 2 : 1}`);
    sizes[last] = softmax ? 2 : 1;
  }
  if (plane && !regression && softmax && sizes[last] === 1) {
    notes.push(`sizes=${value} ends with 1 output, and a softmax output layer needs one per class; using 2 (one-hot)`);
    sizes[last] = 2;
  }
  return sizes;
}

export function parseSetup(query: string): ParsedSetup {
  const params = new URLSearchParams(query);
  const notes: string[] = [];
  const dataset = oneOf(params.get('dataset'), datasetKinds, 'circle', 'dataset', notes);
  const d = defaultSetup(dataset);
  // As `nabla train` pairs them: an output given alone picks its cost, a cost given alone its output.
  const outputGiven = params.get('output') === null ? undefined : oneOf(params.get('output'), OUTPUT_CHOICES, d.output, 'output', notes);
  const costGiven = params.get('cost') === null ? undefined : oneOf(params.get('cost'), costNames as readonly string[], d.cost, 'cost', notes);
  const output = outputGiven ?? (costGiven === 'log-likelihood' ? 'softmax' : d.output);
  const cost = costGiven ?? (output === 'softmax' ? 'log-likelihood' : d.cost);
  const optimizer = oneOf(params.get('optimizer'), updateRuleNames as readonly string[], d.optimizer, 'optimizer', notes);
  // a hyper-parameter applies to the rules that declare it (the library's rulesWith)
  const ruleParameter = (name: 'momentum' | 'beta1' | 'beta2', what: string): number => {
    const value = params.get(name);
    if (value !== null && !(rulesWith(name) as readonly string[]).includes(optimizer)) {
      notes.push(`${name} is ${what}, and the optimizer is ${optimizer}; ignoring ${name}=${value}`);
      return d[name];
    }
    return anyNumber(value, d[name], name, notes);
  };
  const features = parseFeatures(params.get('features'), dataset, notes);
  const layered = parseLayersParam(params.get('layers'), dataset, notes);
  const setup: Setup = {
    dataset,
    noise: numberIn(params.get('noise'), 0, 50, d.noise, 'noise', notes),
    features,
    sizes: layered?.sizes ?? parseSizes(params.get('sizes'), d.sizes, dataset, notes, output === 'softmax', features),
    layers: layered?.text ?? '',
    activation: parseActivations(params.get('activation'), d.activation, notes),
    output,
    cost,
    weights: oneOf(params.get('weights'), weightInitNames as readonly string[], d.weights, 'weights', notes),
    optimizer,
    momentum: ruleParameter('momentum', `μ of the ${rulesWith('momentum').join(' and ')} optimizers`),
    beta1: ruleParameter('beta1', "Adam's β₁"),
    beta2: ruleParameter('beta2', "Adam's β₂"),
    l2: anyNumber(params.get('l2'), d.l2, 'l2', notes),
    l1: anyNumber(params.get('l1'), d.l1, 'l1', notes),
    dropout: anyNumber(params.get('dropout'), d.dropout, 'dropout', notes),
    // Kept as written: the library's parser checks it when the page builds (spec.ts).
    schedule: (params.get('schedule') ?? d.schedule).trim(),
    eta: numberIn(params.get('eta'), 1e-6, 1000, d.eta, 'eta', notes),
    batch: numberIn(params.get('batch'), 1, 10_000, d.batch, 'batch', notes, true),
    seed: numberIn(params.get('seed'), 0, 2 ** 31 - 1, d.seed, 'seed', notes, true),
    ratio: numberIn(params.get('ratio'), 10, 90, d.ratio, 'ratio', notes, true),
    speed: params.get('speed') === 'max' ? Infinity : numberIn(params.get('speed'), 0.1, 10_000, d.speed, 'speed', notes),
    autoplay: params.get('autoplay') === '1',
  };
  return { setup, notes };
}

/** The query string for a setup; values at their defaults are left out to keep links short. */
export function setupQuery(setup: Setup): string {
  const d = defaultSetup(setup.dataset);
  const params = new URLSearchParams();
  params.set('dataset', setup.dataset);
  if (setup.noise !== d.noise) params.set('noise', String(setup.noise));
  if (setup.features.join() !== d.features.join()) params.set('features', setup.features.join(','));
  if (setup.layers !== '') params.set('layers', setup.layers);
  else params.set('sizes', setup.sizes.join(','));
  if (setup.activation !== d.activation) params.set('activation', setup.activation);
  // Both or neither: either alone would be re-paired on reading (softmax alone means log-likelihood).
  if (setup.output !== d.output || setup.cost !== d.cost) {
    params.set('output', setup.output);
    params.set('cost', setup.cost);
  }
  if (setup.weights !== d.weights) params.set('weights', setup.weights);
  if (setup.optimizer !== d.optimizer) params.set('optimizer', setup.optimizer);
  for (const name of ['momentum', 'beta1', 'beta2'] as const) {
    if ((rulesWith(name) as readonly string[]).includes(setup.optimizer) && setup[name] !== d[name]) params.set(name, String(setup[name]));
  }
  if (setup.l2 !== d.l2) params.set('l2', String(setup.l2));
  if (setup.l1 !== d.l1) params.set('l1', String(setup.l1));
  if (setup.dropout !== d.dropout) params.set('dropout', String(setup.dropout));
  if (setup.schedule !== d.schedule) params.set('schedule', setup.schedule);
  params.set('eta', String(setup.eta));
  params.set('batch', String(setup.batch));
  params.set('seed', String(setup.seed));
  if (setup.ratio !== d.ratio) params.set('ratio', String(setup.ratio));
  if (setup.speed !== d.speed) params.set('speed', Number.isFinite(setup.speed) ? String(setup.speed) : 'max');
  if (setup.autoplay) params.set('autoplay', '1');
  return params.toString();
}

/**
 * `activation`: one name for every hidden layer, or a comma-separated list, one per hidden
 * layer, as `nabla train --activation` takes it (e.g. relu,tanh). A name the library does not
 * know gets a note and the default; the list's length is checked against the layers when the
 * page builds (spec.ts), where the layers are known.
 */
function parseActivations(value: string | null, fallback: string, notes: string[]): string {
  if (value === null) return fallback;
  const names = value.split(',').map((name) => oneOf(name.trim(), activationNames as readonly string[], fallback, 'activation', notes));
  return names.join(',');
}

/** The hidden layers' activations a setup names (one name: every hidden layer), or undefined if the list does not fit `hidden` layers. */
export function hiddenActivations(activation: string, hidden: number): string[] | undefined {
  const names = activation.split(',');
  if (names.length === 1) return Array<string>(hidden).fill(names[0]);
  return names.length === hidden ? names : undefined;
}

/** The setup's `activation` for a list of hidden activations: one name when they are all the same. */
export function activationOfList(names: readonly string[], fallback: string): string {
  if (names.length === 0) return fallback;
  return names.every((name) => name === names[0]) ? names[0] : names.join(',');
}

/**
 * `layers`: conv, pool and dense layers after MNIST's 28×28 input, as `nabla train --layers`
 * takes them; the flat sizes follow from the shapes. A malformed list, an impossible shape or
 * another data set gets a note and the dense network of `sizes`.
 */
function parseLayersParam(value: string | null, dataset: DatasetKind, notes: string[]): { text: string; sizes: number[] } | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (dataset !== 'mnist') {
    notes.push(`layers (conv and pool) apply to MNIST's images, and the data set is ${dataset}; ignoring layers=${value}`);
    return undefined;
  }
  try {
    return layersSetting(value);
  } catch (error) {
    notes.push(`layers=${value}: ${error instanceof Error ? error.message : String(error)}; using the dense network of sizes`);
    return undefined;
  }
}

/** MNIST's layers as written (conv:8:5x5,pool:2x2,dense:10): their canonical text and flat sizes; throws an Error saying what is wrong. */
export function layersSetting(value: string): { text: string; sizes: number[] } {
  const entries = parseLayerList(value);
  const { sizes } = buildLayers(entries, Array<string>(Math.max(0, hiddenCount(entries))).fill('sigmoid'), 'sigmoid');
  if (sizes[sizes.length - 1] !== 10) throw new Error(`its output layer has ${sizes[sizes.length - 1]} neurons, and MNIST has 10 classes`);
  return { text: layerListText(entries), sizes };
}
