import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset, Kernel, KernelSpec } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, zeroNetwork } from '../../src/network/network.ts';
import { EarlyStopping, validationScore } from '../../src/training/earlyStopping.ts';
import { parseSchedule, ScheduleState } from '../../src/training/schedules.ts';
import { train } from '../../src/training/sgd.ts';

test("schedules parse the three forms and refuse anything else naming them", () => {
  assert.deepEqual(parseSchedule('step:10:0.5'), { kind: 'step', epochs: 10, factor: 0.5 });
  assert.deepEqual(parseSchedule('exp:0.95'), { kind: 'exp', factor: 0.95 });
  assert.deepEqual(parseSchedule('plateau:5'), { kind: 'plateau', patience: 5 });
  for (const bad of ['step:10', 'step:0:0.5', 'step:2.5:0.5', 'exp:-1', 'exp:', 'plateau:0', 'cosine:3', '']) {
    assert.throws(() => parseSchedule(bad), /step:EPOCHS:FACTOR .* exp:FACTOR .* plateau:PATIENCE/, bad);
  }
});

test('step:2:0.5 halves η after epochs 2 and 4; exp:0.5 after every epoch', () => {
  const step = new ScheduleState(parseSchedule('step:2:0.5'), 8);
  const seen: number[] = [];
  for (let epoch = 1; epoch <= 5; epoch++) {
    seen.push(step.eta);
    step.afterEpoch(epoch, undefined);
  }
  assert.deepEqual(seen, [8, 8, 4, 4, 2]);
  const exp = new ScheduleState(parseSchedule('exp:0.5'), 8);
  exp.afterEpoch(1, undefined);
  exp.afterEpoch(2, undefined);
  assert.equal(exp.eta, 2);
});

test('plateau:2 halves η after two epochs without a better validation score, then counts again', () => {
  const s = new ScheduleState(parseSchedule('plateau:2'), 1);
  const etas: number[] = [];
  // scores: better, better, same, worse (→ halve), better, same, same (→ halve)
  [0.5, 0.6, 0.6, 0.55, 0.7, 0.7, 0.69].forEach((score, i) => {
    s.afterEpoch(i + 1, score);
    etas.push(s.eta);
  });
  assert.deepEqual(etas, [1, 1, 1, 0.5, 0.5, 0.5, 0.25]);
});

test('early stopping keeps the best epoch and stops after `patience` epochs without improvement', () => {
  const network = zeroNetwork([1, 1]);
  const early = new EarlyStopping(2, network);
  const stops: boolean[] = [];
  [0.5, 0.7, 0.6, 0.7, 0.65].forEach((score, i) => {
    network.weights[2][0] = i + 1; // the epoch's parameters
    stops.push(early.afterEpoch(i + 1, score, network));
  });
  assert.deepEqual(stops, [false, false, false, true, true]);
  assert.equal(early.bestEpoch, 2);
  early.restore(network);
  assert.equal(network.weights[2][0], 2);
});

test('the validation score is the accuracy, or −RMSE for a regression', () => {
  assert.equal(validationScore({ count: 4, correct: 3, accuracy: 0.75, meanCost: 1, rmse: 2 }, 'classification'), 0.75);
  assert.equal(validationScore({ count: 4, meanCost: 1, rmse: 2 }, 'regression'), -2);
  assert.equal(validationScore(undefined, 'classification'), undefined);
});

/** y = 2x − 1 with a little noise, for a linear regression. */
function line(count: number, seed: number): Dataset {
  const rng = createRng(seed);
  const inputs = Float64Array.from({ length: count }, () => rng.uniform() * 2 - 1);
  const targets = inputs.map((x) => 2 * x - 1 + 0.01 * rng.normal());
  return { count, inputSize: 1, outputSize: 1, inputs, inputScale: 1, targets };
}

test('train() with a schedule reports each epoch’s η; with early stopping ends on the best validation epoch', async () => {
  const spec: KernelSpec = { sizes: [1, 4, 1], activations: ['tanh', 'linear'], cost: 'quadratic', dtype: 'float64', update: { rule: 'momentum' } };
  const network = createNetwork({ sizes: spec.sizes, rng: createRng(1), init: 'xavier', activations: spec.activations });
  const kernel: Kernel = createReferenceKernel(spec);
  const validation = line(50, 3);
  const result = await train(network, kernel, line(200, 2), {
    epochs: 40, batchSize: 10, learningRate: 0.05, rng: createRng(4), validation, task: 'regression', schedule: parseSchedule('step:5:0.5'), earlyStop: 3,
  });
  assert.equal(result.epochs[0].learningRate, 0.05);
  assert.equal(result.epochs[5].learningRate, 0.025);
  const rmses = result.epochs.map((e) => e.validation!.rmse!);
  assert.ok(rmses[rmses.length - 1] < 0.2, `a line is learnt: validation RMSE ${rmses[rmses.length - 1]}`);
  const best = rmses.indexOf(Math.min(...rmses)) + 1;
  assert.equal(result.bestEpoch, best);
  // the network and the kernel hold the best epoch's parameters
  const out = new Float64Array(50);
  kernel.feedforwardDataset(kernel.loadDataset(validation), out);
  const rmse = Math.sqrt(out.reduce((s, a, i) => s + (a - validation.targets[i]) ** 2, 0) / 50);
  assert.ok(Math.abs(rmse - rmses[best - 1]) < 1e-12, `${rmse} vs best ${rmses[best - 1]}`);
  if (result.earlyStopped) assert.equal(result.epochs.length, best + 3);
});

test('early stopping and the plateau schedule need a validation set', async () => {
  const spec: KernelSpec = { sizes: [1, 1], activations: ['linear'], cost: 'quadratic', dtype: 'float64' };
  const network = createNetwork({ sizes: spec.sizes, rng: createRng(1) });
  await assert.rejects(train(network, createReferenceKernel(spec), line(10, 1), { epochs: 1, batchSize: 2, learningRate: 0.1, rng: createRng(1), earlyStop: 2 }), /validation set/);
  await assert.rejects(train(network, createReferenceKernel(spec), line(10, 1), { epochs: 1, batchSize: 2, learningRate: 0.1, rng: createRng(1), schedule: parseSchedule('plateau:2') }), /validation set/);
});
