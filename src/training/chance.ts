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
 * True when `accuracy` is no better than chance plus a margin of three standard errors of
 * a coin with that chance over `count` examples (and at least one percentage point), so
 * noise around chance does not count as learning.
 */
export function atChance(accuracy: number, chance: number, count: number): boolean {
  const margin = Math.max(0.01, 3 * Math.sqrt((chance * (1 - chance)) / Math.max(count, 1)));
  return accuracy <= chance + margin;
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
