import { parseCsvDataset, type CsvDataset } from '../data/csv.ts';
import { parseCsvRegression } from '../data/csvRegression.ts';
import { InputError } from '../common/errors.ts';
import { featureStatistics, standardize } from '../data/normalize.ts';
import type { Dataset } from '../kernels/kernel.ts';
import { loadMnist, type MnistSets } from '../node/mnist.ts';
import { readText } from '../node/readText.ts';
import type { Model, Normalization } from '../serialization/modelFile.ts';
import { formatCount } from '../common/format.ts';
import { holdOut } from '../data/split.ts';
import { createRng } from '../math/rng.ts';
import { defaultSizes } from '../api/dataChecks.ts';

/**
 * The data `nabla train` and `nabla evaluate` read: MNIST (packaged or from a folder of IDX
 * files) or labelled CSV files, with the checks that tie it to a network's sizes.
 */

/** The flags that say which CSV data to read and how. */
export interface CsvFlags {
  train?: string;
  test?: string;
  labelColumn?: string;
  normalize?: boolean;
  /** The model file training starts from, named in messages. */
  init?: string;
  /** A CSV file of validation examples, or the fraction of --train to hold out as one (by --seed). */
  validation?: string;
  validationSplit?: number;
  seed?: number;
}

/** The data a run trains and is measured on, whatever file it came from. */
export interface LabelledData {
  /** e.g. "50,000 MNIST images" or "train.csv (120 rows)" */
  readonly description: string;
  readonly training: Dataset;
  readonly validation?: Dataset;
  /** Where accuracy and cost are measured after each epoch: the test set, else the training set. */
  readonly evaluation: Dataset;
  /** 'test', or 'training' when there is no test set. */
  readonly evaluatedOn: string;
  /** The file line of each evaluation example, when its file records them (a regression CSV). */
  readonly evaluationLines?: number[];
  /** The name of each class (output neuron). */
  readonly classes: string[];
  /** Side of a square greyscale image when the inputs are pixels (28 for MNIST), for the report. */
  readonly imageSide?: number;
}

export const MNIST_CLASSES = Array.from({ length: 10 }, (_, i) => String(i));
export const MNIST_SIZES = [784, 30, 10];

/** `--data mnist` (the default) is the packaged copy; anything else is a folder of IDX files. */
export async function loadMnistSets(data: string | undefined): Promise<MnistSets> {
  return data === undefined || data === 'mnist' ? loadMnist() : loadMnist({ dir: data });
}

export async function loadMnistData(dataFlag: string | undefined, start: Model | undefined): Promise<LabelledData> {
  if (start?.normalization) {
    throw new InputError(`the model file was trained on standardised CSV features (it has a "normalization"); train it on CSV data with --train`);
  }
  const sets = await loadMnistSets(dataFlag);
  const source = dataFlag === undefined || dataFlag === 'mnist' ? 'MNIST' : `MNIST from ${dataFlag}`;
  return {
    description: `${formatCount(sets.training.count)} ${source} images (validation ${formatCount(sets.validation.count)}, test ${formatCount(sets.test.count)})`,
    training: sets.training,
    validation: sets.validation,
    evaluation: sets.test,
    evaluatedOn: 'test',
    classes: MNIST_CLASSES,
    imageSide: squareSide(sets.test.inputSize),
  };
}

/** A labelled CSV file as a dataset; the parser's InputErrors name the file, row and column. */
export async function readCsvDataset(path: string, labelColumn: string | undefined, classes?: readonly string[]): Promise<CsvDataset> {
  const text = await readText(path, 'CSV file');
  return parseCsvDataset(text, { name: path, labelColumn, classes });
}

/** A CSV file of numbers whose target columns (`--label-column a,b`, default the last) are a regression's y. */
export async function readCsvRegression(path: string, targetColumns: string | undefined, targets?: readonly string[]): Promise<CsvDataset> {
  const text = await readText(path, 'CSV file');
  return parseCsvRegression(text, { name: path, targetColumns, targets });
}

export async function loadCsvData(flags: CsvFlags, start: Model | undefined, task: 'classification' | 'regression' = 'classification'): Promise<{ data: LabelledData; normalization?: Normalization }> {
  const trainPath = flags.train as string;
  const regression = task === 'regression';
  const read = (path: string, known: readonly string[] | undefined): Promise<CsvDataset> =>
    regression ? readCsvRegression(path, flags.labelColumn, known) : readCsvDataset(path, flags.labelColumn, known);
  const trained = await read(trainPath, start?.classes);
  // The test file's labels map to the training file's classes (or targets), in the same order.
  const tested = flags.test === undefined ? undefined : await read(flags.test, regression ? undefined : trained.classes);
  const validated = flags.validation === undefined ? undefined : await read(flags.validation, regression ? undefined : trained.classes);
  for (const [path, other] of [[flags.test, tested], [flags.validation, validated]] as const) {
    if (other && other.dataset.inputSize !== trained.dataset.inputSize) {
      throw new InputError(`${path} has ${other.dataset.inputSize} feature columns but ${trainPath} has ${trained.dataset.inputSize}; use data with the training data's columns`);
    }
  }
  // --validation-split holds rows out of the training file before anything is learned from it (the standardisation too).
  const split = flags.validationSplit === undefined ? undefined : holdOut(trained.dataset, flags.validationSplit, createRng(flags.seed ?? 1));
  const trainedRows = split?.training ?? trained.dataset;

  let normalization: Normalization | undefined = start?.normalization;
  if (flags.normalize && start && !normalization) {
    throw new InputError(`--normalize: the model file ${flags.init} was trained on features that were not standardised; drop --normalize or start from random weights`);
  }
  if (flags.normalize && !normalization) {
    const stats = featureStatistics(trainedRows);
    normalization = { mean: Array.from(stats.mean), std: Array.from(stats.std) };
  }
  const prepare = (dataset: Dataset): Dataset => (normalization ? standardize(dataset, normalization) : dataset);
  const training = prepare(trainedRows);
  const validation = split ? prepare(split.validation) : validated ? prepare(validated.dataset) : undefined;
  const count = (n: number): string => `${formatCount(n)} row${n === 1 ? '' : 's'}`;
  const description =
    `${trainPath} (${count(training.count)}, ${trained.dataset.inputSize} features, ${trained.classes.length} ${regression ? `target${trained.classes.length === 1 ? '' : 's'} (${trained.classes.join(', ')})` : 'classes'}` +
    `${normalization ? ', standardised' : ''})` +
    (validation ? `, validated on ${split ? `${count(validation.count)} held out (${flags.validationSplit})` : `${flags.validation} (${count(validation.count)})`}` : '') +
    (tested ? `, tested on ${flags.test} (${count(tested.dataset.count)})` : '');
  return {
    data: {
      description,
      training,
      ...(validation ? { validation } : {}),
      evaluation: tested ? prepare(tested.dataset) : training,
      evaluatedOn: tested ? 'test' : 'training',
      evaluationLines: tested ? tested.lines : split && trained.lines ? split.trainingRows.map((row) => (trained.lines as number[])[row]) : trained.lines,
      classes: trained.classes,
    },
    normalization,
  };
}

/** The default sizes for CSV data: see api/dataChecks.ts. */
export function defaultCsvSizes(data: LabelledData): number[] {
  return defaultSizes(data.training.inputSize, data.classes.length); // (a regression's targets)
}

function squareSide(n: number): number | undefined {
  const side = Math.round(Math.sqrt(n));
  return side * side === n ? side : undefined;
}

