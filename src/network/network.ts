import { formatLimit, MAX_PARAMETERS, networkSizeProblem } from '../common/limits.ts';
import { safeText } from '../common/safeText.ts';
import type { LayerActivationName } from '../math/activations/index.ts';
import type { CostName } from '../math/costs/index.ts';
import { drawInitial, getInitialiser, type WeightInit } from '../math/initialisers.ts';
import type { Rng } from '../math/rng.ts';
import { activationsOfLayers, checkLayers, layerSteps, layerTypeOf, sizesOfLayers } from './layerTypes/index.ts';
import type { Layer, Shape } from './layers.ts';

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
  /** σ_l for each layer l = 2..L: activations[l − 2] ('softmax' only as the last). */
  readonly activations: readonly LayerActivationName[];
  readonly cost: CostName;
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
  /**
   * For a network with convolutional or pooling layers (network/layers.ts): layer 1's shape
   * and the definition of each layer l = 2..L (layers[l − 2]). Absent for a dense network.
   * A pool layer's activations[l − 2] is 'linear' (max-pooling has no σ).
   */
  readonly inputShape?: Shape;
  readonly layers?: readonly Layer[];
}

export type { WeightInit } from '../math/initialisers.ts';

export interface CreateNetworkOptions {
  /** The layer sizes of a dense network (with `layers`, they follow from the shapes and may be left out). */
  readonly sizes?: readonly number[];
  /** A network with conv or pool layers (network/layers.ts): layer 1's shape and layers 2..L; σ_l comes from each layer. */
  readonly inputShape?: Shape;
  readonly layers?: readonly Layer[];
  readonly rng: Rng;
  readonly init?: WeightInit;
  /** One name for every layer, or one per layer l = 2..L (default sigmoid). */
  readonly activations?: LayerActivationName | readonly LayerActivationName[];
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
  activations: LayerActivationName | readonly LayerActivationName[] = 'sigmoid',
  cost: CostName = 'quadratic',
): Network {
  checkSizes(sizes);
  const perLayer = typeof activations === 'string' ? Array<LayerActivationName>(sizes.length - 1).fill(activations) : [...activations];
  if (perLayer.length !== sizes.length - 1) {
    throw new RangeError(`activations must list one activation per layer l = 2..L (${sizes.length - 1}), got ${perLayer.length}`);
  }
  const weights: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  const biases: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  for (let l = 2; l <= sizes.length; l++) {
    weights.push(new Float64Array(sizes[l - 1] * sizes[l - 2]));
    biases.push(new Float64Array(sizes[l - 1]));
  }
  return { sizes: [...sizes], activations: perLayer, cost, weights, biases };
}

/**
 * An all-zero network of conv, pool and dense layers over an input of `inputShape`: sizes and σ_l
 * follow from the layers (a pool layer's σ is 'linear'), each layer's parameters are shaped as
 * network/layers.ts says. Impossible shapes throw a RangeError naming the layer.
 */
export function zeroLayeredNetwork(inputShape: Shape, layers: readonly Layer[], cost: CostName = 'quadratic'): Network {
  const sizes = sizesOfLayers(inputShape, layers);
  const activations = activationsOfLayers(layers);
  const shape = { sizes, activations, inputShape, layers };
  checkLayers(shape);
  const steps = layerSteps(shape);
  // Before any allocation, as checkSizes does for a dense network: conv weights are shared, so count them.
  let count = 0;
  for (let l = 2; l <= sizes.length; l++) count += layerTypeOf(steps[l]).weightCount(steps[l]) + layerTypeOf(steps[l]).biasCount(steps[l]);
  if (count > MAX_PARAMETERS) {
    throw new RangeError(`these layers hold ${formatLimit(count)} weights and biases, more than nabla's limit of ${formatLimit(MAX_PARAMETERS)} (a model file must fit in one JavaScript string); use smaller layers`);
  }
  const weights: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  const biases: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  for (let l = 2; l <= sizes.length; l++) {
    const type = layerTypeOf(steps[l]);
    weights.push(new Float64Array(type.weightCount(steps[l])));
    biases.push(new Float64Array(type.biasCount(steps[l])));
  }
  return { sizes, activations, cost, weights, biases, inputShape: [...inputShape] as unknown as Shape, layers: layers.map(copyLayer) };
}

function copyLayer(layer: Layer): Layer {
  if (layer.type === 'conv') return { ...layer, field: [layer.field[0], layer.field[1]] };
  if (layer.type === 'pool') return { ...layer, size: [layer.size[0], layer.size[1]] };
  return { ...layer };
}

/**
 * A network with random parameters from an initialiser (math/initialisers.ts): 'normal' is
 * the reference's N(0, 1) for everything, 'scaled-normal' N(0, 1/n_in) weights. Drawn layer
 * by layer, biases then weights, row by row, so the same seed always gives the same network.
 * A conv layer's n_in is C · K_h · K_w (the inputs one z^l_{f,j,k} sums), its n_out F · K_h · K_w,
 * as PyTorch counts fan-in and fan-out; a pool layer draws nothing.
 */
export function createNetwork(options: CreateNetworkOptions): Network {
  const { rng, init = 'normal' } = options;
  const network = createZeroNetwork(options);
  const { sizes } = network;
  const steps = layerSteps(network);
  const initialiser = getInitialiser(init);
  for (let l = 2; l <= sizes.length; l++) {
    const type = layerTypeOf(steps[l]);
    const nIn = type.fanIn(steps[l]);
    const nOut = type.fanOut(steps[l]);
    const b = network.biases[l];
    const biasScale = initialiser.biasStd(nIn);
    if (biasScale !== 0) for (let j = 0; j < b.length; j++) b[j] = drawInitial(initialiser, rng, biasScale);
    const w = network.weights[l];
    const scale = initialiser.weightStd(nIn, nOut);
    for (let i = 0; i < w.length; i++) w[i] = drawInitial(initialiser, rng, scale);
  }
  return network;
}

function createZeroNetwork(options: CreateNetworkOptions): Network {
  const { inputShape, layers } = options;
  if (inputShape === undefined && layers === undefined) {
    if (options.sizes === undefined) throw new RangeError('createNetwork needs sizes (a dense network) or inputShape and layers');
    return zeroNetwork(options.sizes, options.activations, options.cost);
  }
  if (inputShape === undefined || layers === undefined) throw new RangeError('createNetwork needs both inputShape and layers for a network of layers');
  const network = zeroLayeredNetwork(inputShape, layers, options.cost);
  if (options.sizes !== undefined && options.sizes.join() !== network.sizes.join()) {
    throw new RangeError(`sizes ${JSON.stringify(options.sizes)} do not match the layers' shapes, which give ${JSON.stringify(network.sizes)}`);
  }
  return network;
}

/** A deep copy. */
export function cloneNetwork(network: Network): Network {
  return {
    sizes: [...network.sizes],
    activations: [...network.activations],
    cost: network.cost,
    weights: network.weights.map((w) => w.slice()),
    biases: network.biases.map((b) => b.slice()),
    ...(network.inputShape === undefined || network.layers === undefined
      ? {}
      : { inputShape: [...network.inputShape] as unknown as Shape, layers: network.layers.map(copyLayer) }),
  };
}
