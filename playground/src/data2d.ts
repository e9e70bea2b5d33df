import { createRng, type Dataset, type Rng } from 'nabla';
import { DEFAULT_FEATURES, featureInputs, type Feature } from './features.ts';

/**
 * The 2-D data sets of the playground, after TensorFlow Playground's: points (x₁, x₂) in
 * [−1, 1]² with a class 0 or 1 (circle, xor, gauss, spiral) or, for regression, a number y
 * (plane, multigauss). Pure functions of (kind, count, noise, seed): the same URL always
 * draws the same points. Noise is a percentage, 0–50, of the plane's half-width.
 */
export const datasetKinds2d = ['circle', 'xor', 'gauss', 'spiral', 'plane', 'multigauss'] as const;
export type DatasetKind2d = (typeof datasetKinds2d)[number];

/** The 2-D sets whose target is a number, not a class. */
export const regressionKinds2d: readonly DatasetKind2d[] = ['plane', 'multigauss'];

export interface Points2d {
  /** count × 2 coordinates */
  readonly xs: Float64Array;
  /** 0 or 1 for each point (all 0 for a regression set) */
  readonly labels: Int32Array;
  /** The target y of each point, for a regression set. */
  readonly values?: Float64Array;
  readonly count: number;
}

function points(count: number): { xs: Float64Array; labels: Int32Array } {
  return { xs: new Float64Array(count * 2), labels: new Int32Array(count) };
}

const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng.uniform();

/** Class 1 inside radius 0.5, class 0 on a ring from 0.7 to 1; the label follows the noisy point's radius. */
function circle(count: number, noise: number, rng: Rng): Points2d {
  const { xs, labels } = points(count);
  for (let i = 0; i < count; i++) {
    const inner = i < count / 2;
    const r = inner ? between(rng, 0, 0.5) : between(rng, 0.7, 1);
    const angle = between(rng, 0, 2 * Math.PI);
    const x = r * Math.sin(angle) + between(rng, -1, 1) * noise;
    const y = r * Math.cos(angle) + between(rng, -1, 1) * noise;
    xs[2 * i] = x;
    xs[2 * i + 1] = y;
    labels[i] = Math.hypot(x, y) < 0.6 ? 1 : 0;
  }
  return { xs, labels, count };
}

/** Class 1 where x₁ and x₂ have the same sign; points keep a small margin from the axes. */
function xor(count: number, noise: number, rng: Rng): Points2d {
  const { xs, labels } = points(count);
  const margin = 0.06;
  for (let i = 0; i < count; i++) {
    const x = between(rng, -1, 1);
    const y = between(rng, -1, 1);
    const px = x + (x > 0 ? margin : -margin) * 0.5;
    const py = y + (y > 0 ? margin : -margin) * 0.5;
    xs[2 * i] = px + between(rng, -1, 1) * noise;
    xs[2 * i + 1] = py + between(rng, -1, 1) * noise;
    labels[i] = px * py >= 0 ? 1 : 0;
  }
  return { xs, labels, count };
}

/** Two Gaussian clusters at ±(0.4, 0.4); noise widens them. */
function gauss(count: number, noise: number, rng: Rng): Points2d {
  const { xs, labels } = points(count);
  const spread = 0.1 + noise * 1.2;
  for (let i = 0; i < count; i++) {
    const positive = i < count / 2;
    const centre = positive ? 0.4 : -0.4;
    xs[2 * i] = centre + rng.normal() * spread;
    xs[2 * i + 1] = centre + rng.normal() * spread;
    labels[i] = positive ? 1 : 0;
  }
  return { xs, labels, count };
}

/** Two interleaved spirals of 1.75 turns each, class 1 and class 0. */
function spiral(count: number, noise: number, rng: Rng): Points2d {
  const { xs, labels } = points(count);
  const half = Math.floor(count / 2);
  for (let i = 0; i < count; i++) {
    const positive = i < half;
    const n = positive ? half : count - half;
    const k = positive ? i : i - half;
    const r = (k / n) * 0.9;
    const t = (1.75 * k * 2 * Math.PI) / n + (positive ? 0 : Math.PI);
    xs[2 * i] = r * Math.sin(t) + between(rng, -1, 1) * noise;
    xs[2 * i + 1] = r * Math.cos(t) + between(rng, -1, 1) * noise;
    labels[i] = positive ? 1 : 0;
  }
  return { xs, labels, count };
}

