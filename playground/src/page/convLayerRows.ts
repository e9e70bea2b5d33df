import { activationNames, layerShapes, type Shape } from 'nabla';
import { buildLayers, hiddenCount, MNIST_SHAPE, type LayerEntry } from '../layers.ts';
import { editedSetup, entriesOf, frontEnd, inserted, NEW_CONV, NEW_POOL, removed, replaced } from '../layerEdits.ts';
import { activationOfList, hiddenActivations, type Setup } from '../state.ts';
import type { Change } from './app.ts';
import { $, button } from './dom.ts';
import { say, showRefusal } from './notes.ts';

/**
 * The layer editor's rows for a network of conv, pool and dense layers on MNIST (issue 21,
 * item 1): a conv layer's maps (− +), field size and σ; a pool layer's window; a hidden dense
 * layer's neurons and σ; each with Remove. Every edit goes through the library's shape check
 * (layerEdits.ts): an impossible shape is refused with its sentence, under the editor, and the
 * network is left as it was.
 */

/** Conv maps and dense neurons the editor offers (the URL takes any). */
const MAX_MAPS = 64;
const MAX_DENSE = 200;
const FIELDS = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const POOLS = [2, 3, 4];

/** Applies an edit, or says why the shape is impossible and keeps the network. */
export function applyEdit(setup: Setup, after: LayerEntry[], edit: { added?: number; removed?: number }, change: Change, focusId?: string): void {
  let patch: Pick<Setup, 'layers' | 'sizes' | 'activation'>;
  try {
    patch = editedSetup(setup, after, edit);
  } catch (error) {
    const text = `Not applied: ${error instanceof Error ? error.message : String(error)}. The network stays as it was.`;
    say(text, 'error');
    showRefusal(text, 'layers');
    return;
  }
  change(patch, 'network');
  if (focusId !== undefined) document.getElementById(focusId)?.focus();
}

/** The rows for the setup's layers but the output, each layer's output shape in its label. */
export function convRows(setup: Setup, change: Change): HTMLElement[] {
  const entries = entriesOf(setup);
  const hidden = Math.max(0, hiddenCount(entries));
  const names = hiddenActivations(setup.activation, hidden) ?? Array<string>(hidden).fill(setup.activation.split(',')[0]);
  const { layers } = buildLayers(entries, names, setup.output);
  const shapes = layerShapes(MNIST_SHAPE, layers);
  let slot = 0;
  return entries.slice(0, -1).map((entry, i) => {
    const sigmaAt = entry.type === 'pool' ? -1 : slot++;
    return entryRow(setup, entries, i, shapes[i + 1], sigmaAt, names, change);
  });
}

function entryRow(setup: Setup, entries: readonly LayerEntry[], i: number, shape: Shape, sigmaAt: number, names: readonly string[], change: Change): HTMLElement {
  const l = i + 2;
  const entry = entries[i];
  const row = document.createElement('div');
  row.className = 'layer-row';
  row.dataset.testid = 'layer-row';
  row.dataset.layer = String(l);
  const label = document.createElement('span');
  label.id = `layer-${l}-label`;
  const out = `${shape[0]}×${shape[1]}×${shape[2]}`;
  const edit = (next: LayerEntry, focusId: string) => applyEdit(setup, replaced(entries, i, next), {}, change, focusId);
  const parts: HTMLElement[] = [];
  if (entry.type === 'conv') {
    label.textContent = `Layer ${l}: conv, ${entry.maps} maps → ${out}`;
    const [minus, plus] = stepButtons(`maps-${l}`, `feature maps in layer ${l}`, entry.maps, MAX_MAPS, (maps, id) => edit({ ...entry, maps }, id));
    const field = sideSelect(`field-${l}`, `Receptive field of layer ${l}`, FIELDS, entry.field, 'field', (k) => edit({ ...entry, field: [k, k] }, `field-${l}`));
    parts.push(minus, label, plus, field);
  } else if (entry.type === 'pool') {
    label.textContent = `Layer ${l}: max-pool → ${out}`;
    parts.push(label, sideSelect(`pool-${l}`, `Pooling window of layer ${l}`, POOLS, entry.size, 'window', (k) => edit({ ...entry, size: [k, k] }, `pool-${l}`)));
  } else {
    label.textContent = `Layer ${l}: dense, ${entry.neurons} neurons`;
    const [minus, plus] = stepButtons(`neurons-${l}`, `neurons in layer ${l}`, entry.neurons, MAX_DENSE, (neurons, id) => edit({ ...entry, neurons }, id));
    parts.push(minus, label, plus);
  }
  if (sigmaAt >= 0) parts.push(sigmaSelect(setup, l, sigmaAt, names, change));
  const remove = button('×', `Remove layer ${l}`, () => applyEdit(setup, removed(entries, i), { removed: i }, change));
  remove.dataset.testid = 'remove-layer';
  parts.push(remove);
  row.append(...parts);
  return row;
}

/** − and + for a count from 1 to `max` (ids `${id}-minus`, `${id}-plus`, which keep the focus after the redraw). */
function stepButtons(id: string, what: string, value: number, max: number, set: (value: number, focusId: string) => void): [HTMLButtonElement, HTMLButtonElement] {
  const minus = button('−', `Fewer ${what}`, () => set(value - 1, `${id}-minus`));
  const plus = button('+', `More ${what}`, () => set(value + 1, `${id}-plus`));
  minus.id = `${id}-minus`;
  plus.id = `${id}-plus`;
  minus.disabled = value <= 1;
  plus.disabled = value >= max;
  return [minus, plus];
}

/** A select of square sizes k×k (a non-square size read from the URL is kept as an option). */
function sideSelect(id: string, label: string, sides: readonly number[], current: readonly [number, number], what: string, pick: (k: number) => void): HTMLSelectElement {
  const select = document.createElement('select');
  select.id = id;
  select.setAttribute('aria-label', label);
  const now = `${current[0]}x${current[1]}`;
  for (const k of sides) select.add(new Option(`${k}×${k} ${what}`, `${k}x${k}`));
  if (!sides.some((k) => `${k}x${k}` === now)) select.add(new Option(`${current[0]}×${current[1]} ${what}`, now));
  select.value = now;
  select.addEventListener('change', () => {
    const k = Number(select.value.split('x')[0]);
    // An applied edit redraws the editor; a refused one leaves this select, which must show the size in use.
    select.value = now;
    pick(k);
  });
  return select;
}

function sigmaSelect(setup: Setup, l: number, at: number, names: readonly string[], change: Change): HTMLSelectElement {
  const sigma = document.createElement('select');
  sigma.id = `activation-${l}`;
  sigma.setAttribute('aria-label', `Activation of layer ${l}`);
  for (const name of activationNames) sigma.add(new Option(name, name));
  sigma.value = names[at];
  sigma.addEventListener('change', () => {
    const next = [...names];
    next[at] = sigma.value;
    change({ activation: activationOfList(next, setup.activation) }, 'network');
    document.getElementById(sigma.id)?.focus();
  });
  return sigma;
}

/** Add conv layer / Add pool layer: in front of the dense layers (a dense MNIST net becomes a conv net). */
export function initConvButtons(setup: () => Setup, change: Change): void {
  const add = (entry: LayerEntry) => () => {
    const now = setup();
    const entries = entriesOf(now);
    const at = frontEnd(entries);
    applyEdit(now, inserted(entries, at, entry), { added: at }, change);
  };
  $('add-conv').addEventListener('click', add(NEW_CONV));
  $('add-pool').addEventListener('click', add(NEW_POOL));
}
