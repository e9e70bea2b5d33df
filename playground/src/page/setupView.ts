import { activationNames } from 'nabla';
import { writeNetworkControls } from '../networkControls.ts';
import { FEATURES, featureKeys } from '../features.ts';
import { isRegression, setupQuery } from '../state.ts';
import { app, type Change } from './app.ts';
import { $ } from './dom.ts';
import { renderLayerEditor } from './layerEditor.ts';

/**
 * The setup shown: the URL (so a link reproduces the page) and every control's value. The
 * controls' events live in controls.ts; `change` is handed in once, since the layer editor
 * drawn here raises changes.
 */
export const activationSelect = $<HTMLSelectElement>('activation');
/** The hidden-activation select's entry while the layers have different σ (set in the layer editor). */
export const PER_LAYER = 'per-layer';
const speedSelect = $<HTMLSelectElement>('speed');

// The choices come from the library's registries: a new activation appears here untouched.
for (const name of activationNames) activationSelect.add(new Option(name, name));

// One toggle per input feature, in the canonical order (controls.ts listens to them).
$('feature-toggles').replaceChildren(
  ...featureKeys.map((key) => {
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.id = `feature-${key}`;
    box.value = key;
    label.append(box, ` ${FEATURES[key].label}`);
    return label;
  }),
);

let change: Change = () => {};
export function initSetupView(changeSetup: Change): void {
  change = changeSetup;
}

export function saveUrl(): void {
  const query = setupQuery({ ...app.setup, autoplay: false });
  window.history.replaceState(null, '', `${location.pathname}?${query}`);
}

export function writeControls(): void {
  const { setup } = app;
  $<HTMLSelectElement>('dataset').value = setup.dataset;
  $<HTMLInputElement>('noise').value = String(setup.noise);
  $('noise-value').textContent = String(setup.noise);
  $<HTMLInputElement>('ratio').value = String(setup.ratio);
  $('ratio-value').textContent = String(setup.ratio);
  // A list (one per hidden layer, set in the layer editor) shows as "per layer" here.
  const mixed = setup.activation.includes(',');
  const perLayerOption = [...activationSelect.options].find((o) => o.value === PER_LAYER);
  if (mixed && perLayerOption === undefined) activationSelect.add(new Option('per layer (below)', PER_LAYER));
  if (!mixed) perLayerOption?.remove();
  activationSelect.value = mixed ? PER_LAYER : setup.activation;
  writeNetworkControls(setup);
  $<HTMLInputElement>('eta').value = String(setup.eta);
  $<HTMLInputElement>('batch').value = String(setup.batch);
  $<HTMLInputElement>('seed').value = String(setup.seed);
  const speed = Number.isFinite(setup.speed) ? String(setup.speed) : 'max';
  if (![...speedSelect.options].some((o) => o.value === speed)) speedSelect.add(new Option(`${speed} epochs/s`, speed));
  speedSelect.value = speed;
  document.body.dataset.mode = setup.dataset === 'mnist' ? 'mnist' : setup.dataset === 'csv' ? 'csv' : '2d';
  document.body.dataset.task = isRegression(setup.dataset) ? 'regression' : 'classification';
  for (const key of featureKeys) $<HTMLInputElement>(`feature-${key}`).checked = setup.features.includes(key);
  renderLayerEditor(setup, change);
}

/** The setup changed outside the controls (the data's shape, a model file): show it. */
export function showSetup(): void {
  saveUrl();
  writeControls();
}
