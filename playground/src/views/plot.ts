import type { Activation } from 'nabla';
import { BLUE, diverging, ORANGE, paintGrid, rgb } from '../colors.ts';
import { activationRange } from '../forward.ts';
import { pointOf, type Problem } from '../problem.ts';

/**
 * The big 2-D plot: one neuron's activation over the plane (the output's by default, where
 * the colour is the class the network picks), with the training points as dots and the test
 * points as rings.
 */
/**
 * What the plot shows: one neuron's grid from neuronGrids, or (neuron −1) the output's
 * decision: a^L for one output, ½ + (a^L_2 − a^L_1)/2 for two, so that ½ is the boundary;
 * for a regression, a^L over the targets' range `valueRange`.
 */
export function plotValues(grids: Float32Array[][], layer: number, neuron: number, activation: Activation | undefined, valueRange?: readonly [number, number]): { values: Float32Array; lo: number; hi: number } {
  if (neuron >= 0) {
    const values = grids[layer][neuron];
    const [lo, hi] = activationRange(layer >= 2 ? activation : undefined, values);
    return { values, lo, hi };
  }
  const out = grids[grids.length - 1];
  if (valueRange !== undefined) return { values: out[0], lo: valueRange[0], hi: valueRange[1] };
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
  // A class is blue (1) or orange (0); a regression's y takes its colour on the output's scale.
  const range = problem.valueRange;
  const colour = (data: Problem['train'], i: number): string =>
    range === undefined ? rgb((data.labels?.[i] ?? 0) === 1 ? BLUE : ORANGE) : rgb(diverging((data.targets[i] - range[0]) / (range[1] - range[0])));
  const sets = showTest ? (['train', 'test'] as const) : (['train'] as const);
  sets.forEach((set, s) => {
    const data = problem[set];
    for (let i = 0; i < data.count; i++) {
      const [x1, x2] = pointOf(problem, set, i);
      const px = toX(x1);
      const py = toY(x2);
      context.beginPath();
      context.arc(px, py, radius, 0, 2 * Math.PI);
      if (s === 0) {
        context.fillStyle = colour(data, i);
        context.fill();
        context.strokeStyle = '#fff';
        context.lineWidth = ratio;
      } else if (range === undefined) {
        context.strokeStyle = colour(data, i);
        context.lineWidth = 1.8 * ratio;
      } else {
        // a test point of a regression: its y as the fill, ringed in black (a ring alone would vanish into a good fit)
        context.fillStyle = colour(data, i);
        context.fill();
        context.strokeStyle = 'rgba(29, 35, 41, 0.6)';
        context.lineWidth = ratio;
      }
      context.stroke();
    }
  });
  if (highlight !== undefined && highlight >= 0 && highlight < problem.train.count) {
    const [x1, x2] = pointOf(problem, 'train', highlight);
    context.beginPath();
    context.arc(toX(x1), toY(x2), 9 * ratio, 0, 2 * Math.PI);
    context.strokeStyle = '#7048e8';
    context.lineWidth = 3 * ratio;
    context.stroke();
  }
}

/** The training example nearest a click at (fx, fy), fractions of the plot's width and height. */
export function nearestPoint(problem: Problem, fx: number, fy: number): number | undefined {
  const { domain } = problem;
  if (domain === undefined) return undefined;
  const px = domain.x0 + fx * (domain.x1 - domain.x0);
  const py = domain.y1 - fy * (domain.y1 - domain.y0);
  let best: number | undefined;
  let bestDistance = Infinity;
  for (let i = 0; i < problem.train.count; i++) {
    const [x1, x2] = pointOf(problem, 'train', i);
    const d = Math.hypot(x1 - px, x2 - py);
    if (d < bestDistance) {
      bestDistance = d;
      best = i;
    }
  }
  return best;
}
