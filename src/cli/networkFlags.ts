import type { Command } from 'commander';
import { activationNames } from '../math/activations/index.ts';
import { costNames } from '../math/costs/index.ts';
import { getInitialiser, weightInitNames } from '../math/initialisers.ts';
import { getUpdateRule, rulesWith, updateRuleNames } from '../math/updateRules/index.ts';
import { flaggedHyperParameters, flagParsers, hyperFlag, OUTPUT_CHOICES, TASKS, TRAIN_DEFAULTS } from '../api/trainOptions.ts';

/**
 * The network flags on a command: their parsers, defaults and the checks between them live in
 * api/trainOptions.ts, which fit() shares. `for` says what the command does with them:
 * 'train' uses every one; 'gradcheck' and 'init' accept the ones that do not change their
 * result too, so that a train command line works as it is.
 */
export type NetworkFlagsFor = 'train' | 'gradcheck' | 'init';

/** Adds the flags to a command. Commander prints each default it is given, so the text does not repeat it. */
export function addNetworkFlags(command: Command, use: NetworkFlagsFor): Command {
  const note = use === 'train' ? '' : use === 'gradcheck' ? ' (accepted so a train command line checks as it is; it does not change the gradients)' : ' (accepted so a train command line works as it is; a model file does not hold it)';
  const nNote = use === 'gradcheck' ? '; checked with n = 1' : use === 'init' ? note : '';
  command
    .option('--activation <names>', `hidden layers' activation: ${activationNames.join('|')} (default sigmoid); a comma-separated list gives one per hidden layer, e.g. relu,tanh`, flagParsers.activation)
    .option('--output <name>', `the output layer's activation: ${OUTPUT_CHOICES.join('|')} (default sigmoid; softmax with --cost log-likelihood, linear with --task regression)`, flagParsers.output)
    .option('--cost <name>', `the cost C: ${costNames.join('|')} (default quadratic; log-likelihood with --output softmax)`, flagParsers.cost)
    .option(
      '--weights <kind>',
      `initial weights: ${weightInitNames.map((w) => `'${w}' ${getInitialiser(w).formula}`).join(', ')}; biases N(0, 1) for the first two (scaled-normal gives ~96% on MNIST; 'normal' is the reference network.py's, 95.0-95.3% for seeds 2-6 but seed 1 saturates at 86.35%), e.g. --weights he`,
      flagParsers.weights,
      TRAIN_DEFAULTS.weights,
    )
    .option('--l2 <λ>', `L2 regularisation: C = C₀ + (λ/2n) Σ w², so w ← (1 − ηλ/n) w − …  (e.g. --l2 5.0)${nNote}`, flagParsers.l2)
    .option('--l1 <λ>', `L1 regularisation: C = C₀ + (λ/n) Σ |w| (e.g. --l1 1.0)${nNote}`, flagParsers.l1)
    .option('--dropout <p>', `drop each hidden neuron with probability p while training, e.g. 0.5 (inverted dropout: inference uses every neuron)${note}`, flagParsers.dropout)
    .option('--optimizer <rule>', `the update rule: ${updateRuleNames.map((r) => `${r} (${getUpdateRule(r).formula})`).join(', ')}${note}`, flagParsers.optimizer, TRAIN_DEFAULTS.optimizer);
  // each rule's declared hyper-parameters (src/math/updateRules), as flags
  for (const h of flaggedHyperParameters) {
    command.option(`${hyperFlag(h)} <${h.symbol}>`, `${h.description} of --optimizer ${rulesWith(h.name).join(' or ')} (default ${h.default}, e.g. ${hyperFlag(h)} ${h.default})${note}`, flagParsers[h.name]);
  }
  return command
    .option('--schedule <form>', `change η between epochs: step:EPOCHS:FACTOR (e.g. step:10:0.5), exp:FACTOR (e.g. exp:0.95), plateau:PATIENCE (halve η after PATIENCE epochs without a better validation score, e.g. plateau:5)${note}`, flagParsers.schedule)
    .option('--early-stop <patience>', `stop when validation has not improved for this many epochs, keeping (and saving) the best epoch's weights, e.g. 5${note}`, flagParsers.earlyStop)
    .option('--task <task>', `${TASKS.join('|')} (default classification); regression trains a linear output with the quadratic cost on numeric CSV targets (--label-column a,b for several) and reports RMSE`, flagParsers.task);
}
