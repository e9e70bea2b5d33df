import type { RuleSettings } from './rules.ts';

/**
 * L2's decay of w^2 kept as one number (assembly/layer2Scale.ts has the why): plain SGD with
 * L2 and no L1 holds w^2 = s W̃, and a step multiplies s by the decay d = 1 − ηλ₂/n instead of
 * every weight. This file is the JS side: which kernels do it, and each step's constants.
 */

/** Does a kernel with these settings keep w^2 scaled? */
export function keepsW2Scaled(settings: RuleSettings): boolean {
  return settings.rule === 'sgd' && settings.l2 > 0 && settings.l1 === 0;
}

/**
 * s is folded into W̃ before it falls below this. Any bound works for the arithmetic (W̃'s
 * relative rounding does not depend on s); a fold is a pass over w^2, so rarely is cheap:
 * at MNIST's η = 0.5, λ₂ = 5, n = 50,000, s falls to 1/16 in about 55,000 steps (11 epochs).
 */
export const FOLD_BELOW = 1 / 16;
/** A decay below this (ηλ₂/n near 1 or above) is applied to W̃ itself, with s reset to 1. */
export const SMALLEST_DECAY = 2 ** -20;

/** One step's constants: see layout.ts, H_W2_SCALED. */
export interface W2ScaleStep {
  /** s, which this step's forward pass reads. */
  readonly scale: number;
  /** W̃ ← foldFactor W̃ before the update, if `fold`. */
  readonly fold: boolean;
  readonly foldFactor: number;
  /** 1/s' for the step's update of W̃. */
  readonly inverse: number;
  /** s', the scale after the step. */
  readonly next: number;
}

/** The step from scale s with decay d = 1 − ηλ₂/n. */
export function w2ScaleStep(s: number, decay: number): W2ScaleStep {
  if (!(decay >= SMALLEST_DECAY)) return { scale: s, fold: true, foldFactor: s * decay, inverse: 1, next: 1 };
  const next = s * decay;
  if (next >= FOLD_BELOW) return { scale: s, fold: false, foldFactor: 1, inverse: 1 / next, next };
  return { scale: s, fold: true, foldFactor: s, inverse: 1 / decay, next: decay };
}
