import { getActivation, getLayerActivation, sigmoidActivation, type Activation, type ActivationName, type LayerActivation, type Network } from 'nabla';

/** σ_l as a whole-layer function for l = 2..L, at index l − 2; looked up once per pass over the plane. */
function layerFunctions(network: Network): LayerActivation[] {
  return network.activations.map((name) => getLayerActivation(name));
}

/**
 * σ_l of layer l as an element-wise {fn, prime}, for colour ranges (activationRange). Softmax
 * is not element-wise; its outputs lie in (0, 1) as σ's do, so it is drawn over σ's range.
 */
export function activationOf(network: Network, layer: number): Activation {
  const name = network.activations[layer - 2];
  return name === 'softmax' ? sigmoidActivation : getActivation(name as ActivationName);
}

/**
 * (1) Feedforward that keeps every layer, for pictures: a^l for l = 1..L (slot 0 is empty).
 * The library's feedforward returns only a^L; the diagram and the heatmaps need each neuron.
 */
export function layerActivations(network: Network, x: ArrayLike<number>): Float64Array[] {
  const out: Float64Array[] = [new Float64Array(0), Float64Array.from(x)];
  for (let l = 2; l <= network.sizes.length; l++) out.push(new Float64Array(network.sizes[l - 1]));
  forwardInto(network, out, new Float64Array(Math.max(...network.sizes)), layerFunctions(network));
  return out;
}

/**
 * (1) into preallocated a^l buffers (a[1] holds x), z^l into `z`: no allocation, for the
 * heatmaps' many points. Each layer's σ_l is applied to the whole layer (softmax needs all of z^L).
 */
function forwardInto(network: Network, a: Float64Array[], z: Float64Array, sigma: readonly LayerActivation[]): void {
  const { sizes, weights, biases } = network;
  for (let l = 2; l <= sizes.length; l++) {
    const nOut = sizes[l - 1];
    const nIn = sizes[l - 2];
    const prev = a[l - 1];
    const w = weights[l];
    const b = biases[l];
    for (let j = 0; j < nOut; j++) {
      let sum = b[j];
      for (let k = 0; k < nIn; k++) sum += w[j * nIn + k] * prev[k];
      z[j] = sum;
    }
    sigma[l - 2].layer(z, a[l], 0, nOut);
  }
}

/** The plane the 2-D plots show. */
export interface Domain {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/**
 * Every neuron's activation over a g × g grid of the plane: grids[l][j] is a Float32Array of
 * g² values (row 0 at the top, y decreasing), for l = 1..L. One pass through the network per
 * grid point; `inputsAt` gives the inputs at a point (the input features; default the point).
 */
export function neuronGrids(network: Network, domain: Domain, g: number, inputsAt?: (x1: number, x2: number, out: Float64Array) => void): Float32Array[][] {
  const { sizes } = network;
  const grids: Float32Array[][] = [[]];
  for (let l = 1; l <= sizes.length; l++) grids.push(Array.from({ length: sizes[l - 1] }, () => new Float32Array(g * g)));
  const a = layerActivations(network, new Float64Array(sizes[0]));
  const z = new Float64Array(Math.max(...sizes));
  const sigma = layerFunctions(network);
  for (let row = 0; row < g; row++) {
    const x2 = domain.y1 - ((row + 0.5) / g) * (domain.y1 - domain.y0);
    for (let col = 0; col < g; col++) {
      const x1 = domain.x0 + ((col + 0.5) / g) * (domain.x1 - domain.x0);
      if (inputsAt !== undefined) inputsAt(x1, x2, a[1]);
      else {
        a[1][0] = x1;
        a[1][1] = x2;
      }
      forwardInto(network, a, z, sigma);
      const i = row * g + col;
      for (let l = 1; l <= sizes.length; l++) {
        const layer = a[l];
        const target = grids[l];
        for (let j = 0; j < layer.length; j++) target[j][i] = layer[j];
      }
    }
  }
  return grids;
}

/**
 * The range a neuron's activation is drawn over: the activation's own bounds where it has
 * them (σ: 0 to 1, tanh: −1 to 1), else the values' own range (e.g. ReLU's).
 */
export function activationRange(activation: Activation | undefined, values: ArrayLike<number>): [number, number] {
  if (activation !== undefined) {
    const lo = activation.fn(-60);
    const hi = activation.fn(60);
    if (Number.isFinite(lo) && Number.isFinite(hi) && hi - lo > 1e-9 && hi - lo <= 4) return [lo, hi];
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  if (!(hi - lo > 1e-12)) return [lo - 0.5, lo + 0.5];
  return [lo, hi];
}
