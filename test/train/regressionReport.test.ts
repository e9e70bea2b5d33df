import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kernel } from '../../src/kernels/kernel.ts';
import { createRng } from '../../src/math/rng.ts';
import { buildRegressionReport } from '../../src/report/regressionHtml.ts';
import { plottedIndices, svgScatterPlot } from '../../src/report/svgScatter.ts';
import { scoreOutputs } from '../../src/training/evaluate.ts';
import { largestErrors, residualSummary } from '../../src/training/residuals.ts';
import type { EpochReport } from '../../src/training/sgd.ts';

test('residuals e = a − y of two examples and two targets, worked out by hand', () => {
  // e = [1, 0] and [−1, 4].
  const outputs = [1, 2, 3, 5];
  const targets = [0, 2, 4, 1];
  const summary = residualSummary(outputs, targets, 2, 2);
  assert.equal(summary.count, 2);
  assert.equal(summary.rmse, Math.sqrt((1 + 0 + 1 + 16) / 4));
  assert.equal(summary.meanAbsoluteError, (1 + 0 + 1 + 4) / 4);
  assert.deepEqual(summary.targets[0], { rmse: 1, meanAbsoluteError: 1, meanError: 0, largestError: 1 });
  assert.deepEqual(summary.targets[1], { rmse: Math.sqrt(8), meanAbsoluteError: 2, meanError: 2, largestError: 4 });
  // ‖e‖ = 1 and √17: the second example first.
  assert.deepEqual(largestErrors(outputs, targets, 2, 2, 5), [
    { index: 1, error: Math.sqrt(17) },
    { index: 0, error: 1 },
  ]);
  assert.throws(() => residualSummary([1], [1, 2], 1, 2), /outputs hold 1 values and targets 2; 1 examples of 2 targets need 2 each/);
});

test("the report's RMSE is evaluate's to the last bit (the same sum in the same order)", () => {
  const rng = createRng(9);
  const count = 37;
  const outputSize = 3;
  const outputs = Float64Array.from({ length: count * outputSize }, () => rng.normal() * 5);
  const targets = Float64Array.from({ length: count * outputSize }, () => rng.normal() * 5);
  const kernel = { spec: { cost: 'quadratic' } } as unknown as Kernel;
  const evaluation = scoreOutputs(kernel, { count, inputSize: 1, outputSize, inputs: new Float64Array(count), inputScale: 1, targets }, outputs);
  assert.equal(residualSummary(outputs, targets, count, outputSize).rmse, evaluation.rmse);
});

test('largestErrors ranks a diverged (NaN) output first and keeps the order of ties', () => {
  assert.deepEqual(
    largestErrors([1, NaN, 3, 3], [0, 0, 0, 0], 4, 1, 4).map((e) => e.index),
    [1, 2, 3, 0],
  );
});

/** cx, cy of every dot of an SVG. */
function dots(svg: string): { cx: number; cy: number }[] {
  return [...svg.matchAll(/<circle cx="([-\d.]+)" cy="([-\d.]+)"[^>]*class="dot"/g)].map((m) => ({ cx: Number(m[1]), cy: Number(m[2]) }));
}

test('the scatter plot puts exact predictions on its line predicted = actual, and at most maxPoints dots', () => {
  const actual = [-3, -1, 0, 0.5, 2, 7];
  const svg = svgScatterPlot(actual, actual, { title: 'y', formatValue: String, size: 360 });
  const line = /<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" class="identity">/.exec(svg);
  assert.ok(line, 'the identity line is drawn');
  const [x1, y1, x2, y2] = line.slice(1).map(Number);
  const found = dots(svg);
  assert.equal(found.length, actual.length);
  for (const { cx, cy } of found) {
    // On the segment from (x1, y1) to (x2, y2): the cross product vanishes.
    assert.ok(Math.abs((cx - x1) * (y2 - y1) - (cy - y1) * (x2 - x1)) < 2, `(${cx}, ${cy}) is on the line`);
  }
  // An overestimate lies above the line (smaller y in SVG).
  const over = dots(svgScatterPlot([0, 1, 2], [0, 1.5, 2], { title: 'y', formatValue: String }))[1];
  const exact = dots(svgScatterPlot([0, 1, 2], [0, 1, 2], { title: 'y', formatValue: String }))[1];
  assert.ok(over.cy < exact.cy && over.cx === exact.cx);

  assert.deepEqual(plottedIndices(5, 10), [0, 1, 2, 3, 4]);
  assert.deepEqual(plottedIndices(10, 4), [0, 3, 6, 9]);
  const many = Float64Array.from({ length: 5000 }, (_, n) => n);
  assert.equal(dots(svgScatterPlot(many, many, { title: 'y', formatValue: String, maxPoints: 2000 })).length, 1667);
});

