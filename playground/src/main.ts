import './style.css';
import {
  activationNames,
  cloneNetwork,
  createNetwork,
  createRng,
  parseModel,
  serializeModel,
  type KernelSpec,
  type Schedule,
  type Network,
  type WeightInit,
} from 'nabla';
import { activationOf, neuronGrids, layerActivations } from './forward.ts';
import { initNetworkControls, showSpecError, writeNetworkControls } from './networkControls.ts';
import type { DatasetKind2d } from './data2d.ts';
import { problem2d, problemCsv, problemMnist, type Problem } from './problem.ts';
import type { EpochPoint, FromWorker, Parameters, ToWorker } from './protocol.ts';
import { exampleOf } from './score.ts';
import { scheduleOf, specOf, updateOf } from './spec.ts';
import { activationOfList, defaultSetup, hiddenActivations, inputSizeOf, MAX_LAYERS, MAX_NEURONS, parseSetup, setupQuery, type DatasetKind, type Setup } from './state.ts';
import { drawChart } from './views/charts.ts';
import { Diagram, type Selection } from './views/diagram.ts';
import { Pad } from './views/pad.ts';
import { drawPlot, nearestPoint, plotValues } from './views/plot.ts';
import { Stepper } from './views/stepper.ts';

/**
 * The playground page: reads the setup from the URL, builds the data and the network, hands
 * training to the worker, and draws what comes back (diagram, boundary, curves, digits).
 */
const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the page lacks #${id}`);
  return element as T;
};

/** Heatmap resolution: the diagram's neurons and the big plot share one pass over the plane. */
const GRID = 48;

const parsed = parseSetup(location.search);
let setup: Setup = parsed.setup;
let problem: Problem | undefined;
let network: Network | undefined;
let history: EpochPoint[] = [];
let playing = false;
let generation = 0;
let epoch = 0;
let csvFile: { text: string; name: string } | undefined;
let selection: Selection | undefined;
let digit: Float64Array | undefined;
let renderQueued = false;
let modelNote = '';

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker): void => worker.postMessage(message);

// ---- notes (one status line for everything the page wants to say) ----
const notes = $<HTMLParagraphElement>('notes');
function say(text: string, kind: 'info' | 'error' = 'info'): void {
  notes.hidden = text === '';
  notes.textContent = text;
  notes.dataset.kind = kind;
}

// ---- controls ----
const datasetSelect = $<HTMLSelectElement>('dataset');
const noiseInput = $<HTMLInputElement>('noise');
const ratioInput = $<HTMLInputElement>('ratio');
const activationSelect = $<HTMLSelectElement>('activation');
/** The hidden-activation select's entry while the layers have different σ (set in the layer editor). */
const PER_LAYER = 'per-layer';
const etaInput = $<HTMLInputElement>('eta');
const batchInput = $<HTMLInputElement>('batch');
const seedInput = $<HTMLInputElement>('seed');
const playButton = $<HTMLButtonElement>('play');
const layersBox = $<HTMLDivElement>('layers');
const speedSelect = $<HTMLSelectElement>('speed');

// The choices come from the library's registries: a new activation, cost or rule appears here untouched.
for (const name of activationNames) activationSelect.add(new Option(name, name));
initNetworkControls({
  setup: () => setup,
  change: (patch) => change(patch, 'network'),
  error: (text) => say(text, 'error'),
});

