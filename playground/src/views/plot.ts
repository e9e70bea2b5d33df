import type { Activation } from 'nabla';
import { BLUE, ORANGE, paintGrid, rgb } from '../colors.ts';
import { activationRange } from '../forward.ts';
import type { Problem } from '../problem.ts';

/**
 * The big 2-D plot: one neuron's activation over the plane (the output's by default, where
 * the colour is the class the network picks), with the training points as dots and the test
 * points as rings.
 */
/**
 * What the plot shows: one neuron's grid from neuronGrids, or (neuron −1) the output's
 * decision: a^L for one output, ½ + (a^L_2 − a^L_1)/2 for two, so that ½ is the boundary.
 */
export function plotValues(grids: Float32Array[][], layer: number, neuron: number, activation: Activation | undefined): { values: Float32Array; lo: number; hi: number } {
  if (neuron >= 0) {
    const values = grids[layer][neuron];
    const [lo, hi] = activationRange(layer >= 2 ? activation : undefined, values);
    return { values, lo, hi };
  }
  const out = grids[grids.length - 1];
  if (out.length === 1) return { values: out[0], lo: 0, hi: 1 };
  const values = out[0].map((a0, i) => 0.5 + (out[1][i] - a0) / 2);
  return { values, lo: 0, hi: 1 };
}

/** `highlight`: the training example the backprop stepper walks, ringed. */
export function drawPlot(canvas: HTMLCanvasElement, problem: Problem, shown: { values: Float32Array; lo: number; hi: number }, g: number, showTest: boolean, highlight?: number): void {
  const domain = problem.domain;
  const context = canvas.getContext('2d');
  if (domain === undefined || context === null) return;
  const ratio = globalThis.devicePixelRatio || 1;
  const size = Math.round((canvas.clientWidth || 320) * ratio);
  if (canvas.width !== size) canvas.width = canvas.height = size;
  paintGrid(canvas, shown.values, g, shown.lo, shown.hi);

  const toX = (v: number) => ((v - domain.x0) / (domain.x1 - domain.x0)) * canvas.width;
  const toY = (v: number) => ((domain.y1 - v) / (domain.y1 - domain.y0)) * canvas.height;
  const radius = 3.2 * ratio;
  const sets = showTest ? [problem.train, problem.test] : [problem.train];
  sets.forEach((data, s) => {
    for (let i = 0; i < data.count; i++) {
      const label = data.labels?.[i] ?? 0;
      const px = toX(data.inputs[2 * i] * data.inputScale);
      const py = toY(data.inputs[2 * i + 1] * data.inputScale);
      context.beginPath();
      context.arc(px, py, radius, 0, 2 * Math.PI);
      if (s === 0) {
        context.fillStyle = rgb(label === 1 ? BLUE : ORANGE);
        context.fill();
        context.strokeStyle = '#fff';
        context.lineWidth = ratio;
      } else {
        context.strokeStyle = rgb(label === 1 ? BLUE : ORANGE);
        context.lineWidth = 1.8 * ratio;
      }
      context.stroke();
    }
  });
  const { train } = problem;
  if (highlight !== undefined && highlight >= 0 && highlight < train.count) {
    context.beginPath();
    context.arc(toX(train.inputs[2 * highlight] * train.inputScale), toY(train.inputs[2 * highlight + 1] * train.inputScale), 9 * ratio, 0, 2 * Math.PI);
    context.strokeStyle = '#7048e8';
    context.lineWidth = 3 * ratio;
    context.stroke();
  }
}

/** The training example nearest a click at (fx, fy), fractions of the plot's width and height. */
export function nearestPoint(problem: Problem, fx: number, fy: number): number | undefined {
  const { domain, train } = problem;
  if (domain === undefined) return undefined;
  const px = domain.x0 + fx * (domain.x1 - domain.x0);
  const py = domain.y1 - fy * (domain.y1 - domain.y0);
  let best: number | undefined;
  let bestDistance = Infinity;
  for (let i = 0; i < train.count; i++) {
    const d = Math.hypot(train.inputs[2 * i] * train.inputScale - px, train.inputs[2 * i + 1] * train.inputScale - py);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
