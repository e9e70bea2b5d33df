import { exampleOf } from '../score.ts';
import { Pad } from '../views/pad.ts';
import { app } from './app.ts';
import { $ } from './dom.ts';
import { scheduleRender } from './frame.ts';

/** MNIST: the drawing pad, a test image on request, and the ten outputs a^L as bars. */
const outputsList = $<HTMLOListElement>('digit-outputs');

export function renderDigitOutputs(aL: Float64Array): void {
  const prediction = $('digit-prediction');
  const { digit } = app;
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
  app.digit = x;
  scheduleRender();
});
$('clear-pad').addEventListener('click', () => pad.clear());
let sampleIndex = 0;
$('sample-digit').addEventListener('click', () => {
  const { problem } = app;
  if (problem === undefined || app.setup.dataset !== 'mnist') return;
  const { x } = exampleOf(problem.test, sampleIndex++ % problem.test.count);
  pad.show(x);
});
