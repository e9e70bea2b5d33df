import { getActivation, getLayerActivation, type Activation, type LayerActivation } from '../math/activations/index.ts';
import { getCost, type Cost } from '../math/costs/index.ts';
import { dropoutKeeps, dropoutThreshold } from '../math/dropout.ts';
import { regularisationTerm } from '../math/regularisation.ts';
import { MIN_NORMAL, flushSubnormal } from '../math/subnormal.ts';
import { getUpdateRule, stepConstants, type FullUpdateRuleSpec, type StepConstants, type UpdateRule } from '../math/updateRules/index.ts';
import { layerSteps, layerTypeOf, type LayerStep, type LayerType } from '../network/layerTypes/index.ts';
import type { Network } from '../network/network.ts';
import type { Dataset, FloatArray, Kernel, KernelFactory, KernelSpec, KernelSpecInput, ResidentDataset, TrainStep, UpdateState } from './kernel.ts';
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
  return new ReferenceKernel(normalizeSpec(input));
}

/** Where dropout's masks come from in a training batch: the example's dataset row, the seed, the step. */
interface Drop {
  readonly rowOf: (n: number) => number;
  readonly seed: number;
  readonly t: number;
}

class ReferenceKernel implements Kernel {
  readonly name = 'reference';
  readonly spec: KernelSpec;
  private readonly sizes: readonly number[];
  private readonly L: number;
  /** Layer l's shapes and formulas (a dense network: dense layers). */
  private readonly steps: readonly LayerStep[];
  private readonly types: LayerType[];
  private readonly minNormal: number;
  /** gradW[l], gradB[l]: Σ_x ∂C_x/∂w^l and Σ_x ∂C_x/∂b^l over a batch, in float64. */
  private readonly gradW: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  private readonly gradB: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  /** What layer l + 1 sends back to one example's layer l, before σ_l' (float64, rounded once into δ^l). */
  private readonly backSum: Float64Array;
  /** σ_l for l = 2..L at index l; element-wise ones also as {fn, prime} (undefined for softmax). */
  private readonly layerActivations: LayerActivation[] = [];
  private readonly primes: (Activation | undefined)[] = [];
  private readonly cost: Cost;
  private readonly update: FullUpdateRuleSpec;
  private readonly rule: UpdateRule;
  private readonly dropout: number;
  private readonly threshold: number;
  /** d = 1/(1 − p), rounded to the dtype as a stored constant would be. */
  private readonly keptScale: FloatArray;
  /** weights[l], biases[l] for l = 2..L, as in Network; the rule's state arrays likewise. */
  private readonly weights: FloatArray[];
  private readonly biases: FloatArray[];
  private state: { w: FloatArray[][]; b: FloatArray[][] };
  private stepsTaken = 0;
  /**
   * Per-batch work space, grown to the largest batch seen: zs[l], activations[l], deltas[l]
   * and the dropout factors masks[l] are m × n_l, index l being layer l (sizes[l − 1] neurons).
   */
  private capacity = 0;
  private zs: FloatArray[] = [];
  private activations: FloatArray[] = [];
  private deltas: FloatArray[] = [];
  private masks: FloatArray[] = [];

  constructor(spec: KernelSpec) {
    this.spec = spec;
    this.sizes = spec.sizes;
    this.L = spec.sizes.length;
    this.steps = layerSteps(spec);
    this.types = this.steps.map((step) => layerTypeOf(step));
    this.minNormal = MIN_NORMAL[spec.dtype];
    this.backSum = new Float64Array(Math.max(...spec.sizes));
    spec.activations.forEach((name, i) => {
      this.layerActivations[i + 2] = getLayerActivation(name);
      this.primes[i + 2] = name === 'softmax' ? undefined : getActivation(name);
    });
    this.cost = getCost(spec.cost);
    this.update = updateOf(spec);
    this.rule = getUpdateRule(this.update.rule);
    this.dropout = spec.dropout ?? 0;
    this.threshold = dropoutThreshold(this.dropout);
    this.keptScale = this.alloc(1);
    this.keptScale[0] = 1 / (1 - this.dropout);
    this.weights = [this.alloc(0), this.alloc(0)];
    this.biases = [this.alloc(0), this.alloc(0)];
    for (let l = 2; l <= this.L; l++) {
      this.weights.push(this.alloc(this.types[l].weightCount(this.steps[l])));
      this.biases.push(this.alloc(this.types[l].biasCount(this.steps[l])));
      this.gradW.push(new Float64Array(this.weights[l].length));
      this.gradB.push(new Float64Array(this.biases[l].length));
    }
    this.state = this.newState();
  }

  private alloc(n: number): FloatArray {
    return this.spec.dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  }

  private newState(): { w: FloatArray[][]; b: FloatArray[][] } {
    return {
      w: Array.from({ length: this.rule.stateCount }, () => this.weights.map((w) => this.alloc(w.length))),
      b: Array.from({ length: this.rule.stateCount }, () => this.biases.map((b) => this.alloc(b.length))),
    };
  }

