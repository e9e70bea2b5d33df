import { backprop, getActivation, type ActivationName, type BackpropTrace, type Network } from 'nabla';
import type { Focus } from './views/diagram.ts';
import { col, mat, num, transpose } from './tex.ts';

/**
 * Backpropagation for one example as a walk through formulas 1–7 (FORMULAS.md), each step
 * with its formula and this network's numbers, computed by the library's `backprop`: the
 * page shows the trace, it does not recompute it.
 */
export interface Step {
  readonly title: string;
  /** Which formulas of FORMULAS.md, e.g. '(1)'. */
  readonly formulas: string;
  /** The formula, in TeX. */
  readonly formula: string;
  /** The formula with the numbers in, in TeX, one display line each. */
  readonly numbers: string[];
  /** Full-precision values as plain text; `testid` marks ones scripts read. */
  readonly plain: { label: string; text: string; testid?: string }[];
  readonly focus: Focus | undefined;
}

const ACTIVATION_TEX: Record<string, { fn: string; prime: string }> = {
  sigmoid: { fn: '\\sigma(z) = \\frac{1}{1 + e^{-z}}', prime: "\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))" },
  tanh: { fn: '\\sigma(z) = \\tanh z', prime: "\\sigma'(z) = 1 - \\tanh^2 z" },
  relu: { fn: '\\sigma(z) = \\max(0, z)', prime: "\\sigma'(z) = [z > 0]" },
};

const COST_TEX: Record<string, { fn: string; delta: string }> = {
  quadratic: { fn: 'C = \\tfrac12 \\lVert y - a^L \\rVert^2 = \\tfrac12 \\sum_j (y_j - a^L_j)^2', delta: "\\delta^L = (a^L - y) \\odot \\sigma'(z^L)" },
  'cross-entropy': { fn: 'C = -\\sum_j \\left[y_j \\ln a^L_j + (1 - y_j) \\ln (1 - a^L_j)\\right]', delta: '\\delta^L = a^L - y' },
};

export function activationTex(name: string): { fn: string; prime: string } {
  return ACTIVATION_TEX[name] ?? { fn: `\\sigma = \\text{${name}}`, prime: "\\sigma'(z)" };
}

export function costTex(name: string): { fn: string; delta: string } {
  return COST_TEX[name] ?? { fn: `C = \\text{${name}}(a^L, y)`, delta: '\\delta^L = \\frac{\\partial C}{\\partial z^L}' };
}

export interface Walk {
  readonly trace: BackpropTrace;
  readonly steps: Step[];
  /** The network after the SGD step on this example alone (m = 1), for "apply". */
  readonly updated: Network;
}

