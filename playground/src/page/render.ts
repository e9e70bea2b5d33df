import type { Network } from 'nabla';
import type { ConvMark } from '../steps.ts';
import { activationOf, layerActivations, neuronGrids } from '../forward.ts';
import { exampleOf } from '../score.ts';
import { drawChart } from '../views/charts.ts';
import type { Problem } from '../problem.ts';
import { Diagram, type Selection } from '../views/diagram.ts';
import { drawPlot, plotValues } from '../views/plot.ts';
import { app, GRID } from './app.ts';
import { renderDigitOutputs } from './digits.ts';
import { $ } from './dom.ts';
import { onFrame, scheduleRender } from './frame.ts';

/** Drawing: the readouts, the diagram, the plot over the plane (or the digit) and the curves. */
export const diagram = new Diagram($('diagram'), (s) => {
  app.selection = s;
  scheduleRender();
});
export const plotCanvas = $<HTMLCanvasElement>('plot');
const showTest = $<HTMLInputElement>('show-test');
showTest.addEventListener('change', scheduleRender);

/** Builds the diagram for the current network's shape. */
export function buildDiagram(sizes: readonly number[]): void {
  const { problem } = app;
  diagram.build(sizes, { heatmaps: problem?.domain !== undefined, g: GRID, inputNames: problem?.featureNames });
}

const layerActivation = (l: number) => (app.network && l >= 2 ? activationOf(app.network, l) : undefined);

function render(): void {
  const { network, problem, history } = app;
  if (network === undefined || problem === undefined) return;
  const last = history[history.length - 1];
  $('epoch').textContent = String(app.epoch);
  $('train-cost').textContent = last ? last.trainCost.toPrecision(4) : '–';
  $('test-cost').textContent = last ? last.testCost.toPrecision(4) : '–';
  const shown = (v: number | undefined, digits: number) => (v !== undefined && Number.isFinite(v) ? v.toFixed(digits) : '–');
  $('train-accuracy').textContent = shown(last?.trainAccuracy, 4);
  $('test-accuracy').textContent = shown(last?.testAccuracy, 4);
  $('train-rmse').textContent = shown(last?.trainRmse, 4);
  $('test-rmse').textContent = shown(last?.testRmse, 4);
  $('eta-now').textContent = String(last?.eta ?? app.setup.eta);
  // A conv net's weights are filters, not a neuron-to-neuron matrix: the conv view draws them instead.
  if (network.layers === undefined) diagram.updateWeights(network);
  if (problem.domain) {
    const grids = neuronGrids(network, problem.domain, GRID, problem.inputsAt);
    diagram.updateHeatmaps(grids, GRID, layerActivation);
    const { selection } = app;
    const picked = selection ?? { layer: network.sizes.length, neuron: -1 };
    const values = plotValues(grids, picked.layer, picked.neuron, layerActivation(picked.layer), selection ? undefined : problem.valueRange);
    drawPlot(plotCanvas, problem, values, GRID, showTest.checked, app.stepping);
    $('scale-lo').textContent = num(values.lo);
    $('scale-hi').textContent = num(values.hi);
    $('plot-caption').textContent = plotCaption(selection, problem.task);
  } else {
    const started = performance.now();
    const x = app.digit ?? exampleOf(problem.train, 0).x;
    const a = layerActivations(network, x);
    if (network.layers === undefined) diagram.updateActivations(a, layerActivation);
    else drawConv(network, a, x, started);
    if (app.setup.dataset === 'mnist') renderDigitOutputs(a[a.length - 1]);
  }
  renderCharts();
  // The first frame with the network, its readouts and plots: what "first render" measures (bench/playground.ts).
  if (performance.getEntriesByName('nabla:first-render').length === 0) performance.mark('nabla:first-render');
}
onFrame(render);

/** The conv view's module, fetched the first time a network with conv layers is shown. */
let convViews: typeof import('../views/convMaps.ts') | undefined;
let convLoading: Promise<void> | undefined;
const convPanel = $('conv-panel');

/** Shows the conv panel for a network of conv layers (and starts loading its module), hides it otherwise. */
export function showConvViews(network: Network): void {
  const conv = network.layers !== undefined;
  convPanel.hidden = !conv;
  document.body.dataset.conv = conv ? '1' : '0';
  if (conv) {
    convLoading ??= import('../views/convMaps.ts').then((module) => {
      convViews = module;
      scheduleRender();
    });
  }
}

