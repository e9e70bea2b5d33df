import { activationForms, backprop, cloneNetwork, createReferenceKernel, getActivation, getCost, getUpdateRule, isCostName, isLayerActivationName, isUpdateRuleName, UPDATE_DEFAULTS, type ActivationName, type BackpropTrace, type Network, type UpdateRuleSpec } from 'nabla';
import type { Focus } from './views/diagram.ts';
import { col, mat, num, row, transpose } from './tex.ts';
import { convWalk } from './convSteps.ts';

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
  /** The update step: the stepper offers to apply it. */
  readonly update?: boolean;
  /** Conv nets: the fields, windows and positions the step works out, marked on the conv view's images. */
  readonly marks?: readonly ConvMark[];
  /** The conv gradient step: ∂C/∂w of one shared weight, played position by position (views/correlation.ts). */
  readonly correlation?: Correlation;
}

/**
 * (12) for one shared weight w^l_{f,c,p,q}: ∂C/∂w = Σ_{j,k} a^{l−1}_{c,j+p,k+q} δ^l_{f,j,k}, the
 * input correlated with δ. Holds the two maps the sum reads and the library's value it reaches.
 */
export interface Correlation {
  readonly l: number;
  readonly f: number;
  readonly c: number;
  readonly p: number;
  readonly q: number;
  /** [K_h, K_w], the field the weight sits in. */
  readonly field: readonly [number, number];
  /** [H, W] of a^{l−1} and [H_o, W_o] of δ^l. */
  readonly input: readonly [number, number];
  readonly output: readonly [number, number];
  /** Channel c of a^{l−1} (H × W) and map f of δ^l (H_o × W_o), row-major. */
  readonly a: Float64Array;
  readonly delta: Float64Array;
  /** backprop's ∂C/∂w^l_{f,c,p,q}. */
  readonly total: number;
}

/** A box on a conv view image: map `map` of layer `layer` (1: the input), rows row..row+height−1, columns col..col+width−1. */
export interface ConvMark {
  readonly layer: number;
  readonly map: number;
  readonly row: number;
  readonly col: number;
  readonly height: number;
  readonly width: number;
}

// The TeX of each activation, cost and update rule is its definition's (src/math: `tex`).
export function activationTex(name: string): { fn: string; prime: string } {
  return isLayerActivationName(name) ? activationForms(name).tex : { fn: `\\sigma = \\text{${name}}`, prime: "\\sigma'(z)" };
}

export function costTex(name: string): { fn: string; delta: string } {
  if (isCostName(name)) {
    const { tex } = getCost(name);
    return { fn: tex.cost, delta: tex.delta };
  }
  return { fn: `C = \\text{${name}}(a^L, y)`, delta: '\\delta^L = \\frac{\\partial C}{\\partial z^L}' };
}

function ruleTex(name: string): string | undefined {
  return isUpdateRuleName(name) ? getUpdateRule(name).tex : undefined;
}

/** "\\mu = 0.9" for each of the rule's hyper-parameters that the playground offers. */
function hyperTex(update: UpdateRuleSpec): string[] {
  const values: Readonly<Record<string, unknown>> = { ...UPDATE_DEFAULTS, ...update };
  return getUpdateRule(update.rule).hyper.filter((h) => h.flag).map((h) => `${h.tex} = ${num(values[h.name] as number)}`);
}

/** How training steps: η, the update rule (plain SGD when undefined), n for L2's and L1's λ/n. */
export interface StepRule {
  readonly eta: number;
  readonly update?: UpdateRuleSpec;
  readonly n: number;
  /** Dropout's p, which the walk leaves out (it walks the whole network); said in the update step. */
  readonly dropout?: number;
}

export interface Walk {
  readonly trace: BackpropTrace;
  readonly steps: Step[];
  /** The network after the update rule's step on this example alone (m = 1), for "apply". */
  readonly updated: Network;
}