  /** Dropout reaches hidden dense layers only (a conv layer's maps share their weights). */
  private dropsLayer(l: number): boolean {
    return l < this.L && this.steps[l].layer.type === 'dense';
  }

  /** Flushes the stored values[from, from + count) (rounded to the dtype already) to +0 where subnormal. */
  private flushStored(values: FloatArray, from: number, count = 1): void {
    for (let i = from; i < from + count; i++) values[i] = flushSubnormal(values[i], this.minNormal);
  }

  private ensureCapacity(m: number): void {
    if (m <= this.capacity) return;
    this.capacity = m;
    const layers = (): FloatArray[] => [this.alloc(0), ...this.sizes.map((n) => this.alloc(m * n))];
    this.zs = layers();
    this.activations = layers();
    this.deltas = layers();
    this.masks = layers();
  }

  /** a^1 for the m examples rows[0..m): the inputs, scaled. */
  private loadInputs(dataset: Dataset, rowOf: (n: number) => number, m: number): void {
    const n1 = this.sizes[0];
    const a1 = this.activations[1];
    const { inputs, inputScale } = dataset;
    for (let n = 0; n < m; n++) {
      const from = rowOf(n) * n1;
      for (let k = 0; k < n1; k++) a1[n * n1 + k] = inputs[from + k] * inputScale;
      this.flushStored(a1, n * n1, n1);
    }
  }

  /**
   * (1) z^l from a^{l−1} by layer l's formulas, a^l = σ_l(z^l), for every example of the batch.
   * With `drop` (training), each hidden dense a^l_j is then multiplied by its dropout factor,
   * kept in masks[l].
   */
  private feedforward(m: number, drop?: Drop): void {
    const { sizes, L } = this;
    for (let l = 2; l <= L; l++) {
      const nOut = sizes[l - 1];
      const nIn = sizes[l - 2];
      const z = this.zs[l];
      const a = this.activations[l];
      const sigma = this.layerActivations[l];
      for (let n = 0; n < m; n++) {
        this.types[l].forward(this.steps[l], this.weights[l], this.biases[l], this.activations[l - 1], n * nIn, z, n * nOut);
        this.flushStored(z, n * nOut, nOut);
        sigma.layer(z, a, n * nOut, nOut);
        this.flushStored(a, n * nOut, nOut);
        if (drop !== undefined && this.dropsLayer(l)) this.drop(drop, l, n, nOut);
      }
    }
  }

  /** a^l_j ← a^l_j times its dropout factor (1/(1 − p) or 0), kept in masks[l], for example n. */
  private drop(drop: Drop, l: number, n: number, nOut: number): void {
    const row = drop.rowOf(n);
    const mask = this.masks[l];
    const a = this.activations[l];
    for (let j = 0; j < nOut; j++) {
      const i = n * nOut + j;
      mask[i] = dropoutKeeps(drop.seed, drop.t, row, l, j, this.threshold) ? this.keptScale[0] : 0;
      a[i] = a[i] * mask[i];
    }
    this.flushStored(a, n * nOut, nOut);
  }

  /** (4) δ^L_j through the cost's own delta. */
  private outputErrors(targets: ArrayLike<number>, rowOf: (n: number) => number, m: number): void {
    const { L } = this;
    const nL = this.sizes[L - 1];
    const outputPrime = this.primes[L];
    for (let n = 0; n < m; n++) {
      const row = rowOf(n) * nL;
      for (let j = 0; j < nL; j++) {
        const i = n * nL + j;
        this.deltas[L][i] = this.cost.delta(this.zs[L][i], this.activations[L][i], targets[row + j], outputPrime);
        this.flushStored(this.deltas[L], i);
      }
    }
  }

  /**
   * (5) δ^l = (what layer l + 1 sends back) ⊙ σ_l'(z^l), from the weights before this step's
   * update (dense: (w^{l+1})^T δ^{l+1}), times the dropout factor of a^l_j: a dropped neuron
   * passes no error back.
   */
  private hiddenErrors(m: number, dropping: boolean): void {
    const { sizes, deltas, zs, backSum } = this;
    for (let l = this.L - 1; l >= 2; l--) {
      const nl = sizes[l - 1];
      const nNext = sizes[l];
      const prime = this.primes[l]!.prime; // hidden layers are element-wise (normalizeSpec)
      const masked = dropping && this.dropsLayer(l);
      for (let n = 0; n < m; n++) {
        this.types[l + 1].backward(this.steps[l + 1], this.weights[l + 1], this.activations[l], n * nl, deltas[l + 1], n * nNext, backSum, 0);
        for (let j = 0; j < nl; j++) {
          const i = n * nl + j;
          deltas[l][i] = backSum[j] * prime(zs[l][i]);
          if (masked) deltas[l][i] = deltas[l][i] * this.masks[l][i];
          this.flushStored(deltas[l], i);
        }
      }
    }
  }

