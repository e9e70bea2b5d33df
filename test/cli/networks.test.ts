import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { createRng } from '../../src/math/rng.ts';
import { activationNames } from '../../src/math/activations/index.ts';
import { updateRuleNames } from '../../src/math/updateRules/index.ts';
import { flaggedHyperParameters, hyperFlag } from '../../src/api/trainOptions.ts';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

/**
 * Issue 11's flags through the real binary: every flag documented with an example, a
 * regression from CSV to model file to evaluate and predict, the per-layer model file,
 * explain's formula 4 for the chosen cost, and one clear line for each bad combination.
 */
const dir = tempDir();

/** y = 2a − b + 1 (and z = a·b for a second target), with a little noise. */
function regressionCsv(path: string, count: number, seed: number): void {
  const rng = createRng(seed);
  const rows = ['a,b,y,z'];
  for (let n = 0; n < count; n++) {
    const a = rng.uniform() * 2 - 1;
    const b = rng.uniform() * 2 - 1;
    rows.push(`${a},${b},${2 * a - b + 1 + 0.01 * rng.normal()},${a * b}`);
  }
  writeFileSync(path, rows.join('\n') + '\n');
}
const train = join(dir, 'train.csv');
const testCsv = join(dir, 'test.csv');
regressionCsv(train, 300, 1);
regressionCsv(testCsv, 100, 2);

/** Two classes in the plane, for the classifier flags. */
const blobs = join(dir, 'blobs.csv');
{
  const rng = createRng(3);
  const rows = ['x1,x2,label'];
  for (let n = 0; n < 200; n++) {
    const label = n % 2;
    rows.push(`${(label ? 1.5 : -1.5) + 0.5 * rng.normal()},${(label ? 1.5 : -1.5) + 0.5 * rng.normal()},${label ? 'b' : 'a'}`);
  }
  writeFileSync(blobs, rows.join('\n') + '\n');
}

// the update rules' flags come from their declared hyper-parameters (--momentum, --beta1, --beta2, …)
const FLAGS = ['--activation', '--output', '--cost', '--weights', '--l2', '--l1', '--dropout', '--optimizer', ...flaggedHyperParameters.map(hyperFlag), '--schedule', '--early-stop', '--task'];

for (const command of ['train', 'gradcheck']) {
  test(`nabla ${command} --help documents every network flag, each with an example`, () => {
    const help = nabla([command, '--help']).stdout;
    for (const flag of FLAGS) {
      assert.match(help, new RegExp(`${flag} <[^>]+> +\\S`), `${flag} is described`);
      if (command === 'train') assert.ok(help.split('\n').some((line) => line.trimStart().startsWith('nabla train') && line.includes(flag)) || new RegExp(`${flag} <[^>]+> [^\\n]*e\\.g\\.`).test(help), `${flag} has an example`);
    }
  });
}

test('a regression end to end: train --task regression (RMSE, a linear output), save version 2, evaluate, predict values', () => {
  const model = join(dir, 'line.json');
  const run = nabla(['train', '--task', 'regression', '--train', train, '--test', testCsv, '--label-column', 'y', '--sizes', '3,8,1', '--activation', 'tanh',
    '--eta', '0.05', '--epochs', '40', '--batch', '10', '--json', '--save', model, '--kernel', 'reference', '--dtype', 'float64']);
  assert.equal(run.status, 0, run.stderr);
  const epochs = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const last = epochs[epochs.length - 1];
  assert.equal(last.kernel, 'reference');
  assert.equal(last.testAccuracy, null);
  assert.ok((last.testRmse as number) < 0.1, `test RMSE ${String(last.testRmse)}`);
  const json = JSON.parse(readFileSync(model, 'utf8'));
  assert.equal(json.version, 2);
  assert.deepEqual(json.activations, ['tanh', 'linear']);
  assert.equal(json.cost, 'quadratic');
  assert.equal(json.task, 'regression');
  assert.deepEqual(json.classes, ['y']);

  const evaluated = nabla(['evaluate', '--model', model, '--test', testCsv, '--json']);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const score = JSON.parse(evaluated.stdout);
  assert.equal(score.task, 'regression');
  assert.ok(Math.abs(score.rmse - (last.testRmse as number)) < 1e-12, `${score.rmse} vs ${String(last.testRmse)}`);

  const input = join(dir, 'points.csv');
  writeFileSync(input, 'a,b,z\n0.5,0.25,0\n-0.5,0.5,0\n');
  const predicted = nabla(['predict', '--model', model, '--input', input]);
  assert.equal(predicted.status, 0, predicted.stderr);
  const [header, first, second] = predicted.stdout.trim().split('\n');
  assert.equal(header, 'y');
  assert.ok(Math.abs(Number(first) - 1.75) < 0.15 && Math.abs(Number(second) + 0.5) < 0.15, predicted.stdout);
});

test('--label-column a,b makes several targets', () => {
  const run = nabla(['train', '--task', 'regression', '--train', train, '--label-column', 'y,z', '--epochs', '2', '--json', '--kernel', 'reference']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /2 targets \(y, z\)/);
});

