import type { Command } from 'commander';
import { InputError } from '../../common/errors.ts';
import { describeActivations } from '../../kernels/spec.ts';
import { createRng } from '../../math/rng.ts';
import { getInitialiser } from '../../math/initialisers.ts';
import { createNetwork, type Network } from '../../network/network.ts';
import { readModelFile, writeModelFile } from '../../node/modelIO.ts';
import { checkOutputPath } from '../../node/outputPath.ts';
import type { Model } from '../../serialization/modelFile.ts';
import { DivergenceError } from '../../training/divergence.ts';
import { train } from '../../training/sgd.ts';
import { chanceWarning, checkModelNormalization, checkResumedRun, divergenceLine, howToResume, loadResume, resumedFlags, runFlags, saveCheckpoint } from '../checkpointing.ts';
import { prepareCheckpointDir } from '../../node/checkpointIO.ts';
import { chooseKernel, kernelChoices, type KernelChoice } from '../kernelChoice.ts';
import { addNetworkFlags } from '../networkFlags.ts';
import { parseChoiceFlag } from '../../api/parse.ts';
import { checkFloat32Range, checkSizesAgainstData, checkValidationWatched } from '../../api/dataChecks.ts';
import { describeTraining, flagParsers, loopOptionsFromFlags, networkFlagsGiven, networkFromFlags, TRAIN_DEFAULTS, updateFromFlags, type RunFlags, type TaskName } from '../../api/trainOptions.ts';
import { describeSchedule } from '../../training/schedules.ts';
import { epochJsonLine, epochLine, summaryLines } from '../terminal/epochLines.ts';
import { formatCount, formatSizes } from '../../common/format.ts';
import { createEpochProgress } from '../terminal/progress.ts';
import { createLineBuffer } from '../terminal/lineBuffer.ts';
import { defaultCsvSizes, loadCsvData, loadMnistData, MNIST_SIZES, type CsvFlags, type LabelledData } from '../trainingData.ts';
import { writeReport } from '../reportFile.ts';
import { checkTrainPaths } from '../outputs.ts';
import { addLayerFlags, describeNetworkShape, layeredNetworkFromFlags, MNIST_SHAPE, type LayerFlags } from '../layerFlags.ts';
import { channelsFirst } from '../../data/channels.ts';
import { EXPANSIONS, type ExpansionName } from '../../training/expand.ts';

interface TrainFlags extends CsvFlags, RunFlags, LayerFlags {
  /** (RunFlags' seed, always given: CsvFlags' is optional) */
  seed: number;
  init?: string;
  shuffle: boolean;
  save?: string;
  json?: boolean;
  quiet?: boolean;
  data?: string;
  kernel: KernelChoice;
  report?: string;
  train?: string;
  test?: string;
  labelColumn?: string;
  normalize?: boolean;
  checkpoint?: string;
  resume?: string;
  expand?: ExpansionName;
}

type Resumed = Awaited<ReturnType<typeof loadResume>>;

/** The model or report file being written, if any: a second Ctrl-C lets it finish. */
let writing: Promise<void> | undefined;

