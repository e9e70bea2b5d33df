import { argmaxRow } from './evaluate.ts';

/**
 * How a classifier's answers spread over the classes: the confusion matrix and, from it,
 * each class's precision and recall. Pure functions of labels and outputs.
 */

/** The predicted class of each example: the output neuron with the largest a^L_j. */
export function predictedClasses(outputs: ArrayLike<number>, count: number, classCount: number): Int32Array {
  if (outputs.length < count * classCount) {
    throw new RangeError(`outputs hold ${outputs.length} values; ${count} examples of ${classCount} classes need ${count * classCount}`);
  }
  const predicted = new Int32Array(count);
  for (let n = 0; n < count; n++) predicted[n] = argmaxRow(outputs, n, classCount);
  return predicted;
}

/**
 * counts[t][p] = the number of examples of true class t predicted as class p
 * (rows: true class, columns: predicted class; the diagonal holds the correct answers).
 */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classCount: number): number[][] {
  if (labels.length !== predicted.length) {
    throw new RangeError(`${labels.length} labels but ${predicted.length} predictions; expected one prediction per label`);
  }
  const counts = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let n = 0; n < labels.length; n++) {
    const t = labels[n];
    const p = predicted[n];
    if (!(t >= 0 && t < classCount && p >= 0 && p < classCount)) {
      throw new RangeError(`example ${n}: class ${t} or prediction ${p} is outside 0..${classCount - 1}`);
    }
    counts[t][p]++;
  }
  return counts;
}

export interface ClassMetrics {
  /** Examples of this class (the row sum). */
  readonly support: number;
  /** Examples predicted as this class (the column sum). */
  readonly predicted: number;
  /** Examples of this class predicted as this class (the diagonal). */
  readonly truePositives: number;
  /** Of the examples predicted as this class, the fraction that are: TP / (TP + FP); NaN when none was predicted. */
  readonly precision: number;
  /** Of the examples of this class, the fraction found: TP / (TP + FN); NaN when the class has no examples. */
  readonly recall: number;
}

/** Precision and recall of every class, from a confusion matrix (rows true, columns predicted). */
export function classMetrics(confusion: readonly (readonly number[])[]): ClassMetrics[] {
  const k = confusion.length;
  return confusion.map((row, c) => {
    const truePositives = row[c];
    const support = row.reduce((sum, v) => sum + v, 0);
    let predicted = 0;
    for (let t = 0; t < k; t++) predicted += confusion[t][c];
    return {
      support,
      predicted,
      truePositives,
      precision: predicted === 0 ? NaN : truePositives / predicted,
      recall: support === 0 ? NaN : truePositives / support,
    };
  });
}

/** Correct answers (the trace) and all answers of a confusion matrix. */
export function confusionTotals(confusion: readonly (readonly number[])[]): { correct: number; count: number } {
  let correct = 0;
  let count = 0;
  confusion.forEach((row, t) => {
    correct += row[t];
    for (const v of row) count += v;
  });
  return { correct, count };
}
