import { InputError } from '../common/errors.ts';
import { describeJson, jsonDepthProblem } from './modelChecks.ts';
import { modelFromJson, modelToJson, type Model } from './modelFile.ts';

/**
 * A training checkpoint: everything `nabla train --resume` needs to continue a run so that
 * it ends with the very bits an uninterrupted run would have produced. JSON, one file,
 * written atomically after every epoch (and on Ctrl-C):
 *
 *   {"format": "nabla-checkpoint", "version": 1,
 *    "epoch": 3,            epochs finished
 *    "examplesDone": 0,     examples of epoch 4 already trained (0 at an epoch's end)
 *    "order": [...],        the order of the examples this epoch (shuffles compound)
 *    "rng": {...},          the random generator's state after this epoch's shuffle
 *    "optimizer": {...},    the update rule's state (none for plain SGD)
 *    "run": {...},          the flags of the run, so resume repeats them
 *    "model": {...}}        the model file's object: parameters, normalisation, classes
 *
 * Numbers are written in JSON's shortest round-trip form, so float64 and float32
 * parameters come back exactly.
 */
export const CHECKPOINT_FORMAT = 'nabla-checkpoint';
export const CHECKPOINT_VERSION = 1;

/**
 * The rest of the run's state, as `train` takes it back (TrainingState): the update rule's
 * state arrays (momentum's velocity, Adam's moments) and step count, the dropout seed, the
 * schedule's η and count, early stopping's best parameters. Arrays are kept as numbers
 * (float64, written exactly), slots 0 and 1 empty as in a Network.
 */
export interface CheckpointTraining {
  readonly update?: {
    readonly rule: string;
    readonly steps: number;
    readonly weights: Float64Array[][];
    readonly biases: Float64Array[][];
    /** The WebAssembly kernels' own form of w^2 (SGD with L2; kernel.ts: UpdateState). */
    readonly w2Scaled?: { readonly scale: number; readonly weights: Float64Array };
  };
  readonly dropoutSeed?: number;
  readonly schedule?: { readonly eta: number; readonly best: number | null; readonly sinceBest: number };
  readonly early?: { readonly bestEpoch: number | null; readonly bestScore: number | null; readonly since: number; readonly weights: Float64Array[]; readonly biases: Float64Array[] };
}

export interface Checkpoint {
  readonly epoch: number;
  readonly examplesDone: number;
  readonly order: Uint32Array;
  readonly rng: unknown;
  /** The update rule's and the rest of the run's state. */
  readonly optimizer?: CheckpointTraining;
  readonly run: Record<string, unknown>;
  readonly model: Model;
}

export function serializeCheckpoint(checkpoint: Checkpoint): string {
  return (
    JSON.stringify({
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      epoch: checkpoint.epoch,
      examplesDone: checkpoint.examplesDone,
      order: Array.from(checkpoint.order),
      rng: checkpoint.rng,
      optimizer: checkpoint.optimizer === undefined ? null : trainingToJson(checkpoint.optimizer),
      run: checkpoint.run,
      model: modelToJson(checkpoint.model),
    }) + '\n'
  );
}

const arrays = (list: readonly Float64Array[]): number[][] => list.map((a) => Array.from(a));

function trainingToJson(training: CheckpointTraining): unknown {
  const { update, early } = training;
  return {
    ...training,
    update: update && {
      ...update,
      weights: update.weights.map(arrays),
      biases: update.biases.map(arrays),
      w2Scaled: update.w2Scaled && { scale: update.w2Scaled.scale, weights: Array.from(update.w2Scaled.weights) },
    },
    early: early && { ...early, weights: arrays(early.weights), biases: arrays(early.biases) },
  };
}