/** `nabla train`: mini-batch SGD on MNIST or a CSV file, one line per epoch. */
export function registerTrain(program: Command): void {
  const command = program
    .command('train')
    .description('train a network by mini-batch gradient descent (backpropagation), on MNIST or on a CSV file, printing test accuracy after every epoch')
    .option('--sizes <list>', 'neurons in each layer, input first (default 784,30,10 for MNIST; for CSV, inputs, one hidden layer, classes)', flagParsers.sizes)
    .option('--eta <η>', 'the learning rate η', flagParsers.eta, TRAIN_DEFAULTS.eta)
    .option('--batch <m>', 'the mini-batch size m', flagParsers.batch, TRAIN_DEFAULTS.batch)
    .option('--epochs <n>', 'epochs (passes over the training data)', flagParsers.epochs, TRAIN_DEFAULTS.epochs)
    .option('--seed <n>', 'seed of the initial weights and of the shuffling (the same seed gives the same run)', flagParsers.seed, TRAIN_DEFAULTS.seed)
    .option('--dtype <type>', "arithmetic: 'float32' (fast) or 'float64'", flagParsers.dtype, TRAIN_DEFAULTS.dtype)
    .option('--init <file>', 'start from this model file instead of random weights')
    .option('--no-shuffle', 'keep the training data in its order instead of shuffling it before each epoch')
    .option('--save <file>', 'write the trained model here (also on Ctrl-C; written whole or not at all)')
    .option('--json', 'print one JSON object per epoch on stdout and nothing else')
    .option('--quiet', 'print no progress, epoch lines or charts')
    .option('--data <mnist|dir>', "'mnist' (the packaged MNIST files) or a folder with the four MNIST IDX files, plain or .gz")
    .option('--train <file.csv>', 'train on a CSV file instead: numbers and one label column')
    .option('--test <file.csv>', 'measure accuracy on this CSV file after each epoch (with --train)')
    .option('--validation <file.csv>', 'measure validation accuracy (RMSE for a regression) on this CSV file after each epoch (with --train): what --early-stop and --schedule plateau watch, and what picks the best epoch')
    .option('--validation-split <F>', 'hold out the fraction F (0 < F < 1) of the --train rows as the validation set, stratified by class, chosen by --seed', flagParsers.validationSplit)
    .option('--label-column <name|index>', 'the label column of the CSV files: a header name or a 0-based index (default: the last)')
    .option('--normalize', 'standardise CSV features with the training set mean and std (saved in the model file)')
    .option('--threads <n>', 'threads (default: every core when the first hidden layer has 64 neurons or more, else one, which is faster there; a mini-batch is split between two, inference among all)', flagParsers.threads)
    .option('--kernel <name>', `the compute kernel: ${kernelChoices.join(', ')}`, parseChoiceFlag('--kernel', kernelChoices), 'auto' as KernelChoice)
    .option('--checkpoint <dir>', 'after every epoch (and on Ctrl-C) write the model, the update rule\'s and the random generator\'s state to DIR/checkpoint.json, atomically')
    .option('--resume <dir>', 'continue the run checkpointed in DIR with its flags (--epochs N sets a new total); it ends with the bits an uninterrupted run has')
    .option('--expand <kind>', "'shift': train on each image and on copies moved one pixel up, down, left and right (5× the examples an epoch, made batch by batch, not stored; network3.py's expanded MNIST)", parseChoiceFlag('--expand', EXPANSIONS))
    .option('--report <file.html>', 'write an HTML report: curves, confusion matrix, precision / recall, misclassified digits; with --task regression, RMSE curves, predicted against actual per target, residuals, largest errors');
  addNetworkFlags(addLayerFlags(command), 'train')
    .addHelpText(
      'after',
      `
With no flags, trains [784, 30, 10] (sigmoid, quadratic cost) on MNIST's first 50,000
training images with η = 3, m = 10 for 30 epochs; the last 10,000 training images are
the validation set and the 10,000 test images the test set. Ctrl-C stops after the
current mini-batch (and saves with --save); a second Ctrl-C quits at once.

Examples:
  nabla train
  nabla train --epochs 10 --save mnist.json --report mnist.html
  nabla train --sizes 784,100,10 --eta 0.5 --dtype float64
  nabla train --init mnist.json --epochs 5 --save mnist2.json
  nabla train --train iris-train.csv --test iris-test.csv --normalize --save iris.json
  nabla train --epochs 3 --json > epochs.jsonl

Choosing the network and how it learns (README: "Choosing a cost, activation and optimiser"):
  nabla train --sizes 784,100,10 --cost cross-entropy --l2 5.0 --eta 0.5     # the reference's chapter 3
  nabla train --activation relu --output softmax --weights he --optimizer adam --eta 0.001
  nabla train --activation tanh,relu --sizes 784,100,50,10 --output softmax  # one activation per hidden layer
  nabla train --optimizer momentum --momentum 0.9 --eta 0.1 --cost cross-entropy
  nabla train --optimizer nesterov --eta 0.1 --l1 1.0
  nabla train --optimizer adam --beta1 0.9 --beta2 0.999 --eta 0.001 --output softmax
  nabla train --sizes 784,100,10 --dropout 0.5 --activation relu --output softmax --weights xavier
  nabla train --schedule step:10:0.5     # halve η every 10 epochs (exp:0.95 every epoch × 0.95)
  nabla train --schedule plateau:5       # halve η after 5 epochs without a better validation accuracy
  nabla train --early-stop 5 --save best.json   # stop after 5 epochs without improvement; saves the best
  nabla train --train my.csv --validation-split 0.2 --early-stop 5   # your own data: hold out 20% to watch
  nabla train --train my.csv --validation my-validation.csv --schedule plateau:3
  nabla train --task regression --train houses.csv --label-column price --normalize
  nabla train --task regression --train xy.csv --label-column a,b    # two targets
  nabla train --task regression --train xy.csv --test xy-test.csv --label-column a,b --report xy.html

Convolutional networks (the reference's chapter 6; README: "Convolutional networks"):
  nabla train --layers conv:20:5x5,pool:2x2,dense:100,dense:10 --output softmax --eta 0.1 --epochs 60
  nabla train --layers conv:20:5x5,pool:2x2,conv:40:5x5,pool:2x2,dense:100,dense:10 --activation relu --output softmax --eta 0.03 --l2 1.0 --weights uniform
  nabla train --train pixels.csv --input-shape 32x32x3 --layers conv:16:3x3,pool:2x2,dense:10 --output softmax`,
    )
    .action(async (flags: TrainFlags, command: Command) => {
      process.exitCode = await runTrain(flags, command);
    });
}

