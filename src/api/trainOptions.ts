import { InputError } from '../common/errors.ts';
import { strictNumber } from '../common/strictNumber.ts';
import { checkActivations } from '../kernels/spec.ts';
import { activationNames, type ActivationName, type LayerActivationName } from '../math/activations/index.ts';
import { costNames, type CostName } from '../math/costs/index.ts';
import { checkDropout } from '../math/dropout.ts';
import { weightInitNames, type WeightInit } from '../math/initialisers.ts';
import { UPDATE_DEFAULTS, getUpdateRule, hyperParameters, hyperRange, rulesWith, updateRuleNames, type HyperParameter, type HyperParameterName, type UpdateRuleName, type UpdateRuleSpec } from '../math/updateRules/index.ts';
import { parseSchedule, type Schedule } from '../training/schedules.ts';
import type { TrainOptions } from '../training/sgd.ts';
import { parseChoiceFlag, parseIntegerFlag, parsePositiveNumberFlag, parseSizesFlag } from './parse.ts';
import type { DType } from '../kernels/kernel.ts';

/**
 * The flags that choose what network is trained and how (issue 11's contract), shared by
 * `nabla train`, `nabla gradcheck`, `nabla init` and `fit()` (which takes them by their
 * camelCase names): their parsers, defaults and the checks between them, so that a wrong
 * value gets the same sentence from the command line and from the library. With none of
 * them given, the run is the seed's (sigmoid everywhere, quadratic cost, N(0, 1/n_in)
 * weights, plain SGD).
 */
export const OUTPUT_CHOICES = ['sigmoid', 'softmax', 'linear'] as const;
export const TASKS = ['classification', 'regression'] as const;
export type TaskName = (typeof TASKS)[number];

/** The update rules' hyper-parameters as flags (--momentum, --beta1, …): each rule's `hyper` list declares them. */
export type HyperFlags = { [K in HyperParameterName]?: number };

export interface NetworkFlags extends HyperFlags {
  activation?: ActivationName[];
  output?: (typeof OUTPUT_CHOICES)[number];
  cost?: CostName;
  weights: WeightInit;
  l2?: number;
  l1?: number;
  dropout?: number;
  optimizer: UpdateRuleName;
  schedule?: Schedule;
  earlyStop?: number;
  task?: TaskName;
}

export function parseActivationList(value: string): ActivationName[] {
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(activationNames as readonly string[]).includes(name)) {
      throw new InputError(`--activation: '${name}' is not one of ${activationNames.join(', ')}; give one name for every hidden layer or a comma-separated list, one per hidden layer`);
    }
  }
  return names as ActivationName[];
}

export function parseNonNegative(flag: string): (value: string) => number {
  return (value: string) => {
    const n = strictNumber(value);
    if (!Number.isFinite(n) || n < 0) throw new InputError(`${flag} expects a number ≥ 0, got '${value}'`);
    return n;
  };
}

export function parseUnitInterval(flag: string): (value: string) => number {
  return (value: string) => {
    const n = strictNumber(value);
    if (!Number.isFinite(n) || n < 0 || n >= 1) throw new InputError(`${flag} expects a number from 0 up to (not including) 1, got '${value}'`);
    return n;
  };
}

export function parseScheduleFlag(value: string): Schedule {
  try {
    return parseSchedule(value);
  } catch (error) {
    throw new InputError(`--schedule: ${(error as Error).message}`);
  }
}

/** `nabla train`'s defaults (the reference experiment's), which `fit()` shares. */
export const TRAIN_DEFAULTS = {
  eta: 3.0,
  batch: 10,
  epochs: 30,
  seed: 1,
  dtype: 'float32' as DType,
  weights: 'scaled-normal' as WeightInit,
  optimizer: 'sgd' as UpdateRuleName,
} as const;

/** A fraction F of a training set to hold out: 0 < F < 1. */
export function parseFraction(flag: string): (value: string) => number {
  return (value: string) => {
    const n = strictNumber(value);
    if (!Number.isFinite(n) || n <= 0 || n >= 1) throw new InputError(`${flag} expects a fraction between 0 and 1 (not including either), e.g. 0.2; got '${value}'`);
    return n;
  };
}

