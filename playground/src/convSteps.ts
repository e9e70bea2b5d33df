import { backprop, layerSteps, windowMaximum, type ConvLayer, type LayerStep, type Network, type PoolLayer } from 'nabla';
import { activationTex, costTex, updateStep, type Correlation, type Step, type StepRule, type Walk } from './steps.ts';
import { col, mat, num } from './tex.ts';

/**
 * Backprop through a convolutional network for one example (issue 21, item 3), formulas 8–12 of
 * docs/formulas.md beside 1–7: one receptive field and its z, a pooling window and its maximum,
 * δ routed back through the pool (0 to the other positions), δ of each conv layer as maps, and
 * the shared gradients ∂C/∂w (a correlation of the input with δ) and ∂C/∂b (the sum of δ).
 * Every number is the library's `backprop` trace; the page only picks which to show.
 */
type Plain = (values: ArrayLike<number>) => string;

/** The K_h × K_w field of channel c of a^{l−1} at output position (j, k). */
function field(step: LayerStep<ConvLayer>, a: ArrayLike<number>, c: number, j: number, k: number): Float64Array {
  const [H, W] = step.input;
  const [kh, kw] = step.layer.field;
  const out = new Float64Array(kh * kw);
  for (let p = 0; p < kh; p++) for (let q = 0; q < kw; q++) out[p * kw + q] = a[(c * H + j + p) * W + k + q];
  return out;
}

/** The output position of map f with the largest z: the field the walk works out (an empty corner says little). */
function busiest(step: LayerStep, z: ArrayLike<number>, f: number): [number, number] {
  const [Ho, Wo] = step.output;
  let best = f * Ho * Wo;
  for (let i = best; i < (f + 1) * Ho * Wo; i++) if (z[i] > z[best]) best = i;
  const at = best - f * Ho * Wo;
  return [Math.floor(at / Wo), at % Wo];
}

function convForward(network: Network, l: number, step: LayerStep<ConvLayer>, a: ArrayLike<number>, z: ArrayLike<number>, aOut: ArrayLike<number>, plain: Plain): Step {
  const [kh, kw] = step.layer.field;
  const [Ho, Wo, F] = step.output;
  const [j, k] = busiest(step, z, 0);
  const x = field(step, a, 0, j, k);
  const w = network.weights[l].subarray(0, kh * kw);
  const zjk = z[j * Wo + k];
  const name = network.activations[l - 2];
  return {
    title: `Feedforward into conv layer ${l}: ${F} maps of ${Ho}×${Wo}`,
    formulas: '(8)',
    formula: `z^{${l}}_{f,j,k} = b^{${l}}_f + \\sum_{c} \\sum_{p=0}^{${kh - 1}} \\sum_{q=0}^{${kw - 1}} w^{${l}}_{f,c,p,q}\\, a^{${l - 1}}_{c,\\,j+p,\\,k+q}, \\qquad a^{${l}} = \\sigma(z^{${l}}), \\quad ${activationTex(name).fn}`,
    numbers: [
      `\\text{map } f = 0,\\ (j, k) = (${j}, ${k}): \\quad z^{${l}}_{0,${j},${k}} = ${num(network.biases[l][0])} + \\sum ${mat(w, kh, kw, `w^{${l}}_{0}`)} \\odot ${mat(x, kh, kw, `a^{${l - 1}}_{\\text{field}}`)} = ${num(zjk)}`,
      `a^{${l}}_{0,${j},${k}} = \\sigma(${num(zjk)}) = ${num(aOut[j * Wo + k])}`,
    ],
    plain: [
      { label: `field of a^${l - 1} at (${j}, ${k})`, text: plain(x), testid: 'conv-field' },
      { label: `z^${l}_{0,${j},${k}}`, text: String(zjk), testid: 'conv-z' },
    ],
    focus: undefined,
    marks: [
      { layer: l - 1, map: 0, row: j, col: k, height: kh, width: kw },
      { layer: l, map: 0, row: j, col: k, height: 1, width: 1 },
    ],
  };
}

