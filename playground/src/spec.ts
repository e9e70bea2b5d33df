import { parseSchedule, type Schedule, normalizeSpec, type CostName, type DType, type KernelSpec, type LayerActivationName, type UpdateRuleName, type UpdateRuleSpec } from 'nabla';
import { hiddenActivations, type Setup } from './state.ts';

/**
 * The kernel spec a setup asks for, checked by the library's own normalizeSpec, so that the
 * page refuses exactly what `nabla train` refuses and says so in the same words (a cost and
 * an output layer that do not go together, a hyper-parameter out of range). Throws an Error
 * whose message the page shows; never trains a quietly different network instead.
 */
export function specOf(setup: Setup, sizes: readonly number[], dtype: DType): KernelSpec {
  const hidden = sizes.length - 2;
  const perLayer = hiddenActivations(setup.activation, hidden);
  if (perLayer === undefined) {
    const count = setup.activation.split(',').length;
    throw new Error(`activation lists ${count} activations; the network has ${hidden} hidden layer${hidden === 1 ? '' : 's'}: give one name for all of them or one per hidden layer`);
  }
  const activations = [...perLayer, setup.output] as LayerActivationName[];
  const outputs = sizes[sizes.length - 1];
  if (setup.output === 'softmax' && outputs < 2) {
    throw new Error(`a softmax output layer needs one neuron per class, at least 2 (over 1 output it is always 1); this network has ${outputs}`);
  }
  if (setup.dropout > 0 && hidden === 0) throw new Error('dropout drops hidden neurons, and this network has no hidden layer; add one, or set dropout p to 0');
  try {
    return normalizeSpec({ sizes, activations, cost: setup.cost as CostName, dtype, update: updateOf(setup), dropout: setup.dropout });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // The library's sentence, then what `nabla train` adds to it for the same mistake.
    throw new Error(/cost needs/.test(message) ? `${message}; pair cross-entropy with output sigmoid, log-likelihood with output softmax` : message);
  }
}

/**
 * The η schedule, parsed by the library's parser (its message for a malformed one). 'plateau'
 * halves η when the validation score stalls, and the playground holds out no validation set,
 * so it is refused here rather than run on the test set.
 */
export function scheduleOf(setup: Setup): Schedule | undefined {
  if (setup.schedule === '') return undefined;
  const schedule = parseSchedule(setup.schedule);
  if (schedule.kind === 'plateau') throw new Error(`schedule ${setup.schedule}: plateau needs a validation score, and the playground holds out no validation set; use step:EPOCHS:FACTOR or exp:FACTOR`);
  return schedule;
}

/** The update rule: undefined for plain SGD without regularisation (the kernels' fastest path). */
export function updateOf(setup: Setup): UpdateRuleSpec | undefined {
  const rule = setup.optimizer as UpdateRuleName;
  if (rule === 'sgd' && setup.l2 === 0 && setup.l1 === 0) return undefined;
  return {
    rule,
    ...(rule === 'momentum' || rule === 'nesterov' ? { momentum: setup.momentum } : {}),
    ...(rule === 'adam' ? { beta1: setup.beta1, beta2: setup.beta2 } : {}),
    // Any λ but 0 goes in, so that the library refuses a negative one rather than the page dropping it.
    ...(setup.l2 !== 0 ? { l2: setup.l2 } : {}),
    ...(setup.l1 !== 0 ? { l1: setup.l1 } : {}),
  };
}

/**
 * The control a refusal is about, from the words of the message (the library's or specOf's),
 * so that the page can show it there; undefined when none is named.
 */
export function controlOf(message: string): string | undefined {
  const words: [RegExp, string][] = [
    [/^activation lists/, 'activation'],
    [/softmax output layer|softmax can only/, 'output'],
    [/cost needs|unknown cost/, 'cost'],
    [/momentum μ/, 'momentum'],
    [/β₁/, 'beta1'],
    [/β₂/, 'beta2'],
    [/L2 λ/, 'l2'],
    [/L1 λ/, 'l1'],
    [/dropout/, 'dropout'],
    [/^schedule|schedule /, 'schedule'],
    [/unknown update rule/, 'optimizer'],
  ];
  return words.find(([pattern]) => pattern.test(message))?.[1];
}
