/**
 * The input features of the 2-D sets, as TensorFlow Playground offers them: the network's
 * inputs are the chosen functions of the point (x₁, x₂), in this order, so that x₁² alone
 * makes a circle linearly separable. `features=` in the URL names them by their keys.
 */
export const featureKeys = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'] as const;
export type Feature = (typeof featureKeys)[number];

export const FEATURES: Readonly<Record<Feature, { readonly label: string; readonly fn: (x1: number, x2: number) => number }>> = {
  x1: { label: 'x₁', fn: (x1) => x1 },
  x2: { label: 'x₂', fn: (_, x2) => x2 },
  x1sq: { label: 'x₁²', fn: (x1) => x1 * x1 },
  x2sq: { label: 'x₂²', fn: (_, x2) => x2 * x2 },
  x1x2: { label: 'x₁x₂', fn: (x1, x2) => x1 * x2 },
  sinx1: { label: 'sin x₁', fn: (x1) => Math.sin(x1) },
  sinx2: { label: 'sin x₂', fn: (_, x2) => Math.sin(x2) },
};

export const DEFAULT_FEATURES: readonly Feature[] = ['x1', 'x2'];

export const isFeature = (key: string): key is Feature => (featureKeys as readonly string[]).includes(key);

/** The features in the canonical order (x₁ first, sin x₂ last), each once. */
export function orderFeatures(features: Iterable<Feature>): Feature[] {
  const chosen = new Set(features);
  return featureKeys.filter((key) => chosen.has(key));
}

/** Writes the features of (x1, x2) into `out` from `offset`. */
export function featuresAt(features: readonly Feature[], x1: number, x2: number, out: Float64Array, offset = 0): void {
  for (let k = 0; k < features.length; k++) out[offset + k] = FEATURES[features[k]].fn(x1, x2);
}

/** The inputs for count × 2 coordinates: count × features.length values, row by row. */
export function featureInputs(features: readonly Feature[], xs: Float64Array): Float64Array {
  const count = xs.length / 2;
  const inputs = new Float64Array(count * features.length);
  for (let i = 0; i < count; i++) featuresAt(features, xs[2 * i], xs[2 * i + 1], inputs, i * features.length);
  return inputs;
}
