import { InputError } from '../common/errors.ts';
import type { ActivationName } from '../math/activations/index.ts';
import type { CostName } from '../math/costs/index.ts';
import type { WeightInit } from '../math/initialisers.ts';
import type { UpdateRuleName } from '../math/updateRules/index.ts';
import type { DType } from '../kernels/kernel.ts';
import type { FitEpoch } from './fit.ts';
import { flagName, flagParsers, TRAIN_DEFAULTS, type HyperFlags, type OUTPUT_CHOICES, type RunFlags, type TaskName } from './trainOptions.ts';

/** fit()'s options: `nabla train`'s flags by their camelCase names, with its defaults. */
export interface FitOptions extends Readonly<HyperFlags> {
  /** Neurons in each layer, input first (default: the inputs, one hidden layer of max(8, 2 × outputs) up to 100, the outputs). */
  readonly sizes?: readonly number[];
  /** The hidden layers' σ: one name for all, or one per hidden layer (default 'sigmoid'). */
  readonly activation?: ActivationName | readonly ActivationName[];
  readonly output?: (typeof OUTPUT_CHOICES)[number];
  readonly cost?: CostName;
  /** Default 'scaled-normal', N(0, 1/n_in). */
  readonly weights?: WeightInit;
  /** η, default 3. */
  readonly eta?: number;
  /** m, default 10. */
  readonly batch?: number;
  /** Default 30. */
  readonly epochs?: number;
  /** Default 1: the same seed gives the same run, and the numbers of `nabla train --seed`. */
  readonly seed?: number;
  readonly dtype?: DType;
  readonly l2?: number;
  readonly l1?: number;
  readonly dropout?: number;
  /** And the rule's hyper-parameters by name (momentum; beta1, beta2): each rule declares its own. */
  readonly optimizer?: UpdateRuleName;
  /** 'step:10:0.5', 'exp:0.95' or 'plateau:5', as --schedule takes it. */
  readonly schedule?: string;
  /** Patience in epochs; needs validationSplit. */
  readonly earlyStop?: number;
  /** Default: classification for labels (and one-hot outputs), regression for targets. */
  readonly task?: TaskName;
  /** Standardise the features with the training set's mean and std (kept in the model). */
  readonly normalize?: boolean;
  /** Hold out this fraction (0 < F < 1) of the data as a validation set, stratified by class, by the seed. */
  readonly validationSplit?: number;
  /** Node only: worker threads (default as `nabla train`'s). */
  readonly threads?: number;
  /** Called after every epoch. */
  readonly onEpoch?: (epoch: FitEpoch) => void;
  /** Called with one line when no fast kernel runs the configuration (the library never prints). */
  readonly onNotice?: (line: string) => void;
}

/** The options read and checked, with `nabla train`'s defaults filled in. */
export interface FitFlags extends RunFlags {
  validationSplit?: number;
  normalize: boolean;
}

const CALLBACKS = ['onEpoch', 'onNotice'];
const KNOWN = [...Object.keys(flagParsers), 'normalize', ...CALLBACKS];

/**
 * Each option is written as the text its flag would take (a list joined by commas) and read
 * by that flag's parser, so a wrong value gets the sentence `nabla train` gives it, naming
 * the flag (--eta for eta). An unknown name is refused rather than ignored: a typo
 * (`epoch: 5`) would otherwise train for the default 30 epochs.
 */
export function readFitOptions(options: FitOptions): FitFlags {
  if (typeof options !== 'object' || options === null) throw new InputError(`the options must be an object such as { sizes: [2, 3, 1], epochs: 100 }, found ${String(options)}`);
  const given = options as Record<string, unknown>;
  const read: Record<string, unknown> = { ...TRAIN_DEFAULTS, normalize: false };
  for (const [name, value] of Object.entries(given)) {
    if (!KNOWN.includes(name)) throw new InputError(`unknown option '${name}'; fit takes ${KNOWN.join(', ')}`);
    if (value === undefined) continue;
    if (CALLBACKS.includes(name)) {
      if (typeof value !== 'function') throw new InputError(`${name} must be a function, found ${typeof value}`);
      continue;
    }
    if (name === 'normalize') {
      if (typeof value !== 'boolean') throw new InputError(`normalize must be true or false, found ${JSON.stringify(value)}`);
      read.normalize = value;
      continue;
    }
    const text = Array.isArray(value) ? value.join(',') : typeof value === 'number' || typeof value === 'string' ? String(value) : undefined;
    if (text === undefined) throw new InputError(`${flagName(name)}: found ${typeof value}; give the flag's value as a number or a string (an array for sizes and activation)`);
    read[name] = flagParsers[name as keyof typeof flagParsers](text);
  }
  return read as unknown as FitFlags;
}
