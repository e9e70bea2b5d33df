import { getActivation } from '../math/activations.ts';
import { getCost } from '../math/costs.ts';
import type { Network } from '../network/network.ts';
import type { Dataset, FloatArray, Kernel, KernelFactory, KernelSpec, ResidentDataset } from './kernel.ts';

/**
 * The reference kernel: plain TypeScript loops, written to be read beside FORMULAS.md.
 * It is the oracle every fast kernel is tested against, and the fallback where
 * WebAssembly SIMD is missing. A mini-batch is held as matrices with one row per example:
 * A^l is m × n_l, so formula (1) for the batch is Z^l = A^{l-1} (w^l)^T + 1 (b^l)^T.
 *
 * In float32 every stored value (parameters, z, a, δ) is rounded to float32; the
 * arithmetic between stores is float64, which is at least as exact as float32 hardware.
 */
export function createReferenceKernel(spec: KernelSpec): Kernel {
  const { sizes, dtype } = spec;
  const L = sizes.length;
  const activation = getActivation(spec.activation);
  const cost = getCost(spec.cost);
  const alloc = (n: number): FloatArray => (dtype === 'float32' ? new Float32Array(n) : new Float64Array(n));

  // weights[l], biases[l] for l = 2..L, as in Network.
  const weights: FloatArray[] = [alloc(0), alloc(0)];
  const biases: FloatArray[] = [alloc(0), alloc(0)];
  for (let l = 2; l <= L; l++) {
    weights.push(alloc(sizes[l - 1] * sizes[l - 2]));
    biases.push(alloc(sizes[l - 1]));
  }

  // Per-batch work space, grown to the largest batch seen: zs[l], activations[l], deltas[l] are m × n_l.
  let capacity = 0;
  let zs: FloatArray[] = [];
  let activations: FloatArray[] = [];
  let deltas: FloatArray[] = [];
  const ensureCapacity = (m: number): void => {
    if (m <= capacity) return;
    capacity = m;
    zs = sizes.map((n) => alloc(m * n));
    activations = sizes.map((n) => alloc(m * n));
    deltas = sizes.map((n) => alloc(m * n));
    // Shift so that index l is layer l (sizes[l - 1] neurons).
    zs.unshift(alloc(0));
    activations.unshift(alloc(0));
    deltas.unshift(alloc(0));
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
    }
  };

  /** (1) z^l = w^l a^{l-1} + b^l, a^l = σ(z^l), for every example of the batch. */
  const feedforward = (m: number): void => {
    for (let l = 2; l <= L; l++) {
      const nOut = sizes[l - 1];
      const nIn = sizes[l - 2];
      const w = weights[l];
      const b = biases[l];
      const aPrev = activations[l - 1];
      const z = zs[l];
      const a = activations[l];
      for (let n = 0; n < m; n++) {
        for (let j = 0; j < nOut; j++) {
          let sum = b[j];
          for (let k = 0; k < nIn; k++) sum += w[j * nIn + k] * aPrev[n * nIn + k];
          z[n * nOut + j] = sum;
          a[n * nOut + j] = activation.fn(z[n * nOut + j]);
        }
      }
    }
  };

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

    loadDataset(dataset: Dataset): ResidentDataset {
      checkDataset(dataset);
      return { count: dataset.count, dataset, release() {} };
    },

    trainBatch(data, order, start, m, learningRate): void {
      ensureCapacity(m);
      const { dataset } = data;
      loadInputs(dataset, (n) => order[start + n], m);
      feedforward(m);

      // (4) δ^L = ∇_a C ⊙ σ'(z^L), through the cost's own delta.
      const nL = sizes[L - 1];
      const { targets } = dataset;
      for (let n = 0; n < m; n++) {
        const row = order[start + n] * nL;
        for (let j = 0; j < nL; j++) {
          const i = n * nL + j;
          deltas[L][i] = cost.delta(zs[L][i], activations[L][i], targets[row + j], activation);
        }
      }

      // (5) δ^l = ((w^{l+1})^T δ^{l+1}) ⊙ σ'(z^l), from the weights before this step's update.
      for (let l = L - 1; l >= 2; l--) {
        const nl = sizes[l - 1];
        const nNext = sizes[l];
        const wNext = weights[l + 1];
        for (let n = 0; n < m; n++) {
          for (let j = 0; j < nl; j++) {
            let sum = 0;
            for (let i = 0; i < nNext; i++) sum += wNext[i * nl + j] * deltas[l + 1][n * nNext + i];
            deltas[l][n * nl + j] = sum * activation.prime(zs[l][n * nl + j]);
          }
        }
      }

      // (6) ∂C/∂b^l = δ^l and (7) ∂C/∂w^l = δ^l (a^{l-1})^T, summed over the batch,
      // then w ← w − (η/m) Σ ∂C/∂w and b ← b − (η/m) Σ ∂C/∂b.
      const step = learningRate / m;
      for (let l = 2; l <= L; l++) {
        const nOut = sizes[l - 1];
        const nIn = sizes[l - 2];
        const w = weights[l];
        const b = biases[l];
        const delta = deltas[l];
        const aPrev = activations[l - 1];
        for (let j = 0; j < nOut; j++) {
          let nablaB = 0;
          for (let n = 0; n < m; n++) nablaB += delta[n * nOut + j];
          b[j] -= step * nablaB;
          for (let k = 0; k < nIn; k++) {
            let nablaW = 0;
            for (let n = 0; n < m; n++) nablaW += delta[n * nOut + j] * aPrev[n * nIn + k];
            w[j * nIn + k] -= step * nablaW;
          }
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