/** The hyper-parameters the CLI and fit() offer (a rule's `flag: true` ones), each as the flag --name (kebab-case). */
export const flaggedHyperParameters: readonly HyperParameter<HyperParameterName>[] = hyperParameters.filter((h) => h.flag);

/** '--beta1' for beta1, '--weight-decay' for weightDecay: commander maps the flag back to the name. */
export function hyperFlag(h: HyperParameter): string {
  return `--${h.name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function parseHyper(h: HyperParameter): (value: string) => number {
  const range = hyperRange(h);
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || !range.ok(n)) throw new InputError(`${hyperFlag(h)} expects ${h.range === 'unit' ? 'a number from 0 up to (not including) 1' : 'a number > 0'}, got '${value}'`);
    return n;
  };
}

const hyperParsers = Object.fromEntries(flaggedHyperParameters.map((h) => [h.name, parseHyper(h)])) as Record<HyperParameterName, (value: string) => number>;

/**
 * The parser of each training flag's value, by its camelCase name: the command line runs them
 * on the text after the flag, fit() on its option's value written as that text.
 */
export const flagParsers = {
  sizes: (value: string) => parseSizesFlag(value),
  activation: parseActivationList,
  output: parseChoiceFlag('--output', OUTPUT_CHOICES),
  cost: parseChoiceFlag('--cost', costNames),
  weights: parseChoiceFlag('--weights', weightInitNames),
  eta: parsePositiveNumberFlag('--eta'),
  batch: parseIntegerFlag('--batch', 1),
  epochs: parseIntegerFlag('--epochs', 1),
  seed: parseIntegerFlag('--seed', 0),
  dtype: parseChoiceFlag('--dtype', ['float32', 'float64'] as const),
  l2: parseNonNegative('--l2'),
  l1: parseNonNegative('--l1'),
  dropout: parseUnitInterval('--dropout'),
  optimizer: parseChoiceFlag('--optimizer', updateRuleNames),
  ...hyperParsers,
  schedule: parseScheduleFlag,
  earlyStop: parseIntegerFlag('--early-stop', 1),
  task: parseChoiceFlag('--task', TASKS),
  validationSplit: parseFraction('--validation-split'),
  threads: parseIntegerFlag('--threads', 1, 256),
} as const;

/** The flag a camelCase option name stands for: earlyStop → --early-stop. */
export function flagName(option: string): string {
  return `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** The activations (one per layer l = 2..L) and the cost the flags ask for, checked against each other. */
export function networkFromFlags(flags: NetworkFlags, layers: number): { activations: LayerActivationName[]; cost: CostName } {
  const hidden = layers - 1;
  const given = flags.activation ?? ['sigmoid'];
  if (flags.activation !== undefined && hidden === 0) throw new InputError('--activation is for hidden layers, and this network has none; add one with --sizes (e.g. 784,100,10)');
  if (given.length !== 1 && given.length !== hidden) {
    throw new InputError(`--activation lists ${given.length} activations; the network has ${hidden} hidden layer${hidden === 1 ? '' : 's'}: give one name for all of them or one per hidden layer`);
  }
  const regression = flags.task === 'regression';
  if (regression && flags.output !== undefined && flags.output !== 'linear') throw new InputError(`--task regression trains a linear output layer; drop --output ${flags.output}`);
  if (regression && flags.cost !== undefined && flags.cost !== 'quadratic') throw new InputError(`--task regression trains with the quadratic cost; drop --cost ${flags.cost}`);
  const output: LayerActivationName = flags.output ?? (regression ? 'linear' : flags.cost === 'log-likelihood' ? 'softmax' : 'sigmoid');
  const cost: CostName = flags.cost ?? (output === 'softmax' ? 'log-likelihood' : 'quadratic');
  const activations: LayerActivationName[] = [...Array.from({ length: hidden }, (_, i) => (given.length === 1 ? given[0] : given[i])), output];
  try {
    checkActivations(activations, layers, cost);
  } catch (error) {
    const flag = flags.cost === undefined ? '--output' : flags.output === undefined ? '--cost' : '--cost and --output';
    throw new InputError(`${flag}: ${(error as Error).message}; pair cross-entropy with --output sigmoid, log-likelihood with --output softmax`);
  }
  if (flags.dropout !== undefined) checkDropout(flags.dropout);
  if (flags.dropout !== undefined && flags.dropout > 0 && hidden === 0) throw new InputError('--dropout drops hidden neurons, and this network has no hidden layer; add one with --sizes');
  return { activations, cost };
}

/** The update rule the flags ask for, or undefined for the default plain SGD. */
export function updateFromFlags(flags: NetworkFlags): UpdateRuleSpec | undefined {
  const rule = flags.optimizer;
  const given: Record<string, number> = {};
  for (const h of flaggedHyperParameters) {
    const value = flags[h.name];
    if (value === undefined) continue;
    const rules = rulesWith(h.name);
    if (!rules.includes(rule)) throw new InputError(`${hyperFlag(h)} is ${h.symbol} of --optimizer ${rules.join(' or ')}, not ${rule}`);
    given[h.name] = value;
  }
  const spec: UpdateRuleSpec = {
    rule,
    ...given,
    ...(flags.l2 === undefined ? {} : { l2: flags.l2 }),
    ...(flags.l1 === undefined ? {} : { l1: flags.l1 }),
  };
  return Object.keys(spec).length === 1 && rule === 'sgd' ? undefined : spec;
}

/** The flags given that a model file (--init) fixes instead: its activations, cost and initial weights. */
export function networkFlagsGiven(flags: NetworkFlags, weightsDefault: WeightInit): string[] {
  const given: string[] = [];
  if (flags.activation !== undefined) given.push('--activation');
  if (flags.output !== undefined) given.push('--output');
  if (flags.cost !== undefined) given.push('--cost');
  if (flags.weights !== weightsDefault) given.push('--weights');
  return given;
}

/** ", momentum μ = 0.9, L2 λ = 5, dropout 0.5, η × 0.5 every 10 epochs, early stop after 5": what differs from plain SGD, for the run's first line. */
export function describeTraining(update: UpdateRuleSpec | undefined, dropout: number | undefined): string {
  const parts: string[] = [];
  if (update !== undefined) {
    const u = { ...UPDATE_DEFAULTS, ...update };
    const value = (name: string): number | undefined => (u as Readonly<Record<string, unknown>>)[name] as number | undefined;
    const shown = getUpdateRule(u.rule).hyper.filter((h) => h.flag);
    if (shown.length > 0) parts.push(`${u.rule} ${shown.map((h) => `${h.symbol} = ${value(h.name)}`).join(', ')}`);
    if (u.l2) parts.push(`L2 λ = ${u.l2}`);
    if (u.l1) parts.push(`L1 λ = ${u.l1}`);
  }
  if (dropout) parts.push(`dropout ${dropout}`);
  return parts.map((p) => `, ${p}`).join('');
}

/** The flags of a training run that the command line and `fit()` share, with `nabla train`'s defaults filled in. */
export interface RunFlags extends NetworkFlags {
  sizes?: number[];
  eta: number;
  batch: number;
  epochs: number;
  seed: number;
  dtype: DType;
  threads?: number;
}

/**
 * `train()`'s options that come straight from the flags (--epochs, --batch, --eta, --schedule,
 * --early-stop), the task and the run's generator: one mapping for the command line and `fit()`.
 */
export function loopOptionsFromFlags(flags: RunFlags, task: TaskName, rng: TrainOptions['rng']): Pick<TrainOptions, 'epochs' | 'batchSize' | 'learningRate' | 'schedule' | 'earlyStop' | 'task' | 'rng'> {
  return { epochs: flags.epochs, batchSize: flags.batch, learningRate: flags.eta, schedule: flags.schedule, earlyStop: flags.earlyStop, task, rng };
}