/**
 * TensorFlow Playground's plane, scaled from its [−6, 6]² to [−1, 1]²: y = 0.6 (x₁ + x₂),
 * from −1.2 to 1.2 (its (x + y)/10 over radius 6).
 */
export function planeValue(x1: number, x2: number): number {
  return 0.6 * (x1 + x2);
}

/** TensorFlow Playground's six Gaussians (centres at (±4, ±2.5) and (0, ±2.5) over radius 6), scaled to [−1, 1]². */
const GAUSSIANS: readonly (readonly [number, number, number])[] = [
  [-4 / 6, 2.5 / 6, 1],
  [0, 2.5 / 6, -1],
  [4 / 6, 2.5 / 6, 1],
  [-4 / 6, -2.5 / 6, -1],
  [0, -2.5 / 6, 1],
  [4 / 6, -2.5 / 6, -1],
];

/**
 * Each bump is ±(1 − 3d) at distance d from its centre (0 beyond d = ⅓, TF's 2 over radius
 * 6); the value is the bump largest in size.
 */
export function multigaussValue(x1: number, x2: number): number {
  let value = 0;
  for (const [cx, cy, sign] of GAUSSIANS) {
    const bump = sign * Math.max(0, 1 - 3 * Math.hypot(x1 - cx, x2 - cy));
    if (Math.abs(bump) > Math.abs(value)) value = bump;
  }
  return value;
}

/** Points uniform over the plane; as in TF Playground, noise moves where y is read, not the point. */
function regression(value: (x1: number, x2: number) => number): (count: number, noise: number, rng: Rng) => Points2d {
  return (count, noise, rng) => {
    const { xs, labels } = points(count);
    const values = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const x = between(rng, -1, 1);
      const y = between(rng, -1, 1);
      xs[2 * i] = x;
      xs[2 * i + 1] = y;
      values[i] = value(x + between(rng, -1, 1) * noise, y + between(rng, -1, 1) * noise);
    }
    return { xs, labels, values, count };
  };
}

const generators: Record<DatasetKind2d, (count: number, noise: number, rng: Rng) => Points2d> = {
  circle,
  xor,
  gauss,
  spiral,
  plane: regression(planeValue),
  multigauss: regression(multigaussValue),
};

/**
 * `count` points of the named set, shuffled, with `noise` in percent (0–50). The seed fixes
 * both the points and their order, so the train/test split is reproducible too.
 */
export function generate2d(kind: DatasetKind2d, count: number, noisePercent: number, seed: number): Points2d {
  const rng = createRng(seed);
  const data = generators[kind](count, noisePercent / 100, rng);
  // Shuffle so that a split into train and test takes both classes from the whole plane.
  for (let i = count - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [data.labels[i], data.labels[j]] = [data.labels[j], data.labels[i]];
    if (data.values) [data.values[i], data.values[j]] = [data.values[j], data.values[i]];
    [data.xs[2 * i], data.xs[2 * j]] = [data.xs[2 * j], data.xs[2 * i]];
    [data.xs[2 * i + 1], data.xs[2 * j + 1]] = [data.xs[2 * j + 1], data.xs[2 * i + 1]];
  }
  return data;
}

/**
 * Points [from, to) as a nabla Dataset for a network with `outputs` output neurons and the
 * given input features: a regression set's one output holds y; for classes, one output holds
 * y = the class (0 or 1), two or more hold the class one-hot.
 */
export function pointsDataset(data: Points2d, from: number, to: number, outputs: number, features: readonly Feature[] = DEFAULT_FEATURES): Dataset {
  const count = to - from;
  const inputs = featureInputs(features, data.xs.slice(2 * from, 2 * to));
  const shape = { count, inputSize: features.length, outputSize: outputs, inputs, inputScale: 1 };
  if (data.values !== undefined) return { ...shape, outputSize: 1, targets: data.values.slice(from, to) };
  const targets = new Float64Array(count * outputs);
  const labels = data.labels.slice(from, to);
  for (let i = 0; i < count; i++) {
    if (outputs === 1) targets[i] = labels[i];
    else targets[i * outputs + labels[i]] = 1;
  }
  return { ...shape, targets, labels };
}
