import { H_DROP_SCALE64, H_DROP_SEED, H_DROP_T, H_DROP_THRESHOLD, H_M, H_NEXT, H_NEXT_M, H_ORDER, H_W2_BIAS_FACTOR64, H_W2_FOLD, H_W2_FOLD_FACTOR64, H_W2_INVERSE64, H_W2_SCALE64 } from './layout.ts';
import type { MemoryViews } from './memoryViews.ts';
import { StepConstantsWriter, type RuleSettings } from './rules.ts';
import { w2ScaleStep } from './w2Scale.ts';

/** One step as trainBatch is given it (kernel.ts: TrainStep), η alone filled in. */
export interface GivenStep {
  readonly learningRate: number;
  /** n, for λ/n: the training set's size (default: the dataset's). */
  readonly trainingSize?: number;
  /** The 1-based global step (default: the kernel's steps + 1). */
  readonly t?: number;
  readonly dropoutSeed?: number;
}

/**
 * Writes a batch's order into the plan at word `h`, checking each index, and the examples the
 * next call will probably read (the next m of `indices`), for prefetching.
 */
export function writeOrder(views: MemoryViews, h: number, indices: ArrayLike<number>, start: number, m: number, count: number): void {
  const { i32, u32 } = views;
  const o = i32[h + H_ORDER] / 4;
  for (let i = 0; i < m; i++) {
    const index = indices[start + i];
    if (!(index < count)) throw new RangeError(`order[${start + i}] = ${index} is not an example index below ${count}`);
    u32[o + i] = index;
  }
  const next0 = i32[h + H_NEXT] / 4;
  let guessed = 0;
  for (let i = start + m; guessed < m && i < indices.length && indices[i] < count; i++) u32[next0 + guessed++] = indices[i];
  i32[h + H_NEXT_M] = guessed;
  i32[h + H_M] = m;
}

/** What a step's header needs that stays for the kernel's life. */
export interface StepSettings {
  readonly rule: RuleSettings;
  /** Dropout's p, and floor(p·2³²): a neuron whose mask hash is below it is dropped (src/math/dropout.ts). */
  readonly dropout: number;
  readonly dropThreshold: number;
  /** Whether the kernel keeps w^2 = s W̃ (w2Scale.ts). */
  readonly scaledW2: boolean;
  /** Writes the rule's constants into a plan, when they changed. */
  readonly constants: StepConstantsWriter;
}

/** A kernel's StepSettings, for its rule, dropout's p and whether it keeps w^2 scaled. */
export function stepSettings(rule: RuleSettings, dropout: number, scaledW2: boolean): StepSettings {
  return { rule, dropout, dropThreshold: Math.min(Math.floor(dropout * 4294967296), 4294967295), scaledW2, constants: new StepConstantsWriter(rule) };
}

/**
 * Writes a step's constants into the plan at word `h`: the rule's (rules.ts), dropout's, and
 * with a scaled w^2 this step's scale factors (w2Scale.ts). Returns the scale s after the step.
 */
export function writeStepHeader(views: MemoryViews, h: number, s: StepSettings, given: GivenStep, m: number, n: number, t: number, w2Scale: number): number {
  const { f64, i32, u32 } = views;
  s.constants.write(f64, h / 2, given.learningRate, m, n, t);
  u32[h + H_DROP_THRESHOLD] = s.dropThreshold;
  u32[h + H_DROP_SEED] = given.dropoutSeed ?? 0;
  u32[h + H_DROP_T] = t;
  f64[h / 2 + H_DROP_SCALE64] = 1 / (1 - s.dropout);
  if (!s.scaledW2) return w2Scale;
  const w2 = w2ScaleStep(w2Scale, 1 - given.learningRate * (s.rule.l2 / n));
  f64[h / 2 + H_W2_SCALE64] = w2.scale;
  f64[h / 2 + H_W2_BIAS_FACTOR64] = 1 / w2.scale;
  f64[h / 2 + H_W2_INVERSE64] = w2.inverse;
  f64[h / 2 + H_W2_FOLD_FACTOR64] = w2.foldFactor;
  i32[h + H_W2_FOLD] = w2.fold ? 1 : 0;
  return w2.next;
}
