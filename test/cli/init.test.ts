import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

test('nabla init writes a model file of the given sizes, the same for the same seed', () => {
  const dir = tempDir();
  const a = join(dir, 'a.json');
  const run = nabla(['init', '--sizes', '4,5,3', '--seed', '9', '--out', a]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /wrote .*a\.json: sizes 4,5,3, 43 parameters/);
  const json = JSON.parse(readFileSync(a, 'utf8'));
  assert.equal(json.format, 'nabla-model');
  assert.equal(json.version, 2);
  assert.deepEqual(json.activations, ['sigmoid', 'sigmoid']);
  assert.deepEqual(json.sizes, [4, 5, 3]);
  assert.equal(json.weights.length, 2);
  assert.equal(json.weights[0].length, 5); // w^2: 5 rows (layer 2) × 4 columns (layer 1)
  assert.equal(json.weights[0][0].length, 4);
  assert.equal(json.biases[1].length, 3);

  const b = join(dir, 'b.json');
  assert.equal(nabla(['init', '--sizes', '4,5,3', '--seed', '9', '--out', b]).status, 0);
  assert.equal(readFileSync(b, 'utf8'), readFileSync(a, 'utf8'));
  const c = join(dir, 'c.json');
  assert.equal(nabla(['init', '--sizes', '4,5,3', '--seed', '10', '--out', c]).status, 0);
  assert.notEqual(readFileSync(c, 'utf8'), readFileSync(a, 'utf8'));
  // Atomic: no temporary file is left beside the outputs.
  assert.deepEqual(readdirSync(dir).sort(), ['a.json', 'b.json', 'c.json']);
});

test("nabla init --weights scaled-normal draws w^l from N(0, 1/n_{l-1}): smaller weights into a wide layer", () => {
  const dir = tempDir();
  const out = join(dir, 'wide.json');
  assert.equal(nabla(['init', '--sizes', '400,20', '--weights', 'scaled-normal', '--out', out]).status, 0);
  const weights: number[] = JSON.parse(readFileSync(out, 'utf8')).weights[0].flat();
  const variance = weights.reduce((s, w) => s + w * w, 0) / weights.length;
  assert.ok(Math.abs(variance - 1 / 400) < 0.5 / 400, `variance ${variance}, expected about ${1 / 400}`);
});

test('nabla init overwrites an existing file whole', () => {
  const dir = tempDir();
  const out = join(dir, 'm.json');
  assert.equal(nabla(['init', '--sizes', '30,30,30', '--out', out]).status, 0);
  assert.equal(nabla(['init', '--sizes', '2,1', '--out', out]).status, 0);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')).sizes, [2, 1]);
  assert.deepEqual(readdirSync(dir), ['m.json']);
});

