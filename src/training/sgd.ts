import type { Rng } from '../math/rng.ts';
import { shuffleInPlace } from '../math/rng.ts';
import type { Dataset, Kernel, ResidentDataset, TrainStep, UpdateState } from '../kernels/kernel.ts';
import { cloneNetwork, type Network } from '../network/network.ts';
import { DivergenceError, firstNonFinite, type DivergenceSite } from './divergence.ts';
import { EarlyStopping, validationScore, type TrainingTask } from './earlyStopping.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import { ScheduleState, type Schedule } from './schedules.ts';
import type { TrainingState } from './trainingState.ts';
import { expandedBatches, residentBatches, type BatchSource, type Expansion } from './expand.ts';

export interface TrainOptions {
  readonly epochs: number;
  /** m, the mini-batch size */
  readonly batchSize: number;
  /** η (for the first epoch, when a schedule changes it) */
  readonly learningRate: number;
  /** Changes η between epochs (schedules.ts); default none. */
  readonly schedule?: Schedule;
  /**
   * Stop once the validation score (accuracy, or RMSE for a regression) has not improved for
   * this many epochs, and end with the best epoch's parameters in `network` and the kernel.
   * Needs `validation`.
   */
  readonly earlyStop?: number;
  /** What the validation score is: accuracy (default) or RMSE. */
  readonly task?: TrainingTask;
  /** Seeds the kernel's dropout masks; default: drawn from `rng` when the kernel drops neurons (so without dropout the rng's sequence, and so the run, is unchanged). */
  readonly dropoutSeed?: number;
  /** Shuffles the training examples before each epoch. */
  readonly rng: Rng;
  /** Default true; false keeps the data's order every epoch. */
  readonly shuffle?: boolean;
  /** Evaluated after every epoch, when given. */
  readonly test?: Dataset;
  readonly validation?: Dataset;
  /**
   * Also measure the training set after every epoch (`report.training`), as network2.py's
   * monitor_training_cost does: one more feedforward pass over it, with every neuron (no dropout).
   */
  readonly evaluateTraining?: boolean;
  /** Called after every epoch. */
  readonly onEpoch?: (report: EpochReport) => void;
  /** Called every so often during an epoch with the examples done so far. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Checked after every mini-batch: return true to stop training there (e.g. on Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /**
   * Milliseconds of training between yields to the event loop (default 50), so that
   * a progress bar redraws and a Ctrl-C handler runs. Yield time is not counted in trainSeconds.
   */
  readonly yieldEveryMs?: number;
  /** Continue a run from a checkpoint's state (with `rng` restored from it) instead of from epoch 1. */
  readonly resume?: TrainingState;
  /** Called with the run's state after every epoch, and when a stop request ends an epoch early: what a checkpoint holds. */
  readonly onState?: (state: TrainingState) => void | Promise<void>;
  /** Train on more examples made from each training image, batch by batch (expand.ts: the one-pixel shifts). */
  readonly expand?: Expansion;
}

export interface BatchProgress {
  readonly epoch: number;
  readonly examplesDone: number;
  readonly examplesTotal: number;
  /** Seconds spent in training steps so far in this epoch. */
  readonly trainSeconds: number;
}

export interface EpochReport {
  /** 1-based */
  readonly epoch: number;
  readonly epochs: number;
  /** Seconds spent in the mini-batch steps alone (no evaluation, no callbacks, no yields). */
  readonly trainSeconds: number;
  readonly examplesTrained: number;
  readonly test?: Evaluation;
  readonly validation?: Evaluation;
  /** The training set, with the epoch's parameters: only with options.evaluateTraining. */
  readonly training?: Evaluation;
  /** True when shouldStop ended this epoch early. */
  readonly stopped: boolean;
  /** η used in this epoch (always set by train). */
  readonly learningRate?: number;
}

export interface TrainResult {
  readonly epochs: EpochReport[];
  /** True when shouldStop (Ctrl-C) ended training. */
  readonly stopped: boolean;
  /** With earlyStop: the epoch whose parameters `network` holds at the end, and whether patience ran out before the last epoch. */
  readonly bestEpoch?: number;
  readonly earlyStopped?: boolean;
}

const now = (): number => globalThis.performance.now();

const DIVERGED_ADVICE = 'try a smaller learning rate η, standardised inputs, or float64';

