import { layerShapes, shapeSize, type Layer, type LayerActivationName, type Shape } from 'nabla';
// The CLI's parser itself, not a copy: browser-safe (it reads the string, nothing else).
import { parseLayersFlag, type LayerFlag } from '../../src/cli/layerFlags.ts';

/**
 * A network of conv, pool and dense layers on MNIST (the reference's chapter 6), as the URL
 * carries it: `layers=conv:8:5x5,pool:2x2,dense:10`, the spelling of `nabla train --layers`.
 * The layers come before their σ: the setup's `activation` gives one σ per hidden conv or dense
 * layer (or one for all), `output` the last dense layer's; a pool layer has none.
 */
export type LayerEntry = LayerFlag;

/** MNIST's images: the input shape of every layered network the playground trains. */
export const MNIST_SHAPE: Shape = [28, 28, 1];

/**
 * "conv:8:5x5,pool:2x2,dense:10" → the layers 2..L, by the CLI's own --layers parser (so the
 * page takes exactly what `nabla train` takes, and says the same sentence for a wrong entry).
 */
export function parseLayerList(value: string): LayerEntry[] {
  return parseLayersFlag(value);
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