test('nabla init --out into a folder that does not exist fails cleanly and leaves no file', () => {
  const dir = tempDir();
  const out = join(dir, 'missing', 'm.json');
  assertBadInput(nabla(['init', '--sizes', '2,3,1', '--out', out]), /missing.m\.json: cannot write there: the folder .*missing': no such file or folder/);
  assert.equal(existsSync(join(dir, 'missing')), false);
  assert.deepEqual(readdirSync(dir), []);
});

test('nabla init refuses bad flags with one line and exit status 2', () => {
  const dir = tempDir();
  const out = join(dir, 'm.json');
  assertBadInput(nabla(['init', '--out', out]), /give the network: --sizes LIST \(e\.g\. 784,30,10\) or --layers LIST/);
  assertBadInput(nabla(['init', '--sizes', '2,3,1']), /required option '--out <file>' not specified/);
  assertBadInput(nabla(['init', '--sizes', '2,x,1', '--out', out]), /--sizes expects .*positive whole numbers.*got '2,x,1'/);
  assertBadInput(nabla(['init', '--sizes', '5', '--out', out]), /--sizes expects at least two/);
  assertBadInput(nabla(['init', '--sizes', '2,0', '--out', out]), /--sizes .*got '2,0'/);
  assertBadInput(nabla(['init', '--sizes', '2,3', '--seed', 'abc', '--out', out]), /--seed expects a whole number.*got 'abc'/);
  assertBadInput(nabla(['init', '--sizes', '2,3', '--weights', 'glorot', '--out', out]), /--weights must be one of normal, scaled-normal, xavier, he, uniform; got 'glorot'/);
  assertBadInput(nabla(['init', '--layers', 'conv:2:5x5,dense:3', '--input-shape', '4x4', '--out', out]), /--layers: layer 2 \(conv:2:5x5, input 4x4x1\): the 5x5 field is larger than its 4x4 input/);
  assertBadInput(nabla(['init', '--layers', 'conv:2:3x3,pool:2x2', '--out', out]), /--layers must end with a dense layer/);
  assertBadInput(nabla(['init', '--sizes', '2,3', '--out', out, '--frobnicate']), /unknown option '--frobnicate'/);
  assertBadInput(nabla(['init', '--sizes', '2,3', '--out']), /option '--out <file>' argument missing/);
  assert.deepEqual(readdirSync(dir), []);
});

test('nabla init --layers writes a version 3 model file of conv, pool and dense layers, PyTorch-shaped', () => {
  const dir = tempDir();
  const out = join(dir, 'conv.json');
  const run = nabla(['init', '--layers', 'conv:3:5x5,pool:2x2,dense:4,dense:10', '--activation', 'relu,tanh', '--output', 'softmax', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /layers \[28x28x1, conv:3:5x5, pool:2x2, dense:4, dense:10\], 1860 parameters/);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(json.version, 3);
  assert.deepEqual(json.inputShape, [28, 28, 1]);
  assert.deepEqual(json.layers, [
    { type: 'conv', maps: 3, field: [5, 5], activation: 'relu' },
    { type: 'pool', size: [2, 2] },
    { type: 'dense', neurons: 4, activation: 'tanh' },
    { type: 'dense', neurons: 10, activation: 'softmax' },
  ]);
  assert.equal(json.cost, 'log-likelihood');
  // conv weights (out, in, k, k); the pool layer holds nothing; dense rows over 12·12·3 inputs
  assert.deepEqual([json.weights[0].length, json.weights[0][0].length, json.weights[0][0][0].length, json.weights[0][0][0][0].length], [3, 1, 5, 5]);
  assert.deepEqual([json.weights[1], json.biases[1]], [[], []]);
  assert.deepEqual([json.weights[2].length, json.weights[2][0].length], [4, 432]);
});

test('nabla init takes every network flag nabla train takes: the network\'s go into the file, the training ones are checked', () => {
  const dir = tempDir();
  const out = join(dir, 'relu.json');
  const run = nabla(['init', '--sizes', '4,6,5,3', '--activation', 'relu,tanh', '--output', 'softmax', '--weights', 'he', '--optimizer', 'adam', '--l2', '1', '--dropout', '0.2', '--schedule', 'exp:0.9', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  const json = JSON.parse(readFileSync(out, 'utf8'));
  assert.deepEqual([json.activations, json.cost], [['relu', 'tanh', 'softmax'], 'log-likelihood']);
  const regression = join(dir, 'reg.json');
  assert.equal(nabla(['init', '--sizes', '2,3,2', '--task', 'regression', '--weights', 'xavier', '--out', regression]).status, 0);
  const reg = JSON.parse(readFileSync(regression, 'utf8'));
  assert.deepEqual([reg.activations, reg.task], [['sigmoid', 'linear'], 'regression']);
  assertBadInput(nabla(['init', '--sizes', '2,3,1', '--momentum', '0.9', '--out', join(dir, 'x.json')]), /--momentum is μ of --optimizer momentum or nesterov, not sgd/);
  assertBadInput(nabla(['init', '--sizes', '2,3,1', '--cost', 'log-likelihood', '--output', 'sigmoid', '--out', join(dir, 'x.json')]), /--cost and --output: /);
});