function writeControls(): void {
  datasetSelect.value = setup.dataset;
  noiseInput.value = String(setup.noise);
  $('noise-value').textContent = String(setup.noise);
  ratioInput.value = String(setup.ratio);
  $('ratio-value').textContent = String(setup.ratio);
  // A list (one per hidden layer, set in the layer editor) shows as "per layer" here.
  const mixed = setup.activation.includes(',');
  const perLayerOption = [...activationSelect.options].find((o) => o.value === PER_LAYER);
  if (mixed && perLayerOption === undefined) activationSelect.add(new Option('per layer (below)', PER_LAYER));
  if (!mixed) perLayerOption?.remove();
  activationSelect.value = mixed ? PER_LAYER : setup.activation;
  writeNetworkControls(setup);
  etaInput.value = String(setup.eta);
  batchInput.value = String(setup.batch);
  seedInput.value = String(setup.seed);
  const speed = Number.isFinite(setup.speed) ? String(setup.speed) : 'max';
  if (![...speedSelect.options].some((o) => o.value === speed)) speedSelect.add(new Option(`${speed} epochs/s`, speed));
  speedSelect.value = speed;
  document.body.dataset.mode = setup.dataset === 'mnist' ? 'mnist' : setup.dataset === 'csv' ? 'csv' : '2d';
  renderLayerEditor();
}

function renderLayerEditor(): void {
  const { sizes } = setup;
  const rows: HTMLElement[] = [];
  for (let l = 2; l < sizes.length; l++) {
    const row = document.createElement('div');
    row.className = 'layer-row';
    const label = document.createElement('span');
    label.id = `layer-${l}-label`;
    label.textContent = `Layer ${l}: ${sizes[l - 1]} neurons`;
    const minus = button('−', `Remove a neuron from layer ${l}`, () => setNeurons(l, sizes[l - 1] - 1));
    const plus = button('+', `Add a neuron to layer ${l}`, () => setNeurons(l, sizes[l - 1] + 1));
    minus.disabled = sizes[l - 1] <= 1;
    plus.disabled = sizes[l - 1] >= MAX_NEURONS;
    // this layer's own σ (nabla train --activation relu,tanh): the list goes into the URL's activation
    const sigma = document.createElement('select');
    sigma.setAttribute('aria-label', `Activation of layer ${l}`);
    for (const name of activationNames) sigma.add(new Option(name, name));
    const names = hiddenActivations(setup.activation, sizes.length - 2) ?? Array<string>(sizes.length - 2).fill(setup.activation.split(',')[0]);
    sigma.value = names[l - 2];
    sigma.addEventListener('change', () => {
      const next = [...names];
      next[l - 2] = sigma.value;
      change({ activation: activationOfList(next, setup.activation) }, 'network');
      (layersBox.children[l - 2]?.querySelector('select') as HTMLSelectElement | null)?.focus();
    });
    row.append(minus, label, plus, sigma);
    rows.push(row);
  }
  if (rows.length === 0) {
    const none = document.createElement('p');
    none.className = 'summary';
    none.textContent = 'No hidden layers: inputs connect straight to the output.';
    rows.push(none);
  }
  layersBox.replaceChildren(...rows);
  ($<HTMLButtonElement>('add-layer')).disabled = sizes.length - 2 >= MAX_LAYERS;
  ($<HTMLButtonElement>('remove-layer')).disabled = sizes.length <= 2;
  $('sizes-summary').textContent = `sizes ${sizes.join(', ')} (input first)`;
}

function button(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = text;
  b.setAttribute('aria-label', label);
  b.addEventListener('click', onClick);
  return b;
}

function setNeurons(l: number, n: number): void {
  const sizes = [...setup.sizes];
  sizes[l - 1] = Math.min(MAX_NEURONS, Math.max(1, n));
  change({ sizes }, 'network');
  // Keep keyboard focus on the same button after the editor is redrawn.
  const row = layersBox.children[l - 2];
  (row?.querySelector(n > setup.sizes[l - 1] ? 'button:last-child' : 'button:first-child') as HTMLButtonElement | null)?.focus();
}

/** What a change needs rebuilt: new data (and so a new network), a new network, or only new η / m. */
type Rebuild = 'data' | 'network' | 'hyper';

function change(patch: Partial<Setup>, rebuild: Rebuild): void {
  setup = { ...setup, ...patch };
  saveUrl();
  writeControls();
  if (rebuild === 'hyper') send({ type: 'hyper', eta: setup.eta, batch: setup.batch, epochsPerSecond: setup.speed });
  else void build(rebuild === 'data');
}