function poolForward(l: number, step: LayerStep<PoolLayer>, a: ArrayLike<number>, z: ArrayLike<number>, plain: Plain): Step {
  const [ph, pw] = step.layer.size;
  const [Ho, Wo, C] = step.output;
  const [H, W] = step.input;
  const at = windowMaximum(step, a, 0, 0, 0, 0);
  const window = new Float64Array(ph * pw);
  for (let p = 0; p < ph; p++) for (let q = 0; q < pw; q++) window[p * pw + q] = a[p * W + q];
  const row = Math.floor(at / W);
  const column = at % W;
  return {
    title: `Max-pooling into layer ${l}: ${C} maps of ${Ho}×${Wo}`,
    formulas: '(9)',
    formula: `a^{${l}}_{c,j,k} = \\max_{0 \\le p < ${ph},\\ 0 \\le q < ${pw}} a^{${l - 1}}_{c,\\,${ph}j+p,\\,${pw}k+q}`,
    numbers: [`\\text{map } 0,\\ (j, k) = (0, 0): \\quad \\max ${mat(window, ph, pw, 'window')} = ${num(z[0])} \\text{ at } (${row}, ${column}) \\text{ of the } ${H}\\times${W} \\text{ map}`],
    plain: [
      { label: 'window (0, 0)', text: plain(window) },
      { label: 'its maximum at (row, column)', text: `${row},${column}`, testid: 'pool-max' },
    ],
    focus: undefined,
    marks: [
      { layer: l - 1, map: 0, row: 0, col: 0, height: ph, width: pw },
      { layer: l - 1, map: 0, row, col: column, height: 1, width: 1 },
      { layer: l, map: 0, row: 0, col: 0, height: 1, width: 1 },
    ],
  };
}

/** δ routed back through a pool layer l + 1 into layer l: the first window's four positions. */
function poolBackward(l: number, step: LayerStep<PoolLayer>, a: ArrayLike<number>, deltaNext: ArrayLike<number>, delta: ArrayLike<number>, plain: Plain): Step {
  const [ph, pw] = step.layer.size;
  const [, W] = step.input;
  const routed = new Float64Array(ph * pw);
  for (let p = 0; p < ph; p++) for (let q = 0; q < pw; q++) routed[p * pw + q] = delta[p * W + q];
  return {
    title: `δ back through the max-pool of layer ${l + 1}`,
    formulas: '(10)',
    formula: `\\delta^{${l}}_{c,j',k'} = \\begin{cases} \\delta^{${l + 1}}_{c,j,k}\\, \\sigma'(z^{${l}}_{c,j',k'}) & (j', k') \\text{ the maximum of window } (j, k) \\\\ 0 & \\text{the other positions} \\end{cases}`,
    numbers: [`\\text{window } (0, 0):\\ \\delta^{${l + 1}}_{0,0,0} = ${num(deltaNext[0])} \\;\\to\\; \\delta^{${l}}_{\\text{window}} = ${mat(routed, ph, pw, '\\delta')} \\quad (\\text{maximum of } ${mat(Array.from({ length: ph * pw }, (_, i) => a[Math.floor(i / pw) * W + (i % pw)]), ph, pw, 'a')})`],
    plain: [{ label: `δ^${l} of window (0, 0)`, text: plain(routed), testid: 'delta-pool-window' }],
    focus: undefined,
    marks: [
      { layer: l, map: 0, row: 0, col: 0, height: ph, width: pw },
      { layer: l + 1, map: 0, row: 0, col: 0, height: 1, width: 1 },
    ],
  };
}

/** δ of a layer l that feeds a conv layer l + 1: the full correlation with the flipped kernels. */
function convBackward(l: number, F: number, delta: ArrayLike<number>, plain: Plain): Step {
  return {
    title: `δ back through the convolution of layer ${l + 1}`,
    formulas: '(11)',
    formula: `\\delta^{${l}}_{c,j,k} = \\sigma'(z^{${l}}_{c,j,k}) \\sum_f \\sum_{p,q} w^{${l + 1}}_{f,c,p,q}\\, \\delta^{${l + 1}}_{f,\\,j-p,\\,k-q} \\quad (\\text{the kernels flipped; } \\delta \\text{ outside the map is } 0)`,
    numbers: [`\\delta^{${l}} = ${col(delta)} \\quad (${F} \\text{ maps})`],
    plain: [{ label: `δ^${l}`, text: plain(delta), testid: `delta-${l}` }],
    focus: undefined,
  };
}

