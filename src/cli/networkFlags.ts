import type { Command } from 'commander';
import { InputError } from '../common/errors.ts';
import { checkActivations } from '../kernels/spec.ts';
import { activationNames, type ActivationName, type LayerActivationName } from '../math/activations/index.ts';
import { costNames, type CostName } from '../math/costs/index.ts';
import { checkDropout } from '../math/dropout.ts';
import { getInitialiser, weightInitNames, type WeightInit } from '../math/initialisers.ts';
import { UPDATE_DEFAULTS, getUpdateRule, hyperParameters, hyperRange, rulesWith, updateRuleNames, type HyperParameter, type HyperParameterName, type UpdateRuleName, type UpdateRuleSpec } from '../math/updateRules/index.ts';
import { parseSchedule, type Schedule } from '../training/schedules.ts';
import { parseChoiceFlag, parseIntegerFlag } from './parse.ts';

/**
 * The flags that choose what network is trained and how (issue 11's contract), shared by
 * `nabla train` and `nabla gradcheck`; with none of them given, the run is the seed's
 * (sigmoid everywhere, quadratic cost, N(0, 1/n_in) weights, plain SGD).
 */
export const OUTPUT_CHOICES = ['sigmoid', 'softmax', 'linear'] as const;
export const TASKS = ['classification', 'regression'] as const;
export type TaskName = (typeof TASKS)[number];

export interface NetworkFlags {
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

/** The update rules' hyper-parameters as flags (--momentum, --beta1, …): each rule's `hyper` list declares them. */
export type NetworkFlagsWithHyper = NetworkFlags & { [K in HyperParameterName]?: number };

/** The hyper-parameters the CLI offers, each as the flag --name (kebab-case). */
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

function parseActivationList(value: string): ActivationName[] {
  const names = value.split(',').map((s) => s.trim());
  for (const name of names) {
    if (!(activationNames as readonly string[]).includes(name)) {
      throw new InputError(`--activation: '${name}' is not one of ${activationNames.join(', ')}; give one name for every hidden layer or a comma-separated list, one per hidden layer`);
    }
  }
  return names as ActivationName[];
}

function parseNonNegative(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(`${flag} expects a number ≥ 0, got '${value}'`);
    return n;
  };
}

function parseUnitInterval(flag: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n >= 1) throw new InputError(`${flag} expects a number from 0 up to (not including) 1, got '${value}'`);
    return n;
  };
}

function parseScheduleFlag(value: string): Schedule {
  try {
    return parseSchedule(value);
  } catch (error) {
    throw new InputError(`--schedule: ${(error as Error).message}`);
  }
}

/** Adds the flags to a command; `forTraining` false (gradcheck) says which ones do not change gradients. */
export function addNetworkFlags(command: Command, forTraining: boolean): Command {
  const gradNote = forTraining ? '' : ' (accepted so a train command line checks as it is; it does not change the gradients)';
  command
    .option('--activation <names>', `hidden layers' activation: ${activationNames.join('|')} (default sigmoid); a comma-separated list gives one per hidden layer, e.g. relu,tanh`, parseActivationList)
    .option('--output <name>', `the output layer's activation: ${OUTPUT_CHOICES.join('|')} (default sigmoid; softmax with --cost log-likelihood, linear with --task regression)`, parseChoiceFlag('--output', OUTPUT_CHOICES))
    .option('--cost <name>', `the cost C: ${costNames.join('|')} (default quadratic; log-likelihood with --output softmax)`, parseChoiceFlag('--cost', costNames))
    .option(
      '--weights <kind>',
      `initial weights: ${weightInitNames.map((w) => `'${w}' ${getInitialiser(w).formula}`).join(', ')}; biases N(0, 1) for the first two (default scaled-normal: ~96% on MNIST; 'normal' is the reference network.py's, 95.0-95.3% for seeds 2-6 but seed 1 saturates at 86.35%), e.g. --weights he`,
      parseChoiceFlag('--weights', weightInitNames),
      'scaled-normal' as WeightInit,
    )
    .option('--l2 <λ>', `L2 regularisation: C = C₀ + (λ/2n) Σ w², so w ← (1 − ηλ/n) w − …  (e.g. --l2 5.0)${forTraining ? '' : '; checked with n = 1'}`, parseNonNegative('--l2'))
    .option('--l1 <λ>', `L1 regularisation: C = C₀ + (λ/n) Σ |w| (e.g. --l1 1.0)${forTraining ? '' : '; checked with n = 1'}`, parseNonNegative('--l1'))
    .option('--dropout <p>', `drop each hidden neuron with probability p while training, e.g. 0.5 (inverted dropout: inference uses every neuron)${gradNote}`, parseUnitInterval('--dropout'))
    .option('--optimizer <rule>', `the update rule: ${updateRuleNames.map((r) => `${r} (${getUpdateRule(r).formula})`).join(', ')}; default sgd${gradNote}`, parseChoiceFlag('--optimizer', updateRuleNames), 'sgd' as UpdateRuleName);
  for (const h of flaggedHyperParameters) {
    command.option(`${hyperFlag(h)} <${h.symbol}>`, `${h.description} of --optimizer ${rulesWith(h.name).join(' or ')} (default ${h.default})${gradNote}`, parseHyper(h));
  }
  return command
    .option('--schedule <form>', `change η between epochs: step:EPOCHS:FACTOR (e.g. step:10:0.5), exp:FACTOR (e.g. exp:0.95), plateau:PATIENCE (halve η after PATIENCE epochs without a better validation score, e.g. plateau:5)${gradNote}`, parseScheduleFlag)
    .option('--early-stop <patience>', `stop when validation has not improved for this many epochs, keeping (and saving) the best epoch's weights, e.g. 5${gradNote}`, parseIntegerFlag('--early-stop', 1))
    .option('--task <task>', `${TASKS.join('|')} (default classification); regression trains a linear output with the quadratic cost on numeric CSV targets (--label-column a,b for several) and reports RMSE`, parseChoiceFlag('--task', TASKS));
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
export function updateFromFlags(flags: NetworkFlagsWithHyper): UpdateRuleSpec | undefined {
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
