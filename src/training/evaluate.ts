import { getCost, type CostName } from '../math/costs/index.ts';
import type { Dataset, Kernel, ResidentDataset } from '../kernels/kernel.ts';

/** How well a network does on a dataset. */
export interface Evaluation {
  readonly count: number;
  /** Examples whose largest output a^L_j is at j = label; undefined without labels. */
  readonly correct?: number;
  /** correct / count, in [0, 1]; undefined without labels. */
  readonly accuracy?: number;
  /** (2) the cost averaged over the examples, (1/n) Σ_x C_x */
  readonly meanCost: number;
  /**
   * The root-mean-square error over every example and output, √((1/(n·n_L)) Σ_x Σ_j (a_j − y_j)²):
   * a regression's score, in the targets' units.
   */
  readonly rmse?: number;
}

/** Index of the largest of row `row` of a count × width matrix (the first one on ties). */
export function argmaxRow(values: ArrayLike<number>, row: number, width: number): number {
  let best = 0;
  let bestValue = values[row * width];
  for (let j = 1; j < width; j++) {
    const v = values[row * width + j];
    if (v > bestValue) {
      bestValue = v;
      best = j;
    }
  }
  return best;
}

let rows = { a: new Float64Array(0), y: new Float64Array(0) };

/** Accuracy and mean cost of outputs a^L (count × outputSize) against a dataset's labels and targets. */
export function scoreOutputs(kernel: Kernel, dataset: Dataset, outputs: ArrayLike<number>): Evaluation {
  return scoreWithCost(kernel.spec.cost, dataset, outputs);
}

/** scoreOutputs with the cost named, for outputs computed without a kernel. */
export function scoreWithCost(costName: CostName, dataset: Dataset, outputs: ArrayLike<number>): Evaluation {
  const cost = getCost(costName);
  const { count, outputSize, targets, labels } = dataset;
  let totalCost = 0;
  let correct = 0;
  let squares = 0;
  // One example's a^L and y, copied into two rows reused for all examples and calls (a slice
  // per example was most of a small data set's evaluation).
  if (rows.a.length !== outputSize) rows = { a: new Float64Array(outputSize), y: new Float64Array(outputSize) };
  const { a, y } = rows;
  for (let n = 0; n < count; n++) {
    const from = n * outputSize;
    for (let j = 0; j < outputSize; j++) {
      a[j] = outputs[from + j];
      y[j] = targets[from + j];
      squares += (a[j] - y[j]) ** 2;
    }
    totalCost += cost.fn(a, y);
    if (labels && argmaxRow(outputs, n, outputSize) === labels[n]) correct++;
  }
  const meanCost = count === 0 ? NaN : totalCost / count;
  const rmse = count === 0 ? NaN : Math.sqrt(squares / (count * outputSize));
  if (!labels) return { count, meanCost, rmse };
  return { count, correct, accuracy: count === 0 ? NaN : correct / count, meanCost, rmse };
}

/**
 * Feedforward every example through the kernel, then score the outputs. `outputs` (count ×
 * n_L) may be given to be reused: train() evaluates after every epoch.
 */
export function evaluate(kernel: Kernel, data: ResidentDataset, outputs: Float64Array = new Float64Array(data.count * data.dataset.outputSize)): Evaluation {
  kernel.feedforwardDataset(data, outputs);
  // (not through scoreOutputs: train() calls this after every epoch, and each level was one more function for V8 to compile)
  return scoreWithCost(kernel.spec.cost, data.dataset, outputs);
}
