import type { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { standardize } from '../../data/normalize.ts';
import { channelsFirst } from '../../data/channels.ts';
import { specOfNetwork } from '../../kernels/spec.ts';
import type { Dataset } from '../../kernels/kernel.ts';
import { readModelFile } from '../../node/modelIO.ts';
import { scoreOutputs } from '../../training/evaluate.ts';
import { classMetrics, confusionMatrix, predictedClasses } from '../../training/metrics.ts';
import { chooseKernel } from '../kernelChoice.ts';
import { classMetricsTable, confusionTable } from '../terminal/metricsTable.ts';
import { formatCost, formatCount, formatPercent } from '../../common/format.ts';
import { loadMnistSets, readCsvDataset, readCsvRegression } from '../trainingData.ts';
import { describeNetworkShape } from '../layerFlags.ts';

interface EvaluateFlags {
  model: string;
  data?: string;
  test?: string;
  labelColumn?: string;
  json?: boolean;
}

/** `nabla evaluate`: accuracy, mean cost, confusion matrix and per-class precision / recall of a model. */
export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description('measure a model on test data: accuracy, mean cost, confusion matrix, precision and recall per class')
    .requiredOption('--model <file>', "the model file (from 'nabla train --save' or 'nabla init')")
    .option('--data <mnist|dir>', "'mnist' (default: the packaged MNIST test set) or a folder with the MNIST IDX files, plain or .gz")
    .option('--test <file.csv>', 'a labelled CSV file instead of MNIST')
    .option('--label-column <name|index>', 'the label column of the CSV file: a header name or a 0-based index (default: the last)')
    .option('--json', 'print one JSON object with every figure')
    .addHelpText(
      'after',
      `
The model's own normalisation (if it was trained with --normalize) is applied to the
inputs, and its class names map the CSV labels to output neurons.

Examples:
  nabla evaluate --model mnist.json
  nabla evaluate --model mnist.json --data ./mnist-files
  nabla evaluate --model iris.json --test iris-test.csv --json
  nabla evaluate --model houses.json --test houses-test.csv   # a regression model: RMSE`,
    )
    .action(async (flags: EvaluateFlags) => {
      await runEvaluate(flags);
    });
}

async function runEvaluate(flags: EvaluateFlags): Promise<void> {
  if (flags.test !== undefined && flags.data !== undefined) {
    throw new InputError(`give either --data ${flags.data} (MNIST) or --test ${flags.test} (a CSV file), not both`);
  }
  if (flags.test === undefined && flags.labelColumn !== undefined) throw new InputError('--label-column is for CSV data: use it with --test FILE.csv');

  const model = await readModelFile(flags.model);
  const { network } = model;
  const { sizes } = network;
  const outputs = sizes[sizes.length - 1];
  // Output neuron j is class classes[j]: the model's names, else the neuron numbers.
  const classes = model.classes ? [...model.classes] : Array.from({ length: outputs }, (_, j) => String(j));

  const regression = model.task === 'regression';
  if (regression && flags.test === undefined) throw new InputError(`the model ${flags.model} is a regression: evaluate it on a CSV file with --test FILE.csv`);
  let dataset: Dataset;
  let description: string;
  if (regression) {
    // The target columns by the names the model was trained on (or --label-column).
    dataset = (await readCsvRegression(flags.test as string, flags.labelColumn, flags.labelColumn === undefined ? model.classes : undefined)).dataset;
    description = `${flags.test} (${formatCount(dataset.count)} rows)`;
  } else if (flags.test !== undefined) {
    dataset = (await readCsvDataset(flags.test, flags.labelColumn, classes)).dataset;
    description = `${flags.test} (${formatCount(dataset.count)} rows)`;
  } else {
    dataset = (await loadMnistSets(flags.data)).test;
    const source = flags.data === undefined || flags.data === 'mnist' ? 'MNIST' : `MNIST (${flags.data})`;
    description = `the ${formatCount(dataset.count)} ${source} test images`;
  }
  if (dataset.count === 0) throw new InputError(`${flags.test ?? 'the MNIST test set'} has no examples: nothing to evaluate on (accuracy would be 0 / 0)`);
  if (dataset.inputSize !== sizes[0]) {
    throw new InputError(
      `the model ${flags.model} has ${sizes[0]} inputs but ${flags.test ?? 'the MNIST images'} give${flags.test ? 's' : ''} ${dataset.inputSize} values per example; evaluate it on data like the data it was trained on`,
    );
  }
  if (dataset.outputSize !== outputs) {
    throw new InputError(`the model ${flags.model} has ${outputs} outputs but the data has ${dataset.outputSize} ${regression ? 'target columns' : 'classes'}`);
  }
  if (model.normalization) dataset = standardize(dataset, model.normalization);
  // CSV images arrive channels last; a conv net holds them channel first.
  if (flags.test !== undefined && network.inputShape !== undefined) dataset = channelsFirst(dataset, network.inputShape);

  const kernel = await chooseKernel(specOfNetwork(network, 'float64'));
  const activations = new Float64Array(dataset.count * outputs);
  try {
    kernel.setParameters(network);
    const resident = kernel.loadDataset(dataset);
    try {
      kernel.feedforwardDataset(resident, activations);
    } finally {
      resident.release();
    }
    const score = scoreOutputs(kernel, dataset, activations);
    if (regression) {
      const rmse = score.rmse ?? NaN;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ model: flags.model, data: flags.test, task: 'regression', count: dataset.count, rmse, meanCost: score.meanCost, targets: classes })}\n`);
      } else {
        const lines = [`Model ${flags.model} ${describeNetworkShape(network)} on ${description}`, `RMSE       ${formatCost(rmse)}  (targets ${classes.join(', ')})`, `Mean cost  ${formatCost(score.meanCost)}`];
        process.stdout.write(`${lines.join('\n')}\n`);
      }
      return;
    }
    const confusion = confusionMatrix(dataset.labels ?? new Int32Array(dataset.count), predictedClasses(activations, dataset.count, outputs), outputs);
    const perClass = classMetrics(confusion);
    const correct = score.correct ?? 0;
    const accuracy = score.accuracy ?? NaN;

    if (flags.json) {
      const json = {
        model: flags.model,
        data: flags.test ?? flags.data ?? 'mnist',
        count: dataset.count,
        correct,
        accuracy,
        meanCost: score.meanCost,
        classes,
        confusion,
        perClass: perClass.map((m, c) => ({
          class: classes[c],
          precision: Number.isFinite(m.precision) ? m.precision : null,
          recall: Number.isFinite(m.recall) ? m.recall : null,
          examples: m.support,
        })),
      };
      process.stdout.write(`${JSON.stringify(json)}\n`);
      return;
    }
    const lines = [
      `Model ${flags.model} ${describeNetworkShape(network)} on ${description}`,
      `Accuracy   ${formatCount(correct)} / ${formatCount(dataset.count)} (${formatPercent(accuracy)})`,
      `Mean cost  ${formatCost(score.meanCost)}`,
      '',
      'Confusion matrix (rows: true class, columns: predicted class)',
      ...confusionTable(confusion, classes),
      '',
      'Per class',
      ...classMetricsTable(perClass, classes),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await kernel.dispose();
  }
}