export function convWalk(network: Network, x: Float64Array, y: Float64Array, rule: StepRule, plain: Plain): Walk {
  const trace = backprop(network, x, y);
  const L = network.sizes.length;
  const steps = layerSteps(network);
  const convLayers = steps.map((s, l) => (s?.layer.type === 'conv' ? l : 0)).filter((l) => l > 0);
  const chosen = convLayers[0];
  const walkSteps: Step[] = [
    {
      title: 'The example',
      formulas: '',
      formula: 'a^1 = x \\ (28 \\times 28), \\quad y = \\text{the desired output}',
      numbers: [`y = ${col(y)}`],
      plain: [
        { label: 'x', text: plain(x), testid: 'example-x' },
        { label: 'y', text: plain(y), testid: 'example-y' },
      ],
      focus: undefined,
    },
  ];
  for (let l = 2; l <= L; l++) {
    const step = steps[l];
    if (step.layer.type === 'conv') walkSteps.push(convForward(network, l, step as LayerStep<ConvLayer>, trace.activations[l - 1], trace.zs[l], trace.activations[l], plain));
    else if (step.layer.type === 'pool') walkSteps.push(poolForward(l, step as LayerStep<PoolLayer>, trace.activations[l - 1], trace.zs[l], plain));
    else {
      walkSteps.push({
        title: `Feedforward into dense layer ${l}`,
        formulas: '(1)',
        formula: `z^{${l}} = w^{${l}} a^{${l - 1}} + b^{${l}}, \\qquad a^{${l}} = \\sigma(z^{${l}})`,
        numbers: [`z^{${l}} = ${mat(network.weights[l], step.nOut, step.nIn, `w^{${l}}`)} a^{${l - 1}} + b^{${l}} = ${col(trace.zs[l])}`, `a^{${l}} = ${col(trace.activations[l])}`],
        plain: [{ label: `a^${l}`, text: plain(trace.activations[l]) }],
        focus: undefined,
      });
    }
  }
  const cost = costTex(network.cost);
  walkSteps.push({
    title: 'The cost of this example',
    formulas: '(2)',
    formula: cost.fn,
    numbers: [`a^L = ${col(trace.activations[L])}, \\quad C = ${num(trace.cost)}`],
    plain: [{ label: 'C', text: String(trace.cost), testid: 'cost-C' }],
    focus: undefined,
  });
  walkSteps.push({
    title: 'The output error',
    formulas: '(3), (4)',
    formula: `\\delta^L_j = \\frac{\\partial C}{\\partial z^L_j}, \\qquad ${cost.delta}`,
    numbers: [`\\delta^{${L}} = ${col(trace.deltas[L])}`],
    plain: [{ label: `δ^${L}`, text: plain(trace.deltas[L]), testid: 'delta-L' }],
    focus: undefined,
  });
  for (let l = L - 1; l >= 2; l--) {
    const next = steps[l + 1];
    if (next.layer.type === 'pool') walkSteps.push(poolBackward(l, next as LayerStep<PoolLayer>, trace.activations[l], trace.deltas[l + 1], trace.deltas[l], plain));
    else if (next.layer.type === 'conv') walkSteps.push(convBackward(l, next.output[2], trace.deltas[l], plain));
    else {
      walkSteps.push({
        title: `δ back through dense layer ${l + 1}`,
        formulas: '(5)',
        formula: `\\delta^{${l}} = \\left((w^{${l + 1}})^{T} \\delta^{${l + 1}}\\right) \\odot \\sigma'(z^{${l}})${steps[l].layer.type === 'pool' ? " \\quad (\\text{a pool layer: } \\sigma' = 1)" : ''}`,
        numbers: [`\\delta^{${l}} = ${col(trace.deltas[l])}`],
        plain: [{ label: `δ^${l}`, text: plain(trace.deltas[l]), testid: `delta-${l}` }],
        focus: undefined,
      });
    }
  }
  if (chosen !== undefined) walkSteps.push(...convGradients(network, chosen, steps[chosen] as LayerStep<ConvLayer>, trace.activations[chosen - 1], trace.deltas[chosen], trace.nablaW[chosen], trace.nablaB[chosen], plain));
  const { step, updated } = updateStep(network, x, y, rule, trace, plain);
  walkSteps.push(step);
  return { trace, steps: walkSteps, updated };
}

