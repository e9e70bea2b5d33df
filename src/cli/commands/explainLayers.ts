import { formatMatrix, formatNumber, formatVector } from '../../common/format.ts';
import { getCost } from '../../math/costs/index.ts';
import type { BackpropTrace } from '../../network/backprop.ts';
import { layerSteps, windowMaximum, type LayerStep } from '../../network/layerTypes/index.ts';
import { describeLayer, type ConvLayer, type PoolLayer } from '../../network/layers.ts';
import type { Model } from '../../serialization/modelFile.ts';

/**
 * `nabla explain` for a network with conv and pool layers (chapter 6): each layer's shapes, one
 * window of each conv layer worked out with its numbers (formula 8), the positions each pool
 * layer took its maxima from (9, 10), δ through the layers (10, 11) and the shared gradients (12).
 * Maps are printed channel 0 first, row by row; big ones are elided with "…".
 */
export function explainLayersText(model: Model, file: string, x: Float64Array, y: number[], trace: BackpropTrace): string {
  const { network } = model;
  const steps = layerSteps(network);
  const L = network.sizes.length;
  const out: string[] = [];
  const line = (label: string, value: string): void => void out.push(`  ${label.padEnd(44)} ${value}`);
  const grid = (label: string, values: ArrayLike<number>, rows: number, cols: number, from = 0): void => {
    out.push(`  ${label}   (${rows} × ${cols})`);
    const view = Array.from({ length: rows * cols }, (_, i) => values[from + i]);
    for (const row of formatMatrix(view, rows, cols)) out.push(`      ${row}`);
  };
  const shape = (s: readonly number[]): string => `${s[0]}x${s[1]}x${s[2]}`;

  out.push(`${file}: layers 1..${L}, ${network.cost} cost; values held channel first, a^l_{c,j,k} at (c·H + j)·W + k`);
  out.push(`  layer 1: the input, ${shape(network.inputShape!)}`);
  for (let l = 2; l <= L; l++) {
    const { layer, input, output } = steps[l];
    const sigma = layer.type === 'pool' ? 'no σ' : `σ ${layer.activation}`;
    out.push(`  layer ${l}: ${describeLayer(layer)} (${sigma}), ${shape(input)} → ${shape(output)}, ${network.weights[l].length + network.biases[l].length} parameters`);
  }
  out.push('');
  out.push('Forward pass');
  grid('a^1 = x, channel 0', x, network.inputShape![0], network.inputShape![1]);
  for (let l = 2; l <= L; l++) {
    const step = steps[l];
    const prev = trace.activations[l - 1];
    if (step.layer.type === 'conv') explainConvWindow(l, step as LayerStep<ConvLayer>, model, prev, trace, line, grid);
    else if (step.layer.type === 'pool') explainPool(l, step as LayerStep<PoolLayer>, prev, trace, line, grid);
    else {
      line(`(1) z^${l} = w^${l} a^${l - 1} + b^${l}`, formatVector(trace.zs[l]));
      line(`(1) a^${l} = ${step.layer.activation}(z^${l})`, formatVector(trace.activations[l]));
    }
  }
  line('y (target)', formatVector(y));
  line(`(2) ${getCost(network.cost).formula.cost.replaceAll('^L', `^${L}`)}`, formatNumber(trace.cost, 10));

  out.push('');
  out.push('Backward pass');
  for (let l = L; l >= 2; l--) {
    const { layer, output } = steps[l];
    out.push(`Layer ${l}, ${describeLayer(layer)}${l === L ? ' (output)' : ''}`);
    const next = steps[l + 1]?.layer;
    const why = l === L ? '(4) δ^L, the cost\'s own form' : next?.type === 'pool' ? `(10) the max of each window of layer ${l + 1} gets its δ, the rest 0; ⊙ σ'` : next?.type === 'conv' ? `(11) δ^${l}_{c,x,y} = σ'(z) Σ_f Σ_{p,q} w^${l + 1}_{f,c,p,q} δ^${l + 1}_{f,x−p,y−q}` : `(5) δ^${l} = ((w^${l + 1})^T δ^${l + 1}) ⊙ σ'(z^${l})`;
    if (layer.type === 'dense') line(why, formatVector(trace.deltas[l]));
    else grid(`${why}, map 0`, trace.deltas[l], output[0], output[1]);
    if (layer.type === 'conv') {
      line(`(12) ∂C/∂b^${l}_f = Σ_{j,k} δ^${l}_{f,j,k}`, formatVector(trace.nablaB[l]));
      grid(`(12) ∂C/∂w^${l}_{0,0,p,q} = Σ_{j,k} a^${l - 1}_{0,j+p,k+q} δ^${l}_{0,j,k}`, trace.nablaW[l], layer.field[0], layer.field[1]);
    } else if (layer.type === 'dense') {
      line(`(6) ∂C/∂b^${l} = δ^${l}`, formatVector(trace.nablaB[l]));
      out.push(`  (7) ∂C/∂w^${l} = δ^${l} (a^${l - 1})^T   (${layer.neurons} × ${steps[l].nIn}, in --json)`);
    }
  }
  out.push('');
  out.push('Numbers are rounded to 6 significant digits; --json prints them all at full precision.');
  return out.join('\n') + '\n';
}