async function runTrain(flags: TrainFlags, command: Command): Promise<number> {
  // Ctrl-C or SIGTERM: stop after the current mini-batch (and write); a second one quits at once.
  let stopRequested = false;
  // The shell's convention, 128 + the signal's number: 130 for Ctrl-C (SIGINT), 143 for SIGTERM.
  let stopStatus = 130;
  const clearProgress: (() => void)[] = [];
  const onSigint = (signal: NodeJS.Signals): void => {
    if (stopRequested) {
      clearProgress.forEach((clear) => clear());
      // A file being written is finished first (milliseconds), so no temporary file is left behind.
      void (writing ?? Promise.resolve()).finally(() => process.exit(signalStatus(signal)));
      return;
    }
    stopRequested = true;
    stopStatus = signalStatus(signal);
    if (flags.quiet) return;
    // The bar goes first, or its next redraw would overwrite the message (it comes back below
    // it); on a terminal the line is erased too, with the "^C" the terminal echoed onto it.
    clearProgress.forEach((clear) => clear());
    process.stderr.write(`${process.stderr.isTTY ? '\r\x1b[K' : ''}Stopping after this mini-batch (Ctrl-C again to quit at once)…\n`);
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  try {
    if (flags.resume !== undefined) {
      const resumed = await loadResume(flags.resume);
      const merged = resumedFlags(flags, resumed.checkpoint, command);
      checkResumedRun(flags.resume, resumed.checkpoint, merged.epochs);
      merged.checkpoint ??= flags.resume;
      return stopped(await trainWithFlags(merged, () => stopRequested, clearProgress, resumed), stopStatus);
    }
    return stopped(await trainWithFlags(flags, () => stopRequested, clearProgress), stopStatus);
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    clearProgress.forEach((clear) => clear());
    process.stderr.write(`${divergenceLine(error, flags.checkpoint ?? flags.resume)}\n`);
    return 3;
  } finally {
    // After a stop the handlers stay until the process exits: a second Ctrl-C in the moment
    // between here and the exit would otherwise kill it by the signal, with no exit status.
    if (!stopRequested) {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigint);
    }
  }
}

