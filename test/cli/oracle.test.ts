import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nabla, tempDir } from './helpers.ts';

/*
 * An independent float64 implementation of FORMULAS.md, written from the formulas with
 * plain nested arrays and sharing no code with src/, and the test that the real `nabla`
 * binary (explain --json, predict) agrees with it on random networks of 2 to 5 layers.
 *
 * Here W[i] is the matrix w^{i+2} as rows (W[i][j][k] = w^{i+2}_{jk}), B[i] = b^{i+2},
 * exactly the layout of the model file.
 */
type Vector = number[];
type Matrix = number[][];

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
const sigmaPrime = (z: number): number => sigma(z) * (1 - sigma(z));

interface OracleResult {
  cost: number;
  zs: Vector[]; // zs[i] = z^{i+2}
  as: Vector[]; // as[i] = a^{i+1}; as[0] = x
  deltas: Vector[]; // deltas[i] = δ^{i+2}
  gradB: Vector[];
  gradW: Matrix[];
}

function oracle(W: Matrix[], B: Vector[], x: Vector, y: Vector): OracleResult {
  const layers = W.length; // L − 1
  // (1) z^l = w^l a^{l−1} + b^l, a^l = σ(z^l)
  const as: Vector[] = [x];
  const zs: Vector[] = [];
  for (let i = 0; i < layers; i++) {
    const z = W[i].map((row, j) => row.reduce((sum, w, k) => sum + w * as[i][k], 0) + B[i][j]);
    zs.push(z);
    as.push(z.map(sigma));
  }
  const aL = as[layers];
  // (2) C = ½ Σ_j (y_j − a^L_j)²
  const cost = 0.5 * y.reduce((sum, yj, j) => sum + (yj - aL[j]) ** 2, 0);
  // (4) δ^L_j = (a^L_j − y_j) σ'(z^L_j)
  const deltas: Vector[] = new Array<Vector>(layers);
  deltas[layers - 1] = aL.map((a, j) => (a - y[j]) * sigmaPrime(zs[layers - 1][j]));
  // (5) δ^l_j = Σ_k w^{l+1}_{kj} δ^{l+1}_k σ'(z^l_j)
  for (let i = layers - 2; i >= 0; i--) {
    deltas[i] = zs[i].map((z, j) => W[i + 1].reduce((sum, row, k) => sum + row[j] * deltas[i + 1][k], 0) * sigmaPrime(z));
  }
  // (6) ∂C/∂b^l = δ^l;  (7) ∂C/∂w^l_{jk} = a^{l−1}_k δ^l_j
  const gradB = deltas.map((d) => [...d]);
  const gradW = deltas.map((d, i) => d.map((dj) => as[i].map((ak) => ak * dj)));
  return { cost, zs, as, deltas, gradB, gradW };
}