/** δ of the chosen conv layer as maps, then (12): ∂C/∂b the sum of δ, ∂C/∂w the correlation of a^{l−1} with δ. */
function convGradients(network: Network, l: number, step: LayerStep<ConvLayer>, a: ArrayLike<number>, delta: ArrayLike<number>, nablaW: ArrayLike<number>, nablaB: ArrayLike<number>, plain: Plain): Step[] {
  const [Ho, Wo, F] = step.output;
  const [kh, kw] = step.layer.field;
  const map0 = Array.from({ length: Ho * Wo }, (_, i) => delta[i]);
  return [
    {
      title: `δ of conv layer ${l}, map by map`,
      formulas: '(10), (11)',
      formula: `\\delta^{${l}}_{f,j,k} = \\frac{\\partial C}{\\partial z^{${l}}_{f,j,k}} \\quad (${F} \\text{ maps of } ${Ho}\\times${Wo})`,
      numbers: [`\\delta^{${l}}_{0} = ${mat(map0, Ho, Wo, `\\delta^{${l}}_0`)}, \\quad \\sum_{j,k} |\\delta^{${l}}_{0,j,k}| = ${num(map0.reduce((s, v) => s + Math.abs(v), 0))}`],
      plain: [{ label: `δ^${l} (maps in order, each row-major)`, text: plain(delta), testid: 'delta-conv' }],
      focus: undefined,
    },
    {
      title: `The gradients of conv layer ${l}'s shared weights and biases`,
      formulas: '(12)',
      formula: `\\frac{\\partial C}{\\partial b^{${l}}_f} = \\sum_{j,k} \\delta^{${l}}_{f,j,k}, \\qquad \\frac{\\partial C}{\\partial w^{${l}}_{f,c,p,q}} = \\sum_{j,k} a^{${l - 1}}_{c,\\,j+p,\\,k+q}\\, \\delta^{${l}}_{f,j,k} \\quad (\\text{the input correlated with } \\delta)`,
      numbers: [`\\frac{\\partial C}{\\partial b^{${l}}} = ${col(nablaB)}, \\quad \\frac{\\partial C}{\\partial w^{${l}}_{0}} = ${mat(Array.from({ length: kh * kw }, (_, i) => nablaW[i]), kh, kw, `\\frac{\\partial C}{\\partial w^{${l}}_0}`)} \\quad (\\text{a sum over } ${Ho}\\times${Wo} \\text{ positions})`],
      plain: [
        { label: `∂C/∂b^${l}`, text: plain(nablaB), testid: 'nabla-b-conv' },
        { label: `∂C/∂w^${l}`, text: plain(nablaW), testid: 'nabla-w-conv' },
      ],
      focus: undefined,
      correlation: correlationOf(l, step, a, delta, nablaW),
    },
  ];
}

/**
 * The weight whose sum the stepper plays: of map 0 on channel 0, the one with the largest
 * |∂C/∂w| (a weight of an empty corner sums zeros).
 */
function correlationOf(l: number, step: LayerStep<ConvLayer>, a: ArrayLike<number>, delta: ArrayLike<number>, nablaW: ArrayLike<number>): Correlation {
  const [H, W] = step.input;
  const [Ho, Wo] = step.output;
  const [kh, kw] = step.layer.field;
  let best = 0;
  for (let i = 1; i < kh * kw; i++) if (Math.abs(nablaW[i]) > Math.abs(nablaW[best])) best = i;
  return {
    l,
    f: 0,
    c: 0,
    p: Math.floor(best / kw),
    q: best % kw,
    field: [kh, kw],
    input: [H, W],
    output: [Ho, Wo],
    a: Float64Array.from({ length: H * W }, (_, i) => a[i]),
    delta: Float64Array.from({ length: Ho * Wo }, (_, i) => delta[i]),
    total: nablaW[best],
  };
}
