import { initNetworkControls } from '../networkControls.ts';
import { featureKeys, orderFeatures } from '../features.ts';
import { defaultSetup, inputSizeOf, isRegression, type DatasetKind, type Setup } from '../state.ts';
import { app, send, type Rebuild } from './app.ts';
import { $ } from './dom.ts';
import { initLayerButtons } from './layerEditor.ts';
import { say, showRefusal } from './notes.ts';
import { pause, play, setPlaying } from './playing.ts';
import { build } from './session.ts';
import { activationSelect, initSetupView, PER_LAYER, showSetup } from './setupView.ts';
import { stepper } from './stepperPanel.ts';

/**
 * The controls' events: each turns into a change of the setup, which the URL and the other
 * controls then show, and which rebuilds what it has to (the data, the network, or neither).
 */
export function change(patch: Partial<Setup>, rebuild: Rebuild): void {
  app.setup = { ...app.setup, ...patch };
  showRefusal('');
  showSetup();
  const { setup } = app;
  if (rebuild === 'hyper') send({ type: 'hyper', eta: setup.eta, batch: setup.batch, epochsPerSecond: setup.speed });
  else void build(rebuild === 'data');
}

/**
 * The setup for another data set: the hidden layers stay where the input size allows (MNIST
 * gets its own default shape); between classes and regression the output layer, the cost, σ
 * and η become the other task's defaults, since a sigmoid cannot reach a negative y and a
 * linear output does not give a class.
 */
function datasetPatch(setup: Setup, dataset: DatasetKind): Partial<Setup> {
  const d = defaultSetup(dataset);
  const inputs = inputSizeOf(dataset, setup.features);
  const keep = dataset !== 'mnist' && setup.dataset !== 'mnist';
  const sizes = [...(!keep ? d.sizes : inputs === undefined ? setup.sizes : [inputs, ...setup.sizes.slice(1, -1), Math.min(2, setup.sizes[setup.sizes.length - 1])])];
  const regression = isRegression(dataset);
  const task = regression === isRegression(setup.dataset) ? {} : { output: d.output, cost: d.cost, activation: d.activation, eta: d.eta };
  const output = 'output' in task ? task.output : setup.output;
  // One output for a number; a softmax keeps a neuron per class: two (one-hot) on a 2-D set.
  if (regression) sizes[sizes.length - 1] = 1;
  else if (output === 'softmax' && inputs !== undefined && inputs !== 784) sizes[sizes.length - 1] = 2;
  return { dataset, sizes, ...task };
}

/** A value the page checks itself, refused beside its control and in the status line. */
function refuseValue(control: string, text: string): void {
  say(text, 'error');
  showRefusal(text, control);
}

/**
 * Wires every control to `change`. Called once by main.ts: the package declares no side
 * effects, so a module imported only for its top-level code would be left out of the build.
 */
export function initControls(): void {
  initSetupView(change);
  initLayerButtons(() => app.setup, change);
  initNetworkControls({
    setup: () => app.setup,
    change: (patch) => change(patch, 'network'),
    error: (text, control) => refuseValue(control, text),
  });

  const datasetSelect = $<HTMLSelectElement>('dataset');
  datasetSelect.addEventListener('change', () => change(datasetPatch(app.setup, datasetSelect.value as DatasetKind), 'data'));

  for (const key of featureKeys) {
    const box = $<HTMLInputElement>(`feature-${key}`);
    box.addEventListener('change', () => {
      const { setup } = app;
      const features = orderFeatures(box.checked ? [...setup.features, key] : setup.features.filter((f) => f !== key));
      if (features.length === 0) {
        box.checked = true;
        refuseValue('features', 'the network needs at least one input feature; keeping ' + setup.features.join(','));
        return;
      }
      // one input neuron per feature
      change({ features, sizes: [features.length, ...setup.sizes.slice(1)] }, 'data');
    });
  }

  const range = (id: 'noise' | 'ratio'): void => {
    const input = $<HTMLInputElement>(id);
    input.addEventListener('input', () => ($(`${id}-value`).textContent = input.value));
    input.addEventListener('change', () => change({ [id]: Number(input.value) }, 'data'));
  };
  range('noise');
  range('ratio');

  activationSelect.addEventListener('change', () => {
    if (activationSelect.value !== PER_LAYER) change({ activation: activationSelect.value }, 'network');
  });

  /** A number field: `ok` says whether the value is allowed, `why` what is expected. */
  function numberField(id: 'eta' | 'batch' | 'seed', rebuild: Rebuild, ok: (n: number) => boolean, why: string): void {
    const input = $<HTMLInputElement>(id);
    input.addEventListener('change', () => {
      const n = Number(input.value);
      if (input.value.trim() !== '' && ok(n)) change({ [id]: n }, rebuild);
      else {
        refuseValue(id, `${why}; keeping ${app.setup[id]}`);
        input.value = String(app.setup[id]);
      }
    });
  }
  numberField('eta', 'hyper', (eta) => Number.isFinite(eta) && eta > 0, 'η must be a positive number');
  numberField('batch', 'hyper', (m) => Number.isInteger(m) && m >= 1, 'the mini-batch size must be a whole number ≥ 1');
  numberField('seed', 'data', (seed) => Number.isInteger(seed) && seed >= 0, 'the seed must be a whole number ≥ 0');

  const speedSelect = $<HTMLSelectElement>('speed');
  speedSelect.addEventListener('change', () => change({ speed: speedSelect.value === 'max' ? Infinity : Number(speedSelect.value) }, 'hyper'));

  $<HTMLInputElement>('csv-file').addEventListener('change', async (event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    if (file === undefined) return;
    app.csvFile = { text: await file.text(), name: file.name };
    change({ dataset: 'csv' }, 'data');
  });

  // ---- transport ----
  $('play').addEventListener('click', () => {
    if (app.playing) pause();
    else {
      stepper.close();
      play();
    }
  });
  $('step').addEventListener('click', () => {
    setPlaying(false); // the worker stops playing when asked for a step
    send({ type: 'step' });
  });
  $('reset').addEventListener('click', () => void build(false));
}