async function trainWithFlags(flags: TrainFlags, stopRequested: () => boolean, clearProgress: (() => void)[], resumed?: Resumed): Promise<number> {
  const { start, task, data, normalization, sizes, layered, inputShape, expand } = await prepareRun(flags, resumed);
  const { activations, cost } = start ? start.network : (layered ?? networkFromFlags(flags, sizes.length - 1));
  const update = updateFromFlags(flags);
  const rng = resumed?.rng ?? createRng(flags.seed);
  const layers = start?.network.layers ?? layered?.layers;
  const shape = inputShape !== undefined && layers !== undefined ? { inputShape, layers } : {};
  const network: Network = start?.network ?? createNetwork({ sizes, rng, init: flags.weights, activations, cost, ...shape });
  const spec = { sizes, activations, cost, dtype: flags.dtype, ...(update ? { update } : {}), ...(flags.dropout ? { dropout: flags.dropout } : {}), ...shape };
  const kernel = await chooseKernel(spec, { kernel: flags.kernel, threads: flags.threads });

  const json = flags.json === true;
  const quiet = flags.quiet === true;
  // Human-readable lines go to stdout, or to stderr when stdout carries JSON.
  const human = json ? process.stderr : process.stdout;
  // Epoch lines, several to a write when epochs are short (see lineBuffer.ts); each at once
  // on a terminal, where the progress bar is drawn between them.
  const epochStream = json ? process.stdout : human;
  const epochLines = createLineBuffer(epochStream, epochStream.isTTY && !json ? 0 : 50);
  const say = (line: string): void => {
    epochLines.flush();
    if (!quiet) human.write(`${line}\n`);
  };
  const progress = quiet ? { update() {}, clear() {} } : createEpochProgress(human);
  clearProgress.push(() => {
    epochLines.flush();
    progress.clear();
  });

  try {
    say(
      `Training ${describeNetworkShape(network)} (${describeActivations(network.activations)}, ${network.cost} cost) on ${data.description}: ` +
        `η = ${flags.eta}, mini-batch ${flags.batch}, ${flags.epochs} epoch${flags.epochs === 1 ? '' : 's'}${describeTraining(update, flags.dropout)}` +
        `${expand ? ', each image also shifted one pixel in 4 directions (5× the examples)' : ''}${flags.schedule ? `, ${describeSchedule(flags.schedule)}` : ''}${flags.earlyStop ? `, early stop after ${flags.earlyStop} without improvement` : ''}, ` +
        `${start ? `from ${flags.init ?? `the checkpoint in ${flags.resume}`}` : `weights ${getInitialiser(flags.weights).formula}, seed ${flags.seed}`}, ${flags.dtype}, ${kernel.name} kernel`,
    );
    if (data.evaluatedOn === 'training') say('No --test file: accuracy and cost are measured on the training set.');
    if (resumed) say(`Resuming ${flags.resume} at epoch ${resumed.state.epoch + 1} of ${flags.epochs}${resumed.state.examplesDone > 0 ? `, example ${formatCount(resumed.state.examplesDone + 1)}` : ''}`);
    const run = runFlags(flags);
    const checkpointDir = flags.checkpoint;

    const startTime = performance.now();
    const result = await train(network, kernel, data.training, {
      ...loopOptionsFromFlags(flags, task, rng),
      shuffle: flags.shuffle,
      test: data.evaluation,
      validation: data.validation,
      // A regression's report draws the training set's RMSE beside the test set's (with no --test file, the test set is the training set).
      evaluateTraining: flags.report !== undefined && task === 'regression' && data.evaluatedOn !== 'training',
      shouldStop: stopRequested,
      onProgress: (p) => {
        epochLines.flushDue();
        progress.update(p.epoch, flags.epochs, p.examplesDone, p.examplesTotal, p.trainSeconds);
      },
      onEpoch: (report) => {
        progress.clear();
        if (json) epochLines.push(epochJsonLine(report, kernel.name, data.training.count));
        else if (!quiet) epochLines.push(epochLine(report, data.evaluatedOn, task, data.training.count));
        const warning = chanceWarning(report, data.evaluation, { learningRate: flags.eta, training: data.training, sizes, evaluatedOn: data.evaluatedOn });
        if (warning !== undefined) {
          epochLines.flush();
          process.stderr.write(`${warning}\n`);
        }
      },
      resume: resumed?.state,
      expand,
      onState: checkpointDir === undefined ? undefined : (state) => (writing = saveCheckpoint(checkpointDir, state, { network, normalization, classes: data.classes }, run)),
    });
    const wallSeconds = (performance.now() - startTime) / 1000;
    epochLines.flush();

    // MNIST's classes too, so that `predict` names the digits of a model trained on it.
    // With --early-stop, `network` holds the best epoch's parameters: those are saved.
    const model: Model = { network, normalization, classes: data.classes, task };
    const notes: string[] = [];
    if (flags.save !== undefined) {
      await (writing = writeModelFile(flags.save, model));
      notes.push(`model saved to ${flags.save}`);
    }
    if (flags.report !== undefined) {
      await (writing = writeReport(flags, { kernel, data, epochs: result.epochs, sizes, task, network }));
      notes.push(`report written to ${flags.report}`);
    }
    writing = undefined;

    const last = result.epochs[result.epochs.length - 1];
    if (result.stopped && last) {
      // Always shown, even with --quiet: the user asked for it with Ctrl-C.
      const partial = last.examplesTrained < data.training.count;
      if (checkpointDir !== undefined) notes.push(`checkpoint written to ${checkpointDir}; ${howToResume(checkpointDir)}`);
      else if (flags.save !== undefined) notes.push(`continue from it with: nabla train --init ${flags.save}`);
      human.write(
        (partial
          ? `Stopped during epoch ${last.epoch} after ${formatCount(last.examplesTrained)} of ${formatCount(data.training.count)} examples`
          : `Stopped after epoch ${last.epoch}`) + `${notes.length > 0 ? `; ${notes.join('; ')}` : ''}\n`,
      );
      return 130;
    }
    const color = human.isTTY === true && process.env.NO_COLOR === undefined;
    if (result.bestEpoch !== undefined) {
      say(
        `${result.earlyStopped ? `Early stop: validation did not improve for ${flags.earlyStop} epochs; the` : 'The'} network holds epoch ${result.bestEpoch}'s weights (the best validation ${task === 'regression' ? 'RMSE' : 'accuracy'})`,
      );
    }
    // (not even computed when nothing is printed: it goes over every epoch, thousands for a tiny data set)
    if (!quiet) for (const line of summaryLines(result.epochs, { wallSeconds, evaluatedOn: data.evaluatedOn, charts: !json, color, task })) say(line);
    for (const note of notes) say(capitalise(note));
    return 0;
  } finally {
    epochLines.flush();
    progress.clear();
    await kernel.dispose();
  }
}