function saveUrl(): void {
  const query = setupQuery({ ...setup, autoplay: false });
  window.history.replaceState(null, '', `${location.pathname}?${query}`);
}

datasetSelect.addEventListener('change', () => {
  const dataset = datasetSelect.value as DatasetKind;
  const d = defaultSetup(dataset);
  const inputs = inputSizeOf(dataset);
  // Keep the hidden layers when the input size allows; MNIST gets its own default shape.
  const sizes = [...(dataset === 'mnist' ? d.sizes : setup.dataset === 'mnist' ? d.sizes : inputs === undefined ? setup.sizes : [inputs, ...setup.sizes.slice(1, -1), Math.min(2, setup.sizes[setup.sizes.length - 1])])];
  // A softmax output keeps a neuron per class: two (one-hot) on a 2-D set.
  if (setup.output === 'softmax' && inputs === 2) sizes[sizes.length - 1] = 2;
  change({ dataset, sizes }, 'data');
});
noiseInput.addEventListener('input', () => ($('noise-value').textContent = noiseInput.value));
noiseInput.addEventListener('change', () => change({ noise: Number(noiseInput.value) }, 'data'));
ratioInput.addEventListener('input', () => ($('ratio-value').textContent = ratioInput.value));
ratioInput.addEventListener('change', () => change({ ratio: Number(ratioInput.value) }, 'data'));
activationSelect.addEventListener('change', () => {
  if (activationSelect.value !== PER_LAYER) change({ activation: activationSelect.value }, 'network');
});
etaInput.addEventListener('change', () => {
  const eta = Number(etaInput.value);
  if (Number.isFinite(eta) && eta > 0) change({ eta }, 'hyper');
  else say(`η must be a positive number; keeping ${setup.eta}`, 'error');
});
batchInput.addEventListener('change', () => {
  const batch = Number(batchInput.value);
  if (Number.isInteger(batch) && batch >= 1) change({ batch }, 'hyper');
  else say(`the mini-batch size must be a whole number ≥ 1; keeping ${setup.batch}`, 'error');
});
seedInput.addEventListener('change', () => {
  const seed = Number(seedInput.value);
  if (Number.isInteger(seed) && seed >= 0) change({ seed }, 'data');
  else say(`the seed must be a whole number ≥ 0; keeping ${setup.seed}`, 'error');
});
speedSelect.addEventListener('change', () => change({ speed: speedSelect.value === 'max' ? Infinity : Number(speedSelect.value) }, 'hyper'));
$('add-layer').addEventListener('click', () => {
  const sizes = [...setup.sizes];
  const width = sizes.length > 2 ? sizes[sizes.length - 2] : 4;
  sizes.splice(sizes.length - 1, 0, width);
  // a per-layer list grows with the layers: the new layer takes the last one's σ
  const names = hiddenActivations(setup.activation, setup.sizes.length - 2);
  const activation = names !== undefined && names.length > 0 ? activationOfList([...names, names[names.length - 1]], setup.activation) : setup.activation;
  change({ sizes, activation }, 'network');
});
$('remove-layer').addEventListener('click', () => {
  if (setup.sizes.length <= 2) return;
  const sizes = [...setup.sizes];
  sizes.splice(sizes.length - 2, 1);
  const names = hiddenActivations(setup.activation, setup.sizes.length - 2);
  const activation = names !== undefined ? activationOfList(names.slice(0, -1), setup.activation.split(',')[0]) : setup.activation;
  change({ sizes, activation }, 'network');
});
$<HTMLInputElement>('csv-file').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file === undefined) return;
  csvFile = { text: await file.text(), name: file.name };
  change({ dataset: 'csv' }, 'data');
});

// ---- transport ----
function setPlaying(on: boolean): void {
  playing = on;
  playButton.textContent = on ? 'Pause' : 'Play';
  playButton.setAttribute('aria-pressed', String(on));
}
playButton.addEventListener('click', () => {
  if (playing) {
    setPlaying(false);
    send({ type: 'pause' });
  } else {
    stepper.close();
    setPlaying(true);
    send({ type: 'play' });
  }
});
$('step').addEventListener('click', () => {
  setPlaying(false);
  send({ type: 'step' });
});
$('reset').addEventListener('click', () => void build(false));