/**
 * Gives the event loop a turn (a progress bar redraws, a Ctrl-C handler runs) once `everyMs`
 * of training has passed since the last turn, across epochs: a turn costs about a millisecond
 * through setTimeout (its floor), far more than an epoch of a tiny data set (XOR: a few
 * microseconds), so a turn after every epoch made such runs a thousand times slower than
 * their arithmetic. Node's setImmediate, where there is one, runs after the same I/O and
 * signal callbacks without the floor.
 */
class EventLoopTurns {
  private last = now();
  private readonly everyMs: number;

  constructor(everyMs: number) {
    this.everyMs = everyMs;
  }

  /** Whether a turn is due at `time`, a clock read the caller already has (a read costs about a microsecond until V8 has compiled it, as much as a tiny batch). */
  dueAt(time: number): boolean {
    return time - this.last >= this.everyMs;
  }

  async take(): Promise<void> {
    const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate;
    await new Promise<void>((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)));
    this.last = now();
  }
}

/**
 * Mini-batch stochastic gradient descent: each epoch shuffles the training data, splits it
 * into mini-batches of m examples and takes one step per batch, with the kernel's update rule
 * (plain SGD: w^l ← w^l − (η/m) Σ_x ∂C_x/∂w^l, b^l ← b^l − (η/m) Σ_x ∂C_x/∂b^l; the last batch
 * of an epoch may be smaller, with its own m). Each step tells the kernel η, n (the training
 * set's size, for L2/L1), the global step count t and the dropout seed. A schedule changes η
 * between epochs; early stopping ends training when validation stops improving.
 * `network` receives the trained parameters at the end (and after every epoch).
 * Never prints: progress goes to the callbacks.
 */
