import { layerShapes, shapeSize, type Layer, type LayerActivationName, type Shape } from 'nabla';

/**
 * A network of conv, pool and dense layers on MNIST (the reference's chapter 6), as the URL
 * carries it: `layers=conv:8:5x5,pool:2x2,dense:10`, the spelling of `nabla train --layers`.
 * The layers come before their σ: the setup's `activation` gives one σ per hidden conv or dense
 * layer (or one for all), `output` the last dense layer's; a pool layer has none.
 */
export type LayerEntry =
  | { readonly type: 'conv'; readonly maps: number; readonly field: [number, number] }
  | { readonly type: 'pool'; readonly size: [number, number] }
  | { readonly type: 'dense'; readonly neurons: number };

/** MNIST's images: the input shape of every layered network the playground trains. */
export const MNIST_SHAPE: Shape = [28, 28, 1];

const LAYER_HELP = 'conv:F:KxK (F feature maps of K×K fields), pool:PxP (max-pooling), dense:N';

function side(text: string | undefined): [number, number] | undefined {
  const match = /^(\d+)x(\d+)$/.exec(text ?? '');
  if (match === null) return undefined;
  const pair: [number, number] = [Number(match[1]), Number(match[2])];
  return pair.every((n) => Number.isSafeInteger(n) && n >= 1) ? pair : undefined;
}

/**
 * "conv:8:5x5,pool:2x2,dense:10" → the layers 2..L, the grammar of the CLI's --layers (its
 * parser, src/cli/layerFlags.ts, is on the conv-ref branch, not yet on main; this takes the same
 * entries and says the same sentence for a wrong one). Throws an Error naming the entry.
 */
export function parseLayerList(value: string): LayerEntry[] {
  return value.split(',').map((text, i) => {
    const part = text.trim();
    const [type, a, b, extra] = part.split(':');
    const fail = (): never => {
      throw new Error(`layers: entry ${i + 1} '${part}' is not a layer; write ${LAYER_HELP}, separated by commas, e.g. conv:8:5x5,pool:2x2,dense:10`);
    };
    if (extra !== undefined) fail();
    if (type === 'conv') {
      const maps = Number(a);
      const field = side(b);
      if (!Number.isSafeInteger(maps) || maps < 1 || field === undefined) fail();
      return { type: 'conv', maps, field: field! };
    }
    if (type === 'pool') {
      const size = side(a);
      if (size === undefined || b !== undefined) fail();
      return { type: 'pool', size: size! };
    }
    if (type === 'dense') {
      const neurons = Number(a);
      if (!Number.isSafeInteger(neurons) || neurons < 1 || b !== undefined) fail();
      return { type: 'dense', neurons };
    }
    return fail();
  });
}

/** The entries' spelling, as the URL and the CLI write them. */
export function layerListText(entries: readonly LayerEntry[]): string {
  return entries
    .map((e) => (e.type === 'conv' ? `conv:${e.maps}:${e.field[0]}x${e.field[1]}` : e.type === 'pool' ? `pool:${e.size[0]}x${e.size[1]}` : `dense:${e.neurons}`))
    .join(',');
}

/** How many σ the entries take: one per conv or dense layer but the output. */
export function hiddenCount(entries: readonly LayerEntry[]): number {
  return entries.filter((e) => e.type !== 'pool').length - 1;
}

/**
 * The library's layers for the entries, each conv or dense layer with its σ (`hidden` one per
 * hidden conv or dense layer, `output` the last's), and the flat sizes of every layer, input
 * first. Throws the library's RangeError naming the layer for an impossible shape.
 */
export function buildLayers(entries: readonly LayerEntry[], hidden: readonly string[], output: string): { layers: Layer[]; sizes: number[] } {
  const last = entries[entries.length - 1];
  if (last === undefined || last.type !== 'dense') throw new Error(`layers must end with a dense layer, the output (e.g. ...,dense:10); it ends with ${last?.type ?? 'nothing'}`);
  let next = 0;
  const layers: Layer[] = entries.map((entry, i) => {
    if (entry.type === 'pool') return { type: 'pool', size: entry.size };
    const activation = (i === entries.length - 1 ? output : hidden[next++]) as LayerActivationName;
    if (entry.type === 'conv') return { type: 'conv', maps: entry.maps, field: entry.field, activation: activation as Exclude<LayerActivationName, 'softmax'> };
    return { type: 'dense', neurons: entry.neurons, activation };
  });
  return { layers, sizes: layerShapes(MNIST_SHAPE, layers).map(shapeSize) };
}