  /**
   * (6) ∂C/∂b^l and (7) ∂C/∂w^l (dense: δ^l and δ^l (a^{l-1})^T), summed over the batch, then
   * the update rule moves each parameter (plain SGD: p ← p − (η/m) Σ ∂C/∂p).
   */
  private applyUpdate(m: number, h: StepConstants, trainingSize: number): void {
    const { sizes, rule } = this;
    const l2OverN = this.update.l2 / trainingSize;
    const l1OverN = this.update.l1 / trainingSize;
    for (let l = 2; l <= this.L; l++) {
      const nOut = sizes[l - 1];
      const nIn = sizes[l - 2];
      const w = this.weights[l];
      const b = this.biases[l];
      const nablaW = this.gradW[l];
      const nablaB = this.gradB[l];
      nablaW.fill(0);
      nablaB.fill(0);
      for (let n = 0; n < m; n++) this.types[l].gradients(this.steps[l], this.activations[l - 1], n * nIn, this.deltas[l], n * nOut, nablaW, nablaB);
      const stateW = this.state.w.map((s) => s[l]);
      const stateB = this.state.b.map((s) => s[l]);
      for (let j = 0; j < b.length; j++) {
        b[j] = rule.apply(b[j], nablaB[j], 0, stateB, j, h);
        this.flushStored(b, j);
        for (const s of stateB) this.flushStored(s, j);
      }
      for (let i = 0; i < w.length; i++) {
        w[i] = rule.apply(w[i], nablaW[i], regularisationTerm(w[i], l2OverN, l1OverN), stateW, i, h);
        this.flushStored(w, i);
        for (const s of stateW) this.flushStored(s, i);
      }
    }
  }

  setParameters(network: Network): void {
    for (let l = 2; l <= this.L; l++) {
      this.weights[l].set(network.weights[l]);
      this.biases[l].set(network.biases[l]);
    }
  }

  getParameters(network: Network): void {
    for (let l = 2; l <= this.L; l++) {
      network.weights[l].set(this.weights[l]);
      network.biases[l].set(this.biases[l]);
    }
  }

  getUpdateState(): UpdateState {
    const copyState = (from: FloatArray[][]): Float64Array[][] => from.map((layers) => layers.map((s) => Float64Array.from(s)));
    return { rule: this.update.rule, steps: this.stepsTaken, weights: copyState(this.state.w), biases: copyState(this.state.b) };
  }

  setUpdateState(s: UpdateState): void {
    if (s.rule !== this.update.rule) throw new RangeError(`update state is for ${s.rule}; this kernel runs ${this.update.rule}`);
    const fresh = this.newState();
    for (let i = 0; i < this.rule.stateCount; i++) {
      for (let l = 2; l <= this.L; l++) {
        if (s.weights[i]?.[l]?.length !== fresh.w[i][l].length || s.biases[i]?.[l]?.length !== fresh.b[i][l].length) {
          throw new RangeError(`update state array ${i} of layer ${l} does not have the network's shape`);
        }
        fresh.w[i][l].set(s.weights[i][l]);
        fresh.b[i][l].set(s.biases[i][l]);
      }
    }
    this.state = fresh;
    this.stepsTaken = s.steps;
  }

  loadDataset(dataset: Dataset): ResidentDataset {
    const { sizes, L } = this;
    if (dataset.inputSize !== sizes[0] || dataset.outputSize !== sizes[L - 1]) {
      throw new RangeError(`dataset has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs; the network needs ${sizes[0]} and ${sizes[L - 1]}`);
    }
    return { count: dataset.count, dataset, release() {} };
  }

  trainBatch(data: ResidentDataset, order: Uint32Array, start: number, m: number, stepArgument: number | TrainStep): void {
    if (m <= 0) return;
    const step = resolveStep(stepArgument, data.count, this.stepsTaken);
    this.stepsTaken = step.t;
    this.ensureCapacity(m);
    const { dataset } = data;
    const rowOf = (n: number): number => order[start + n];
    this.loadInputs(dataset, rowOf, m);
    const dropping = this.dropout > 0;
    this.feedforward(m, dropping ? { rowOf, seed: step.dropoutSeed, t: step.t } : undefined);
    this.outputErrors(dataset.targets, rowOf, m);
    this.hiddenErrors(m, dropping);
    this.applyUpdate(m, stepConstants(this.update, step.learningRate, m, step.t), step.trainingSize);
  }

  feedforwardDataset(data: ResidentDataset, out: FloatArray, first = 0, count = data.count - first): void {
    const chunk = 256;
    this.ensureCapacity(Math.min(chunk, Math.max(count, 1)));
    const nL = this.sizes[this.L - 1];
    for (let done = 0; done < count; done += chunk) {
      const m = Math.min(chunk, count - done);
      this.loadInputs(data.dataset, (n) => first + done + n, m);
      this.feedforward(m);
      out.set(this.activations[this.L].subarray(0, m * nL), done * nL);
    }
  }

  dispose(): void {}
}

export const referenceKernelFactory: KernelFactory = {
  name: 'reference',
  supports: () => true,
  create: createReferenceKernel,
};