export function walk(network: Network, x: Float64Array, y: Float64Array, rule: StepRule, plainValue: (values: ArrayLike<number>) => string): Walk {
  if (network.layers !== undefined) return convWalk(network, x, y, rule, plainValue);
  const trace = backprop(network, x, y);
  const { sizes } = network;
  const L = sizes.length;
  const name = (l: number) => network.activations[l - 2];
  // σ_l' of an element-wise layer (softmax is only σ_L, whose σ' no cost that pairs with it uses)
  const prime = (l: number) => getActivation(name(l) as ActivationName).prime;
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
      formula: `z^{${l}} = w^{${l}} a^{${l - 1}} + b^{${l}}, \\qquad a^{${l}} = ${fnOf(name(l))}(z^{${l}}), \\quad ${activationTex(name(l)).fn}`,
      numbers: [
        `z^{${l}} = ${mat(network.weights[l], nOut, nIn, `w^{${l}}`)} ${col(trace.activations[l - 1])} + ${col(network.biases[l])} = ${col(trace.zs[l])}`,
        `a^{${l}} = ${fnOf(name(l))}\\!\\left(${col(trace.zs[l])}\\right) = ${col(trace.activations[l])}`,
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

  // (4) in the cost's own form: quadratic multiplies by σ_L'; cross-entropy (sigmoid) and log-likelihood (softmax) reduce to a^L − y.
  const diff = Array.from(trace.activations[L], (a, j) => a - y[j]);
  const quadratic = network.cost === 'quadratic';
  const primeL = quadratic ? Array.from(trace.zs[L], (z) => prime(L)(z)) : [];
  steps.push({
    title: 'The output error',
    formulas: '(3), (4)',
    formula: `\\delta^L_j = \\frac{\\partial C}{\\partial z^L_j}, \\qquad ${cost.delta}${quadratic ? `, \\quad ${activationTex(name(L)).prime.replace(/\\sigma'/g, "\\sigma_L'")}` : ''}`,
    numbers: quadratic
      ? [`\\delta^{${L}} = \\left(${col(trace.activations[L])} - ${col(y)}\\right) \\odot ${col(primeL)} = ${col(diff)} \\odot ${col(primeL)} = ${col(trace.deltas[L])}`]
      : [`\\delta^{${L}} = a^{${L}} - y = ${col(trace.activations[L])} - ${col(y)} = ${col(trace.deltas[L])}`],
    plain: [{ label: `δ^${L}`, text: plainValue(trace.deltas[L]), testid: 'delta-L' }],
    focus: { layer: L, part: 'delta', values: trace.deltas[L], symbol: 'δ' },
  });

  for (let l = L - 1; l >= 2; l--) {
    const nl = sizes[l - 1];
    const nNext = sizes[l];
    const back = new Float64Array(nl);
    for (let j = 0; j < nl; j++) for (let k = 0; k < nNext; k++) back[j] += network.weights[l + 1][k * nl + j] * trace.deltas[l + 1][k];
    const primes = Array.from(trace.zs[l], (z) => prime(l)(z));
    steps.push({
      title: `The error of layer ${l}, carried back from layer ${l + 1}`,
      formulas: '(5)',
      formula: `\\delta^{${l}} = \\left((w^{${l + 1}})^{T} \\delta^{${l + 1}}\\right) \\odot \\sigma'(z^{${l}}), \\quad ${activationTex(name(l)).prime}`,
      numbers: [
        `(w^{${l + 1}})^{T} \\delta^{${l + 1}} = ${mat(transpose(network.weights[l + 1], nNext, nl), nl, nNext, `(w^{${l + 1}})^{T}`)} ${col(trace.deltas[l + 1])} = ${col(back)}`,
        `\\delta^{${l}} = ${col(back)} \\odot ${col(primes)} = ${col(trace.deltas[l])}`,
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
      (l) => `\\frac{\\partial C}{\\partial w^{${l}}} = ${col(trace.deltas[l])} ${sizes[l - 2] <= 8 ? row(trace.activations[l - 1]) : `(a^{${l - 1}})^{T}`} = ${mat(trace.nablaW[l], sizes[l - 1], sizes[l - 2], `\\frac{\\partial C}{\\partial w^{${l}}}`)}`,
    ),
    plain: range(2, L).map((l) => ({ label: `∂C/∂w^${l}`, text: plainValue(trace.nablaW[l]) })),
    focus: { layer: L, part: 'nabla-w' },
  });

  const { step, updated } = updateStep(network, x, y, rule, trace, plainValue);
  steps.push(step);
  return { trace, steps, updated };
}

/** The update rule's step on this example alone, from rest: the walk's last step, and the network after it. */
export function updateStep(network: Network, x: Float64Array, y: Float64Array, rule: StepRule, trace: BackpropTrace, plainValue: (values: ArrayLike<number>) => string): { step: Step; updated: Network } {
  const L = network.sizes.length;
  const updated = stepOnce(network, x, y, rule);
  const after = backprop(updated, x, y);
  const update = rule.update ?? { rule: 'sgd' };
  const plainSgd = update.rule === 'sgd' && !update.l2 && !update.l1;
  const { eta } = rule;
  const regulariser = [
    ...(update.l2 ? [`\\tfrac{\\lambda_2}{n} w`] : []),
    ...(update.l1 ? [`\\tfrac{\\lambda_1}{n} \\operatorname{sgn} w`] : []),
  ];
  const settings = [
    'm = 1',
    `\\eta = ${num(eta)}`,
    ...(update.l2 || update.l1 ? [`n = ${rule.n}`] : []),
    ...(update.l2 ? [`\\lambda_2 = ${num(update.l2)}`] : []),
    ...(update.l1 ? [`\\lambda_1 = ${num(update.l1)}`] : []),
    ...hyperTex(update),
  ];
  const step: Step = {
    title: plainSgd ? 'The step gradient descent takes' : `The step ${update.rule} takes`,
    formulas: update.rule === 'sgd' ? 'SGD' : update.rule,
    formula: plainSgd
      ? `w^l \\leftarrow w^l - \\frac{\\eta}{m} \\sum_x \\frac{\\partial C_x}{\\partial w^l}, \\quad b^l \\leftarrow b^l - \\frac{\\eta}{m} \\sum_x \\frac{\\partial C_x}{\\partial b^l}; \\quad \\text{here } m = 1,\\ \\eta = ${num(eta)}`
      : `g = \\frac{1}{m} \\sum_x \\frac{\\partial C_x}{\\partial p}${regulariser.length ? ` + r, \\quad r = ${regulariser.join(' + ')} \\text{ (weights; 0 for biases)}` : ''}, \\qquad ${ruleTex(update.rule) ?? update.rule}; \\quad \\text{here } ${settings.join(',\\ ')}`,
    numbers: [
      plainSgd
        ? `b^{${L}} \\leftarrow ${col(network.biases[L])} - ${num(eta)} ${col(trace.nablaB[L])} = ${col(updated.biases[L])}`
        : `b^{${L}}: ${col(network.biases[L])} \\;\\to\\; ${col(updated.biases[L])} \\quad (g = ${col(trace.nablaB[L])}${update.rule === 'sgd' ? '' : ',\\ \\text{the rule\'s state starting at } 0'})`,
      `\\text{this example's cost: } C = ${num(trace.cost)} \\;\\to\\; ${num(after.cost)}`,
      ...(rule.dropout ? [`\\text{Dropout } p = ${num(rule.dropout)} \\text{ drops neurons only while training; this walk uses them all, as inference does.}`] : []),
    ],
    plain: [
      { label: 'C after the step', text: String(after.cost), testid: 'cost-after' },
      { label: `b^${L} after`, text: plainValue(updated.biases[L]) },
    ],
    focus: { layer: L, part: 'update', values: updated.biases[L], symbol: 'b' },
    update: true,
  };
  return { step, updated };
}

/**
 * The network after one step of the rule on this example alone (m = 1, t = 1, the rule's
 * state at rest), taken by the library's reference kernel: the page shows the library's
 * update, it does not reimplement the rules.
 */
function stepOnce(network: Network, x: Float64Array, y: Float64Array, rule: StepRule): Network {
  const { sizes, activations, cost, inputShape, layers } = network;
  const layered = inputShape !== undefined && layers !== undefined ? { inputShape, layers } : {};
  const kernel = createReferenceKernel({ sizes, activations, cost, dtype: 'float64', ...(rule.update ? { update: rule.update } : {}), ...layered });
  kernel.setParameters(network);
  const data = kernel.loadDataset({ count: 1, inputSize: x.length, outputSize: y.length, inputs: x, inputScale: 1, targets: y });
  kernel.trainBatch(data, Uint32Array.of(0), 0, 1, { learningRate: rule.eta, trainingSize: rule.n, t: 1 });
  const updated = cloneNetwork(network);
  kernel.getParameters(updated);
  void kernel.dispose();
  return updated;
}

/** How a layer's activation is written in a^l = f(z^l). */
function fnOf(name: string): string {
  return name === 'softmax' ? '\\mathrm{softmax}' : '\\sigma';
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
