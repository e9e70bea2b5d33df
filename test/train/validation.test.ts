import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { holdOut } from '../../src/data/split.ts';
import { createRng } from '../../src/math/rng.ts';
import { oneHot } from '../../src/data/dataset.ts';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

/* Issue 20, points 3 and 4: a validation set for your own CSV, and a measurement refused as classes. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TRAIN = join(ROOT, 'examples/iris-train.csv');
const TEST = join(ROOT, 'examples/iris-test.csv');
const dir = tempDir();

const jsonLines = (stdout: string): Record<string, number | null>[] => stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number | null>);

test('--validation FILE.csv: validationAccuracy in every epoch, --early-stop and --schedule plateau work on a CSV run', () => {
  const run = nabla(['train', '--train', TRAIN, '--test', TEST, '--validation', TEST, '--normalize', '--epochs', '30', '--early-stop', '2', '--schedule', 'plateau:1', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const epochs = jsonLines(run.stdout);
  assert.ok(epochs.every((e) => typeof e.validationAccuracy === 'number' && e.validationAccuracy === e.testAccuracy), 'the same file as validation and test: the same accuracy');
  assert.ok(epochs.length < 30, `early stopping stopped the run (${epochs.length} epochs)`);
  const human = nabla(['train', '--train', TRAIN, '--validation', TEST, '--normalize', '--epochs', '3']);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /validated on .*iris-test\.csv \(30 rows\)/);
  assert.match(human.stdout, /^Best: epoch \d \(by validation\), training .*, validation \d+\.\d\d%$/m);
});

test('--validation-split F holds out a stratified fraction by the seed; regression runs report validationRmse', () => {
  const run = nabla(['train', '--train', TRAIN, '--validation-split', '0.25', '--normalize', '--epochs', '2', '--json']);
  assert.equal(run.status, 0, run.stderr);
  const [first] = jsonLines(run.stdout);
  assert.equal(first.testCount, 90, '120 rows less 10 of each of the three classes');
  assert.equal(typeof first.validationAccuracy, 'number');
  const again = nabla(['train', '--train', TRAIN, '--validation-split', '0.25', '--normalize', '--epochs', '2', '--json']);
  const numbers = (stdout: string): string => stdout.replace(/"trainSeconds":[\d.e-]+/g, '');
  assert.equal(numbers(again.stdout), numbers(run.stdout), 'the same seed, the same rows held out: the same run');
  writeFileSync(join(dir, 'line.csv'), 'x,y\n' + Array.from({ length: 50 }, (_, i) => `${i / 50},${(2 * i) / 50 + 1}`).join('\n') + '\n');
  const regression = nabla(['train', '--train', join(dir, 'line.csv'), '--task', 'regression', '--validation-split', '0.2', '--epochs', '2', '--eta', '0.1', '--early-stop', '5', '--json']);
  assert.equal(regression.status, 0, regression.stderr);
  assert.ok(jsonLines(regression.stdout).every((e) => typeof e.validationRmse === 'number' && e.testCount === 40));
});

test('holdOut: round(F × n_c) of each class, chosen by the generator, the rest in their order', () => {
  const labels = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]);
  const dataset = { count: 14, inputSize: 1, outputSize: 3, inputs: Float64Array.from(labels.keys()), inputScale: 1, targets: oneHot(labels, 3), labels };
  const { training, validation } = holdOut(dataset, 0.25, createRng(7));
  assert.deepEqual(Array.from(validation.labels!).sort(), [0, 1, 1, 2], 'round(1), round(2), round(0.5) = 1, 2, 1');
  assert.equal(training.count + validation.count, 14);
  assert.deepEqual(Array.from(training.inputs), Array.from(training.inputs).sort((a, b) => a - b), 'the original order');
  assert.deepEqual(new Set([...training.inputs, ...validation.inputs]).size, 14, 'every row on one side');
  assert.deepEqual(holdOut(dataset, 0.25, createRng(7)).validation.inputs, validation.inputs, 'the same seed holds out the same rows');
});

test('validation flags are refused where they cannot work, in one sentence', () => {
  assertBadInput(nabla(['train', '--train', TRAIN, '--early-stop', '3']), /--early-stop watches a validation set, and this run has none: give --validation FILE\.csv or --validation-split F/);
  assertBadInput(nabla(['train', '--train', TRAIN, '--validation', TEST, '--validation-split', '0.2']), /give either --validation .* or --validation-split 0\.2 .*not both/);
  assertBadInput(nabla(['train', '--validation-split', '0.2']), /--validation-split needs --train FILE\.csv/);
  assertBadInput(nabla(['train', '--train', TRAIN, '--validation-split', '1']), /--validation-split expects a fraction between 0 and 1/);
});

test('a label column holding a measurement is refused before any work, suggesting --task regression; many classes get a smaller hidden layer', () => {
  // 1,000 rows, 3 features, a continuous target: once a [3, 1998, 999] classifier.
  const rng = createRng(5);
  const rows = Array.from({ length: 1000 }, () => [rng.normal(), rng.normal(), rng.normal()]);
  writeFileSync(join(dir, 'continuous.csv'), 'a,b,c,price\n' + rows.map((r) => [...r, (r[0] * 100 + 250).toFixed(2)].join(',')).join('\n') + '\n');
  assertBadInput(nabla(['train', '--train', join(dir, 'continuous.csv')]), /the label column \(column 'price'\) looks like a measurement, not classes: it holds numbers with fractions, \d+ different values in 1,000 rows; to predict its value, train with --task regression/);
  const regression = nabla(['train', '--train', join(dir, 'continuous.csv'), '--task', 'regression', '--epochs', '1', '--normalize', '--eta', '0.01']);
  assert.equal(regression.status, 0, regression.stderr);
  // 200 classes, named: the default hidden layer stops at 100 neurons.
  writeFileSync(join(dir, 'many.csv'), 'a,b,label\n' + Array.from({ length: 400 }, (_, i) => `${i % 13},${i % 7},c${i % 200}`).join('\n') + '\n');
  const many = nabla(['train', '--train', join(dir, 'many.csv'), '--epochs', '1']);
  assert.equal(many.status, 0, many.stderr);
  assert.match(many.stdout, /^Training \[2, 100, 200\]/);
  // Numbered classes stay classes.
  writeFileSync(join(dir, 'digits.csv'), 'a,b,label\n' + Array.from({ length: 100 }, (_, i) => `${i % 13},${i % 7},${i % 10}`).join('\n') + '\n');
  assert.match(nabla(['train', '--train', join(dir, 'digits.csv'), '--epochs', '1']).stdout, /^Training \[2, 20, 10\]/);
});

test('the playground refuses the same continuous label column on upload, with the same sentence', async () => {
  const { problemCsv } = await import('../../playground/src/problem.ts');
  const text = 'a,b,price\n' + Array.from({ length: 200 }, (_, i) => `${i % 9},${i % 5},${(i * 1.37).toFixed(2)}`).join('\n') + '\n';
  assert.throws(
    () => problemCsv(text, 'houses.csv', 1, 80, () => {}),
    /houses\.csv: the label column \(column 'price'\) looks like a measurement, not classes: .*--task regression/,
  );
});