export async function train(network: Network, kernel: Kernel, training: Dataset, options: TrainOptions): Promise<TrainResult> {
  const { epochs, batchSize, learningRate, rng } = options;
  checkTrainOptions(options, training);
  const shuffle = options.shuffle ?? true;
  const turns = new EventLoopTurns(options.yieldEveryMs ?? 50);
  const task = options.task ?? 'classification';
  const schedule = new ScheduleState(options.schedule, learningRate);
  const { resume } = options;
  if (resume?.schedule) schedule.restoreSnapshot(resume.schedule);
  // Without a snapshot, a resumed run's η under step and exp schedules follows from the epochs done ('plateau' restarts).
  else for (let e = 1; e <= (resume?.epoch ?? 0) && options.schedule?.kind !== 'plateau'; e++) schedule.afterEpoch(e, undefined);
  const dropoutSeed = options.dropoutSeed ?? resume?.dropoutSeed ?? (kernel.spec.dropout ? rng.int(4294967296) : 0);
  const early = options.earlyStop === undefined ? undefined : new EarlyStopping(options.earlyStop, network);
  if (early && resume?.early) early.restoreSnapshot(resume.early);
  kernel.setParameters(network);
  // (after the parameters: the state may hold the kernel's own form of them, see UpdateState)
  if (resume?.update) kernel.setUpdateState(resume.update);
  let earlyStopped = false;
  const initialState = kernel.getUpdateState();
  // A rule without state (plain SGD) has nothing to copy at each epoch's start but t.
  const stateless = initialState.weights.length === 0 && initialState.biases.length === 0 && initialState.w2Scaled === undefined;
  const batches = options.expand ? expandedBatches(kernel, training, options.expand) : residentBatches(kernel, training);
  const count = batches.count;
  // One step object for the whole run, its t and η set before each batch: kernels read it
  // during trainBatch and keep nothing (an object per batch was much of a tiny batch's cost).
  // Its t counts the kernel's steps: a kernel given a checkpoint's update state counts on from it.
  const step = { learningRate, trainingSize: count, t: initialState.steps, dropoutSeed };
  const stepAt = (eta: number, at: number): TrainStep => ({ learningRate: eta, trainingSize: count, t: at, dropoutSeed });

  const test = options.test ? kernel.loadDataset(options.test) : undefined;
  const validation = options.validation ? kernel.loadDataset(options.validation) : undefined;
  if (resume !== undefined && resume.order.length !== count) {
    throw new RangeError(`the run being resumed ordered ${resume.order.length} examples an epoch; this one has ${count} (the same training data, and --expand, are needed)`);
  }
  const order = resume ? resume.order.slice() : Uint32Array.from({ length: count }, (_, i) => i);
  const reports: EpochReport[] = [];
  const epochStart = cloneNetwork(network);
  const outputs = { test: outputsFor(test), validation: outputsFor(validation) };
  const run: EpochRun = { batches, order, batchSize, turns, options, step, done: 0, trainSeconds: 0, stopped: false, time: 0 };
  let stopped = false;
  let resumeAt = resume?.examplesDone ?? 0;

  try {
    for (let epoch = (resume?.epoch ?? 0) + 1; epoch <= epochs && !stopped && !earlyStopped; epoch++) {
      const eta = schedule.eta;
      step.learningRate = eta;
      // A run resumed mid-epoch continues that epoch's order where it stopped.
      if (shuffle && resumeAt === 0) shuffleInPlace(order, rng);
      const firstDone = resumeAt;
      resumeAt = 0;
      // The epoch's starting point, to replay it batch by batch if it diverges (copied into
      // the same arrays each epoch: an allocation per epoch is much of a tiny epoch's cost).
      restore(epochStart, network);
      const tAtStart = step.t;
      const updateAtStart = stateless ? undefined : kernel.getUpdateState();
      // A stop mid-epoch saves the schedule as the epoch began: the resumed epoch runs at this η.
      const scheduleAtStart = options.onState ? schedule.snapshot() : undefined;
      startEpoch(run, firstDone);
      // Slices of batches, with a turn of the event loop between them when one is due (an
      // epoch of a tiny data set fits in one slice and awaits nothing).
      while (trainSlice(run, epoch)) await turns.take();
      const { done } = run;
      stopped = run.stopped;
      kernel.getParameters(network);
      // One pass over the parameters: a NaN or ∞ anywhere has spread to them by now.
      if (firstNonFinite(network) !== undefined) {
        const replay = { update: updateAtStart ?? { ...initialState, steps: tAtStart }, t: tAtStart, step: (at: number) => stepAt(eta, at) };
        throw new DivergenceError(locateDivergence(kernel, batches, network, epochStart, replay, order, firstDone, batchSize, epoch), DIVERGED_ADVICE);
      }
      const report: { -readonly [K in keyof EpochReport]: EpochReport[K] } = {
        epoch,
        epochs,
        trainSeconds: run.trainSeconds,
        examplesTrained: done,
        test: test ? evaluate(kernel, test, outputs.test) : undefined,
        validation: validation ? evaluate(kernel, validation, outputs.validation) : undefined,
        stopped,
        learningRate: eta,
      };
      if (options.evaluateTraining) report.training = evaluate(kernel, batches.resident()); // (not spread into the literal: a slow path, every epoch)
      const cost = report.test?.meanCost;
      if (cost !== undefined && !Number.isFinite(cost)) throw new DivergenceError({ epoch, found: { cost } }, DIVERGED_ADVICE);
      reports.push(report);
      const score = validationScore(report.validation, task);
      schedule.afterEpoch(epoch, score);
      if (early !== undefined && !stopped) earlyStopped = early.afterEpoch(epoch, score, network) && epoch < epochs;
      options.onEpoch?.(report);
      if (options.onState) {
        const finished = done >= count;
        await options.onState({
          epoch: finished ? epoch : epoch - 1,
          examplesDone: finished ? 0 : done,
          order,
          rng: rng.state(),
          update: kernel.getUpdateState(),
          dropoutSeed,
          schedule: finished ? schedule.snapshot() : scheduleAtStart!,
          early: early?.snapshot(),
        });
      }
      // (timed by the epoch's last batch: a turn comes at most an evaluation late, and one more clock read an epoch was a tenth of XOR's)
      if (epoch < epochs && !stopped && turns.dueAt(run.time)) await turns.take();
    }
  } finally {
    batches.release();
    test?.release();
    validation?.release();
  }
  if (early !== undefined) {
    // The best epoch's parameters, in the network and the kernel (which evaluates and saves next).
    early.restore(network);
    kernel.setParameters(network);
    return { epochs: reports, stopped, bestEpoch: early.bestEpoch, earlyStopped };
  }
  return { epochs: reports, stopped };
}

/** An epoch's batches, and how far they have got. */
interface EpochRun {
  readonly batches: BatchSource;
  readonly order: Uint32Array;
  readonly batchSize: number;
  readonly turns: EventLoopTurns;
  readonly options: TrainOptions;
  /** The step being taken: η for the epoch, t the last step taken (1-based, global). */
  readonly step: { learningRate: number; t: number; readonly trainingSize: number; readonly dropoutSeed: number };
  /** Examples done in this epoch, seconds spent in its steps, and whether shouldStop asked to stop. */
  done: number;
  trainSeconds: number;
  stopped: boolean;
  /** The clock (now()) when the last batch ended. */
  time: number;
}

