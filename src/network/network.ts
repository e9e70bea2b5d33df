import { networkSizeProblem } from '../common/limits.ts';
import { safeText } from '../common/safeText.ts';
import type { ActivationName } from '../math/activations.ts';
import type { CostName } from '../math/costs.ts';
import type { Rng } from '../math/rng.ts';

/**
 * A feedforward network, indexed as in FORMULAS.md: layers are numbered 1..L, layer 1 is
 * the input. `weights[l]` is w^l and `biases[l]` is b^l for l = 2..L; slots 0 and 1 are
 * empty arrays so that the code reads like the formulas.
 *
 * w^l is a (neurons in l) × (neurons in l−1) matrix stored row-major in a flat array:
 * w^l_{jk} (from neuron k of layer l−1 to neuron j of layer l) is `weights[l][j * sizes[l-2] + k]`.
 * Parameters are always held in float64; a float32 kernel keeps its own float32 copy.
 */
export interface Network {
  /** sizes[l - 1] is the number of neurons in layer l. */
  readonly sizes: readonly number[];
  readonly activation: ActivationName;
  readonly cost: CostName;
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

/** N(0, 1) is the reference's initialisation; N(0, 1/n_in) keeps z^l small in wide layers. */
export type WeightInit = 'normal' | 'scaled-normal';

export interface CreateNetworkOptions {
  readonly sizes: readonly number[];
  readonly rng: Rng;
  readonly init?: WeightInit;
  readonly activation?: ActivationName;
  readonly cost?: CostName;
}

/** Number of layers L. */
export function layerCount(network: Pick<Network, 'sizes'>): number {
  return network.sizes.length;
}

/** Throws a RangeError that says what is wrong with a list of layer sizes, including more parameters than MAX_PARAMETERS. */
export function checkSizes(sizes: readonly number[]): void {
  if (!Array.isArray(sizes) || sizes.length < 2) {
    throw new RangeError(`sizes must list at least 2 layers (input and output), got ${JSON.stringify(sizes)}`);
  }
  sizes.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`sizes[${i}] (layer ${i + 1}) must be a positive integer, got ${safeText(String(n), 40)}`);
    }
  });
  // Before any allocation: a size read from a file must not ask for gigabytes.
  const problem = networkSizeProblem(sizes);
  if (problem !== undefined) throw new RangeError(problem);
}

/** An all-zero network of the given shape: the storage every other constructor fills. */
export function zeroNetwork(
  sizes: readonly number[],
  activation: ActivationName = 'sigmoid',
  cost: CostName = 'quadratic',
): Network {
  checkSizes(sizes);
  const weights: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  const biases: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  for (let l = 2; l <= sizes.length; l++) {
    weights.push(new Float64Array(sizes[l - 1] * sizes[l - 2]));
    biases.push(new Float64Array(sizes[l - 1]));
  }
  return { sizes: [...sizes], activation, cost, weights, biases };
}

/**
 * A network with random parameters: biases and weights from N(0, 1) ('normal', as the
 * reference does) or weights from N(0, 1/n_in) ('scaled-normal'). Drawn layer by layer,
 * biases then weights, row by row, so the same seed always gives the same network.
 */
export function createNetwork(options: CreateNetworkOptions): Network {
  const { sizes, rng, init = 'normal' } = options;
  const network = zeroNetwork(sizes, options.activation, options.cost);
  for (let l = 2; l <= sizes.length; l++) {
    const b = network.biases[l];
    for (let j = 0; j < b.length; j++) b[j] = rng.normal();
    const w = network.weights[l];
    const scale = init === 'scaled-normal' ? 1 / Math.sqrt(sizes[l - 2]) : 1;
    for (let i = 0; i < w.length; i++) w[i] = rng.normal() * scale;
  }
  return network;
}

/** A deep copy. */
export function cloneNetwork(network: Network): Network {
  return {
    sizes: [...network.sizes],
    activation: network.activation,
    cost: network.cost,
    weights: network.weights.map((w) => w.slice()),
    biases: network.biases.map((b) => b.slice()),
  };
}
