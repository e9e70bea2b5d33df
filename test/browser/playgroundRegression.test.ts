import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generate2d, multigaussValue, planeValue } from '../../playground/src/data2d.ts';
import { featureInputs, orderFeatures } from '../../playground/src/features.ts';
import { neuronGrids } from '../../playground/src/forward.ts';
import { pointOf, problem2d } from '../../playground/src/problem.ts';
import { score } from '../../playground/src/score.ts';
import { specOf } from '../../playground/src/spec.ts';
import { defaultSetup, parseSetup, setupQuery } from '../../playground/src/state.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng } from '../../src/math/rng.ts';
import { feedforward } from '../../src/network/feedforward.ts';
import { createNetwork } from '../../src/network/network.ts';
import { evaluate } from '../../src/training/evaluate.ts';

/**
 * Regression in the playground (TensorFlow Playground's plane and multigauss sets, RMSE) and
 * its input features (x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂), in Node: the sets' values by
 * hand, the features, the URL, the RMSE against the library's evaluate, and the plot's grid
 * against the library's feedforward. The page itself is in playground.test.ts.
 */
test('the plane and the six Gaussians, by hand (TF Playground scaled from [−6, 6]² to [−1, 1]²)', () => {
  assert.equal(planeValue(0.5, 0.25), 0.6 * 0.75);
  assert.equal(planeValue(-1, -1), -1.2);
  assert.equal(multigaussValue(-4 / 6, 2.5 / 6), 1, 'the centre of a positive bump');
  assert.equal(multigaussValue(0, 2.5 / 6), -1, 'the centre of a negative bump');
  assert.equal(multigaussValue(0, 0), 0, '2.5/6 from the nearest centres, beyond their reach of 1/3');
  // 0.1 from the centre at (4/6, −2.5/6), whose sign is −: −(1 − 3 · 0.1)
  assert.ok(Math.abs(multigaussValue(4 / 6 - 0.1, -2.5 / 6) - -0.7) < 1e-12);
  const data = generate2d('plane', 200, 0, 3);
  assert.ok(data.values !== undefined);
  for (let i = 0; i < data.count; i++) assert.equal(data.values[i], planeValue(data.xs[2 * i], data.xs[2 * i + 1]), `point ${i}`);
  const noisy = generate2d('multigauss', 200, 20, 3);
  assert.deepEqual([...noisy.xs.slice(0, 6)], [...generate2d('multigauss', 200, 20, 3).xs.slice(0, 6)], 'a pure function of the seed');
  assert.equal(generate2d('circle', 10, 0, 1).values, undefined, 'a class set has no values');
});

test('input features: the seven functions of (x₁, x₂), in canonical order', () => {
  const inputs = featureInputs(['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'], Float64Array.of(0.5, -0.25, 1, 2));
  assert.deepEqual([...inputs.slice(0, 7)], [0.5, -0.25, 0.25, 0.0625, -0.125, Math.sin(0.5), Math.sin(-0.25)]);
  assert.deepEqual([...inputs.slice(7)], [1, 2, 1, 4, 2, Math.sin(1), Math.sin(2)]);
  assert.deepEqual(orderFeatures(['sinx2', 'x1', 'x1', 'x1x2']), ['x1', 'x1x2', 'sinx2']);
});