/** The stepper's marks on the conv view, kept while the images are redrawn. */
export function markConv(marks: readonly ConvMark[] | undefined): void {
  convViews?.markConvViews($('conv-maps'), marks ?? []);
}

function drawConv(network: Network, a: readonly Float64Array[], x: ArrayLike<number>, started: number): void {
  if (convViews === undefined) return; // drawn on the frame after the module arrives
  convViews.drawConvViews($('conv-maps'), network, a);
  // The time from the input to its maps drawn (forward pass, images, values), summed over frames.
  convPanel.dataset.drawMs = String(Number(convPanel.dataset.drawMs ?? 0) + performance.now() - started);
  // The input the maps show, for scripts that check them (a property: no text to write each frame).
  (convPanel as HTMLElement & { input?: ArrayLike<number> }).input = x;
  // Frames that redrew the maps, for bench/playground.ts's drawing rate.
  convPanel.dataset.frames = String(Number(convPanel.dataset.frames ?? 0) + 1);
}

const num = (v: number): string => String(Number(v.toPrecision(3))).replace('-', '−');

function plotCaption(selection: Selection | undefined, task: Problem['task']): string {
  if (selection) return `Neuron ${selection.neuron + 1} of layer ${selection.layer} over the plane (pick it again for the output).`;
  if (task === 'regression') return 'The output a^L over the plane, on the colour scale above: orange low, blue high. Dots are training points, dots ringed in grey test points, each in the colour of its y; pick one to step through backprop for it.';
  return 'The output over the plane: blue where the network says class 1, orange class 0. Dots train, rings test; pick a dot to step through backprop for it.';
}

const LAYER_COLORS = ['#2f9e44', '#1971c2', '#9c36b5', '#e8590c', '#c2255c', '#0c8599', '#5c940d', '#862e9c', '#d9480f'];

/**
 * What the charts last drew: they change only with an epoch, a new run or a resize, and
 * redrawing them with every frame of a drawn digit took a fifth of the frame.
 */
let chartsDrawn: { history: readonly unknown[]; length: number; network: Network | undefined } | undefined;

function renderCharts(): void {
  const { history, network } = app;
  if (chartsDrawn?.history === history && chartsDrawn.length === history.length && chartsDrawn.network === network) return;
  chartsDrawn = { history, length: history.length, network };
  const epochs = history.map((p) => p.epoch);
  drawChart($('cost-chart'), epochs, [
    { color: '#0877bd', values: history.map((p) => p.trainCost) },
    { color: '#e8590c', values: history.map((p) => p.testCost) },
  ]);
  // A regression has no accuracy: its second chart is the RMSE.
  const regression = app.problem?.task === 'regression';
  $('accuracy-chart-name').textContent = regression ? 'RMSE' : 'Accuracy';
  $('accuracy-chart').setAttribute('aria-label', `Train and test ${regression ? 'RMSE' : 'accuracy'} by epoch`);
  drawChart($('accuracy-chart'), epochs, [
    { color: '#0877bd', values: history.map((p) => (regression ? p.trainRmse : p.trainAccuracy)) },
    { color: '#e8590c', values: history.map((p) => (regression ? p.testRmse : p.testAccuracy)) },
  ], regression ? {} : { range: [0, 1] });
  const layers = network ? network.sizes.length - 1 : 0;
  drawChart(
    $('delta-chart'),
    epochs,
    Array.from({ length: layers }, (_, i) => ({ color: LAYER_COLORS[i % LAYER_COLORS.length], values: history.map((p) => p.deltaSizes[i]) })),
    { log: true },
  );
  const key = $('delta-key');
  if (key.childElementCount !== layers) {
    key.replaceChildren(
      ...Array.from({ length: layers }, (_, i) => {
        const span = document.createElement('span');
        span.className = 'key';
        span.style.setProperty('--key', LAYER_COLORS[i % LAYER_COLORS.length]);
        span.textContent = `layer ${i + 2}`;
        return span;
      }),
    );
  }
}

window.addEventListener('resize', () => {
  chartsDrawn = undefined;
  if (app.network && app.network.layers === undefined) {
    buildDiagram(app.network.sizes);
    diagram.updateWeights(app.network);
  }
  scheduleRender();
});
