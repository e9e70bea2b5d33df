import { hiddenActivations, layersSetting, type Setup } from './state.ts';
import { layerListText, parseLayerList, type LayerEntry } from './layers.ts';

/**
 * The layer editor's edits of an MNIST network as `nabla train --layers` entries (issue 21,
 * item 1): add a conv or pool layer in front of the dense ones, change one, remove one. Each
 * edit gives the setup's new `layers`, `sizes` and `activation`, checked by the library's shape
 * check (layersSetting → layerShapes), which throws the sentence naming the impossible layer.
 * Pure: no DOM, so Node tests it.
 */

/** What the editor adds: chapter 6's first layers, small enough to train in the page. */
export const NEW_CONV: LayerEntry = { type: 'conv', maps: 8, field: [5, 5] };
export const NEW_POOL: LayerEntry = { type: 'pool', size: [2, 2] };

/** The setup's layers as entries: its `layers`, or its dense sizes after the 784 inputs. */
export function entriesOf(setup: Pick<Setup, 'layers' | 'sizes'>): LayerEntry[] {
  if (setup.layers !== '') return parseLayerList(setup.layers);
  return setup.sizes.slice(1).map((neurons) => ({ type: 'dense', neurons }));
}

/** Where a conv or pool layer goes: after the conv and pool layers there are, before the first dense one. */
export function frontEnd(entries: readonly LayerEntry[]): number {
  const i = entries.findIndex((e) => e.type === 'dense');
  return i < 0 ? entries.length : i;
}

/** The σ slot of entry i: conv and dense layers but the output take one each, in order; pool none. */
function sigmaSlot(entries: readonly LayerEntry[], i: number): number {
  return entries.slice(0, i).filter((e) => e.type !== 'pool').length;
}

const hiddenOf = (entries: readonly LayerEntry[]): number => entries.filter((e) => e.type !== 'pool').length - 1;

/**
 * The setup after replacing `before`'s entries by `after`, where `added` (an index into `after`)
 * or `removed` (an index into `before`) says which entry came or went, so that a per-layer σ list
 * keeps each layer's σ (a new layer takes its neighbour's). Throws the library's sentence for
 * an impossible shape; with no conv or pool layer left, the network is dense again.
 */
export function editedSetup(setup: Pick<Setup, 'layers' | 'sizes' | 'activation'>, after: readonly LayerEntry[], edit: { added?: number; removed?: number } = {}): Pick<Setup, 'layers' | 'sizes' | 'activation'> {
  const before = entriesOf(setup);
  let activation = setup.activation;
  const names = hiddenActivations(setup.activation, hiddenOf(before));
  if (names !== undefined && setup.activation.includes(',')) {
    const next = [...names];
    if (edit.added !== undefined && after[edit.added].type !== 'pool') {
      const slot = sigmaSlot(after, edit.added);
      next.splice(slot, 0, names[Math.min(slot, names.length - 1)] ?? names[0]);
    }
    if (edit.removed !== undefined && before[edit.removed].type !== 'pool') next.splice(sigmaSlot(before, edit.removed), 1);
    activation = next.length > 0 && next.every((n) => n === next[0]) ? next[0] : next.join(',');
  }
  if (after.every((e) => e.type === 'dense')) {
    return { layers: '', sizes: [784, ...after.map((e) => (e.type === 'dense' ? e.neurons : 0))], activation };
  }
  const { text, sizes } = layersSetting(layerListText(after));
  return { layers: text, sizes, activation };
}

/** `entries` with entry i replaced (a conv layer's maps or field, a pool's size, a dense layer's neurons). */
export function replaced(entries: readonly LayerEntry[], i: number, entry: LayerEntry): LayerEntry[] {
  return entries.map((e, k) => (k === i ? entry : e));
}

/** `entries` with `entry` inserted at i. */
export function inserted(entries: readonly LayerEntry[], i: number, entry: LayerEntry): LayerEntry[] {
  return [...entries.slice(0, i), entry, ...entries.slice(i)];
}

/** `entries` without entry i. */
export function removed(entries: readonly LayerEntry[], i: number): LayerEntry[] {
  return entries.filter((_, k) => k !== i);
}
