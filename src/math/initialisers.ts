/**
 * Initial weights: each layer's w^l_{jk} drawn from N(0, weightStd(n_in, n_out)²) and b^l_j
 * from N(0, biasStd²) (none drawn when biasStd is 0: the biases start at 0).
 * - 'normal': N(0, 1) for both, the reference network.py's.
 * - 'scaled-normal': weights N(0, 1/n_in), biases N(0, 1) (network2.py's default, and nabla's):
 *   z^l stays of order 1 however many inputs a neuron has, so sigmoids start unsaturated.
 * - 'xavier' (Glorot and Bengio 2010): weights N(0, 2/(n_in + n_out)), biases 0; for tanh/sigmoid.
 * - 'he' (He et al. 2015): weights N(0, 2/n_in), biases 0; for ReLU, which zeroes half of z.
 */
export const weightInitNames = ['normal', 'scaled-normal', 'xavier', 'he'] as const;
export type WeightInit = (typeof weightInitNames)[number];

export interface Initialiser {
  readonly name: WeightInit;
  weightStd(nIn: number, nOut: number): number;
  readonly biasStd: number;
  /** How the CLI prints it, e.g. 'N(0, 1/n_in)'. */
  readonly formula: string;
}

const initialisers: Record<WeightInit, Initialiser> = {
  normal: { name: 'normal', weightStd: () => 1, biasStd: 1, formula: 'N(0, 1)' },
  'scaled-normal': { name: 'scaled-normal', weightStd: (nIn) => 1 / Math.sqrt(nIn), biasStd: 1, formula: 'N(0, 1/n_in)' },
  xavier: { name: 'xavier', weightStd: (nIn, nOut) => Math.sqrt(2 / (nIn + nOut)), biasStd: 0, formula: 'N(0, 2/(n_in + n_out)), biases 0' },
  he: { name: 'he', weightStd: (nIn) => Math.sqrt(2 / nIn), biasStd: 0, formula: 'N(0, 2/n_in), biases 0' },
};

export function getInitialiser(name: WeightInit): Initialiser {
  const initialiser = initialisers[name];
  if (initialiser === undefined) throw new RangeError(`unknown weight initialisation '${String(name)}'; choose one of ${weightInitNames.join(', ')}`);
  return initialiser;
}

export function isWeightInit(name: unknown): name is WeightInit {
  return typeof name === 'string' && (weightInitNames as readonly string[]).includes(name);
}
