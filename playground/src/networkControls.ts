import { costNames, getInitialiser, updateRuleNames, weightInitNames } from 'nabla';
import { OUTPUT_CHOICES, type Setup } from './state.ts';

/**
 * The controls that choose what network trains and how, beyond sizes, η, m and the seed:
 * output activation, cost, initial weights, optimiser (μ for momentum and Nesterov, β₁ and β₂
 * for Adam, shown only for them), L2 and L1 λ, dropout p. Their choices come from the
 * library's registries; their values are checked by the library when the page builds the
 * kernel's spec (spec.ts), so here a number only has to be a number.
 */
export type NetworkPatch = Partial<Pick<Setup, 'output' | 'cost' | 'weights' | 'optimizer' | 'momentum' | 'beta1' | 'beta2' | 'l2' | 'l1' | 'dropout' | 'schedule' | 'sizes'>>;

export interface NetworkControlsHost {
  setup(): Setup;
  /** Applies the patch and builds a fresh network with it. */
  change(patch: NetworkPatch): void;
  /** A value refused: one line, shown beside the control with id `control`. */
  error(text: string, control: string): void;
}

const NUMBERS = [
  ['momentum', 'μ'],
  ['beta1', 'β₁'],
  ['beta2', 'β₂'],
  ['l2', 'the L2 λ'],
  ['l1', 'the L1 λ'],
  ['dropout', 'the dropout p'],
] as const;

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

export function initNetworkControls(host: NetworkControlsHost): void {
  const output = element<HTMLSelectElement>('output');
  const cost = element<HTMLSelectElement>('cost');
  const weights = element<HTMLSelectElement>('weights');
  const optimizer = element<HTMLSelectElement>('optimizer');
  for (const name of OUTPUT_CHOICES) output.add(new Option(name, name));
  for (const name of costNames) cost.add(new Option(name, name));
  for (const name of weightInitNames) weights.add(new Option(name, name));
  for (const name of updateRuleNames) optimizer.add(new Option(name, name));

  output.addEventListener('change', () => {
    const setup = host.setup();
    const sizes = [...setup.sizes];
    // A softmax needs a neuron per class: a 2-D set's single output becomes two (one-hot).
    if (output.value === 'softmax' && sizes[0] === 2 && sizes[sizes.length - 1] === 1 && setup.dataset !== 'csv') sizes[sizes.length - 1] = 2;
    host.change({ output: output.value, sizes });
  });
  cost.addEventListener('change', () => host.change({ cost: cost.value }));
  weights.addEventListener('change', () => host.change({ weights: weights.value }));
  optimizer.addEventListener('change', () => host.change({ optimizer: optimizer.value }));
  const schedule = element<HTMLInputElement>('schedule');
  schedule.addEventListener('change', () => host.change({ schedule: schedule.value.trim() }));
  for (const [id, name] of NUMBERS) {
    const input = element<HTMLInputElement>(id);
    input.addEventListener('change', () => {
      const value = input.value.trim() === '' ? NaN : Number(input.value);
      if (Number.isFinite(value)) host.change({ [id]: value });
      else {
        host.error(`${name} must be a number; keeping ${host.setup()[id]}`, id);
        input.value = String(host.setup()[id]);
      }
    });
  }
}

export function writeNetworkControls(setup: Setup): void {
  element<HTMLSelectElement>('output').value = setup.output;
  element<HTMLSelectElement>('cost').value = setup.cost;
  element<HTMLSelectElement>('weights').value = setup.weights;
  const init = weightInitNames.find((name) => name === setup.weights);
  element('weights-summary').textContent = init === undefined ? '' : `weights ${getInitialiser(init).formula}${getInitialiser(init).biasStd(1) === 1 ? ', biases N(0, 1)' : ''}`;
  element<HTMLSelectElement>('optimizer').value = setup.optimizer;
  element<HTMLInputElement>('schedule').value = setup.schedule;
  for (const [id] of NUMBERS) element<HTMLInputElement>(id).value = String(setup[id]);
  element('momentum-box').hidden = setup.optimizer !== 'momentum' && setup.optimizer !== 'nesterov';
  element('adam-box').hidden = setup.optimizer !== 'adam';
}
