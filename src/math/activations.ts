/**
 * Activation functions σ as {fn, prime} pairs: each derivative sits beside its function.
 * Kernels inline these; this module is the definition they are tested against.
 */
export interface Activation {
  readonly name: ActivationName;
  /** σ(z) */
  fn(z: number): number;
  /** σ'(z) */
  prime(z: number): number;
}

export const activationNames = ['sigmoid'] as const;
export type ActivationName = (typeof activationNames)[number];

/**
 * σ(z) = 1 / (1 + e^{-z}), computed so that it never overflows: for z < 0 it uses the
 * equal form e^{z} / (1 + e^{z}). σ(1000) = 1 and σ(-1000) = 0, never NaN.
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** σ'(z) = σ(z)(1 − σ(z)) */
export function sigmoidPrime(z: number): number {
  const s = sigmoid(z);
  return s * (1 - s);
}

export const sigmoidActivation: Activation = { name: 'sigmoid', fn: sigmoid, prime: sigmoidPrime };

const activations: Record<ActivationName, Activation> = { sigmoid: sigmoidActivation };

export function getActivation(name: ActivationName): Activation {
  return activations[name];
}

export function isActivationName(name: unknown): name is ActivationName {
  return typeof name === 'string' && (activationNames as readonly string[]).includes(name);
}