type Line = (label: string, value: string) => void;
type Grid = (label: string, values: ArrayLike<number>, rows: number, cols: number, from?: number) => void;

/** (8) for the window at row 0, column 0 of map 0, with every number: the sum the formula writes, then the whole map. */
function explainConvWindow(l: number, step: LayerStep<ConvLayer>, model: Model, prev: Float64Array, trace: BackpropTrace, line: Line, grid: Grid): void {
  const { layer, input, output } = step;
  const [H, W, C] = input;
  const [Kh, Kw] = layer.field;
  const w = model.network.weights[l];
  const b = model.network.biases[l][0];
  let sum = b;
  for (let c = 0; c < C; c++) for (let p = 0; p < Kh; p++) for (let q = 0; q < Kw; q++) sum += w[(c * Kh + p) * Kw + q] * prev[(c * H + p) * W + q];
  grid(`w^${l}_{0,0,p,q}, map 0's field on channel 0`, w, Kh, Kw);
  const window = Array.from({ length: Kh * Kw }, (_, i) => prev[Math.floor(i / Kw) * W + (i % Kw)]);
  grid(`a^${l - 1}_{0,p,q}, the window at (0, 0) on channel 0`, window, Kh, Kw);
  line(`(8) z^${l}_{0,0,0} = b^${l}_0 + Σ_c Σ_{p,q} w^${l}_{0,c,p,q} a^${l - 1}_{c,p,q}`, `${formatNumber(b)} + ${formatNumber(sum - b)} = ${formatNumber(trace.zs[l][0])}${C > 1 ? ` (over ${C} channels)` : ''}`);
  grid(`(8) z^${l}, map 0`, trace.zs[l], output[0], output[1]);
  grid(`(1) a^${l} = ${layer.activation}(z^${l}), map 0`, trace.activations[l], output[0], output[1]);
}

/** (9) the first window's values and its maximum, and where every window of channel 0 took its maximum. */
function explainPool(l: number, step: LayerStep<PoolLayer>, prev: Float64Array, trace: BackpropTrace, line: Line, grid: Grid): void {
  const [Ph, Pw] = step.layer.size;
  const [H, W] = step.input;
  const [Ho, Wo] = step.output;
  const window = Array.from({ length: Ph * Pw }, (_, i) => prev[Math.floor(i / Pw) * W + (i % Pw)]);
  grid(`a^${l - 1}_{0,p,q}, the window at (0, 0)`, window, Ph, Pw);
  const first = windowMaximum(step, prev, 0, 0, 0, 0);
  line(`(9) a^${l}_{0,0,0} = its maximum (first in row-major order)`, `${formatNumber(trace.activations[l][0])} at row ${Math.floor(first / W) % H}, column ${first % W}`);
  // Where each maximum sat in its window, as p·P_w + q (0 = top left): δ goes back there (10).
  const positions = Array.from({ length: Ho * Wo }, (_, i) => {
    const at = windowMaximum(step, prev, 0, 0, Math.floor(i / Wo), i % Wo);
    return (Math.floor(at / W) % Ph) * Pw + ((at % W) % Pw);
  });
  grid(`pooled positions p·${Pw} + q of channel 0's maxima`, positions, Ho, Wo);
  grid(`(9) a^${l}, channel 0`, trace.activations[l], Ho, Wo);
}
