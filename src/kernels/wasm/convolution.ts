import type { Layer, Shape } from '../../network/layers.ts';
import { layerShapes, shapeSize } from '../../network/layers.ts';
import type { KernelSpec } from '../kernel.ts';
import { planCodes, type PlanCodes } from './codes.ts';
import { LAYER_CODES, paddedStride } from './layout.ts';

/**
 * The shape of a conv network's memory in the WebAssembly kernels (assembly/conv.ts): each
 * conv or pool layer's values are planes, one per channel, in network/layers.ts's order but
 * with rows padded to a whole number of vectors (Wp elements, the padding +0), so that the
 * loops run over whole vectors across a row; a conv's weights are in PyTorch's order with each
 * field row padded likewise (K_wp); the dense layers are the dense kernel's (rows padded).
 * Moving parameters in and out maps between the two orders (`place`).
 */
export interface LayerGeometry {
  /** LAYER_CODES */
  readonly type: number;
  readonly shape: Shape;
  /** Row length of this layer's planes in elements (padded), or 0 for a dense layer. */
  readonly wp: number;
  /** Elements per example (padded), the row stride of this layer's batch buffers. */
  readonly stride: number;
  /** Conv: K_h, K_w and K_wp; pool: P_h, P_w. */
  readonly kh: number;
  readonly kw: number;
  readonly kwp: number;
  /** Elements of w^l and of b^l as the kernel holds them (0 for a pool or the input). */
  readonly weightElements: number;
  readonly biasElements: number;
}

/** Why the WebAssembly kernels cannot run this conv spec, or its activation and cost codes. */
export function convPlanCodes(spec: KernelSpec): PlanCodes | string {
  const { inputShape, layers } = spec;
  if (inputShape === undefined || layers === undefined) return 'a conv network without its inputShape and layers';
  if (layers.length !== spec.sizes.length - 1) return `${layers.length} layers for ${spec.sizes.length - 1} sizes`;
  let shapes: Shape[];
  try {
    shapes = layerShapes(inputShape, layers);
  } catch (error) {
    return (error as Error).message;
  }
  for (let i = 0; i < layers.length; i++) {
    if (shapeSize(shapes[i + 1]) !== spec.sizes[i + 1]) return `layer ${i + 2}'s size ${spec.sizes[i + 1]}, not its shape's ${shapes[i + 1].join('x')}`;
    if (layers[i].type === 'pool' && i > 0 && layers[i - 1].type === 'pool') return 'a pool layer straight after a pool layer';
  }
  if (layers[layers.length - 1].type !== 'dense') return 'a network whose last layer is not dense';
  // the activations and the cost as the dense kernel checks them (its 16-bit index limit on
  // inputs does not apply: conv inputs are not listed)
  return planCodes({ ...spec, sizes: [1, ...spec.sizes.slice(1)], inputShape: undefined, layers: undefined });
}

/** Each layer's geometry, l = 1..L at index l (index 0 unused), for elements of `bytes` bytes. */
export function convGeometry(inputShape: Shape, layers: readonly Layer[], bytes: number): LayerGeometry[] {
  const lanes = 16 / bytes;
  const pad = (n: number): number => Math.ceil(n / lanes) * lanes;
  const shapes = layerShapes(inputShape, layers);
  const L = layers.length + 1;
  const out: LayerGeometry[] = [];
  const planes = (shape: Shape): { wp: number; stride: number } => ({ wp: pad(shape[1]), stride: shape[0] * pad(shape[1]) * shape[2] });
  out[1] = { type: -1, shape: inputShape, ...planes(inputShape), kh: 0, kw: 0, kwp: 0, weightElements: 0, biasElements: 0 };
  layers.forEach((layer, i) => {
    const l = i + 2;
    const shape = shapes[i + 1];
    const below = out[l - 1];
    if (layer.type === 'dense') {
      const n = layer.neurons;
      out[l] = { type: LAYER_CODES.dense, shape, wp: 0, stride: paddedStride(n, bytes, l === 2 ? 3 : l, L), kh: 0, kw: 0, kwp: 0, weightElements: n * below.stride, biasElements: paddedStride(n, bytes, l === 2 ? 3 : l, L) };
    } else if (layer.type === 'conv') {
      const [kh, kw] = layer.field;
      const kwp = pad(kw);
      out[l] = { type: LAYER_CODES.conv, shape, ...planes(shape), kh, kw, kwp, weightElements: layer.maps * below.shape[2] * kh * kwp, biasElements: pad(layer.maps) };
    } else {
      out[l] = { type: LAYER_CODES.pool, shape, ...planes(shape), kh: layer.size[0], kw: layer.size[1], kwp: 0, weightElements: 0, biasElements: 0 };
    }
  });
  return out;
}

/**
 * Where element i of the network's w^l (row-major, network/layers.ts's order) lies in the
 * kernel's copy (elements from its start): a conv's field rows padded to K_wp; a dense layer's
 * rows padded to stride_{l−1}, its columns, after a conv or pool layer, that layer's padded planes.
 */
export function weightIndex(geometry: readonly LayerGeometry[], l: number): Int32Array {
  const g = geometry[l];
  const below = geometry[l - 1];
  if (g.type === LAYER_CODES.conv) {
    const count = (g.weightElements / g.kwp) * g.kw;
    const index = new Int32Array(count);
    for (let i = 0; i < count; i++) index[i] = Math.floor(i / g.kw) * g.kwp + (i % g.kw);
    return index;
  }
  const n = g.shape[2];
  const cols = shapeSize(below.shape);
  const index = new Int32Array(n * cols);
  const w = below.shape[1];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < cols; i++) {
      // below a conv or pool layer, (c·H + r)·W + k lies at (c·H + r)·Wp + k
      const col = below.wp === 0 || below.type === LAYER_CODES.dense ? i : Math.floor(i / w) * below.wp + (i % w);
      index[j * cols + i] = j * below.stride + col;
    }
  }
  return index;
}

/** The number of network biases b^l (F maps, or N neurons). */
export function biasCount(geometry: readonly LayerGeometry[], l: number): number {
  return geometry[l].shape[2];
}
