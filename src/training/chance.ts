/**
 * A run that learns nothing: after a few epochs its accuracy is still what always guessing
 * the most common class scores. Said once, with the usual causes, instead of letting the
 * user wait out every epoch (seen with η = 1e6 and η = 1e-30, [784, 1000, 10] at η = 3, and an
 * unnormalised feature of 1e6).
 */

/** The epoch after which accuracy is compared with chance. */
export const CHANCE_EPOCH = 3;

/** What always answering the most common class scores on these labels: the chance level. */
export function chanceAccuracy(labels: ArrayLike<number>, classCount: number): number {
  if (labels.length === 0) return 0;
  const counts = new Array<number>(classCount).fill(0);
  for (let n = 0; n < labels.length; n++) counts[labels[n]]++;
  return Math.max(...counts) / labels.length;
}

/**
 * The fewest evaluated examples that can show a network is at chance: with Iris's 30 test
 * rows, 63.33% against 43.33% is 2.2 standard errors, and XOR's 4 rows can only score 0, 25,
 * 50, 75 or 100%. Below this, nothing is said.
 */
export const CHANCE_MIN_EXAMPLES = 100;

/** z of a one-sided test at the 5% level. */
const Z_5_PERCENT = 1.645;

/**
 * z = (accuracy − chance) / √(chance (1 − chance) / n): how many standard errors of a coin
 * with the chance level over n examples the accuracy lies above it.
 */
export function chanceZ(accuracy: number, chance: number, count: number): number {
  const standardError = Math.sqrt((chance * (1 - chance)) / Math.max(count, 1));
  return standardError === 0 ? (accuracy > chance ? Infinity : 0) : (accuracy - chance) / standardError;
}

/**
 * True only on evidence that nothing was learned: at least CHANCE_MIN_EXAMPLES examples, and
 * an accuracy that a one-sided z-test at the 5% level does not find above chance.
 */
export function atChance(accuracy: number, chance: number, count: number): boolean {
  return count >= CHANCE_MIN_EXAMPLES && chanceZ(accuracy, chance, count) < Z_5_PERCENT;
}

/** The words for what atChance found, matching the numbers: "below", "the same as" or "not significantly above". */
export function chanceComparison(accuracy: number, chance: number, count: number): string {
  if (accuracy < chance) return `below the ${percent(chance)} that always answering the commonest class scores`;
  if (accuracy === chance) return `exactly what always answering the commonest class scores`;
  return `not significantly above the ${percent(chance)} that always answering the commonest class scores (${chanceZ(accuracy, chance, count).toFixed(2)} standard errors; a one-sided test at the 5% level needs ${Z_5_PERCENT})`;
}

function percent(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

export interface ChanceContext {
  readonly learningRate: number;
  /** The largest |input| of the training data as the network sees it (after any normalisation). */
  readonly largestInput: number;
  /** The widest hidden layer. */
  readonly widestHidden: number;
}

/** The likely causes, most specific first. */
export function chanceAdvice(context: ChanceContext): string {
  const { learningRate, largestInput, widestHidden } = context;
  if (learningRate >= 100) return `η = ${learningRate} is very large: the steps overshoot and saturate the neurons; try η between 0.1 and 10`;
  if (learningRate <= 1e-4) return `η = ${learningRate} is very small: the weights barely move; try η between 0.1 and 10`;
  if (largestInput >= 100) return `inputs reach ${largestInput.toPrecision(3)}, which saturates the sigmoids of layer 2; standardise the features (--normalize)`;
  if (widestHidden >= 500) return `a hidden layer of ${widestHidden} neurons at η = ${learningRate} may saturate; try a smaller η, or fewer neurons`;
  return 'check η (--eta), the features\' scale (--normalize) and the label column';
}
