import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fit, loadModel, backprop, type FitEpoch } from '../../src/node/entry.ts';
import { fit as browserFit } from '../../src/index.ts';
import { nabla, tempDir } from '../cli/helpers.ts';

/*
 * fit(data, options): one call from arrays, with `nabla train`'s flags, defaults, sentences and
 * numbers. The data is written as a CSV file and the command line run on it: the epoch figures
 * and the saved model file must be the same, bit for bit. (The CLI is the built one: npm run build.)
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = tempDir();
let saved = 0;

function irisArrays(file: string): { inputs: number[][]; labels: string[] } {
  const rows = readFileSync(join(ROOT, 'examples', file), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  return { inputs: rows.map((r) => r.slice(0, 4).map(Number)), labels: rows.map((r) => r[4]) };
}

function cliRun(args: string[]): { epochs: Record<string, number>[]; model: string } {
  const save = join(dir, `cli-${++saved}.json`);
  const run = nabla(['train', ...args, '--json', '--save', save]);
  assert.equal(run.status, 0, run.stderr);
  return { epochs: run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, number>), model: readFileSync(save, 'utf8') };
}

test('fit on { inputs, labels } gives nabla train\'s numbers on the same rows as CSV: every epoch\'s figures and the model file, bit for bit', async () => {
  const iris = irisArrays('iris-train.csv');
  const seen: FitEpoch[] = [];
  const model = await fit(iris, { normalize: true, epochs: 4, seed: 3, onEpoch: (e) => seen.push(e) });
  const cli = cliRun(['--train', join(ROOT, 'examples/iris-train.csv'), '--normalize', '--epochs', '4', '--seed', '3']);
  assert.deepEqual(
    seen.map((e) => [e.epoch, e.training.correct, e.training.accuracy, e.training.cost, e.learningRate]),
    cli.epochs.map((e) => [e.epoch, e.testCorrect, e.testAccuracy, e.testCost, e.learningRate]),
  );
  assert.equal(JSON.stringify(model) + '\n', cli.model);
  assert.deepEqual(model.classes, ['setosa', 'versicolor', 'virginica']);
  assert.deepEqual(model.sizes, [4, 8, 3], "the command line's default sizes");
});

test('fit on { inputs, targets } is nabla train --task regression; brain.js\'s [{ input, output }] with task regression is the same run', async () => {
  const xs = Array.from({ length: 40 }, (_, i) => [i / 40, (i % 7) / 7]);
  const ys = xs.map(([a, b]) => [a + 2 * b, a - b]);
  writeFileSync(join(dir, 'xy.csv'), 'a,b,y,z\n' + xs.map((x, i) => [...x, ...ys[i]].join(',')).join('\n') + '\n');
  const options = { sizes: [2, 5, 2], eta: 0.1, batch: 4, epochs: 3, optimizer: 'momentum', momentum: 0.8 } as const;
  const model = await fit({ inputs: xs, targets: ys }, options);
  const cli = cliRun(['--train', join(dir, 'xy.csv'), '--task', 'regression', '--label-column', 'y,z', '--sizes', '2,5,2', '--eta', '0.1', '--batch', '4', '--epochs', '3', '--optimizer', 'momentum', '--momentum', '0.8']);
  const fromCli = JSON.parse(cli.model) as { weights: unknown; biases: unknown; activations: string[] };
  assert.deepEqual([model.toJSON().weights, model.toJSON().biases, model.toJSON().activations], [fromCli.weights, fromCli.biases, fromCli.activations]);
  assert.equal(model.task, 'regression');
  const brain = await fit(xs.map((input, i) => ({ input, output: ys[i] })), { ...options, task: 'regression' });
  assert.deepEqual(brain.toJSON().weights, model.toJSON().weights);
});

test('validationSplit and earlyStop are --validation-split and --early-stop: the same rows held out, the same best epoch kept', async () => {
  const iris = irisArrays('iris-train.csv');
  const seen: FitEpoch[] = [];
  const model = await fit(iris, { normalize: true, epochs: 12, validationSplit: 0.25, earlyStop: 2, eta: 0.5, onEpoch: (e) => seen.push(e) });
  const cli = cliRun(['--train', join(ROOT, 'examples/iris-train.csv'), '--normalize', '--epochs', '12', '--validation-split', '0.25', '--early-stop', '2', '--eta', '0.5']);
  assert.deepEqual(seen.map((e) => [e.validation?.accuracy, e.validation?.cost]), cli.epochs.map((e) => [e.validationAccuracy, e.validationCost]));
  assert.equal(seen[0].validation?.count, 30, 'a quarter of each class of 40: 10 + 10 + 10');
  assert.equal(seen[0].training.count, 90);
  assert.equal(JSON.stringify(model) + '\n', cli.model);
  assert.ok(model.bestEpoch !== undefined && model.bestEpoch <= seen.length);
});

test('the model: predict is nabla predict\'s a^L, classify names the class, evaluate scores, explain is backprop, JSON restores it', async () => {
  const iris = irisArrays('iris-train.csv');
  const test = irisArrays('iris-test.csv');
  const model = await fit(iris, { normalize: true, epochs: 10, eta: 1 });
  const file = join(dir, 'iris.json');
  writeFileSync(file, JSON.stringify(model));
  const predicted = nabla(['predict', '--model', file, '--input', join(ROOT, 'examples/iris-test.csv'), '--label-column', 'species']);
  assert.equal(predicted.status, 0, predicted.stderr);
  const rows = predicted.stdout.trim().split('\n').slice(1).map((line) => line.split(','));
  test.inputs.forEach((x, n) => {
    assert.deepEqual(model.predict(x), rows[n].slice(1).map(Number));
    assert.equal(model.classify(x), rows[n][0]);
  });
  const score = model.evaluate(test);
  assert.equal(score.count, 30);
  assert.equal(score.correct, rows.filter((r, n) => r[0] === test.labels[n]).length);
  const evaluated = nabla(['evaluate', '--model', file, '--test', join(ROOT, 'examples/iris-test.csv'), '--json']);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  const cli = JSON.parse(evaluated.stdout) as { correct: number; meanCost: number };
  assert.equal(cli.correct, score.correct);
  // nabla evaluate runs a float32 kernel, model.evaluate the float64 formulas: the costs agree to float32's precision.
  assert.ok(Math.abs(cli.meanCost - score.cost) < 1e-5 * Math.max(1, score.cost), `${cli.meanCost} against ${score.cost}`);
  const trace = model.explain(test.inputs[0], test.labels[0]);
  const x = test.inputs[0].map((v, k) => (v - model.normalization!.mean[k]) / model.normalization!.std[k]);
  const y = model.classes!.map((c) => (c === test.labels[0] ? 1 : 0));
  assert.deepEqual(trace.cost, backprop(model.network, x, y).cost);
  const restored = loadModel(JSON.stringify(model));
  assert.deepEqual(restored.predict(test.inputs[3]), model.predict(test.inputs[3]));
  assert.equal(loadModel(model.toJSON()).classify(test.inputs[3]), model.classify(test.inputs[3]));
});

test('brain.js\'s shape trains XOR with the CLI defaults (sigmoid output, quadratic cost) and answers it', async () => {
  const xor = [
    { input: [0, 0], output: [0] },
    { input: [0, 1], output: [1] },
    { input: [1, 0], output: [1] },
    { input: [1, 1], output: [0] },
  ];
  const model = await fit(xor, { sizes: [2, 3, 1], epochs: 5000 });
  assert.deepEqual(model.toJSON().activations, ['sigmoid', 'sigmoid']);
  for (const { input, output } of xor) assert.ok(Math.abs(model.predict(input)[0] - output[0]) < 0.1, `${input} → ${model.predict(input)}`);
  assert.throws(() => model.classify([0, 1]), /classify names a class, and this model is a regression; use predict/);
  // The browser's fit (createKernel, one thread) gives the same network here too.
  const again = await browserFit(xor, { sizes: [2, 3, 1], epochs: 50, dtype: 'float64' });
  const node = await fit(xor, { sizes: [2, 3, 1], epochs: 50, dtype: 'float64' });
  assert.deepEqual(again.toJSON(), node.toJSON());
});

test('wrong options get the command line\'s sentences, before any work', async () => {
  const iris = irisArrays('iris-train.csv');
  const cases: [Record<string, unknown>, string[]][] = [
    [{ eta: -1 }, ['--eta', '-1']],
    [{ sizes: [4, 0, 3] }, ['--sizes', '4,0,3']],
    [{ optimizer: 'adamw' }, ['--optimizer', 'adamw']],
    [{ momentum: 0.9 }, ['--momentum', '0.9']],
    [{ earlyStop: 3 }, ['--early-stop', '3']],
    [{ activation: ['relu', 'tanh'] }, ['--activation', 'relu,tanh']],
    [{ validationSplit: 1.5 }, ['--validation-split', '1.5']],
    [{ sizes: [4, 8, 2] }, ['--sizes', '4,8,2']],
  ];
  for (const [options, flags] of cases) {
    const run = nabla(['train', '--train', join(ROOT, 'examples/iris-train.csv'), ...flags]);
    assert.equal(run.status, 2, run.stderr);
    const sentence = run.stderr.trim().replace(/^nabla: /, '');
    await assert.rejects(fit(iris, options as never), (error: Error) => {
      assert.equal(error.message, sentence);
      return true;
    });
  }
  await assert.rejects(fit(iris, { epoch: 5 } as never), /unknown option 'epoch'; fit takes sizes, activation, /);
  await assert.rejects(fit({ inputs: [[1], [2]], labels: ['a'] }), /labels has 1 entries and inputs has 2/);
  await assert.rejects(fit({ inputs: iris.inputs, labels: iris.inputs.map((x) => x[0] * 1.37) }), /the labels look like a measurement, not classes: .*give \{ inputs, targets/);
});
