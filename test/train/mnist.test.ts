import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { assertBadInput, nabla, tempDir, writeSmallMnist } from './helpers.ts';

const EPOCH_FIELDS = ['epoch', 'epochs', 'trainSeconds', 'testAccuracy', 'testCorrect', 'testCount', 'testCost', 'validationAccuracy', 'validationCost', 'examples', 'kernel', 'learningRate', 'testRmse', 'validationRmse'];

const dir = tempDir();
const model = join(dir, 'mnist.json');
const small = join(dir, 'small-mnist');

test('nabla train --epochs 1 --json on MNIST: one JSON line, ≥ 90% test accuracy, and --save writes a loadable model', () => {
  const run = nabla(['train', '--epochs', '1', '--json', '--save', model]);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `exactly one JSON line on stdout, got:\n${run.stdout}`);
  const epoch = JSON.parse(lines[0]) as Record<string, number>;
  assert.deepEqual(Object.keys(epoch).sort(), [...EPOCH_FIELDS].sort());
  assert.equal(epoch.epoch, 1);
  assert.match(String(epoch.kernel), /^(reference|wasm-)/); // the kernel that trained it
  assert.equal(epoch.learningRate, 3);
  assert.ok(epoch.testRmse > 0 && epoch.testRmse < 1);
  assert.equal(epoch.epochs, 1);
  assert.equal(epoch.examples, 50_000);
  assert.equal(epoch.testCount, 10_000);
  assert.equal(epoch.testAccuracy, epoch.testCorrect / 10_000);
  assert.ok(epoch.testAccuracy >= 0.9, `test accuracy ${epoch.testAccuracy} after one epoch`);
  assert.ok(epoch.validationAccuracy >= 0.9 && epoch.validationAccuracy <= 1);
  assert.ok(epoch.testCost > 0 && epoch.testCost < 0.1 && epoch.validationCost > 0);
  assert.ok(epoch.trainSeconds > 0);

  const saved = parseModel(readFileSync(model, 'utf8'), model);
  assert.deepEqual(saved.network.sizes, [784, 30, 10]);

  // nabla evaluate gets the same accuracy from the saved model (float64 against float32: within a few images).
  const evaluation = nabla(['evaluate', '--model', model, '--json']);
  assert.equal(evaluation.status, 0, evaluation.stderr);
  const figures = JSON.parse(evaluation.stdout) as { accuracy: number; count: number; confusion: number[][]; perClass: { recall: number }[] };
  assert.equal(figures.count, 10_000);
  assert.ok(Math.abs(figures.accuracy - epoch.testAccuracy) <= 0.001, `${figures.accuracy} vs ${epoch.testAccuracy}`);
  assert.equal(figures.confusion.flat().reduce((a, b) => a + b, 0), 10_000);
  assert.equal(figures.perClass.length, 10);
});

test('nabla train --data DIR reads gzipped IDX files; --init continues from a saved model', () => {
  writeSmallMnistOnce();
  const run = nabla(['train', '--data', small, '--init', model, '--epochs', '1', '--json', '--eta', '0.5']);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const epoch = JSON.parse(lines[0]) as Record<string, number>;
  assert.equal(epoch.examples, 1_000);
  assert.equal(epoch.testCount, 500);
  assert.equal(epoch.validationCost > 0, true);
  // A fresh network learns little from 1,000 images in one epoch; one that starts trained is already good.
  assert.ok(epoch.testAccuracy >= 0.85, `test accuracy ${epoch.testAccuracy} continuing from ${model}`);
});