/**
 * The checks that come before any training (an output that cannot be written, a model file
 * that disagrees with the flags, a task the data cannot serve, --layers shapes that do not fit,
 * --expand without images), and the data, the model and the layers to start from:
 * trainWithFlags' first phase.
 */
async function prepareRun(flags: TrainFlags, resumed: Resumed | undefined) {
  checkFlagCombinations(flags);
  await checkTrainPaths(flags);
  // Fail before training, not after it, when an output cannot be written.
  if (flags.save !== undefined) await checkOutputPath(flags.save, '--save');
  if (flags.report !== undefined) await checkOutputPath(flags.report, '--report');
  if (flags.checkpoint !== undefined) await prepareCheckpointDir(flags.checkpoint);

  const start: Model | undefined = resumed?.checkpoint.model ?? (flags.init === undefined ? undefined : await readModelFile(flags.init));
  if (start && flags.sizes && formatSizes(flags.sizes) !== formatSizes(start.network.sizes)) {
    throw new InputError(
      `--sizes ${flags.sizes.join(',')} disagrees with the model file ${flags.init}, which has sizes ${start.network.sizes.join(',')}; drop --sizes or start from a model of that shape`,
    );
  }

  // (a resumed run's flags are its own: only --init can disagree with its model file)
  const fixed = start && !resumed ? networkFlagsGiven(flags, 'scaled-normal') : [];
  if (fixed.length > 0) throw new InputError(`${fixed.join(', ')}: the model file ${flags.init} fixes the network's activations, cost and weights; drop ${fixed.length === 1 ? 'it' : 'them'}`);
  const task: TaskName = flags.task ?? start?.task ?? 'classification';
  if (start && flags.task !== undefined && flags.task !== (start.task ?? 'classification')) {
    throw new InputError(`--task ${flags.task}: the model file ${flags.init} is a ${start.task ?? 'classification'} model`);
  }
  const csv = flags.train !== undefined;
  if (task === 'regression' && !csv) throw new InputError('--task regression needs numeric targets: give --train FILE.csv (MNIST is a classification task)');
  if (start && !resumed && flags.layers !== undefined) throw new InputError(`--layers: the model file ${flags.init} fixes the network's layers; drop --layers`);
  const loaded = csv ? await loadCsvData(flags, start, task) : { data: await loadMnistData(flags.data, start), normalization: undefined };
  const { normalization } = loaded;
  // A layered network is checked (shapes, activations) before any training.
  const layered = !start && flags.layers !== undefined ? layeredNetworkFromFlags(flags, csv ? undefined : MNIST_SHAPE, loaded.data.training.inputSize) : undefined;
  const inputShape = start?.network.inputShape ?? layered?.inputShape;
  const data = csv && inputShape !== undefined ? imagesChannelsFirst(loaded.data, inputShape) : loaded.data;
  const sizes = start?.network.sizes ?? layered?.sizes ?? flags.sizes ?? (csv ? defaultCsvSizes(data) : MNIST_SIZES);
  checkSizesAgainstData(sizes, data, layered ? '--layers' : flags.sizes !== undefined && !start ? '--sizes' : start ? `the model file ${flags.init}` : 'the network');
  checkValidationWatched(flags, data.validation);

  if (start?.normalization) {
    const source = flags.init === undefined ? `the checkpoint in ${flags.resume}` : `the model file ${flags.init}`;
    const training = flags.train ?? 'the training data';
    checkModelNormalization([[data.training, training], [data.evaluation, flags.test ?? training]], start.normalization, source, flags.dtype);
  }
  checkFloat32Range(data.training, flags.train ?? 'the training data', flags.dtype);
  checkFloat32Range(data.evaluation, flags.test ?? flags.train ?? 'the test data', flags.dtype);
  if (data.validation && flags.validation !== undefined) checkFloat32Range(data.validation, flags.validation, flags.dtype);
  const imageShape = inputShape ?? (csv ? undefined : MNIST_SHAPE);
  if (flags.expand !== undefined && imageShape === undefined) throw new InputError(`--expand ${flags.expand} moves images: give --input-shape HxW[xC] for the CSV rows`);
  const expand = flags.expand === undefined ? undefined : { kind: flags.expand, shape: imageShape! };
  return { start, task, data, normalization, sizes, layered, inputShape, expand };
}

