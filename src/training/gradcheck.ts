import { getActivation } from '../math/activations/index.ts';
import { getCost } from '../math/costs/index.ts';
import { regularisationTerm } from '../math/regularisation.ts';
import { backprop } from '../network/backprop.ts';
import { layerSteps, type LayerStep } from '../network/layerTypes/index.ts';
import { feedforward } from '../network/feedforward.ts';
import type { Network } from '../network/network.ts';

export interface GradientCheckResult {
  /** Largest |backprop − numerical| / max(|backprop|, |numerical|, floor) over all parameters. */
  readonly maxRelativeError: number;
  /**
   * Where the largest error is: a bias b^l_j (k undefined) or a weight w^l_{jk} (a conv layer's
   * w^l_{f,c,p,q}: j = f, k the index of (c, p, q) in map f's weights), and `where`, the
   * derivative's name in the formulas' notation (∂C/∂w^2_{3,0,1,4}).
   */
  readonly worst: {
    readonly layer: number;
    readonly j: number;
    readonly k?: number;
    readonly where: string;
    readonly backprop: number;
    readonly numerical: number;
  };
  /** Number of parameters checked. */
  readonly checked: number;
}

export interface GradientCheckOptions {
  /**
   * Step h of the five-point central difference
   * (8(C(p+h) − C(p−h)) − (C(p+2h) − C(p−2h))) / 12h, whose error is O(h⁴); default 3e-3.
   * (The two-point form needs h so small that rounding in C swamps gradients below ~1e-6.)
   */
  readonly step?: number;
  /**
   * Gradients smaller than this in magnitude are compared absolutely rather than relatively,
   * since their numerical estimate is then mostly rounding noise. Default: the larger of 1e-7
   * and 10^6 × that noise (≈ 4 ε |C| / h, ε = 2^-52), so that rounding in C alone can never
   * show up as a relative error above 1e-6 (it would on wide, saturated nets such as
   * [784, 30, 10], whose gradients go down to 1e-9).
   */
  readonly floor?: number;
  /**
   * The relative-error bound the default floor is set for (default 1e-6): the floor is the
   * larger of 1e-7 and this bound's inverse times the rounding noise, so that rounding in C
   * alone never shows as a relative error above it (the registry-wide check uses 1e-7).
   */
  readonly bound?: number;
  /**
   * Check the regularised cost C + (λ₂/2n) Σ w² + (λ₁/n) Σ |w| with n = 1 (one example), whose
   * gradient adds math/regularisation.ts's term r = λ₂ w + λ₁ sgn w to backprop's ∂C/∂w.
   */
  readonly l2?: number;
  readonly l1?: number;
}

/**
 * Checks backpropagation (formulas 3–7) against central differences (five-point) of the cost (2) for
 * every weight and bias, in float64. The network is perturbed in place and restored.
 */
export function gradientCheck(
  network: Network,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: GradientCheckOptions = {},
): GradientCheckResult {
  // A kink (ReLU at z = 0) within 2h of some z makes the difference quotient wrong: step far less there.
  // Max-pooling has one too, where two values of a window swap places as the largest.
  const smooth =
    network.activations.every((name) => name === 'softmax' || getActivation(name).smooth) &&
    (network.layers ?? []).every((layer) => layer.type !== 'pool');
  const step = options.step ?? (smooth ? 3e-3 : 1e-5);
  const cost = getCost(network.cost);
  const trace = backprop(network, x, y);
  const roundingNoise = (4 * Number.EPSILON * Math.abs(trace.cost)) / step;
  const floor = options.floor ?? Math.max(1e-7, roundingNoise / (options.bound ?? 1e-6));
  const l2 = options.l2 ?? 0;
  const l1 = options.l1 ?? 0;
  const penalty = (): number => {
    if (l2 === 0 && l1 === 0) return 0;
    let sum = 0;
    for (let l = 2; l <= network.sizes.length; l++) for (const w of network.weights[l]) sum += (l2 / 2) * w * w + l1 * Math.abs(w);
    return sum;
  };
  const costAt = (): number => cost.fn(feedforward(network, x), y) + penalty();

  let worst: GradientCheckResult['worst'] = { layer: 2, j: 0, where: '∂C/∂b^2_0', backprop: 0, numerical: 0 };
  let maxRelativeError = 0;
  let checked = 0;

  const check = (params: Float64Array, index: number, analytic: number, layer: number, j: number, k: number | undefined, where: () => string): void => {
    const saved = params[index];
    const costWith = (offset: number): number => {
      params[index] = saved + offset;
      return costAt();
    };
    const numerical =
      (8 * (costWith(step) - costWith(-step)) - (costWith(2 * step) - costWith(-2 * step))) / (12 * step);
    params[index] = saved;
    const error = Math.abs(analytic - numerical) / Math.max(Math.abs(analytic), Math.abs(numerical), floor);
    checked++;
    if (error > maxRelativeError || checked === 1) {
      maxRelativeError = Math.max(error, maxRelativeError);
      worst = { layer, j, k, where: where(), backprop: analytic, numerical };
    }
  };

  const steps = layerSteps(network);
  for (let l = 2; l <= network.sizes.length; l++) {
    const w = network.weights[l];
    const b = network.biases[l];
    // A weight's row j: neuron j of a dense layer, map f of a conv layer (w^l_{f,…} fills a row of C·K_h·K_w).
    const rowLength = b.length === 0 ? 1 : w.length / b.length;
    for (let j = 0; j < b.length; j++) {
      check(b, j, trace.nablaB[l][j], l, j, undefined, () => `∂C/∂b^${l}_${j}`);
      for (let k = 0; k < rowLength; k++) {
        const i = j * rowLength + k;
        check(w, i, trace.nablaW[l][i] + regularisationTerm(w[i], l2, l1), l, j, k, () => `∂C/∂w^${l}_{${weightIndices(steps[l], j, k)}}`);
      }
    }
  }
  return { maxRelativeError, worst, checked };
}

/** A weight's indices as the formulas write them: j,k for a dense layer, f,c,p,q for a conv layer. */
function weightIndices(step: LayerStep, j: number, k: number): string {
  if (step.layer.type !== 'conv') return `${j},${k}`;
  const [Kh, Kw] = step.layer.field;
  const c = Math.floor(k / (Kh * Kw));
  const p = Math.floor((k % (Kh * Kw)) / Kw);
  return `${j},${c},${p},${k % Kw}`;
}
