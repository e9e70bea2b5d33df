import { getActivation, getLayerActivation, type Activation, type LayerActivation } from '../math/activations/index.ts';
import { getCost } from '../math/costs/index.ts';
import { dropoutKeeps, dropoutThreshold } from '../math/dropout.ts';
import { regularisationTerm } from '../math/regularisation.ts';
import { MIN_NORMAL, flushSubnormal } from '../math/subnormal.ts';
import { getUpdateRule, stepConstants } from '../math/updateRules/index.ts';
import { layerSteps, layerTypeOf, type LayerType } from '../network/layerTypes/index.ts';
import type { Network } from '../network/network.ts';
import type { Dataset, FloatArray, Kernel, KernelFactory, KernelSpecInput, ResidentDataset, UpdateState } from './kernel.ts';
import { normalizeSpec, resolveStep, updateOf } from './spec.ts';

/**
 * The reference kernel: plain TypeScript loops, written to be read beside FORMULAS.md.
 * It is the oracle every fast kernel is tested against, and the fallback where
 * WebAssembly SIMD is missing. A mini-batch is held as matrices with one row per example:
 * A^l is m × n_l, so formula (1) for the batch is Z^l = A^{l-1} (w^l)^T + 1 (b^l)^T. Each
 * layer's formulas (dense, conv, pool) come from network/layerTypes/, one example (row) at a time.
 *
 * In float32 every stored value (parameters, z, a, δ, the rule's state) is rounded to float32;
 * the arithmetic between stores is float64, which is at least as exact as float32 hardware.
 * Every stored value that is subnormal in the dtype (after that rounding) is stored as +0, as
 * the WebAssembly kernels store it (math/subnormal.ts; docs/formulas.md: "Subnormal numbers").
 */
