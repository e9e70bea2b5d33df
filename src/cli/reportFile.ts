import { InputError } from '../common/errors.ts';
import { formatSizes } from '../common/format.ts';
import type { DType, Kernel } from '../kernels/kernel.ts';
import { describeActivations } from '../kernels/spec.ts';
import type { WeightInit } from '../math/initialisers.ts';
import { getInitialiser } from '../math/initialisers.ts';
import { writeFileAtomic } from '../node/atomicWrite.ts';
import { fileProblem } from '../node/modelIO.ts';
import { buildReport, type ConvFilters, type MisclassifiedExample } from '../report/html.ts';
import type { Network } from '../network/network.ts';
import { buildRegressionReport } from '../report/regressionHtml.ts';
import { confusionMatrix, predictedClasses } from '../training/metrics.ts';
import type { EpochReport } from '../training/sgd.ts';
import { describeTraining, type TaskName } from '../api/trainOptions.ts';
import { describeNetworkShape } from './layerFlags.ts';
import { featureMapDigits } from './reportMaps.ts';
import type { LabelledData } from './trainingData.ts';

/**
 * `nabla train --report FILE.html`: runs the final network over the evaluation set and writes
 * the report of a classifier (confusion matrix, misclassified digits) or of a regression
 * (predicted against actual, residuals), each with the run's settings and curves.
 */

/** The flags of the run that the report's settings show. */
export interface ReportFlags {
  readonly report?: string;
  readonly eta: number;
  readonly batch: number;
  readonly epochs: number;
  readonly seed: number;
  readonly init?: string;
  readonly weights: WeightInit;
  readonly dtype: DType;
}

export interface ReportRun {
  readonly kernel: Kernel;
  readonly data: LabelledData;
  readonly epochs: readonly EpochReport[];
  readonly sizes: readonly number[];
  readonly task: TaskName;
  /** The trained network: a conv net's report shows its first conv layer's filters and some digits' feature maps. */
  readonly network?: Network;
}

/** How many misclassified images the report shows. */
const REPORT_DIGITS = 150;

/** Writes the report to flags.report, atomically (a temporary file, then renamed). */
export async function writeReport(flags: ReportFlags, run: ReportRun): Promise<void> {
  const outputs = finalOutputs(run.kernel, run.data);
  const html = run.task === 'regression' ? regressionReport(flags, run, outputs) : classifierReport(flags, run, outputs);
  const path = flags.report as string;
  try {
    await writeFileAtomic(path, html);
  } catch (error) {
    throw new InputError(`cannot write the report: ${fileProblem(error)}`, { file: path });
  }
}

/** a^L of the final network for every example of the evaluation set, count × outputSize. */
function finalOutputs(kernel: Kernel, data: LabelledData): Float64Array {
  const dataset = data.evaluation;
  const resident = kernel.loadDataset(dataset);
  const outputs = new Float64Array(dataset.count * dataset.outputSize);
  try {
    kernel.feedforwardDataset(resident, outputs);
  } finally {
    resident.release();
  }
  return outputs;
}

/** The network and how it was trained, as the top of either report shows them. */
function settings(flags: ReportFlags, { kernel, data, epochs, sizes }: ReportRun): [string, string][] {
  return [
    ['data', data.description],
    ['sizes', formatSizes(sizes)],
    ...(kernel.spec.layers === undefined ? [] : [['layers', describeNetworkShape({ sizes, inputShape: kernel.spec.inputShape, layers: kernel.spec.layers })] as [string, string]]),
    ['learning rate η', String(flags.eta)],
    ['mini-batch size m', String(flags.batch)],
    ['epochs', `${epochs.length} of ${flags.epochs}`],
    [flags.init ? 'start' : 'seed', flags.init ? `from ${flags.init}` : String(flags.seed)],
    ['network', `${describeActivations(kernel.spec.activations)}, ${kernel.spec.cost} cost${describeTraining(kernel.spec.update, kernel.spec.dropout)}`],
    ...(flags.init ? [] : [['initial weights', getInitialiser(flags.weights).formula] as [string, string]]),
    ['arithmetic', `${flags.dtype}, ${kernel.name} kernel`],
  ];
}

const generated = (): string => `Written by nabla train on ${new Date().toISOString().replace('T', ' ').slice(0, 16)} UTC`;

function classifierReport(flags: ReportFlags, run: ReportRun, outputs: Float64Array): string {
  const { data } = run;
  const dataset = data.evaluation;
  const predicted = predictedClasses(outputs, dataset.count, dataset.outputSize);
  const labels = dataset.labels ?? new Int32Array(dataset.count);
  const confusion = confusionMatrix(labels, predicted, dataset.outputSize);

  let misclassified: MisclassifiedExample[] | undefined;
  if (data.imageSide !== undefined) {
    const side = data.imageSide;
    misclassified = [];
    for (let n = 0; n < dataset.count && misclassified.length < REPORT_DIGITS; n++) {
      if (predicted[n] === labels[n]) continue;
      const pixels = new Float64Array(side * side);
      for (let k = 0; k < pixels.length; k++) pixels[k] = dataset.inputs[n * dataset.inputSize + k] * dataset.inputScale;
      misclassified.push({ index: n, pixels, width: side, height: side, label: data.classes[labels[n]], predicted: data.classes[predicted[n]] });
    }
  }
  return buildReport({
    settings: settings(flags, run),
    epochs: run.epochs,
    evaluatedOn: data.evaluatedOn,
    classes: data.classes,
    confusion,
    cost: run.kernel.spec.cost,
    misclassified,
    generated: generated(),
    filters: run.network === undefined ? undefined : firstFilters(run.network),
    featureMaps: run.network === undefined ? undefined : featureMapDigits(run.network, data, predicted, labels),
  });
}

/** The first conv layer's w^l_{f,0,p,q}, one K_h × K_w filter per map, or undefined for a net without one. */
function firstFilters(network: Network): ConvFilters | undefined {
  const i = network.layers?.findIndex((layer) => layer.type === 'conv') ?? -1;
  const layer = network.layers?.[i];
  if (layer === undefined || layer.type !== 'conv') return undefined;
  const l = i + 2;
  const size = layer.field[0] * layer.field[1];
  const channels = network.weights[l].length / (layer.maps * size);
  const maps = Array.from({ length: layer.maps }, (_, f) => Array.from(network.weights[l].subarray(f * channels * size, f * channels * size + size)));
  return { layer: l, field: layer.field, channels, maps };
}

function regressionReport(flags: ReportFlags, run: ReportRun, outputs: Float64Array): string {
  const { data } = run;
  return buildRegressionReport({
    settings: settings(flags, run),
    epochs: run.epochs,
    evaluatedOn: data.evaluatedOn,
    targets: data.classes,
    count: data.evaluation.count,
    outputs,
    actual: data.evaluation.targets,
    lines: data.evaluationLines,
    generated: generated(),
  });
}