test('features= and the regression sets in the URL', () => {
  const plane = parseSetup('?dataset=plane');
  assert.deepEqual(plane.notes, []);
  assert.deepEqual([plane.setup.output, plane.setup.cost, plane.setup.sizes], ['linear', 'quadratic', [2, 8, 8, 1]], 'a number to predict: one linear output');
  const chosen = parseSetup('?dataset=multigauss&features=x1sq,x1,bogus');
  assert.deepEqual(chosen.setup.features, ['x1', 'x1sq']);
  assert.deepEqual(chosen.setup.sizes, [2, 8, 8, 1]);
  assert.match(chosen.notes.join(), /bogus is not a feature/);
  const five = parseSetup('?dataset=circle&features=x1,x2,x1sq,x2sq,x1x2&sizes=2,4,1');
  assert.deepEqual(five.setup.sizes, [5, 4, 1], 'one input per feature');
  assert.match(five.notes.join(), /has 5 input features \(x1,x2,x1sq,x2sq,x1x2\); using 5/);
  assert.deepEqual(parseSetup('?dataset=plane&sizes=2,8,3').setup.sizes, [2, 8, 1]);
  assert.match(parseSetup('?dataset=mnist&features=x1sq').notes.join(), /features apply to the 2-D sets/);
  assert.deepEqual(parseSetup('?dataset=xor&features=nothing').setup.features, ['x1', 'x2']);
  // Round trip: the features in the URL when not the default, and back.
  const setup = { ...defaultSetup('multigauss'), features: orderFeatures(['x1', 'sinx1', 'x1x2']), sizes: [3, 6, 1] };
  const query = setupQuery(setup);
  assert.match(query, /features=x1%2Cx1x2%2Csinx1/);
  assert.deepEqual(parseSetup(`?${query}`).setup, setup);
  assert.doesNotMatch(setupQuery(defaultSetup('plane')), /features/);
  // A softmax over one number is refused, in the page's words.
  assert.throws(() => specOf({ ...defaultSetup('plane'), output: 'softmax', cost: 'log-likelihood' }, [2, 8, 1], 'float64'), /softmax output layer needs one neuron per class/);
});

test('a regression problem: feature inputs, targets y, points to plot, RMSE as the library computes it', () => {
  const features = orderFeatures(['x1', 'x2', 'x1sq']);
  const problem = problem2d('plane', 0, 1, 50, 1, features);
  assert.equal(problem.task, 'regression');
  assert.deepEqual(problem.valueRange, [-1.2, 1.2]);
  assert.equal(problem.train.inputSize, 3);
  assert.equal(problem.train.labels, undefined);
  const [x1, x2] = pointOf(problem, 'test', 7);
  assert.deepEqual([...problem.test.inputs.slice(21, 24)], [x1, x2, x1 * x1]);
  assert.equal(problem.test.targets[7], planeValue(x1, x2));

  const network = createNetwork({ sizes: [3, 5, 1], rng: createRng(2), activations: ['tanh', 'linear'], cost: 'quadratic' });
  const kernel = createReferenceKernel({ sizes: [3, 5, 1], activations: ['tanh', 'linear'], cost: 'quadratic', dtype: 'float64' });
  kernel.setParameters(network);
  const resident = kernel.loadDataset(problem.test);
  const outputs = new Float64Array(problem.test.count);
  kernel.feedforwardDataset(resident, outputs);
  const mine = score(outputs, problem.test, 'quadratic');
  const library = evaluate(kernel, resident);
  assert.ok(Math.abs(mine.rmse - library.rmse!) < 1e-15, `${mine.rmse} against ${library.rmse}`);
  assert.ok(Math.abs(mine.cost - library.meanCost) < 1e-15);
  assert.ok(Number.isNaN(mine.accuracy), 'no accuracy without classes');
  // By hand: a^L = (0.5, 1) against y = (0, 0.5): √((0.25 + 0.25) / 2) = 0.5.
  const two = { count: 2, inputSize: 1, outputSize: 1, inputs: Float64Array.of(0, 0), inputScale: 1, targets: Float64Array.of(0, 0.5) };
  assert.equal(score([0.5, 1], two, 'quadratic').rmse, 0.5);

  // The plot's grid feeds each point's features through the network, as feedforward does.
  const g = 4;
  const grids = neuronGrids(network, problem.domain!, g, problem.inputsAt);
  const { x0, x1: right, y1 } = problem.domain!;
  const row = 1;
  const col = 2;
  const px = x0 + ((col + 0.5) / g) * (right - x0);
  const py = y1 - ((row + 0.5) / g) * (y1 - problem.domain!.y0);
  assert.ok(Math.abs(grids[3][0][row * g + col] - feedforward(network, [px, py, px * px])[0]) < 1e-6, 'float32 grid against float64 feedforward');
  assert.equal(grids[1].length, 3, 'one input grid per feature');
  void kernel.dispose();
});