export function walk(network: Network, x: Float64Array, y: Float64Array, eta: number, plainValue: (values: ArrayLike<number>) => string): Walk {
  const trace = backprop(network, x, y);
  const { sizes } = network;
  const L = sizes.length;
  // the playground's networks have one element-wise σ in every layer
  const sigma = getActivation(network.activations[0] as ActivationName);
  const act = activationTex(network.activations[0]);
  const cost = costTex(network.cost);
  const steps: Step[] = [];

  steps.push({
    title: 'The example',
    formulas: '',
    formula: 'a^1 = x, \\quad y = \\text{the desired output}',
    numbers: [`x = ${col(x)}, \\quad y = ${col(y)}`],
    plain: [
      { label: 'x', text: plainValue(x), testid: 'example-x' },
      { label: 'y', text: plainValue(y), testid: 'example-y' },
    ],
    focus: { layer: 1, part: 'forward', values: x, symbol: 'x' },
  });

  // (1) layer by layer
  for (let l = 2; l <= L; l++) {
    const nIn = sizes[l - 2];
    const nOut = sizes[l - 1];
    steps.push({
      title: `Feedforward into layer ${l}`,
      formulas: '(1)',
      formula: `z^{${l}} = w^{${l}} a^{${l - 1}} + b^{${l}}, \\qquad a^{${l}} = \\sigma(z^{${l}}), \\quad ${act.fn}`,
      numbers: [
        `z^{${l}} = ${mat(network.weights[l], nOut, nIn, `w^{${l}}`)} ${col(trace.activations[l - 1])} + ${col(network.biases[l])} = ${col(trace.zs[l])}`,
        `a^{${l}} = \\sigma\\!\\left(${col(trace.zs[l])}\\right) = ${col(trace.activations[l])}`,
      ],
      plain: [
        { label: `z^${l}`, text: plainValue(trace.zs[l]) },
        { label: `a^${l}`, text: plainValue(trace.activations[l]) },
      ],
      focus: { layer: l, part: 'forward', values: trace.activations[l], symbol: 'a' },
    });
  }

  steps.push({
    title: 'The cost of this example',
    formulas: '(2)',
    formula: cost.fn,
    numbers: [`y = ${col(y)}, \\quad a^L = ${col(trace.activations[L])}, \\quad C = ${num(trace.cost)}`],
    plain: [{ label: 'C', text: String(trace.cost), testid: 'cost-C' }],
    focus: { layer: L, part: 'cost', values: trace.activations[L], symbol: 'a' },
  });

  const primeL = Array.from(trace.zs[L], (z) => sigma.prime(z));
  const diff = Array.from(trace.activations[L], (a, j) => a - y[j]);
  steps.push({
    title: 'The output error',
    formulas: '(3), (4)',
    formula: `\\delta^L_j = \\frac{\\partial C}{\\partial z^L_j}, \\qquad ${cost.delta}, \\quad ${act.prime}`,
    numbers:
      network.cost === 'quadratic'
        ? [`\\delta^{${L}} = ${col(diff)} \\odot ${col(primeL)} = ${col(trace.deltas[L])}`]
        : [`\\delta^{${L}} = ${col(trace.deltas[L])}`],
    plain: [{ label: `δ^${L}`, text: plainValue(trace.deltas[L]), testid: 'delta-L' }],
    focus: { layer: L, part: 'delta', values: trace.deltas[L], symbol: 'δ' },
  });

  for (let l = L - 1; l >= 2; l--) {
    const nl = sizes[l - 1];
    const nNext = sizes[l];
    const back = new Float64Array(nl);
    for (let j = 0; j < nl; j++) for (let k = 0; k < nNext; k++) back[j] += network.weights[l + 1][k * nl + j] * trace.deltas[l + 1][k];
    const prime = Array.from(trace.zs[l], (z) => sigma.prime(z));
    steps.push({
      title: `The error of layer ${l}, carried back from layer ${l + 1}`,
      formulas: '(5)',
      formula: `\\delta^{${l}} = \\left((w^{${l + 1}})^{T} \\delta^{${l + 1}}\\right) \\odot \\sigma'(z^{${l}})`,
      numbers: [
        `(w^{${l + 1}})^{T} \\delta^{${l + 1}} = ${mat(transpose(network.weights[l + 1], nNext, nl), nl, nNext, `(w^{${l + 1}})^{T}`)} ${col(trace.deltas[l + 1])} = ${col(back)}`,
        `\\delta^{${l}} = ${col(back)} \\odot ${col(prime)} = ${col(trace.deltas[l])}`,
      ],
      plain: [{ label: `δ^${l}`, text: plainValue(trace.deltas[l]), testid: `delta-${l}` }],
      focus: { layer: l, part: 'delta', values: trace.deltas[l], symbol: 'δ' },
    });
  }

  steps.push({
    title: 'The gradient of the biases',
    formulas: '(6)',
    formula: '\\frac{\\partial C}{\\partial b^l_j} = \\delta^l_j',
    numbers: range(2, L).map((l) => `\\frac{\\partial C}{\\partial b^{${l}}} = \\delta^{${l}} = ${col(trace.nablaB[l])}`),
    plain: range(2, L).map((l) => ({ label: `∂C/∂b^${l}`, text: plainValue(trace.nablaB[l]) })),
    focus: { layer: L, part: 'nabla-b', values: trace.nablaB[L], symbol: '∂C/∂b' },
  });

  steps.push({
    title: 'The gradient of the weights',
    formulas: '(7)',
    formula: '\\frac{\\partial C}{\\partial w^l_{jk}} = a^{l-1}_k \\delta^l_j, \\qquad \\frac{\\partial C}{\\partial w^l} = \\delta^l (a^{l-1})^{T}',
    numbers: range(2, L).map(
      (l) => `\\frac{\\partial C}{\\partial w^{${l}}} = ${col(trace.deltas[l])} ${sizes[l - 2] <= 8 ? `\\begin{bmatrix}${Array.from(trace.activations[l - 1], num).join('&')}\\end{bmatrix}` : `(a^{${l - 1}})^{T}`} = ${mat(trace.nablaW[l], sizes[l - 1], sizes[l - 2], `\\frac{\\partial C}{\\partial w^{${l}}}`)}`,
    ),
    plain: range(2, L).map((l) => ({ label: `∂C/∂w^${l}`, text: plainValue(trace.nablaW[l]) })),
    focus: { layer: L, part: 'nabla-w' },
  });

  const updated: Network = {
    ...network,
    weights: network.weights.map((w, l) => (l < 2 ? w : w.map((v, i) => v - eta * trace.nablaW[l][i]))),
    biases: network.biases.map((b, l) => (l < 2 ? b : b.map((v, j) => v - eta * trace.nablaB[l][j]))),
  };
  const after = backprop(updated, x, y);
  steps.push({
    title: 'The step gradient descent takes',
    formulas: 'SGD',
    formula: `w^l \\leftarrow w^l - \\frac{\\eta}{m} \\sum_x \\frac{\\partial C_x}{\\partial w^l}, \\quad b^l \\leftarrow b^l - \\frac{\\eta}{m} \\sum_x \\frac{\\partial C_x}{\\partial b^l}; \\quad \\text{here } m = 1,\\ \\eta = ${num(eta)}`,
    numbers: [
      `b^{${L}} \\leftarrow ${col(network.biases[L])} - ${num(eta)} ${col(trace.nablaB[L])} = ${col(updated.biases[L])}`,
      `\\text{this example's cost: } C = ${num(trace.cost)} \\;\\to\\; ${num(after.cost)}`,
    ],
    plain: [
      { label: 'C after the step', text: String(after.cost), testid: 'cost-after' },
      { label: `b^${L} after`, text: plainValue(updated.biases[L]) },
    ],
    focus: { layer: L, part: 'update', values: updated.biases[L], symbol: 'b' },
  });
  return { trace, steps, updated };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