const history: EpochReport[] = [1, 2, 3].map((epoch) => ({
  epoch,
  epochs: 3,
  trainSeconds: 0.5,
  examplesTrained: 100,
  stopped: false,
  training: { count: 100, meanCost: 0.1 / epoch, rmse: 0.4 / epoch },
  test: { count: 4, meanCost: 0.2 / epoch, rmse: [0.9, 0.5, 0.7][epoch - 1] },
}));

test('the regression report: RMSE and cost curves, a scatter plot per target, residuals, the largest errors by file line, names escaped', () => {
  // Four examples, targets '<b>' and 'z & "q"'.
  const actual = [1, 10, 2, 20, 3, 30, 4, 40];
  const outputs = [1.5, 10, 2, 21, 3, 30, 3, 37];
  const html = buildRegressionReport({
    settings: [['sizes', '[2, 8, 2]']],
    epochs: history,
    targets: ['<b>', 'z & "q"'],
    count: 4,
    outputs,
    actual,
    lines: [2, 3, 5, 6],
  });
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(!html.includes('<b>'), 'the column name <b> is never markup');
  assert.ok(html.includes('&lt;b&gt;') && html.includes('z &amp; &quot;q&quot;'));
  // Curves: RMSE and cost, each with a training and a test line; then one scatter plot per target.
  assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 2);
  assert.equal((html.match(/<polyline /g) ?? []).length, 4);
  assert.equal((html.match(/<svg class="chart scatter"/g) ?? []).length, 2);
  assert.equal((html.match(/class="identity"/g) ?? []).length, 2);
  assert.equal(dots(html).length, 8);
  // The best epoch is the lowest test RMSE (epoch 2), and the final figures are the outputs' own.
  assert.match(html, /<th>best epoch<\/th><td>2: 0\.5 test RMSE<\/td>/);
  const e = [0.5, 0, 0, 1, 0, 0, -1, -3];
  const rmse = Math.sqrt(e.reduce((s, v) => s + v * v, 0) / 8);
  assert.match(html, new RegExp(`<th>final test RMSE</th><td>${Number(rmse.toPrecision(6))}</td>`));
  assert.match(html, /<th>final test mean absolute error<\/th><td>0\.6875<\/td>/);
  // Residuals of '<b>': e = 0.5, 0, 0, −1; of 'z': 0, 1, 0, −3; and both together.
  assert.match(html, /<th scope="row">&lt;b&gt;<\/th><td>0\.559017<\/td><td>0\.375<\/td><td>-0\.125<\/td><td>1<\/td>/);
  assert.match(html, /<th scope="row">z &amp; &quot;q&quot;<\/th><td>1\.58114<\/td><td>1<\/td><td>-0\.5<\/td><td>3<\/td>/);
  assert.match(html, /<tr class="total"><th scope="row">all targets<\/th>/);
  // Largest errors, worst first: the example on line 6 (‖e‖ = √10), then line 3 (1), then line 2 (0.5).
  const rows = [...html.matchAll(/<tr><th scope="row">line (\d+)<\/th>/g)].map((m) => Number(m[1]));
  assert.deepEqual(rows, [6, 3, 2, 5]);
  assert.match(html, /<th scope="row">line 6<\/th><td>3<\/td><td class="actual">4<\/td><td>37<\/td><td class="actual">40<\/td><td>3\.16228<\/td>/);
  assert.ok(!/http/i.test(html), 'no http(s) URL');
  assert.ok(!/<script|<link|src=|url\(/i.test(html));
});

test('without file lines the largest errors are numbered by position; without a training series the curves have one line each', () => {
  const html = buildRegressionReport({
    settings: [],
    epochs: history.map(({ training: _, ...rest }) => rest),
    evaluatedOn: 'training',
    targets: ['y'],
    count: 3,
    outputs: [1, 2, 4],
    actual: [1, 2, 3],
  });
  assert.equal((html.match(/<polyline /g) ?? []).length, 2);
  assert.equal((html.match(/<svg class="chart scatter"/g) ?? []).length, 1);
  assert.match(html, /<tr><th scope="row">#3<\/th><td>4<\/td><td class="actual">3<\/td><td>1<\/td><\/tr>/);
  assert.match(html, /final training RMSE/);
  assert.ok(!html.includes('all targets'), 'one target: no total row');
});