// ---- building data, network and worker session ----
async function makeProblem(): Promise<Problem | undefined> {
  const outputs = setup.sizes[setup.sizes.length - 1];
  switch (setup.dataset) {
    case 'mnist':
      say('Loading the MNIST subset…');
      return problemMnist();
    case 'csv':
      if (csvFile === undefined) {
        say('Choose a CSV file: numbers in every column, the class label in the last one.');
        return undefined;
      }
      return problemCsv(csvFile.text, csvFile.name, setup.seed, setup.ratio, (order, seed) => shuffleWith(order, seed));
    default:
      return problem2d(setup.dataset as DatasetKind2d, setup.noise, setup.seed, setup.ratio, outputs);
  }
}

function shuffleWith(order: Uint32Array, seed: number): void {
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
}

/** Builds (or rebuilds) the problem if asked, a fresh network from the seed (or `given`), and starts a worker session. */
async function build(newData: boolean, given?: Network): Promise<void> {
  const wasPlaying = playing;
  try {
    if (newData || problem === undefined) {
      problem = undefined;
      problem = await makeProblem();
      if (problem === undefined) return;
      say(parsed.notes.splice(0).join('; '));
    }
    const p = problem;
    const sizes = [...setup.sizes];
    sizes[0] = p.train.inputSize;
    sizes[sizes.length - 1] = p.train.outputSize;
    if (sizes.join() !== setup.sizes.join()) {
      setup = { ...setup, sizes };
      saveUrl();
      writeControls();
    }
    const dtype = sizes[0] >= 100 ? 'float32' : 'float64';
    let spec: KernelSpec;
    let schedule: Schedule | undefined;
    try {
      schedule = scheduleOf(setup);
      spec = given === undefined ? specOf(setup, sizes, dtype) : specOf({ ...setup, output: given.activations[given.activations.length - 1] }, sizes, dtype);
    } catch (error) {
      refuse(error instanceof Error ? error.message : String(error));
      return;
    }
    showSpecError('');
    if (notes.textContent === refused) say('');
    refused = '';
    network = given ?? createNetwork({ sizes, rng: createRng(setup.seed), init: setup.weights as WeightInit, activations: spec.activations, cost: spec.cost });
    if (given !== undefined) spec = { ...spec, activations: given.activations, cost: given.cost };
    if (given === undefined) modelNote = '';
    $('model-summary').textContent = modelNote;
    $('data-summary').textContent = p.description;
    history = [];
    epoch = 0;
    generation++;
    selection = undefined;
    stepper.close();
    diagram.build(sizes, { heatmaps: p.domain !== undefined, g: GRID, inputNames: p.featureNames });
    send({
      type: 'init',
      spec,
      parameters: { weights: network.weights, biases: network.biases },
      train: p.train,
      test: p.test,
      eta: setup.eta,
      ...(schedule ? { schedule } : {}),
      batch: setup.batch,
      seed: setup.seed,
      epochsPerSecond: setup.speed,
    });
    $<HTMLInputElement>('example').max = String(p.train.count - 1);
    setRunnable(true);
    if (wasPlaying) send({ type: 'play' });
    scheduleRender();
  } catch (error) {
    problem = undefined;
    say(error instanceof Error ? error.message : String(error), 'error');
  }
}

/**
 * A setup the library refuses (a cost and output that do not pair, a value out of range): the
 * page says why, in the library's words, stops training, and trains nothing until it is fixed.
 */
let refused = '';
function refuse(message: string): void {
  refused = message;
  setPlaying(false);
  send({ type: 'pause' });
  generation++; // the old network's snapshots no longer belong to this setup
  network = undefined;
  history = [];
  stepper.close();
  setRunnable(false);
  showSpecError(message);
  say(message, 'error');
  for (const id of ['train-cost', 'test-cost', 'train-accuracy', 'test-accuracy']) $(id).textContent = '–';
  $('epoch').textContent = '0';
}

