import type { Command } from 'commander';
import { standardizeRow } from '../../data/normalize.ts';
import { uniformActivation } from '../../kernels/spec.ts';
import { getActivation } from '../../math/activations/index.ts';
import { getCost } from '../../math/costs/index.ts';
import { backprop, type BackpropTrace } from '../../network/backprop.ts';
import { readModelFile } from '../../node/modelIO.ts';
import type { Model } from '../../serialization/modelFile.ts';
import { formatMatrix, formatNumber, formatVector } from '../../common/format.ts';
import { parseNumberListFlag } from '../../api/parse.ts';
import { channelsFirst } from '../../data/channels.ts';
import type { Network } from '../../network/network.ts';
import { nest } from '../../serialization/modelFileV3.ts';
import { explainLayersText } from './explainLayers.ts';

interface ExplainOptions {
  model: string;
  input: string;
  target: string;
  json?: boolean;
}

/** What `--json` prints: every layer l = 2..L of the trace, in float64. */
export interface ExplainJson {
  cost: number;
  /** gradW is n_l rows of n_{l−1} for a dense layer, (F, C, K_h, K_w) nested for a conv layer, [] for a pool layer ("type" says which; absent for dense). */
  layers: { layer: number; type?: 'conv' | 'pool'; z: number[]; a: number[]; delta: number[]; gradB: number[]; gradW: number[][] }[];
}

/** `nabla explain`: formulas 1–7 for one example, every number labelled with its formula. */
export function registerExplain(program: Command): void {
  program
    .command('explain')
    .description("run backpropagation on one example and show every layer's z, a, δ, ∂C/∂b and ∂C/∂w with the formula each comes from")
    .requiredOption('--model <file>', "the model file (from 'nabla init' or 'nabla train --save')")
    .requiredOption('--input <numbers>', 'the input x = a^1: one number per input neuron, separated by commas')
    .requiredOption('--target <numbers>', 'the desired output y: one number per output neuron, separated by commas')
    .option('--json', 'print {"cost", "layers": [{"layer", "z", "a", "delta", "gradB", "gradW"}, ...]} at full float64 precision')
    .addHelpText(
      'after',
      `
If the model holds a normalization (mean, std from a CSV-trained model), the input is
first standardised, x ← (x − mean) / std, as in training.

Examples:
  nabla explain --model xor.json --input 1,0 --target 1
  nabla explain --model mnist.json --input "$(cat pixels.txt)" --target 0,0,0,0,0,1,0,0,0,0 --json

A conv net's input is its image as a CSV row holds it (row by row, channels last); explain
prints each layer's shapes, one window of each conv layer with its numbers, the positions each
pool layer took its maxima from, δ through the layers and the shared gradients.`,
    )
    .action(async (options: ExplainOptions) => {
      const model = await readModelFile(options.model);
      const { sizes } = model.network;
      const raw = parseNumberListFlag(options.input, '--input', sizes[0]);
      const y = parseNumberListFlag(options.target, '--target', sizes[sizes.length - 1]);
      const x = model.normalization ? standardizeRow(raw, model.normalization) : Float64Array.from(raw);
      // A conv net's input is an image held channel first; the flag lists it as a CSV row does, channels last.
      const input = model.network.inputShape === undefined ? x : (channelsFirst({ count: 1, inputSize: x.length, outputSize: 0, inputs: x, inputScale: 1, targets: new Float64Array(0) }, model.network.inputShape).inputs as Float64Array);
      const trace = backprop(model.network, input, y);
      const text = model.network.layers === undefined ? explainText(model, options.model, raw, x, y, trace) : explainLayersText(model, options.model, input, y, trace);
      process.stdout.write(options.json ? JSON.stringify(explainJson(trace, model.network)) + '\n' : text);
    });
}