test('a classifier with relu, softmax, log-likelihood, adam, dropout, a schedule: the model file lists each layer; explain prints δ^L = a^L − y', () => {
  const model = join(dir, 'blobs.json');
  const run = nabla(['train', '--train', blobs, '--sizes', '2,6,5,2', '--activation', 'relu,tanh', '--output', 'softmax', '--optimizer', 'adam', '--eta', '0.01',
    '--dropout', '0.1', '--weights', 'he', '--schedule', 'exp:0.9', '--epochs', '5', '--save', model]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\(relu, tanh, softmax, log-likelihood cost\)/);
  assert.match(run.stdout, /adam β₁ = 0\.9, β₂ = 0\.999, dropout 0\.1, η × 0\.9 every epoch/);
  assert.match(run.stdout, /weights N\(0, 2\/n_in\), biases 0/);
  // no silent slow path: a run on the reference kernel says why
  if (/reference kernel$/m.test(run.stdout.split('\n')[0])) assert.match(run.stderr, /notice: no fast kernel runs this configuration \(.*adam.*\); training on the reference kernel/);
  const json = JSON.parse(readFileSync(model, 'utf8'));
  assert.deepEqual(json.activations, ['relu', 'tanh', 'softmax']);
  assert.equal(json.cost, 'log-likelihood');
  const explained = nabla(['explain', '--model', model, '--input', '0.5,-1', '--target', '0,1']);
  assert.equal(explained.status, 0, explained.stderr);
  assert.match(explained.stdout, /σ per layer 2\.\.4: relu, tanh, softmax/);
  assert.match(explained.stdout, /\(1\) a\^2 = relu\(z\^2\)/);
  assert.match(explained.stdout, /\(2\) C = −ln a\^4_y/);
  assert.match(explained.stdout, /\(4\) δ\^4 = a\^4 − y/);
  assert.match(explained.stdout, /\(5\) δ\^3 = \(\(w\^4\)\^T δ\^4\) ⊙ tanh'\(z\^3\)/);
});

test('the chapter 3 flags on a tiny run: cross-entropy and L2 in the first line', () => {
  const run = nabla(['train', '--train', blobs, '--cost', 'cross-entropy', '--l2', '5.0', '--eta', '0.5', '--epochs', '1']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /\(sigmoid, cross-entropy cost\).*L2 λ = 5/);
});

test('gradcheck checks the chosen functions', () => {
  const run = nabla(['gradcheck', '--sizes', '4,6,5,3', '--activation', 'leaky-relu,tanh', '--output', 'softmax', '--l2', '0.3']);
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /\(leaky-relu, tanh, softmax, log-likelihood cost, L2 λ = 0\.3\)/);
  assert.match(run.stdout, /passed: within 1e-6/);
});

const bad: [string[], RegExp][] = [
  [['--activation', 'softmax'], new RegExp(`--activation: 'softmax' is not one of ${activationNames.join(', ')};`)],
  [['--activation', 'relu,tanh'], /--activation lists 2 activations; the network has 1 hidden layer/],
  [['--cost', 'cross-entropy', '--output', 'linear'], /the cross-entropy cost needs a sigmoid output layer, not linear/],
  [['--cost', 'log-likelihood', '--output', 'sigmoid'], /the log-likelihood cost needs a softmax output layer, not sigmoid/],
  [['--momentum', '0.9'], /--momentum is μ of --optimizer momentum or nesterov, not sgd/],
  [['--beta1', '0.8', '--optimizer', 'momentum'], /--beta1 is β₁ of --optimizer adam, not momentum/],
  [['--schedule', 'cosine:3'], /--schedule: schedule 'cosine:3' is not one of step:EPOCHS:FACTOR/],
  [['--dropout', '1'], /--dropout expects a number from 0 up to \(not including\) 1, got '1'/],
  [['--l2', '-1'], /--l2 expects a number ≥ 0, got '-1'/],
  [['--optimizer', 'adadelta'], new RegExp(`--optimizer must be one of ${updateRuleNames.join(', ')}; got 'adadelta'`)],
  [['--task', 'regression'], /--task regression needs numeric targets: give --train FILE\.csv/],
  [['--early-stop', '0'], /--early-stop expects a whole number ≥ 1, got '0'/],
];
for (const [args, pattern] of bad) {
  test(`nabla train ${args.join(' ')} is refused with one line`, () => {
    assertBadInput(nabla(['train', ...args]), pattern);
  });
}

test('--early-stop on a CSV run (no validation set) and conflicting --init flags are refused', () => {
  assertBadInput(nabla(['train', '--train', blobs, '--early-stop', '3']), /--early-stop watches a validation set/);
  const model = join(dir, 'init.json');
  assert.equal(nabla(['init', '--sizes', '2,3,2', '--out', model]).status, 0);
  assertBadInput(nabla(['train', '--train', blobs, '--init', model, '--activation', 'relu']), /--activation: the model file .* fixes the network's activations/);
});