function setRunnable(on: boolean): void {
  for (const id of ['play', 'step', 'save-model', 'bp-next', 'bp-prev', 'bp-all']) $<HTMLButtonElement>(id).disabled = !on;
  document.body.dataset.runnable = on ? '1' : '0';
}

worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'error') {
    setPlaying(false);
    say(`training stopped: ${message.message}`, 'error');
    return;
  }
  if (message.generation !== generation || network === undefined) return;
  if (message.parameters) setParameters(network, message.parameters);
  history.push(...message.points);
  epoch = message.epoch;
  $('kernel').textContent = `kernel: ${message.kernel}`;
  scheduleRender();
});
worker.addEventListener('error', (event) => say(`the training worker failed: ${event.message}`, 'error'));

function setParameters(target: Network, parameters: Parameters): void {
  for (let l = 2; l <= target.sizes.length; l++) {
    target.weights[l].set(parameters.weights[l]);
    target.biases[l].set(parameters.biases[l]);
  }
}

// ---- drawing ----
const diagram = new Diagram($('diagram'), (s) => {
  selection = s;
  scheduleRender();
});
const plotCanvas = $<HTMLCanvasElement>('plot');
const showTest = $<HTMLInputElement>('show-test');
showTest.addEventListener('change', scheduleRender);

function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  requestAnimationFrame(() => {
    renderQueued = false;
    render();
  });
}

const layerActivation = (l: number) => (network && l >= 2 ? activationOf(network, l) : undefined);

function render(): void {
  if (network === undefined || problem === undefined) return;
  const last = history[history.length - 1];
  $('epoch').textContent = String(epoch);
  $('train-cost').textContent = last ? last.trainCost.toPrecision(4) : '–';
  $('test-cost').textContent = last ? last.testCost.toPrecision(4) : '–';
  $('train-accuracy').textContent = last && Number.isFinite(last.trainAccuracy) ? last.trainAccuracy.toFixed(4) : '–';
  $('test-accuracy').textContent = last && Number.isFinite(last.testAccuracy) ? last.testAccuracy.toFixed(4) : '–';
  $('eta-now').textContent = String(last?.eta ?? setup.eta);
  diagram.updateWeights(network);
  if (problem.domain) {
    const grids = neuronGrids(network, problem.domain, GRID);
    diagram.updateHeatmaps(grids, GRID, layerActivation);
    const shown = selection ?? { layer: network.sizes.length, neuron: -1 };
    const example = stepper.active ? Number($<HTMLInputElement>('example').value) : undefined;
    drawPlot(plotCanvas, problem, plotValues(grids, shown.layer, shown.neuron, layerActivation(shown.layer)), GRID, showTest.checked, example);
    $('plot-caption').textContent = selection
      ? `Neuron ${selection.neuron + 1} of layer ${selection.layer} over the plane (pick it again for the output).`
      : 'The output over the plane: blue where the network says class 1, orange class 0. Dots train, rings test; pick a dot to step through backprop for it.';
  } else {
    const x = digit ?? exampleOf(problem.train, 0).x;
    const a = layerActivations(network, x);
    diagram.updateActivations(a, layerActivation);
    if (setup.dataset === 'mnist') renderDigitOutputs(a[a.length - 1]);
  }
  renderCharts();
  // The first frame with the network, its readouts and plots: what "first render" measures (bench/playground.ts).
  if (performance.getEntriesByName('nabla:first-render').length === 0) performance.mark('nabla:first-render');
}

