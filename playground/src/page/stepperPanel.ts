import { cloneNetwork, type Network } from 'nabla';
import type { Parameters } from '../protocol.ts';
import { exampleOf } from '../score.ts';
import { updateOf } from '../spec.ts';
import { nearestPoint } from '../views/plot.ts';
import { Stepper } from '../views/stepper.ts';
import { app, send } from './app.ts';
import { $ } from './dom.ts';
import { scheduleRender } from './frame.ts';
import { pause } from './playing.ts';
import { diagram, plotCanvas } from './render.ts';

/** The backprop stepper's panel: its buttons and keys, and what it reads from and writes to the page. */
const exampleInput = $<HTMLInputElement>('example');

/** Copies parameters into the page's network (slots 0 and 1 are empty, as in Network). */
export function setParameters(target: Network, parameters: Parameters): void {
  for (let l = 2; l <= target.sizes.length; l++) {
    target.weights[l].set(parameters.weights[l]);
    target.biases[l].set(parameters.biases[l]);
  }
}

export const stepper = new Stepper($('steps'), exampleInput, {
  network: () => (app.network ? cloneNetwork(app.network) : undefined),
  example: (i) => (app.problem && i >= 0 && i < app.problem.train.count ? exampleOf(app.problem.train, i) : undefined),
  exampleCount: () => app.problem?.train.count ?? 0,
  // η as training uses it now: a schedule may have changed it since it was set.
  rule: () => ({ eta: app.history[app.history.length - 1]?.eta ?? app.setup.eta, update: updateOf(app.setup), n: app.problem?.train.count ?? 1, dropout: app.setup.dropout }),
  pause: () => {
    if (app.playing) pause();
  },
  focus: (focus) => {
    app.stepping = focus === undefined ? undefined : Number(exampleInput.value);
    diagram.setFocus(focus);
    scheduleRender(); // rings the example in the plot
  },
  apply: (updated) => {
    if (app.network === undefined) return;
    setParameters(app.network, updated);
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
window.addEventListener('resize', () => stepper.fit());
$('bp-all').addEventListener('click', () => void stepper.all());
exampleInput.addEventListener('change', () => {
  if (stepper.active) void stepper.open(0);
});

// The plot's points pick the stepper's example.
plotCanvas.addEventListener('click', (event) => {
  const { problem } = app;
  if (problem?.domain === undefined) return;
  const box = plotCanvas.getBoundingClientRect();
  const i = nearestPoint(problem, (event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
  if (i === undefined) return;
  exampleInput.value = String(i);
  void stepper.open(0);
  $('stepper').scrollIntoView({ behavior: 'smooth', block: 'start' });
});