test('nabla train, human output without a terminal: a header, one line per epoch, the best epoch, charts, no colour codes; --report writes one offline HTML file', () => {
  writeSmallMnistOnce();
  const report = join(dir, 'report.html');
  const run = nabla(['train', '--data', small, '--epochs', '2', '--report', report]);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.split('\n');
  assert.match(lines[0], /^Training \[784, 30, 10\] \(sigmoid, quadratic cost\) on 1,000 MNIST .*η = 3, mini-batch 10, 2 epochs, weights N\(0, 1\/n_in\), seed 1, float32, \S+ kernel$/);
  assert.match(lines[1], /^Epoch 1\/2 {2}test \d+ \/ 500 \(\d+\.\d\d%\) {2}validation \d+\.\d\d% {2}cost \d\.\d{4} {2}\d+\.\d\d s$/);
  assert.match(lines[2], /^Epoch 2\/2 {2}/);
  assert.match(lines[3], /^Best: epoch [12] \(by validation\), test /);
  assert.match(lines[4], /^Time: /);
  assert.ok(lines.includes('Test accuracy') && lines.includes('Mean test cost'));
  assert.ok(lines.some((line) => /└─+$/.test(line)));
  assert.match(run.stdout, /Report written to /);
  assert.ok(!run.stdout.includes('\x1b'), 'no escape codes when stdout is not a terminal');
  assert.equal(run.stderr, '');

  const html = readFileSync(report, 'utf8');
  assert.match(html, /<svg class="chart"/);
  assert.match(html, /<table class="confusion">/);
  assert.match(html, /<svg class="digit"/);
  assert.ok(!/http/i.test(html));
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temporary files left');
});

test('nabla evaluate --data DIR uses that folder\'s test images', () => {
  writeSmallMnistOnce();
  const run = nabla(['evaluate', '--model', model, '--data', small]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /on the 500 MNIST \(.*\) test images/);
  assert.match(run.stdout, /^Accuracy +\d+ \/ 500 \(\d+\.\d\d%\)$/m);
  assert.match(run.stdout, /^true \\ predicted +0 +1 +2 +3 +4 +5 +6 +7 +8 +9$/m);
  assert.match(run.stdout, /^class +precision +recall +examples$/m);
});

test('flags that disagree, a missing folder or model: one line, exit status 2, nothing written', () => {
  const out = join(dir, 'never.json');
  assertBadInput(nabla(['train', '--init', model, '--sizes', '784,100,10', '--save', out]), /--sizes 784,100,10 disagrees with the model file .* 784,30,10/);
  assertBadInput(nabla(['train', '--sizes', '784,30,9', '--save', out]), /the last size must be 10/);
  assertBadInput(nabla(['train', '--data', join(dir, 'nowhere'), '--save', out]), /nowhere/);
  assertBadInput(nabla(['train', '--init', join(dir, 'missing.json')]), /missing\.json/);
  assertBadInput(nabla(['train', '--save', join(dir, 'no-such-folder', 'm.json')]), /--save .*no-such-folder/);
  assertBadInput(nabla(['train', '--data', small, '--train', 'x.csv']), /either --data .* or --train/);
  assertBadInput(nabla(['train', '--test', 'x.csv']), /--test x\.csv needs --train/);
  assertBadInput(nabla(['train', '--dtype', 'float16']), /--dtype must be one of float32, float64/);
  assertBadInput(nabla(['train', '--kernel', 'gpu']), /--kernel must be one of/);
  assertBadInput(nabla(['train', '--epochs', '0']), /--epochs expects a whole number/);
  assertBadInput(nabla(['train', '--frobnicate']), /unknown option '--frobnicate'/);
  assertBadInput(nabla(['evaluate', '--model', join(dir, 'missing.json')]), /missing\.json/);
  assert.equal(existsSync(out), false);
});

let smallWritten = false;
function writeSmallMnistOnce(): void {
  if (smallWritten) return;
  mkdirSync(small, { recursive: true });
  writeSmallMnist(small);
  smallWritten = true;
}

test('a model trained on MNIST carries the digits as its classes, so predict names them', () => {
  const folder = tempDir();
  const data = join(folder, 'mnist');
  mkdirSync(data);
  writeSmallMnist(data, 200, 20);
  const saved = join(folder, 'm.json');
  assert.equal(nabla(['train', '--data', data, '--epochs', '1', '--save', saved, '--quiet']).status, 0);
  assert.deepEqual(parseModel(readFileSync(saved, 'utf8'), saved).classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  const row = Array.from({ length: 784 }, (_, k) => (k % 29 === 0 ? 1 : 0)).join(',');
  const run = nabla(['predict', '--model', saved, '--input', '-'], 60_000, row + '\n');
  assert.equal(run.status, 0, run.stderr);
  const [header, line] = run.stdout.trimEnd().split('\n');
  assert.equal(header, 'class,0,1,2,3,4,5,6,7,8,9');
  const [predicted, ...outputs] = line.split(',');
  assert.equal(outputs.length, 10);
  assert.equal(predicted, String(outputs.map(Number).indexOf(Math.max(...outputs.map(Number)))));
});
