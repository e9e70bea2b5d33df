import { activationNames, costNames } from 'nabla';
import { datasetKinds2d } from './data2d.ts';

/**
 * The whole setup of the page, kept in the URL query so that a link reproduces it:
 * dataset, noise, sizes, activation, cost, eta, batch, seed, ratio and autoplay=1.
 * Parsing never throws: a value that makes no sense falls back to the default, with a
 * note the page shows, so a mistyped link still opens a working playground.
 */
export const datasetKinds = [...datasetKinds2d, 'mnist', 'csv'] as const;
export type DatasetKind = (typeof datasetKinds)[number];

export interface Setup {
  readonly dataset: DatasetKind;
  /** Percent, 0–50 (2-D sets only). */
  readonly noise: number;
  /** Neurons per layer, input first. */
  readonly sizes: readonly number[];
  readonly activation: string;
  readonly cost: string;
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
export const MAX_NEURONS = 64;

export function defaultSetup(dataset: DatasetKind = 'circle'): Setup {
  const mnist = dataset === 'mnist';
  return {
    dataset,
    noise: 0,
    sizes: mnist ? [784, 30, 10] : [2, 8, 8, 1],
    activation: activationNames[0],
    cost: costNames[0],
    eta: 3,
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

/** The number of inputs each data set has, where it is fixed. */
export function inputSizeOf(dataset: DatasetKind): number | undefined {
  if (dataset === 'mnist') return 784;
  if (dataset === 'csv') return undefined;
  return 2;
}

function parseSizes(value: string | null, fallback: readonly number[], dataset: DatasetKind, notes: string[]): readonly number[] {
  if (value === null) return fallback;
  const sizes = value.split(',').map((s) => Number(s.trim()));
  const ok = sizes.length >= 2 && sizes.length <= MAX_LAYERS + 2 && sizes.every((n, i) => Number.isInteger(n) && n >= 1 && (i === 0 || n <= MAX_NEURONS || i === sizes.length - 1));
  if (!ok) {
    notes.push(`sizes=${value} is not a list of 2 to ${MAX_LAYERS + 2} layer sizes (whole numbers, hidden layers up to ${MAX_NEURONS}); using ${fallback.join(',')}`);
    return fallback;
  }
  const inputs = inputSizeOf(dataset);
  if (inputs !== undefined && sizes[0] !== inputs) {
    notes.push(`sizes=${value} starts with ${sizes[0]} inputs but ${dataset} has ${inputs}; using ${inputs}`);
    sizes[0] = inputs;
  }
  const last = sizes.length - 1;
  if (dataset === 'mnist' && sizes[last] !== 10) {
    notes.push(`sizes=${value} ends with ${sizes[last]} outputs but MNIST has 10 classes; using 10`);
    sizes[last] = 10;
  }
  if (inputs === 2 && sizes[last] > 2) {
    notes.push(`sizes=${value} ends with ${sizes[last]} outputs; a 2-D set has 2 classes, held in 1 output (y = class) or 2 (one-hot); using 1`);
    sizes[last] = 1;
  }
  return sizes;
}

export function parseSetup(query: string): ParsedSetup {
  const params = new URLSearchParams(query);
  const notes: string[] = [];
  const dataset = oneOf(params.get('dataset'), datasetKinds, 'circle', 'dataset', notes);
  const d = defaultSetup(dataset);
  const setup: Setup = {
    dataset,
    noise: numberIn(params.get('noise'), 0, 50, d.noise, 'noise', notes),
    sizes: parseSizes(params.get('sizes'), d.sizes, dataset, notes),
    activation: oneOf(params.get('activation'), activationNames as readonly string[], d.activation, 'activation', notes),
    cost: oneOf(params.get('cost'), costNames as readonly string[], d.cost, 'cost', notes),
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
  params.set('sizes', setup.sizes.join(','));
  if (setup.activation !== d.activation) params.set('activation', setup.activation);
  if (setup.cost !== d.cost) params.set('cost', setup.cost);
  params.set('eta', String(setup.eta));
  params.set('batch', String(setup.batch));
  params.set('seed', String(setup.seed));
  if (setup.ratio !== d.ratio) params.set('ratio', String(setup.ratio));
  if (setup.speed !== d.speed) params.set('speed', Number.isFinite(setup.speed) ? String(setup.speed) : 'max');
  if (setup.autoplay) params.set('autoplay', '1');
  return params.toString();
}
