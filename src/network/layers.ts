import type { ActivationName, LayerActivationName } from '../math/activations/index.ts';

/**
 * The layers of a network that is more than dense layers (chapter 6 of the reference:
 * convolutional layers with shared weights, and max-pooling). This file is the contract the
 * reference kernel, the WebAssembly kernels, the model file and the views share.
 *
 * A network is layer 1 (the input, of shape `inputShape`) followed by layers l = 2..L, each
 * one of the definitions below. Every layer's activations are held flat, as a dense layer's
 * are, so `sizes[l − 1]` is still the number of values in layer l and formulas (1)–(7) keep
 * their indices. A layer with shape [H, W, C] holds its values *channel first*:
 *   a^l_{c,j,k} is a[(c · H + j) · W + k]          (c channel or feature map, j row, k column)
 * which is PyTorch's (channel, row, column) order, so flattening before a dense layer is the
 * identity. (The CLI's and CSV's `HxWxC` lists channels last; the data readers transpose.)
 *
 * Parameters live where a dense layer's do, `weights[l]` and `biases[l]`:
 * - conv (F maps, K_h × K_w fields, C input channels): w^l_{f,c,p,q} is
 *   weights[l][((f · C + c) · K_h + p) · K_w + q], as PyTorch's Conv2d holds it (out, in, k, k);
 *   b^l_f is biases[l][f]. Stride 1, no padding: the output is (H − K_h + 1) × (W − K_w + 1) × F.
 * - pool (P_h × P_w windows, stride P): no parameters (both arrays empty); the output is
 *   (H / P_h) × (W / P_w) × C, and a window's first maximum in row-major order wins.
 * - dense (N neurons): w^l is N × sizes[l − 2], row-major, exactly today's dense layer.
 *
 * A network with no `layers` (or only dense ones) is today's dense network, bit for bit.
 */
export type Shape = readonly [height: number, width: number, channels: number];

export interface ConvLayer {
  readonly type: 'conv';
  /** F, the number of feature maps. */
  readonly maps: number;
  /** [K_h, K_w], the local receptive field. */
  readonly field: readonly [number, number];
  readonly activation: ActivationName;
}

export interface PoolLayer {
  readonly type: 'pool';
  /** [P_h, P_w], the max-pooling window (and its stride). */
  readonly size: readonly [number, number];
}

export interface DenseLayer {
  readonly type: 'dense';
  readonly neurons: number;
  readonly activation: LayerActivationName;
}

export type Layer = ConvLayer | PoolLayer | DenseLayer;
export type LayerType = Layer['type'];

/**
 * The shape of each layer's output, input first: shapes[0] is inputShape, shapes[i] is the
 * output of layers[i − 1]. A dense layer's output is [1, 1, N] (and whatever follows it sees a
 * flat vector). Throws a RangeError naming the layer for an impossible shape (a field larger
 * than its input, a pool that does not divide it, a conv or pool after a dense layer).
 */
export function layerShapes(inputShape: Shape, layers: readonly Layer[]): Shape[] {
  const shapes: Shape[] = [inputShape];
  let flat = false;
  layers.forEach((layer, i) => {
    const [h, w, c] = shapes[i];
    const where = `layer ${i + 2} (${describeLayer(layer)}, input ${h}x${w}x${c})`;
    if (layer.type === 'dense') {
      flat = true;
      shapes.push([1, 1, layer.neurons]);
      return;
    }
    if (flat) throw new RangeError(`${where}: a ${layer.type} layer cannot follow a dense layer`);
    if (layer.type === 'conv') {
      const [kh, kw] = layer.field;
      if (kh > h || kw > w) throw new RangeError(`${where}: the ${kh}x${kw} field is larger than its ${h}x${w} input`);
      shapes.push([h - kh + 1, w - kw + 1, layer.maps]);
    } else {
      const [ph, pw] = layer.size;
      if (h % ph !== 0 || w % pw !== 0) throw new RangeError(`${where}: ${ph}x${pw} pooling does not divide its ${h}x${w} input`);
      shapes.push([h / ph, w / pw, c]);
    }
  });
  return shapes;
}

/** The number of values in a shape: H · W · C. */
export function shapeSize(shape: Shape): number {
  return shape[0] * shape[1] * shape[2];
}

/** The CLI's spelling of a layer: conv:20:5x5, pool:2x2, dense:100. */
export function describeLayer(layer: Layer): string {
  if (layer.type === 'conv') return `conv:${layer.maps}:${layer.field[0]}x${layer.field[1]}`;
  if (layer.type === 'pool') return `pool:${layer.size[0]}x${layer.size[1]}`;
  return `dense:${layer.neurons}`;
}

/** True when every layer is dense: the network is today's, and runs on today's dense paths. */
export function isDenseOnly(layers: readonly Layer[] | undefined): boolean {
  return layers === undefined || layers.every((layer) => layer.type === 'dense');
}
