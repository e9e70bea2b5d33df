import { InputError } from '../common/errors.ts';
import { featureStatistics, standardize } from '../data/normalize.ts';
import { holdOut } from '../data/split.ts';
import type { Kernel, KernelSpec } from '../kernels/kernel.ts';
import { createKernel } from '../kernels/registry.ts';
import { createRng } from '../math/rng.ts';
import { createNetwork } from '../network/network.ts';
import type { Normalization } from '../serialization/modelFile.ts';
import type { Evaluation } from '../training/evaluate.ts';
import { train } from '../training/sgd.ts';
import { checkFloat32Range, checkSizesAgainstData, checkValidationWatched, defaultSizes } from './dataChecks.ts';
import { arraysToDataset, type FitData } from './fitData.ts';
import { TrainedModel, type ModelScore } from './model.ts';
import { readFitOptions, type FitOptions } from './fitOptions.ts';
import { loopOptionsFromFlags, networkFromFlags, updateFromFlags, type TaskName } from './trainOptions.ts';

/** What onEpoch receives after every epoch. */
export interface FitEpoch {
  readonly epoch: number;
  readonly epochs: number;
  /** η in this epoch (a schedule changes it). */
  readonly learningRate: number;
  /** Seconds in the mini-batch steps alone. */
  readonly trainSeconds: number;
  /** The training set with this epoch's parameters (what `nabla train` prints as its first figures without --test). */
  readonly training: ModelScore;
  /** The validation set, with validationSplit. */
  readonly validation?: ModelScore;
}

/** Makes the kernel fit() trains on: createKernel in a browser, createNodeKernel in Node. */
export type KernelMaker = (spec: KernelSpec, options: { readonly threads?: number; readonly onNotice?: (line: string) => void }) => Promise<Kernel>;

function score(evaluation: Evaluation): ModelScore {
  return { count: evaluation.count, ...(evaluation.accuracy === undefined ? {} : { correct: evaluation.correct, accuracy: evaluation.accuracy }), cost: evaluation.meanCost, rmse: evaluation.rmse ?? NaN };
}

/**
 * Trains a network on arrays in one call: `nabla train`'s flags by their camelCase names,
 * with its defaults, its checks and its sentences, and for the same data and seed its
 * numbers (the same initial weights, shuffles and kernel). The kernel is made for the run
 * and disposed after it. `makeKernel` is the environment's way of making one.
 */
export async function fitWith(makeKernel: KernelMaker, data: FitData, options: FitOptions = {}): Promise<TrainedModel> {
  const flags = readFitOptions(options);
  const arrays = arraysToDataset(data);
  if (flags.task === 'regression' && arrays.shape === 'labels') throw new InputError("task 'regression' needs numbers to predict: give { inputs, targets } (labels are classes)");
  if (flags.task === 'classification' && arrays.shape === 'targets') throw new InputError("task 'classification' needs classes: give { inputs, labels } (targets are values to predict)");
  // brain.js's shape keeps the sigmoid output (its outputs lie in [0, 1]); it is scored as a
  // classifier when its outputs are one-hot, otherwise by RMSE.
  const task: TaskName = flags.task ?? (arrays.shape === 'labels' || (arrays.shape === 'examples' && arrays.dataset.labels !== undefined) ? 'classification' : 'regression');
  const networkTask = arrays.shape === 'examples' ? flags.task : task;

  // Held out before anything is learned from the data, the standardisation too (as `nabla train --validation-split`).
  const split = flags.validationSplit === undefined ? undefined : holdOut(arrays.dataset, flags.validationSplit, createRng(flags.seed), 'validationSplit');
  const rows = split?.training ?? arrays.dataset;
  let normalization: Normalization | undefined;
  if (flags.normalize) {
    const stats = featureStatistics(rows);
    normalization = { mean: Array.from(stats.mean), std: Array.from(stats.std) };
  }
  const prepare = normalization ? (d: typeof rows) => standardize(d, normalization) : (d: typeof rows) => d;
  const training = prepare(rows);
  const validation = split ? prepare(split.validation) : undefined;
  const sizes = flags.sizes ?? defaultSizes(training.inputSize, training.outputSize);
  checkSizesAgainstData(sizes, { training, validation, evaluation: training, evaluatedOn: 'training' }, flags.sizes ? '--sizes' : 'the network');
  checkValidationWatched(flags, validation);
  checkFloat32Range(training, 'the training data', flags.dtype);

  const { activations, cost } = networkFromFlags({ ...flags, task: networkTask }, sizes.length - 1);
  const update = updateFromFlags(flags);
  const rng = createRng(flags.seed);
  const network = createNetwork({ sizes, rng, init: flags.weights, activations, cost });
  const spec: KernelSpec = { sizes, activations, cost, dtype: flags.dtype, ...(update ? { update } : {}), ...(flags.dropout ? { dropout: flags.dropout } : {}) };
  const kernel = await makeKernel(spec, { threads: flags.threads, onNotice: options.onNotice });
  const { onEpoch } = options;
  let bestEpoch: number | undefined;
  try {
    const result = await train(network, kernel, training, {
      ...loopOptionsFromFlags(flags, task, rng),
      // The training set is measured only for someone to see it: it changes no number of the run.
      test: onEpoch ? training : undefined,
      validation,
      onEpoch: onEpoch
        ? (report) =>
            onEpoch({
              epoch: report.epoch,
              epochs: report.epochs,
              learningRate: report.learningRate ?? flags.eta,
              trainSeconds: report.trainSeconds,
              training: score(report.test as Evaluation),
              ...(report.validation ? { validation: score(report.validation) } : {}),
            })
        : undefined,
    });
    bestEpoch = result.bestEpoch;
  } finally {
    await kernel.dispose();
  }
  return new TrainedModel({ network, normalization, classes: arrays.classes, task }, bestEpoch);
}

/**
 * fit(data, options): trains a network on arrays and returns the model (see fitWith). This is
 * the browser's, on createKernel (one thread, the fastest WebAssembly the engine runs); Node
 * gets node/fit.ts's, on the command line's kernel choice, through the package's exports.
 */
export function fit(data: FitData, options: FitOptions = {}): Promise<TrainedModel> {
  return fitWith((spec, o) => createKernel(spec, { threads: o.threads, onNotice: o.onNotice }), data, options);
}
