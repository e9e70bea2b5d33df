import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

/** The hand-computed 2-2-1 network of test/core/formulas.test.ts, as a model file. */
function handModel(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'hand.json');
  const json = {
    format: 'nabla-model',
    version: 1,
    sizes: [2, 2, 1],
    activation: 'sigmoid',
    cost: 'quadratic',
    weights: [[[0.5, -1], [1, 2]], [[1, -2]]],
    biases: [[0, -1], [0.5]],
    ...extra,
  };
  writeFileSync(file, JSON.stringify(json));
  return file;
}

test('nabla explain shows every quantity labelled with its formula, forward then backward', () => {
  const model = handModel(tempDir());
  const run = nabla(['explain', '--model', model, '--input', '1,0.5', '--target', '1']);
  assert.equal(run.status, 0, run.stderr);
  const out = run.stdout;
  for (const label of [
    'a^1 = x',
    '(1) z^2 = w^2 a^1 + b^2',
    '(1) a^2 = σ(z^2)',
    '(1) z^3 = w^3 a^2 + b^3',
    '(1) a^3 = σ(z^3)',
    '(2) C = ½‖y − a^3‖²',
    "(4) δ^3 = (a^3 − y) ⊙ σ'(z^3)",
    "(5) δ^2 = ((w^3)^T δ^3) ⊙ σ'(z^2)",
    '(6) ∂C/∂b^3 = δ^3',
    '(6) ∂C/∂b^2 = δ^2',
    '(7) ∂C/∂w^3 = δ^3 (a^2)^T',
    '(7) ∂C/∂w^2 = δ^2 (a^1)^T',
  ]) {
    assert.ok(out.includes(label), `missing ${label}:\n${out}`);
  }
  // The hand-computed numbers, rounded for reading.
  assert.match(out, /\(1\) z\^2 = w\^2 a\^1 \+ b\^2 +\[0, 1\]/);
  assert.match(out, /\(1\) a\^2 = σ\(z\^2\) +\[0\.5, 0\.731059\]/);
  assert.match(out, /\(2\) C = ½‖y − a\^3‖² +0\.188201127[89]/);
  assert.match(out, /\(4\) δ\^3 = .* +\[-0\.145473\]/);
  assert.match(out, /\(5\) δ\^2 = .* +\[-0\.0363683, 0\.0572036\]/);
  // ∂C/∂w^2 is a 2 × 2 matrix with aligned columns.
  assert.match(out, /\(7\) ∂C\/∂w\^2 = δ\^2 \(a\^1\)\^T +\(2 × 2\)\n +\[ -0\.0363683 {2}-0\.0181842 \]\n +\[ {2}0\.0572036 {3}0\.0286018 \]/);
  // The backward pass runs from the output layer down.
  assert.ok(out.indexOf('(4) δ^3') < out.indexOf('(5) δ^2'));
  assert.ok(out.indexOf('(2) C') < out.indexOf('(4) δ^3'));
});

test('nabla explain --json prints exactly {cost, layers: [{layer, z, a, delta, gradB, gradW}]} for layers 2..L', () => {
  const model = handModel(tempDir());
  const run = nabla(['explain', '--model', model, '--input', '1,0.5', '--target', '1', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(json), ['cost', 'layers']);
  assert.deepEqual(json.layers.map((l: { layer: number }) => l.layer), [2, 3]);
  assert.deepEqual(json.layers[0].z, [0, 1]);
  assert.deepEqual(json.layers[0].a, [0.5, 0.7310585786300049]);
  assert.ok(Math.abs(json.cost - 0.18820112785699517) < 1e-15);
  assert.equal(json.layers[1].gradW.length, 1);
  assert.equal(json.layers[1].gradW[0].length, 2);
  assert.deepEqual(json.layers[0].gradB, json.layers[0].delta);
});

test('nabla explain elides big matrices and long vectors, keeping the shape visible', () => {
  const dir = tempDir();
  const model = join(dir, 'big.json');
  assert.equal(nabla(['init', '--sizes', '20,15,10', '--out', model]).status, 0);
  const x = Array.from({ length: 20 }, (_, k) => (k / 20).toString()).join(',');
  const y = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0].join(',');
  const run = nabla(['explain', '--model', model, '--input', x, '--target', y]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\(7\) ∂C\/∂w\^2 = δ\^2 \(a\^1\)\^T +\(15 × 20\)/);
  assert.match(run.stdout, /\(15 × 20; showing 7 rows and 7 columns, the rest elided: --json has them all\)/);
  assert.match(run.stdout, /\(20 values\)/);
  assert.ok(run.stdout.includes('…'));
  // No line is absurdly wide.
  for (const line of run.stdout.split('\n')) assert.ok(line.length < 160, `too wide: ${line}`);
});

test('nabla explain standardises the input with the model\'s normalization, and says so', () => {
  const dir = tempDir();
  // mean [1, 1], std [2, 3]: x = [3, 2.5] becomes [1, 0.5], the hand example's input.
  const model = handModel(dir, { normalization: { mean: [1, 1], std: [2, 3] } });
  const run = nabla(['explain', '--model', model, '--input', '3,2.5', '--target', '1']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /normalization/);
  assert.match(run.stdout, /x ← \(x − mean\) \/ std/);
  assert.match(run.stdout, /a\^1 = x +\[1, 0\.5\]/);
  const json = JSON.parse(nabla(['explain', '--model', model, '--input', '3,2.5', '--target', '1', '--json']).stdout);
  assert.deepEqual(json.layers[0].z, [0, 1]);
});

test('nabla explain refuses bad input with one line naming the problem, exit status 2', () => {
  const dir = tempDir();
  const model = handModel(dir);
  assertBadInput(nabla(['explain', '--model', model, '--input', '1,2,3', '--target', '1']), /--input has 3 values; the network needs 2/);
  assertBadInput(nabla(['explain', '--model', model, '--input', '1,abc', '--target', '1']), /--input: value 2 'abc' is not a finite number/);
  assertBadInput(nabla(['explain', '--model', model, '--input', '1,2', '--target', '1,0']), /--target has 2 values; the network needs 1/);
  assertBadInput(nabla(['explain', '--model', model, '--input', '1,NaN', '--target', '1']), /--input: value 2 'NaN' is not a finite number/);
  assertBadInput(nabla(['explain', '--model', model, '--input', '1,2']), /required option '--target <numbers>' not specified/);
  assertBadInput(nabla(['explain', '--input', '1,2', '--target', '1']), /required option '--model <file>' not specified/);
  assertBadInput(nabla(['explain', '--model', join(dir, 'nope.json'), '--input', '1,2', '--target', '1']), /nope\.json.*no such file/);
  assertBadInput(nabla(['explain', '--model', model, '--input', '1,2', '--target', '1', '--verbose']), /unknown option '--verbose'/);
});