export function createReferenceKernel(input: KernelSpecInput): Kernel {
  const spec = normalizeSpec(input);
  const { sizes, dtype } = spec;
  const L = sizes.length;
  // Layer l's shapes and formulas (a dense network: dense layers).
  const steps = layerSteps(spec);
  const types: LayerType[] = steps.map((step) => layerTypeOf(step));
  // Dropout reaches hidden dense layers only (a conv layer's maps share their weights).
  const dropsLayer = (l: number): boolean => l < L && steps[l].layer.type === 'dense';
  // σ_l for l = 2..L at index l; element-wise ones also as {fn, prime} (undefined for softmax).
  const layerActivations: LayerActivation[] = [];
  const primes: (Activation | undefined)[] = [];
  spec.activations.forEach((name, i) => {
    layerActivations[i + 2] = getLayerActivation(name);
    primes[i + 2] = name === 'softmax' ? undefined : getActivation(name);
  });
  const cost = getCost(spec.cost);
  const update = updateOf(spec);
  const rule = getUpdateRule(update.rule);
  const dropout = spec.dropout ?? 0;
  const threshold = dropoutThreshold(dropout);
  const alloc = (n: number): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));
  // d = 1/(1 − p), rounded to the dtype as a stored constant would be.
  const keptScale = alloc(1);
  keptScale[0] = 1 / (1 - dropout);
  const minNormal = MIN_NORMAL[dtype];
  /** Flushes the stored values[from, from + count) (rounded to the dtype already) to +0 where subnormal. */
  const flushStored = (values: FloatArray, from: number, count = 1): void => {
    for (let i = from; i < from + count; i++) values[i] = flushSubnormal(values[i], minNormal);
  };

  // weights[l], biases[l] for l = 2..L, as in Network; the rule's state arrays likewise.
  const weights: FloatArray[] = [alloc(0), alloc(0)];
  const biases: FloatArray[] = [alloc(0), alloc(0)];
  // gradW[l], gradB[l]: Σ_x ∂C_x/∂w^l and Σ_x ∂C_x/∂b^l over a batch, in float64.
  const gradW: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  const gradB: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  for (let l = 2; l <= L; l++) {
    weights.push(alloc(types[l].weightCount(steps[l])));
    biases.push(alloc(types[l].biasCount(steps[l])));
    gradW.push(new Float64Array(weights[l].length));
    gradB.push(new Float64Array(biases[l].length));
  }
  // What layer l + 1 sends back to one example's layer l, before σ_l' (float64, rounded once into δ^l).
  const backSum = new Float64Array(Math.max(...sizes));
  const newState = (): { w: FloatArray[][]; b: FloatArray[][] } => ({
    w: Array.from({ length: rule.stateCount }, () => weights.map((w) => alloc(w.length))),
    b: Array.from({ length: rule.stateCount }, () => biases.map((b) => alloc(b.length))),
  });
  let state = newState();
  let stepsTaken = 0;

  // Per-batch work space, grown to the largest batch seen: zs[l], activations[l], deltas[l]
  // and the dropout factors masks[l] are m × n_l, index l being layer l (sizes[l − 1] neurons).
  let capacity = 0;
  let zs: FloatArray[] = [];
  let activations: FloatArray[] = [];
  let deltas: FloatArray[] = [];
  let masks: FloatArray[] = [];
  const ensureCapacity = (m: number): void => {
    if (m <= capacity) return;
    capacity = m;
    const layers = (): FloatArray[] => [alloc(0), ...sizes.map((n) => alloc(m * n))];
    zs = layers();
    activations = layers();
    deltas = layers();
    masks = layers();
  };

  const checkDataset = (dataset: Dataset): void => {
    if (dataset.inputSize !== sizes[0] || dataset.outputSize !== sizes[L - 1]) {
      throw new RangeError(
        `dataset has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs; the network needs ${sizes[0]} and ${sizes[L - 1]}`,
      );
    }
  };

  /** a^1 for the m examples rows[0..m): the inputs, scaled. */
  const loadInputs = (dataset: Dataset, rowOf: (n: number) => number, m: number): void => {
    const n1 = sizes[0];
    const a1 = activations[1];
    const { inputs, inputScale } = dataset;
    for (let n = 0; n < m; n++) {
      const from = rowOf(n) * n1;
      for (let k = 0; k < n1; k++) a1[n * n1 + k] = inputs[from + k] * inputScale;
      flushStored(a1, n * n1, n1);
    }
  };

  /**
   * (1) z^l from a^{l−1} by layer l's formulas, a^l = σ_l(z^l), for every example of the batch.
   * With `drop` (training), each hidden dense a^l_j is then multiplied by its dropout factor,
   * kept in masks[l].
   */
  const feedforward = (m: number, drop?: { rowOf: (n: number) => number; seed: number; t: number }): void => {
    for (let l = 2; l <= L; l++) {
      const nOut = sizes[l - 1];
      const nIn = sizes[l - 2];
      const z = zs[l];
      const a = activations[l];
      const sigma = layerActivations[l];
      for (let n = 0; n < m; n++) {
        types[l].forward(steps[l], weights[l], biases[l], activations[l - 1], n * nIn, z, n * nOut);
        flushStored(z, n * nOut, nOut);
        sigma.layer(z, a, n * nOut, nOut);
        flushStored(a, n * nOut, nOut);
        if (drop !== undefined && dropsLayer(l)) {
          const row = drop.rowOf(n);
          const mask = masks[l];
          for (let j = 0; j < nOut; j++) {
            const i = n * nOut + j;
            mask[i] = dropoutKeeps(drop.seed, drop.t, row, l, j, threshold) ? keptScale[0] : 0;
            a[i] = a[i] * mask[i];
          }
          flushStored(a, n * nOut, nOut);
        }
      }
    }
  };

  const copyState = (from: FloatArray[][]): Float64Array[][] => from.map((layers) => layers.map((s) => Float64Array.from(s)));

  return {
    name: 'reference',
    spec,

    setParameters(network: Network): void {
      for (let l = 2; l <= L; l++) {
        weights[l].set(network.weights[l]);
        biases[l].set(network.biases[l]);
      }
    },

    getParameters(network: Network): void {
      for (let l = 2; l <= L; l++) {
        network.weights[l].set(weights[l]);
        network.biases[l].set(biases[l]);
      }
    },

    getUpdateState(): UpdateState {
      return { rule: update.rule, steps: stepsTaken, weights: copyState(state.w), biases: copyState(state.b) };
    },

    setUpdateState(s: UpdateState): void {
      if (s.rule !== update.rule) throw new RangeError(`update state is for ${s.rule}; this kernel runs ${update.rule}`);
      const fresh = newState();
      for (let i = 0; i < rule.stateCount; i++) {
        for (let l = 2; l <= L; l++) {
          if (s.weights[i]?.[l]?.length !== fresh.w[i][l].length || s.biases[i]?.[l]?.length !== fresh.b[i][l].length) {
            throw new RangeError(`update state array ${i} of layer ${l} does not have the network's shape`);
          }
          fresh.w[i][l].set(s.weights[i][l]);
          fresh.b[i][l].set(s.biases[i][l]);
        }
      }
      state = fresh;
      stepsTaken = s.steps;
    },

    loadDataset(dataset: Dataset): ResidentDataset {
      checkDataset(dataset);
      return { count: dataset.count, dataset, release() {} };
    },

    trainBatch(data, order, start, m, stepArgument): void {
      if (m <= 0) return;
      const step = resolveStep(stepArgument, data.count, stepsTaken);
      stepsTaken = step.t;
      ensureCapacity(m);
      const { dataset } = data;
      const rowOf = (n: number): number => order[start + n];
      loadInputs(dataset, rowOf, m);
      const dropping = dropout > 0;
      feedforward(m, dropping ? { rowOf, seed: step.dropoutSeed, t: step.t } : undefined);

      // (4) δ^L_j through the cost's own delta.
      const nL = sizes[L - 1];
      const { targets } = dataset;
      const outputPrime = primes[L];
      for (let n = 0; n < m; n++) {
        const row = order[start + n] * nL;
        for (let j = 0; j < nL; j++) {
          const i = n * nL + j;
          deltas[L][i] = cost.delta(zs[L][i], activations[L][i], targets[row + j], outputPrime);
          flushStored(deltas[L], i);
        }
      }

      // (5) δ^l = (what layer l + 1 sends back) ⊙ σ_l'(z^l), from the weights before this step's
      // update (dense: (w^{l+1})^T δ^{l+1}), times the dropout factor of a^l_j: a dropped neuron
      // passes no error back.
      for (let l = L - 1; l >= 2; l--) {
        const nl = sizes[l - 1];
        const nNext = sizes[l];
        const prime = primes[l]!.prime; // hidden layers are element-wise (normalizeSpec)
        const masked = dropping && dropsLayer(l);
        for (let n = 0; n < m; n++) {
          types[l + 1].backward(steps[l + 1], weights[l + 1], activations[l], n * nl, deltas[l + 1], n * nNext, backSum, 0);
          for (let j = 0; j < nl; j++) {
            const i = n * nl + j;
            deltas[l][i] = backSum[j] * prime(zs[l][i]);
            if (masked) deltas[l][i] = deltas[l][i] * masks[l][i];
            flushStored(deltas[l], i);
          }
        }
      }

      // (6) ∂C/∂b^l and (7) ∂C/∂w^l (dense: δ^l and δ^l (a^{l-1})^T), summed over the batch, then
      // the update rule moves each parameter (plain SGD: p ← p − (η/m) Σ ∂C/∂p).
      const h = stepConstants(update, step.learningRate, m, step.t);
      const l2OverN = update.l2 / step.trainingSize;
      const l1OverN = update.l1 / step.trainingSize;
      for (let l = 2; l <= L; l++) {
        const nOut = sizes[l - 1];
        const nIn = sizes[l - 2];
        const w = weights[l];
        const b = biases[l];
        const nablaW = gradW[l];
        const nablaB = gradB[l];
        nablaW.fill(0);
        nablaB.fill(0);
        for (let n = 0; n < m; n++) types[l].gradients(steps[l], activations[l - 1], n * nIn, deltas[l], n * nOut, nablaW, nablaB);
        const stateW = state.w.map((s) => s[l]);
        const stateB = state.b.map((s) => s[l]);
        for (let j = 0; j < b.length; j++) {
          b[j] = rule.apply(b[j], nablaB[j], 0, stateB, j, h);
          flushStored(b, j);
          for (const s of stateB) flushStored(s, j);
        }
        for (let i = 0; i < w.length; i++) {
          w[i] = rule.apply(w[i], nablaW[i], regularisationTerm(w[i], l2OverN, l1OverN), stateW, i, h);
          flushStored(w, i);
          for (const s of stateW) flushStored(s, i);
        }
      }
    },

    feedforwardDataset(data, out, first = 0, count = data.count - first): void {
      const chunk = 256;
      ensureCapacity(Math.min(chunk, Math.max(count, 1)));
      const nL = sizes[L - 1];
      for (let done = 0; done < count; done += chunk) {
        const m = Math.min(chunk, count - done);
        loadInputs(data.dataset, (n) => first + done + n, m);
        feedforward(m);
        out.set(activations[L].subarray(0, m * nL), done * nL);
      }
    },

    dispose(): void {},
  };
}

export const referenceKernelFactory: KernelFactory = {
  name: 'reference',
  supports: () => true,
  create: createReferenceKernel,
};
