/**
 * How far a regression's outputs a^L fall from its targets y: the residuals e = a − y summed
 * up per target and over all of them, and the examples that miss by the most. Pure functions
 * of two count × outputSize matrices (row n is example n).
 */

export interface TargetResiduals {
  /** √((1/n) Σ_x e_x²), in the target's units. */
  readonly rmse: number;
  /** (1/n) Σ_x |e_x| */
  readonly meanAbsoluteError: number;
  /** (1/n) Σ_x e_x: above 0 when the network overestimates on average (its bias). */
  readonly meanError: number;
  /** max_x |e_x| */
  readonly largestError: number;
}

export interface ResidualSummary {
  readonly count: number;
  /**
   * √((1/(n·n_L)) Σ_x Σ_j e_xj²) over every example and target: the same sum, in the same
   * order, as evaluate's RMSE, so the two agree to the last bit.
   */
  readonly rmse: number;
  /** (1/(n·n_L)) Σ_x Σ_j |e_xj| */
  readonly meanAbsoluteError: number;
  /** One per target (output neuron), in output order. */
  readonly targets: readonly TargetResiduals[];
}

function checkShapes(outputs: ArrayLike<number>, targets: ArrayLike<number>, count: number, outputSize: number): void {
  const needed = count * outputSize;
  if (outputs.length < needed || targets.length < needed) {
    throw new RangeError(`outputs hold ${outputs.length} values and targets ${targets.length}; ${count} examples of ${outputSize} targets need ${needed} each`);
  }
}

export function residualSummary(outputs: ArrayLike<number>, targets: ArrayLike<number>, count: number, outputSize: number): ResidualSummary {
  checkShapes(outputs, targets, count, outputSize);
  let squares = 0;
  let absolutes = 0;
  const perSquares = new Float64Array(outputSize);
  const perAbsolutes = new Float64Array(outputSize);
  const perSums = new Float64Array(outputSize);
  const perLargest = new Float64Array(outputSize);
  for (let n = 0; n < count; n++) {
    for (let j = 0; j < outputSize; j++) {
      const e = outputs[n * outputSize + j] - targets[n * outputSize + j];
      squares += e ** 2;
      absolutes += Math.abs(e);
      perSquares[j] += e ** 2;
      perAbsolutes[j] += Math.abs(e);
      perSums[j] += e;
      perLargest[j] = Math.max(perLargest[j], Math.abs(e));
    }
  }
  const per = (sum: number): number => (count === 0 ? NaN : sum / count);
  return {
    count,
    rmse: count === 0 ? NaN : Math.sqrt(squares / (count * outputSize)),
    meanAbsoluteError: count === 0 ? NaN : absolutes / (count * outputSize),
    targets: Array.from({ length: outputSize }, (_, j) => ({
      rmse: Math.sqrt(per(perSquares[j])),
      meanAbsoluteError: per(perAbsolutes[j]),
      meanError: per(perSums[j]),
      largestError: count === 0 ? NaN : perLargest[j],
    })),
  };
}

/**
 * The `k` examples whose outputs miss their targets by the most, worst first, ranked by
 * ‖a − y‖ = √(Σ_j e_j²) (|a − y| for one target); ties keep the examples' order.
 */
export function largestErrors(outputs: ArrayLike<number>, targets: ArrayLike<number>, count: number, outputSize: number, k: number): { index: number; error: number }[] {
  checkShapes(outputs, targets, count, outputSize);
  const errors: { index: number; error: number }[] = [];
  for (let n = 0; n < count; n++) {
    let squares = 0;
    for (let j = 0; j < outputSize; j++) squares += (outputs[n * outputSize + j] - targets[n * outputSize + j]) ** 2;
    errors.push({ index: n, error: Math.sqrt(squares) });
  }
  // A NaN error (a diverged output) ranks first: it is the worst miss there is.
  const key = (e: number): number => (Number.isNaN(e) ? Infinity : e);
  errors.sort((a, b) => key(b.error) - key(a.error) || a.index - b.index);
  return errors.slice(0, Math.max(0, k));
}