/** mulberry32, a tiny seeded generator, and normals by Box–Muller: the test's own randomness. */
function generator(seed: number): { uniform: () => number; normal: () => number } {
  let s = seed >>> 0;
  const uniform = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

interface RandomModel {
  sizes: number[];
  W: Matrix[];
  B: Vector[];
  normalization?: { mean: number[]; std: number[] };
}

function randomModel(seed: number, withNormalization: boolean): RandomModel {
  const g = generator(seed);
  const L = 2 + (seed % 4); // 2..5 layers, each twice over the eight seeds
  const sizes = Array.from({ length: L }, () => 1 + Math.floor(g.uniform() * 7));
  const W = sizes.slice(1).map((n, i) => Array.from({ length: n }, () => Array.from({ length: sizes[i] }, () => g.normal())));
  const B = sizes.slice(1).map((n) => Array.from({ length: n }, () => g.normal()));
  const model: RandomModel = { sizes, W, B };
  if (withNormalization) {
    model.normalization = {
      mean: sizes.slice(0, 1).flatMap((n) => Array.from({ length: n }, () => 10 * g.normal())),
      std: Array.from({ length: sizes[0] }, () => 0.5 + 3 * g.uniform()),
    };
  }
  return model;
}

/** The model file, version 1, written by hand from FORMULAS.md's orientation. */
function modelFileText(model: RandomModel): string {
  const json: Record<string, unknown> = {
    format: 'nabla-model',
    version: 1,
    sizes: model.sizes,
    activation: 'sigmoid',
    cost: 'quadratic',
    weights: model.W,
    biases: model.B,
  };
  if (model.normalization) json.normalization = model.normalization;
  return JSON.stringify(json);
}

const standardise = (model: RandomModel, x: Vector): Vector =>
  model.normalization ? x.map((v, k) => (v - model.normalization!.mean[k]) / model.normalization!.std[k]) : x;

/**
 * Relative agreement to 1e-10. An entry is compared relative to itself, or to a millionth of
 * the largest entry of its array when it is smaller than that (an entry near 0 from
 * cancellation carries rounding noise relative to its array's scale, not its own).
 */
function assertAgree(actual: unknown, expected: Vector, what: string): void {
  assert.ok(Array.isArray(actual), `${what} is an array`);
  const values = actual as unknown[];
  assert.equal(values.length, expected.length, `${what}: length`);
  const scale = Math.max(...expected.map(Math.abs));
  expected.forEach((e, i) => {
    const a = values[i];
    assert.equal(typeof a, 'number', `${what}[${i}] is a number`);
    const error = Math.abs((a as number) - e) / Math.max(Math.abs(e), 1e-6 * scale, Number.MIN_VALUE);
    assert.ok(error <= 1e-10, `${what}[${i}]: nabla ${String(a)}, oracle ${e} (relative error ${error})`);
  });
}

const seeds = [1, 2, 3, 4, 5, 6, 7, 8];

for (const seed of seeds) {
  const withNormalization = seed % 3 === 0;
  test(`explain --json and predict agree with the independent implementation (seed ${seed}${withNormalization ? ', with normalization' : ''})`, () => {
    const dir = tempDir();
    const model = randomModel(seed, withNormalization);
    const { sizes } = model;
    const L = sizes.length;
    const file = join(dir, 'model.json');
    writeFileSync(file, modelFileText(model));
    const g = generator(seed + 1000);
    const x = Array.from({ length: sizes[0] }, () => (withNormalization ? 5 * g.normal() : g.normal()));
    const y = Array.from({ length: sizes[L - 1] }, () => g.uniform());
    const expected = oracle(model.W, model.B, standardise(model, x), y);

    // nabla explain --json: every layer's z, a, δ, ∂C/∂b, ∂C/∂w and the cost.
    const run = nabla(['explain', '--model', file, '--input', x.map(String).join(','), '--target', y.map(String).join(','), '--json']);
    assert.equal(run.status, 0, run.stderr);
    const json = JSON.parse(run.stdout) as { cost: number; layers: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(json), ['cost', 'layers']);
    assertAgree([json.cost], [expected.cost], 'cost');
    assert.equal(json.layers.length, L - 1);
    json.layers.forEach((layer, i) => {
      const l = i + 2;
      assert.deepEqual(Object.keys(layer), ['layer', 'z', 'a', 'delta', 'gradB', 'gradW']);
      assert.equal(layer.layer, l);
      assertAgree(layer.z, expected.zs[i], `z^${l}`);
      assertAgree(layer.a, expected.as[i + 1], `a^${l}`);
      assertAgree(layer.delta, expected.deltas[i], `δ^${l}`);
      assertAgree(layer.gradB, expected.gradB[i], `∂C/∂b^${l}`);
      const gradW = layer.gradW as unknown[];
      assert.equal(gradW.length, sizes[l - 1], `∂C/∂w^${l} rows`);
      gradW.forEach((row, j) => assertAgree(row, expected.gradW[i][j], `∂C/∂w^${l}[${j}]`));
    });

    // nabla predict on a CSV of several rows (with a header), from a file and from standard input.
    const rows = Array.from({ length: 5 }, () => Array.from({ length: sizes[0] }, () => 3 * g.normal()));
    const csv = [sizes.slice(0, 1).flatMap((n) => Array.from({ length: n }, (_, k) => `x${k + 1}`)).join(','), ...rows.map((r) => r.map(String).join(','))].join('\n') + '\n';
    const csvFile = join(dir, 'inputs.csv');
    writeFileSync(csvFile, csv);
    const outputs = rows.map((r) => oracle(model.W, model.B, standardise(model, r), new Array<number>(sizes[L - 1]).fill(0)).as[L - 1]);
    const fromFile = nabla(['predict', '--model', file, '--input', csvFile]);
    assert.equal(fromFile.status, 0, fromFile.stderr);
    const lines = fromFile.stdout.trimEnd().split('\n');
    assert.equal(lines.length, rows.length);
    lines.forEach((line, n) => assertAgree(line.split(',').map(Number), outputs[n], `predict row ${n + 1}`));
    const fromStdin = nabla(['predict', '--model', file, '--input', '-', '--json'], { stdin: csv });
    assert.equal(fromStdin.status, 0, fromStdin.stderr);
    const parsed = JSON.parse(fromStdin.stdout) as number[][];
    assert.equal(parsed.length, rows.length);
    parsed.forEach((row, n) => assertAgree(row, outputs[n], `predict --json row ${n + 1}`));
    // The CSV and JSON outputs are the same float64 values (String(number) round-trips).
    assert.deepEqual(lines.map((line) => line.split(',').map(Number)), parsed);
  });
}

test('the oracle itself matches a hand-computed 2-2-1 example', () => {
  // Same numbers as test/core/formulas.test.ts: z^2 = [0, 1], C = ½(1 − σ(−0.46211…))².
  const r = oracle([[[0.5, -1], [1, 2]], [[1, -2]]], [[0, -1], [0.5]], [1, 0.5], [1]);
  assertAgree(r.zs[0], [0, 1], 'z^2');
  assertAgree([r.cost], [0.18820112785699517], 'C');
  assertAgree(r.deltas[0], [-0.0363683337090136, 0.05720358719440413], 'δ^2');
  assertAgree(r.gradW[1][0], [-0.0727366674180272, -0.1063495293938127], '∂C/∂w^3');
});
