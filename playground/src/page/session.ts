import { createNetwork, createRng, shuffleInPlace, type KernelSpec, type Network, type Schedule, type WeightInit } from 'nabla';
import type { DatasetKind2d } from '../data2d.ts';
import { problem2d, problemCsv, problemMnist, type Problem } from '../problem.ts';
import type { FromWorker } from '../protocol.ts';
import { controlOf, scheduleOf, specOf } from '../spec.ts';
import type { Setup } from '../state.ts';
import { app, parsed, send, worker } from './app.ts';
import { $ } from './dom.ts';
import { scheduleRender } from './frame.ts';
import { say, saying, showRefusal } from './notes.ts';
import { pause, setPlaying, setRunnable } from './playing.ts';
import { buildDiagram } from './render.ts';
import { showSetup } from './setupView.ts';
import { setParameters, stepper } from './stepperPanel.ts';

/**
 * A training session: the data, a fresh network from the seed (or a loaded one), and the
 * worker started on them; or, for a setup the library refuses, the reason and no training.
 */
async function makeProblem(setup: Setup): Promise<Problem | undefined> {
  const outputs = setup.sizes[setup.sizes.length - 1];
  switch (setup.dataset) {
    case 'mnist':
      say('Loading the MNIST subset…');
      return problemMnist();
    case 'csv':
      if (app.csvFile === undefined) {
        say('Choose a CSV file: numbers in every column, the class label in the last one.');
        return undefined;
      }
      // The library's shuffle with the seed's generator: the same rows train as `nabla train` would pick.
      return problemCsv(app.csvFile.text, app.csvFile.name, setup.seed, setup.ratio, (order, seed) => shuffleInPlace(order, createRng(seed)));
    default:
      return problem2d(setup.dataset as DatasetKind2d, setup.noise, setup.seed, setup.ratio, outputs, setup.features);
  }
}

/** The setup's sizes with the data's input and output counts (a CSV decides them). */
function fitSizes(p: Problem): number[] {
  const sizes = [...app.setup.sizes];
  sizes[0] = p.train.inputSize;
  sizes[sizes.length - 1] = p.train.outputSize;
  if (sizes.join() !== app.setup.sizes.join()) {
    app.setup = { ...app.setup, sizes };
    showSetup();
  }
  return sizes;
}

/** The kernel's spec and η schedule, or undefined after refusing the setup. */
function specAndSchedule(sizes: number[], given: Network | undefined): { spec: KernelSpec; schedule: Schedule | undefined } | undefined {
  const { setup } = app;
  const dtype = sizes[0] >= 100 ? 'float32' : 'float64';
  try {
    const schedule = scheduleOf(setup);
    if (given === undefined) return { spec: specOf(setup, sizes, dtype), schedule };
    const spec = specOf({ ...setup, output: given.activations[given.activations.length - 1] }, sizes, dtype);
    return { spec: { ...spec, activations: given.activations, cost: given.cost }, schedule };
  } catch (error) {
    refuse(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/** Builds (or rebuilds) the problem if asked, a fresh network from the seed (or `given`), and starts a worker session. */
export async function build(newData: boolean, given?: Network): Promise<void> {
  const wasPlaying = app.playing;
  try {
    if (newData || app.problem === undefined) {
      app.problem = undefined;
      app.problem = await makeProblem(app.setup);
      if (app.problem === undefined) return;
      say(parsed.notes.splice(0).join('; '));
    }
    const p = app.problem;
    const sizes = fitSizes(p);
    const chosen = specAndSchedule(sizes, given);
    if (chosen === undefined) return;
    const { spec, schedule } = chosen;
    clearRefusal();
    const { setup } = app;
    const network = given ?? createNetwork({ sizes, rng: createRng(setup.seed), init: setup.weights as WeightInit, activations: spec.activations, cost: spec.cost });
    app.network = network;
    if (given === undefined) app.modelNote = '';
    $('model-summary').textContent = app.modelNote;
    $('data-summary').textContent = p.description;
    app.history = [];
    app.epoch = 0;
    app.generation++;
    app.selection = undefined;
    stepper.close();
    buildDiagram(sizes);
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
    app.problem = undefined;
    say(error instanceof Error ? error.message : String(error), 'error');
  }
}

/** The refusal the page shows now ('' for none). */
let refused = '';

/**
 * A setup the library refuses (a cost and output that do not pair, a value out of range): the
 * page says why, in the library's words, beside the control to change, stops training, and
 * trains nothing until it is fixed.
 */
function refuse(message: string): void {
  refused = message;
  pause();
  app.generation++; // the old network's snapshots no longer belong to this setup
  app.network = undefined;
  app.history = [];
  stepper.close();
  setRunnable(false);
  showRefusal(message, controlOf(message));
  say(message, 'error');
  for (const id of ['train-cost', 'test-cost', 'train-accuracy', 'test-accuracy', 'train-rmse', 'test-rmse']) $(id).textContent = '–';
  $('epoch').textContent = '0';
}

function clearRefusal(): void {
  showRefusal('');
  if (refused !== '' && saying() === refused) say('');
  refused = '';
}

worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'error') {
    setPlaying(false);
    say(`training stopped: ${message.message}`, 'error');
    return;
  }
  if (message.generation !== app.generation || app.network === undefined) return;
  if (message.parameters) setParameters(app.network, message.parameters);
  app.history.push(...message.points);
  app.epoch = message.epoch;
  $('kernel').textContent = `kernel: ${message.kernel}`;
  scheduleRender();
});
worker.addEventListener('error', (event) => say(`the training worker failed: ${event.message}`, 'error'));
