import { argmaxRow, backprop, getCost, type CostName, type Dataset, type Network } from 'nabla';

/**
 * Cost, accuracy and RMSE of outputs a^L against a data set. With one output neuron the class
 * is whether a^L ≥ ½ (y is 0 or 1); with more, the largest output, as the library's evaluate
 * does; without labels (a regression) the accuracy is NaN. The cost is the network's own cost
 * function, (1/n) Σ_x C_x; the RMSE is the library's, √((1/(n·n_L)) Σ_x ‖a^L − y‖²).
 */
export function score(outputs: ArrayLike<number>, data: Dataset, costName: CostName): { cost: number; accuracy: number; rmse: number } {
  const cost = getCost(costName);
  const { count, outputSize, targets, labels } = data;
  let total = 0;
  let correct = 0;
  let squares = 0;
  const a = new Float64Array(outputSize);
  for (let n = 0; n < count; n++) {
    for (let j = 0; j < outputSize; j++) {
      a[j] = outputs[n * outputSize + j];
      squares += (a[j] - targets[n * outputSize + j]) ** 2;
    }
    total += cost.fn(a, targets.subarray(n * outputSize, (n + 1) * outputSize));
    const predicted = outputSize === 1 ? (a[0] >= 0.5 ? 1 : 0) : argmaxRow(outputs, n, outputSize);
    if (labels !== undefined && predicted === labels[n]) correct++;
  }
  return { cost: total / count, accuracy: labels === undefined ? NaN : correct / count, rmse: Math.sqrt(squares / (count * outputSize)) };
}

/** Example i's input x (layer 1's activations) and desired output y, as float64. */
export function exampleOf(data: Dataset, i: number): { x: Float64Array; y: Float64Array } {
  const x = new Float64Array(data.inputSize);
  for (let k = 0; k < data.inputSize; k++) x[k] = data.inputs[i * data.inputSize + k] * data.inputScale;
  const y = Float64Array.from(data.targets.subarray(i * data.outputSize, (i + 1) * data.outputSize));
  return { x, y };
}

/**
 * The size of δ^l in each layer: mean |δ^l_j| over the first `sample` training examples,
 * by the library's backprop. Shrinking sizes toward layer 2 are vanishing gradients.
 */
export function deltaSizes(network: Network, data: Dataset, sample = 32): number[] {
  const L = network.sizes.length;
  const sums = new Float64Array(L + 1);
  const n = Math.min(sample, data.count);
  for (let i = 0; i < n; i++) {
    const { x, y } = exampleOf(data, i);
    const trace = backprop(network, x, y);
    for (let l = 2; l <= L; l++) {
      let s = 0;
      for (const d of trace.deltas[l]) s += Math.abs(d);
      sums[l] += s / trace.deltas[l].length;
    }
  }
  return Array.from({ length: L - 1 }, (_, i) => sums[i + 2] / Math.max(n, 1));
}