function renderCharts(): void {
  const epochs = history.map((p) => p.epoch);
  drawChart($('cost-chart'), epochs, [
    { color: '#0877bd', values: history.map((p) => p.trainCost) },
    { color: '#e8590c', values: history.map((p) => p.testCost) },
  ]);
  drawChart($('accuracy-chart'), epochs, [
    { color: '#0877bd', values: history.map((p) => p.trainAccuracy) },
    { color: '#e8590c', values: history.map((p) => p.testAccuracy) },
  ], { range: [0, 1] });
  const layers = network ? network.sizes.length - 1 : 0;
  const colors = ['#2f9e44', '#1971c2', '#9c36b5', '#e8590c', '#c2255c', '#0c8599', '#5c940d', '#862e9c', '#d9480f'];
  drawChart(
    $('delta-chart'),
    epochs,
    Array.from({ length: layers }, (_, i) => ({ color: colors[i % colors.length], values: history.map((p) => p.deltaSizes[i]) })),
    { log: true },
  );
  const key = $('delta-key');
  if (key.childElementCount !== layers) {
    key.replaceChildren(
      ...Array.from({ length: layers }, (_, i) => {
        const span = document.createElement('span');
        span.className = 'key';
        span.style.setProperty('--key', colors[i % colors.length]);
        span.textContent = `layer ${i + 2}`;
        return span;
      }),
    );
  }
}

// ---- digits ----
const outputsList = $<HTMLOListElement>('digit-outputs');
function renderDigitOutputs(aL: Float64Array): void {
  const prediction = $('digit-prediction');
  if (digit === undefined) {
    prediction.textContent = '–';
    outputsList.replaceChildren();
    return;
  }
  let best = 0;
  for (let j = 1; j < aL.length; j++) if (aL[j] > aL[best]) best = j;
  prediction.textContent = String(best);
  const max = Math.max(...aL, 1e-9);
  const items = Array.from(aL, (v, j) => {
    const li = document.createElement('li');
    li.className = j === best ? 'best' : '';
    li.innerHTML = `<span class="digit">${j}</span><span class="bar" style="--v:${Math.max(0, v / max)}"></span><span class="value">${v.toFixed(3)}</span>`;
    return li;
  });
  outputsList.replaceChildren(...items);
  // The input and output the page used, at full precision, for scripts that check it.
  outputsList.dataset.values = Array.from(aL, String).join(',');
  $('pad').dataset.input = Array.from(digit, String).join(',');
}
const pad = new Pad($('pad'), (x) => {
  digit = x;
  scheduleRender();
});
$('clear-pad').addEventListener('click', () => pad.clear());
let sampleIndex = 0;
$('sample-digit').addEventListener('click', () => {
  if (problem === undefined || setup.dataset !== 'mnist') return;
  const { x } = exampleOf(problem.test, sampleIndex++ % problem.test.count);
  pad.show(x);
});