export function explainJson(trace: BackpropTrace, network: Network): ExplainJson {
  const { sizes } = network;
  const layers: ExplainJson['layers'] = [];
  for (let l = 2; l <= sizes.length; l++) {
    const nIn = sizes[l - 2];
    const layer = network.layers?.[l - 2];
    if (layer !== undefined && layer.type !== 'dense') {
      // A conv layer's ∂C/∂w is shaped as its weights, (F, C, K_h, K_w); a pool layer has none.
      const gradW = layer.type === 'conv' ? nest(Array.from(trace.nablaW[l]), [layer.maps, trace.nablaW[l].length / (layer.maps * layer.field[0] * layer.field[1]), ...layer.field]) : [];
      layers.push({ layer: l, type: layer.type, z: Array.from(trace.zs[l]), a: Array.from(trace.activations[l]), delta: Array.from(trace.deltas[l]), gradB: Array.from(trace.nablaB[l]), gradW: gradW as number[][] });
      continue;
    }
    layers.push({
      layer: l,
      z: Array.from(trace.zs[l]),
      a: Array.from(trace.activations[l]),
      delta: Array.from(trace.deltas[l]),
      gradB: Array.from(trace.nablaB[l]),
      gradW: Array.from({ length: sizes[l - 1] }, (_, j) => Array.from(trace.nablaW[l].subarray(j * nIn, (j + 1) * nIn))),
    });
  }
  return { cost: trace.cost, layers };
}

/** The learner's view: the forward pass layer by layer, the cost, then the backward pass. */
export function explainText(model: Model, file: string, raw: number[], x: Float64Array, y: number[], trace: BackpropTrace): string {
  const { sizes, activations, cost } = model.network;
  const L = sizes.length;
  // One σ for the whole network reads as the formulas do; otherwise each layer's by name.
  const uniform = uniformActivation(activations);
  const sigma = (l: number): string => (uniform !== undefined ? 'σ' : activations[l - 2]);
  const costFormula = getCost(cost).formula;
  const atLayer = (formula: string): string => formula.replaceAll('^L', `^${L}`).replaceAll("σ'", `${sigma(L)}'`);
  const out: string[] = [];
  const labelWidth = 36;
  const line = (label: string, value: string): void => {
    out.push(`  ${label.padEnd(labelWidth)} ${value}`);
  };
  const matrix = (label: string, values: Float64Array, rows: number, cols: number): void => {
    out.push(`  ${label}   (${rows} × ${cols})`);
    for (const row of formatMatrix(values, rows, cols)) out.push(`      ${row}`);
  };

  const described = uniform !== undefined ? `${uniform} σ` : `σ per layer 2..${L}: ${activations.join(', ')}`;
  out.push(`${file}: a ${sizes.join('-')} network (${described}, ${cost} cost), layers 1..${L}`);
  for (const name of new Set(activations)) {
    if (name === 'softmax') out.push(`  softmax: a^${L}_j = e^{z^${L}_j} / Σ_k e^{z^${L}_k}`);
    else {
      const { formula } = getActivation(name);
      const rename = (s: string): string => (uniform !== undefined ? s : s.replaceAll('σ', name));
      out.push(`  ${rename(formula.fn)},  ${rename(formula.prime)}`);
    }
  }
  out.push('');
  out.push('Forward pass');
  if (model.normalization) {
    line('x as given', formatVector(raw));
    out.push('  the model holds a normalization (from its training data): x ← (x − mean) / std');
  }
  line('a^1 = x', formatVector(x));
  for (let l = 2; l <= L; l++) {
    line(`(1) z^${l} = w^${l} a^${l - 1} + b^${l}`, formatVector(trace.zs[l]));
    line(`(1) a^${l} = ${sigma(l)}(z^${l})`, formatVector(trace.activations[l]));
  }
  line('y (target)', formatVector(y));
  line(`(2) ${atLayer(costFormula.cost)}`, formatNumber(trace.cost, 10));

  out.push('');
  out.push('Backward pass');
  for (let l = L; l >= 2; l--) {
    out.push(`Layer ${l}${l === L ? ' (output)' : ''}, ${sizes[l - 1]} neuron${sizes[l - 1] === 1 ? '' : 's'}`);
    if (l === L) line(`(4) ${atLayer(costFormula.delta)}`, formatVector(trace.deltas[l]));
    else line(`(5) δ^${l} = ((w^${l + 1})^T δ^${l + 1}) ⊙ ${sigma(l)}'(z^${l})`, formatVector(trace.deltas[l]));
    line(`(6) ∂C/∂b^${l} = δ^${l}`, formatVector(trace.nablaB[l]));
    matrix(`(7) ∂C/∂w^${l} = δ^${l} (a^${l - 1})^T`, trace.nablaW[l], sizes[l - 1], sizes[l - 2]);
  }
  out.push('');
  out.push('Numbers are rounded to 6 significant digits; --json prints them all at full precision.');
  return out.join('\n') + '\n';
}