/** Reads the state arrays back, each checked against the model's shapes. */
function trainingFromJson(json: unknown, model: Model, fail: (message: string) => never): CheckpointTraining {
  const { sizes } = model.network;
  const obj = json as Record<string, unknown>;
  const layers = (value: unknown, field: string, biases = field.includes('biases')): Float64Array[] => {
    if (!Array.isArray(value) || value.length !== sizes.length + 1) fail(`"${field}" must hold one array per layer (slots 0 and 1 empty), found ${describeJson(value)}`);
    return (value as unknown[]).map((list, l) => {
      // shaped as the model's own parameters (a conv layer's shared weights, a pool layer's none)
      const length = l < 2 ? 0 : biases ? model.network.biases[l].length : model.network.weights[l].length;
      if (!Array.isArray(list) || list.length !== length || !list.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        fail(`"${field}[${l}]" must be ${length} finite numbers, found ${describeJson(list)}`);
      }
      return Float64Array.from(list as number[]);
    });
  };
  const update = obj.update as Record<string, unknown> | undefined;
  const early = obj.early as Record<string, unknown> | undefined;
  return {
    update: update && {
      rule: String(update.rule),
      steps: Number(update.steps),
      weights: (update.weights as unknown[]).map((s, i) => layers(s, `optimizer.update.weights[${i}]`)),
      biases: (update.biases as unknown[]).map((s, i) => layers(s, `optimizer.update.biases[${i}]`)),
      w2Scaled: update.w2Scaled === undefined ? undefined : w2ScaledFromJson(update.w2Scaled, sizes, fail),
    },
    dropoutSeed: typeof obj.dropoutSeed === 'number' ? obj.dropoutSeed : undefined,
    schedule: obj.schedule as CheckpointTraining['schedule'],
    early: early && {
      bestEpoch: early.bestEpoch as number | null,
      bestScore: early.bestScore as number | null,
      since: Number(early.since),
      weights: layers(early.weights, 'optimizer.early.weights'),
      biases: layers(early.biases, 'optimizer.early.biases'),
    },
  };
}

/** The WebAssembly kernels' w^2 = scale · weights (kernel.ts: UpdateState.w2Scaled), checked. */
function w2ScaledFromJson(value: unknown, sizes: readonly number[], fail: (message: string) => never): { scale: number; weights: Float64Array } {
  const obj = value as Record<string, unknown> | null;
  const length = sizes[1] * sizes[0];
  const weights = obj?.weights;
  if (typeof obj?.scale !== 'number' || !(obj.scale > 0) || !Number.isFinite(obj.scale) || !Array.isArray(weights) || weights.length !== length || !weights.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    fail(`"optimizer.update.w2Scaled" must be a positive finite scale and ${length} finite weights, found ${describeJson(value)}`);
  }
  return { scale: obj?.scale as number, weights: Float64Array.from(weights as number[]) };
}

export function parseCheckpoint(text: string, source = 'checkpoint'): Checkpoint {
  const fail = (message: string): never => {
    throw new InputError(message, { file: source });
  };
  const tooDeep = jsonDepthProblem(text);
  if (tooDeep !== undefined) fail(tooDeep);
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    return fail(`is not valid JSON (${(error as Error).message}); a checkpoint is written by 'nabla train --checkpoint DIR'`);
  }
  if (typeof json !== 'object' || json === null || json.format !== CHECKPOINT_FORMAT) fail(`is not a nabla checkpoint ("format" is ${describeJson(json?.format)})`);
  if (json.version !== CHECKPOINT_VERSION) fail(`checkpoint version ${describeJson(json.version)} is not one this nabla reads (it reads ${CHECKPOINT_VERSION})`);
  const model = modelFromJson(json.model, `${source} (its "model")`);
  const epoch = json.epoch;
  const examplesDone = json.examplesDone;
  if (!Number.isSafeInteger(epoch) || (epoch as number) < 0) fail(`"epoch" must be a whole number ≥ 0, found ${describeJson(epoch)}`);
  if (!Number.isSafeInteger(examplesDone) || (examplesDone as number) < 0) fail(`"examplesDone" must be a whole number ≥ 0, found ${describeJson(examplesDone)}`);
  const order = json.order;
  if (!Array.isArray(order) || !order.every((i) => Number.isSafeInteger(i) && i >= 0 && i < order.length)) fail(`"order" must be a permutation of the example indices, found ${describeJson(order)}`);
  const seen = new Uint8Array((order as number[]).length);
  for (const i of order as number[]) {
    if (seen[i]++) fail(`"order" repeats example ${i}: it must be a permutation`);
  }
  if (typeof json.run !== 'object' || json.run === null || Array.isArray(json.run)) fail(`"run" must be an object of the run's flags, found ${describeJson(json.run)}`);
  return {
    epoch: epoch as number,
    examplesDone: examplesDone as number,
    order: Uint32Array.from(order as number[]),
    rng: json.rng,
    optimizer: json.optimizer === null || json.optimizer === undefined ? undefined : trainingFromJson(json.optimizer, model, fail),
    run: json.run as Record<string, unknown>,
    model,
  };
}
