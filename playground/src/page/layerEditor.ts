import { activationNames } from 'nabla';
import { activationOfList, hiddenActivations, MAX_LAYERS, MAX_NEURONS, type Setup } from '../state.ts';
import type { Change } from './app.ts';
import { applyEdit, convRows, initConvButtons } from './convLayerRows.ts';
import { entriesOf, inserted, removed } from '../layerEdits.ts';
import { $, button } from './dom.ts';

/**
 * The hidden layers, one row each: − and + for its neurons, and its own σ (nabla train
 * --activation relu,tanh); Add and Remove a layer below them. A per-layer σ list keeps its
 * length as layers come and go. On MNIST, Add conv layer and Add pool layer put those in
 * front of the dense layers, and the rows become convLayerRows.ts's.
 */
const layersBox = $<HTMLDivElement>('layers');

export function renderLayerEditor(setup: Setup, change: Change): void {
  const { sizes } = setup;
  $<HTMLInputElement>('conv-layers').value = setup.layers;
  if (setup.layers !== '') {
    // A conv net: a row for each layer but the output (convLayerRows.ts).
    const rows = convRows(setup, change);
    const output = document.createElement('p');
    output.className = 'summary';
    output.textContent = `Input 28×28, then these layers, then the output layer ${setup.layers.split(',').slice(-1)[0]}.`;
    layersBox.replaceChildren(output, ...rows);
    $<HTMLButtonElement>('add-layer').disabled = sizes.length - 2 >= MAX_LAYERS;
    $<HTMLButtonElement>('remove-layer').disabled = sizes.length <= 2;
    $('sizes-summary').textContent = `sizes ${sizes.join(', ')} (each layer's values, input first)`;
    return;
  }
  const rows: HTMLElement[] = [];
  const names = hiddenActivations(setup.activation, sizes.length - 2) ?? Array<string>(sizes.length - 2).fill(setup.activation.split(',')[0]);
  for (let l = 2; l < sizes.length; l++) rows.push(layerRow(setup, l, names, change));
  if (rows.length === 0) {
    const none = document.createElement('p');
    none.className = 'summary';
    none.textContent = 'No hidden layers: inputs connect straight to the output.';
    rows.push(none);
  }
  layersBox.replaceChildren(...rows);
  $<HTMLButtonElement>('add-layer').disabled = sizes.length - 2 >= MAX_LAYERS;
  $<HTMLButtonElement>('remove-layer').disabled = sizes.length <= 2;
  $('sizes-summary').textContent = `sizes ${sizes.join(', ')} (input first)`;
}

function layerRow(setup: Setup, l: number, names: readonly string[], change: Change): HTMLElement {
  const { sizes } = setup;
  const row = document.createElement('div');
  row.className = 'layer-row';
  const label = document.createElement('span');
  label.id = `layer-${l}-label`;
  label.textContent = `Layer ${l}: ${sizes[l - 1]} neurons`;
  const setNeurons = (n: number): void => {
    const next = [...sizes];
    next[l - 1] = Math.min(MAX_NEURONS, Math.max(1, n));
    change({ sizes: next }, 'network');
    // Keep keyboard focus on the same button after the editor is redrawn.
    (layersBox.children[l - 2]?.querySelector(n > sizes[l - 1] ? 'button:last-of-type' : 'button:first-of-type') as HTMLButtonElement | null)?.focus();
  };
  const minus = button('−', `Remove a neuron from layer ${l}`, () => setNeurons(sizes[l - 1] - 1));
  const plus = button('+', `Add a neuron to layer ${l}`, () => setNeurons(sizes[l - 1] + 1));
  minus.disabled = sizes[l - 1] <= 1;
  plus.disabled = sizes[l - 1] >= MAX_NEURONS;
  // this layer's own σ: the list goes into the URL's activation
  const sigma = document.createElement('select');
  sigma.id = `activation-${l}`;
  sigma.setAttribute('aria-label', `Activation of layer ${l}`);
  for (const name of activationNames) sigma.add(new Option(name, name));
  sigma.value = names[l - 2];
  sigma.addEventListener('change', () => {
    const next = [...names];
    next[l - 2] = sigma.value;
    change({ activation: activationOfList(next, setup.activation) }, 'network');
    document.getElementById(sigma.id)?.focus();
  });
  row.append(minus, label, plus, sigma);
  return row;
}

export function initLayerButtons(setup: () => Setup, change: Change): void {
  initConvButtons(setup, change);
  $('add-layer').addEventListener('click', () => {
    const now = setup();
    if (now.layers !== '') {
      // A conv net: a dense layer of 30 before the output.
      const entries = entriesOf(now);
      const at = entries.length - 1;
      applyEdit(now, inserted(entries, at, { type: 'dense', neurons: 30 }), { added: at }, change);
      return;
    }
    const { sizes: before, activation: current } = now;
    const sizes = [...before];
    const width = sizes.length > 2 ? sizes[sizes.length - 2] : 4;
    sizes.splice(sizes.length - 1, 0, width);
    // a per-layer list grows with the layers: the new layer takes the last one's σ
    const names = hiddenActivations(current, before.length - 2);
    const activation = names !== undefined && names.length > 0 ? activationOfList([...names, names[names.length - 1]], current) : current;
    change({ sizes, activation }, 'network');
  });
  $('remove-layer').addEventListener('click', () => {
    const now = setup();
    if (now.layers !== '') {
      // A conv net: its last layer before the output.
      const entries = entriesOf(now);
      if (entries.length >= 2) applyEdit(now, removed(entries, entries.length - 2), { removed: entries.length - 2 }, change);
      return;
    }
    const { sizes: before, activation: current } = now;
    if (before.length <= 2) return;
    const sizes = [...before];
    sizes.splice(sizes.length - 2, 1);
    const names = hiddenActivations(current, before.length - 2);
    const activation = names !== undefined ? activationOfList(names.slice(0, -1), current.split(',')[0]) : current;
    change({ sizes, activation }, 'network');
  });
}