function checkFlagCombinations(flags: TrainFlags): void {
  if (flags.validation !== undefined && flags.validationSplit !== undefined) {
    throw new InputError(`give either --validation ${flags.validation} (a file) or --validation-split ${flags.validationSplit} (rows held out of --train), not both`);
  }
  if (flags.train !== undefined && flags.data !== undefined) {
    throw new InputError(`give either --data ${flags.data} (MNIST) or --train ${flags.train} (a CSV file), not both`);
  }
  if (flags.train === undefined) {
    if (flags.test !== undefined) throw new InputError(`--test ${flags.test} needs --train FILE.csv (the CSV training data); MNIST brings its own test set`);
    if (flags.validation !== undefined || flags.validationSplit !== undefined) {
      throw new InputError(`${flags.validation !== undefined ? '--validation' : '--validation-split'} needs --train FILE.csv (the CSV training data); MNIST brings its own validation set (the last 10,000 training images)`);
    }
    if (flags.labelColumn !== undefined) throw new InputError('--label-column is for CSV data: use it with --train FILE.csv');
    if (flags.normalize) throw new InputError('--normalize is for CSV data: use it with --train FILE.csv (MNIST pixels are already in [0, 1])');
  }
}

function signalStatus(signal: NodeJS.Signals): number {
  return signal === 'SIGTERM' ? 143 : 130;
}

/** A run that a signal stopped (trainWithFlags returns 130) exits with that signal's status. */
function stopped(status: number, signalled: number): number {
  return status === 130 ? signalled : status;
}

/** CSV images arrive channels last; a network holds them channel first (data/channels.ts). */
function imagesChannelsFirst(data: LabelledData, shape: readonly [number, number, number]): LabelledData {
  const validation = data.validation === undefined ? {} : { validation: channelsFirst(data.validation, shape) };
  return { ...data, training: channelsFirst(data.training, shape), evaluation: channelsFirst(data.evaluation, shape), ...validation };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