/** Begins an epoch's run at example `firstDone`. */
function startEpoch(run: EpochRun, firstDone: number): void {
  run.done = firstDone;
  run.trainSeconds = 0;
  run.stopped = false;
}

/**
 * Trains the epoch's mini-batches from example `run.done` on, for a slice of time: until the
 * epoch ends, shouldStop asks, or the event loop's turn is due; then reports progress. Returns
 * whether the epoch goes on after that turn. Synchronous, so that an epoch of a tiny data set
 * costs no promise.
 */
function trainSlice(run: EpochRun, epoch: number): boolean {
  const { batches, order, batchSize, turns, options, step } = run;
  const count = batches.count;
  const sliceStart = now();
  let time = sliceStart;
  while (run.done < count) {
    const m = Math.min(batchSize, count - run.done);
    step.t++;
    batches.trainBatch(order, run.done, m, step);
    run.done += m;
    time = now();
    if (options.shouldStop?.()) {
      run.stopped = true;
      break;
    }
    if (turns.dueAt(time)) break;
  }
  run.trainSeconds += (time - sliceStart) / 1000;
  run.time = time;
  options.onProgress?.({ epoch, examplesDone: run.done, examplesTotal: count, trainSeconds: run.trainSeconds });
  if (run.done >= count || run.stopped) return false;
  // (asked again after the turn: a Ctrl-C handler runs during it)
  run.stopped = options.shouldStop?.() ?? false;
  return !run.stopped;
}

/** Room for a set's a^L, allocated once for all epochs (an epoch of a tiny set costs microseconds). */
function outputsFor(data: ResidentDataset | undefined): Float64Array {
  return new Float64Array(data === undefined ? 0 : data.count * data.dataset.outputSize);
}

/**
 * Replays an epoch that ended with a non-finite parameter from its start, one mini-batch at
 * a time, to find the first batch after which one appears; leaves `network` (and the kernel)
 * with the parameters from before that batch, the last finite ones.
 */
function locateDivergence(
  kernel: Kernel,
  batchesOf: BatchSource,
  network: Network,
  epochStart: Network,
  replay: { readonly update: UpdateState; readonly t: number; readonly step: (t: number) => TrainStep },
  order: Uint32Array,
  firstDone: number,
  batchSize: number,
  epoch: number,
): DivergenceSite {
  const { count } = batchesOf;
  const batches = Math.ceil(count / batchSize);
  const lastGood = cloneNetwork(epochStart);
  kernel.setParameters(epochStart);
  kernel.setUpdateState(replay.update); // momentum's and Adam's state as the epoch began
  let t = replay.t;
  let done = firstDone;
  let batch = Math.ceil(firstDone / batchSize);
  while (done < count) {
    const m = Math.min(batchSize, count - done);
    batchesOf.trainBatch(order, done, m, replay.step(++t));
    done += m;
    batch++;
    kernel.getParameters(network);
    const found = firstNonFinite(network);
    if (found !== undefined) {
      restore(network, lastGood);
      kernel.setParameters(network);
      return { epoch, batch, batches, found };
    }
    restore(lastGood, network);
  }
  // The replay stayed finite (it should not): name the epoch, keep its start.
  restore(network, epochStart);
  kernel.setParameters(network);
  return { epoch, found: firstNonFinite(network) ?? { cost: NaN } };
}

function restore(into: Network, from: Network): void {
  for (let l = 2; l <= into.sizes.length; l++) {
    into.weights[l].set(from.weights[l]);
    into.biases[l].set(from.biases[l]);
  }
}

function checkTrainOptions(options: TrainOptions, training: Dataset): void {
  const { epochs, batchSize, learningRate } = options;
  if (!Number.isInteger(epochs) || epochs < 0) throw new RangeError(`epochs must be a whole number ≥ 0, got ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`the mini-batch size must be a whole number ≥ 1, got ${batchSize}`);
  if (!Number.isFinite(learningRate) || learningRate <= 0) throw new RangeError(`the learning rate η must be a positive number, got ${learningRate}`);
  if (training.count < 1) throw new RangeError('the training data has no examples');
  if (options.earlyStop !== undefined) {
    if (!Number.isInteger(options.earlyStop) || options.earlyStop < 1) throw new RangeError(`the early-stopping patience must be a whole number ≥ 1, got ${options.earlyStop}`);
    if (options.validation === undefined) throw new RangeError('early stopping needs a validation set to watch (options.validation)');
  }
  if (options.schedule?.kind === 'plateau' && options.validation === undefined) {
    throw new RangeError("the 'plateau' schedule needs a validation set to watch (options.validation)");
  }
}