// ---- the plot's points pick the stepper's example ----
plotCanvas.addEventListener('click', (event) => {
  if (problem?.domain === undefined) return;
  const box = plotCanvas.getBoundingClientRect();
  const i = nearestPoint(problem, (event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
  if (i === undefined) return;
  $<HTMLInputElement>('example').value = String(i);
  void stepper.open(0);
  $('stepper').scrollIntoView({ behavior: 'smooth', block: 'start' });
});

// ---- the backprop stepper ----
const stepper = new Stepper($('steps'), $('example'), {
  network: () => (network ? cloneNetwork(network) : undefined),
  example: (i) => (problem && i >= 0 && i < problem.train.count ? exampleOf(problem.train, i) : undefined),
  exampleCount: () => problem?.train.count ?? 0,
  // η as training uses it now: a schedule may have changed it since it was set.
  rule: () => ({ eta: history[history.length - 1]?.eta ?? setup.eta, update: updateOf(setup), n: problem?.train.count ?? 1, dropout: setup.dropout }),
  pause: () => {
    if (playing) {
      setPlaying(false);
      send({ type: 'pause' });
    }
  },
  focus: (focus) => {
    diagram.setFocus(focus);
    scheduleRender(); // rings the example in the plot
  },
  apply: (updated) => {
    if (network === undefined) return;
    setParameters(network, updated);
    send({ type: 'parameters', parameters: { weights: updated.weights, biases: updated.biases } });
    scheduleRender();
  },
});
$('bp-next').addEventListener('click', () => void stepper.next());
$('bp-prev').addEventListener('click', () => void stepper.previous());
// ← and → walk the steps while the focus is in the stepper (but not in its number field).
$('stepper').addEventListener('keydown', (event) => {
  if (event.target instanceof HTMLInputElement || event.altKey || event.ctrlKey || event.metaKey) return;
  if (event.key === 'ArrowRight') void stepper.next();
  else if (event.key === 'ArrowLeft') void stepper.previous();
  else return;
  event.preventDefault();
});
$('bp-all').addEventListener('click', () => void stepper.all());
$('example').addEventListener('change', () => {
  if (stepper.active) void stepper.open(0);
});

// ---- model files ----
async function loadModelFile(file: File): Promise<void> {
  try {
    const model = parseModel(await file.text(), file.name);
    const loaded = model.network;
    const inputs = loaded.sizes[0];
    let dataset: DatasetKind;
    if (inputs === 784) dataset = 'mnist';
    else if (inputs === 2 && setup.dataset !== 'csv') dataset = setup.dataset === 'mnist' ? 'circle' : setup.dataset;
    else if (setup.dataset === 'csv' && problem?.train.inputSize === inputs) dataset = 'csv';
    else throw new Error(`${file.name} has ${inputs} inputs; the playground runs 2-input networks on the 2-D sets, 784-input ones on MNIST, and others on a CSV file with that many features (load the CSV first)`);
    const outputs = loaded.sizes[loaded.sizes.length - 1];
    if (dataset !== 'mnist' && dataset !== 'csv' && outputs > 2) throw new Error(`${file.name} has ${outputs} outputs; a 2-D set has 2 classes (1 or 2 outputs)`);
    const newData = dataset !== setup.dataset || (dataset !== 'csv' && dataset !== 'mnist' && outputs !== setup.sizes[setup.sizes.length - 1]) || problem === undefined;
    const output = loaded.activations[loaded.activations.length - 1];
    const hidden = loaded.activations.length > 1 ? activationOfList(loaded.activations.slice(0, -1), setup.activation) : setup.activation;
    setup = { ...setup, dataset, sizes: [...loaded.sizes], activation: hidden, output, cost: loaded.cost };
    saveUrl();
    writeControls();
    modelNote = `Loaded ${file.name}: sizes ${loaded.sizes.join(',')}, ${loaded.activations.join(', ')}, ${loaded.cost} cost.`;
    await build(newData, loaded);
    say(modelNote);
  } catch (error) {
    say(error instanceof Error ? error.message : String(error), 'error');
  }
}
$<HTMLInputElement>('model-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void loadModelFile(file);
});
document.addEventListener('dragover', (event) => event.preventDefault());
document.addEventListener('drop', (event) => {
  event.preventDefault();
  const file = event.dataTransfer?.files[0];
  if (file === undefined) return;
  if (/\.csv$/i.test(file.name)) {
    void file.text().then((text) => {
      csvFile = { text, name: file.name };
      change({ dataset: 'csv' }, 'data');
    });
  } else void loadModelFile(file);
});
$('save-model').addEventListener('click', () => {
  if (network === undefined) return;
  const text = serializeModel({
    network,
    ...(problem?.normalization ? { normalization: problem.normalization } : {}),
    ...(problem?.classes ? { classes: problem.classes } : {}),
  });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  link.download = `nabla-${setup.dataset}-${setup.sizes.join('-')}.json`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

window.addEventListener('resize', () => {
  if (network) {
    diagram.build(network.sizes, { heatmaps: problem?.domain !== undefined, g: GRID, inputNames: problem?.featureNames });
    diagram.updateWeights(network);
  }
  scheduleRender();
});

// ---- start ----
writeControls();
say(parsed.notes.join('; '));
void build(true).then(() => {
  if (setup.autoplay && problem !== undefined && network !== undefined) {
    setPlaying(true);
    send({ type: 'play' });
  }
  document.body.dataset.ready = '1';
});
