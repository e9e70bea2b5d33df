import { InputError } from '../common/errors.ts';
import { formatLimit, MAX_CLASSES } from '../common/limits.ts';
import { canonicalLabel, collectClasses, continuousLabelProblem } from '../data/csv.ts';
import { oneHot, type Dataset } from '../data/dataset.ts';

/**
 * The three shapes of data fit() and a model's evaluate() take, as a Dataset:
 * - brain.js's `[{ input, output }]`: the outputs are the targets y as they are;
 * - `{ inputs, labels }`: a classifier, one class per example (names or numbers), classes
 *   ordered as a CSV file's label column orders them (so the same rows give the same network);
 * - `{ inputs, targets }`: a regression, one row of target values per example.
 */
export interface Example {
  readonly input: readonly number[];
  readonly output: readonly number[];
}
export interface LabelledArrays {
  readonly inputs: readonly (readonly number[])[];
  readonly labels: readonly (string | number)[];
}
export interface TargetArrays {
  readonly inputs: readonly (readonly number[])[];
  readonly targets: readonly (readonly number[])[];
}
export type FitData = readonly Example[] | LabelledArrays | TargetArrays;

export interface ArrayDataset {
  readonly dataset: Dataset;
  /** The class names, for data with labels. */
  readonly classes?: string[];
  /** 'labels', 'targets' or 'examples': which shape it came in. */
  readonly shape: 'labels' | 'targets' | 'examples';
}

const SHAPES = "an array of { input, output }, or { inputs, labels }, or { inputs, targets }";

/** Rows of numbers as one flat array, every row `width` long and every value finite. */
function flatten(rows: readonly (readonly number[])[], name: string, width?: number): { values: Float64Array; width: number } {
  if (!Array.isArray(rows) || rows.length === 0) throw new InputError(`${name} must be a non-empty array of rows of numbers`);
  const w = width ?? (Array.isArray(rows[0]) ? rows[0].length : 0);
  if (w < 1) throw new InputError(`${name}[0] must be a non-empty array of numbers, found ${JSON.stringify(rows[0])?.slice(0, 40)}`);
  const values = new Float64Array(rows.length * w);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== w) throw new InputError(`${name}[${i}] has ${Array.isArray(row) ? row.length : 'no'} values, ${name}[0] has ${w}; give every row the same length`);
    row.forEach((v, k) => {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${name}[${i}][${k}] is ${JSON.stringify(v) ?? String(v)}, not a finite number`);
      values[i * w + k] = v;
    });
  });
  return { values, width: w };
}

/**
 * The data as a Dataset. `classes` (a trained model's) maps labels to its output neurons;
 * without it the classes are the labels' distinct values.
 */
export function arraysToDataset(data: FitData, classes?: readonly string[]): ArrayDataset {
  if (Array.isArray(data)) {
    const examples = data as readonly Example[];
    if (examples.length === 0) throw new InputError(`the data is an empty array; give ${SHAPES}`);
    const bad = examples.findIndex((e) => typeof e !== 'object' || e === null || !('input' in e) || !('output' in e));
    if (bad >= 0) throw new InputError(`data[${bad}] is not { input, output }; give ${SHAPES}`);
    const inputs = flatten(examples.map((e) => e.input), 'input');
    const targets = flatten(examples.map((e) => e.output), 'output');
    return { dataset: { count: examples.length, inputSize: inputs.width, outputSize: targets.width, inputs: inputs.values, inputScale: 1, targets: targets.values, ...oneHotLabels(targets.values, targets.width) }, shape: 'examples' };
  }
  if (typeof data !== 'object' || data === null || !('inputs' in data)) throw new InputError(`the data must be ${SHAPES}`);
  const inputs = flatten(data.inputs, 'inputs');
  const count = data.inputs.length;
  if ('labels' in data) {
    const labels = data.labels;
    if (!Array.isArray(labels) || labels.length !== count) throw new InputError(`labels has ${Array.isArray(labels) ? labels.length : 'no'} entries and inputs has ${count}; give one label per row of inputs`);
    const names = labels.map((label, i) => {
      if ((typeof label !== 'string' && typeof label !== 'number') || String(label).trim() === '') throw new InputError(`labels[${i}] is ${JSON.stringify(label) ?? String(label)}; a label is a class name or number`);
      return String(label).trim();
    });
    const known = classes === undefined ? classesOf(names) : [...classes];
    const index = new Map<string, number>();
    known.forEach((c, i) => index.set(canonicalLabel(c), i));
    const ids = Int32Array.from(names, (name, i) => {
      const j = index.get(canonicalLabel(name));
      if (j === undefined) throw new InputError(`labels[${i}] is '${name}', which is not one of the model's classes (${known.slice(0, 12).join(', ')}${known.length > 12 ? ', …' : ''})`);
      return j;
    });
    return { dataset: { count, inputSize: inputs.width, outputSize: known.length, inputs: inputs.values, inputScale: 1, targets: oneHot(ids, known.length), labels: ids }, classes: known, shape: 'labels' };
  }
  if ('targets' in data) {
    if (!Array.isArray(data.targets) || data.targets.length !== count) throw new InputError(`targets has ${Array.isArray(data.targets) ? data.targets.length : 'no'} rows and inputs has ${count}; give one row of targets per row of inputs`);
    const targets = flatten(data.targets, 'targets');
    return { dataset: { count, inputSize: inputs.width, outputSize: targets.width, inputs: inputs.values, inputScale: 1, targets: targets.values }, shape: 'targets' };
  }
  throw new InputError(`the data has inputs but neither labels nor targets; give ${SHAPES}`);
}

/** The classes of a list of labels, checked as a CSV label column is. */
function classesOf(names: string[]): string[] {
  const continuous = continuousLabelProblem(names);
  if (continuous !== undefined) {
    throw new InputError(`the labels look like a measurement, not classes: ${continuous}; to predict the value, give { inputs, targets: labels.map((y) => [y]) } (a regression)`);
  }
  const classes = collectClasses(names.map(canonicalLabel));
  if (classes.length > MAX_CLASSES) throw new InputError(`the labels have ${formatLimit(classes.length)} different values, more than the limit of ${formatLimit(MAX_CLASSES)} classes`);
  if (classes.length < 2) throw new InputError(`every label is '${classes[0]}': a classifier needs at least two classes to tell apart`);
  return classes;
}

/** brain.js's one-hot outputs (two or more, one 1 and the rest 0 in every row) are classes: labels for accuracy. */
function oneHotLabels(targets: Float64Array, width: number): { labels?: Int32Array } {
  if (width < 2) return {};
  const count = targets.length / width;
  const labels = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    let ones = 0;
    for (let j = 0; j < width; j++) {
      const y = targets[i * width + j];
      if (y === 1) {
        ones++;
        labels[i] = j;
      } else if (y !== 0) return {};
    }
    if (ones !== 1) return {};
  }
  return { labels };
}
