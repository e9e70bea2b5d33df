import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderChart } from '../../src/cli/terminal/chart.ts';
import { epochJson, epochJsonLine, epochLine, summaryLines } from '../../src/cli/terminal/epochLines.ts';
import { bestEpoch } from '../../src/training/bestEpoch.ts';
import type { EpochReport } from '../../src/training/sgd.ts';

const accuracy = [0.9, 0.92, 0.935, 0.94, 0.945, 0.944, 0.95];

test('braille chart: title, one line per row with a y axis, the x axis and its labels', () => {
  const lines = renderChart([{ label: 'test', values: accuracy }], { title: 'Test accuracy', width: 30, height: 6, formatY: (v) => `${(v * 100).toFixed(1)}%` });
  assert.equal(lines.length, 1 + 6 + 2);
  assert.equal(lines[0], 'Test accuracy');
  const rows = lines.slice(1, 7);
  // Top and bottom rows are labelled with the highest and lowest values.
  assert.match(rows[0], /^95\.0% ┤/);
  assert.match(rows[5], /^90\.0% ┤/);
  for (const row of rows) assert.match(row, /^.{5} [┤│]/u);
  // Every plotted character is a braille cell; the plot is no wider than asked.
  for (const row of rows) {
    const plot = [...row].slice(7);
    assert.ok(plot.length <= 30, row);
    assert.ok(plot.every((ch) => ch === ' ' || (ch >= '\u2800' && ch <= '\u28ff')), row);
  }
  // The line starts at the bottom left and ends at the top right.
  assert.notEqual([...rows[5]][7], ' ');
  assert.equal([...rows[0]].length, 7 + 30);
  assert.equal(lines[7], `      └${'─'.repeat(30)}`);
  assert.match(lines[8], /^\s+1\s+4\s+7 {2}epoch$/);
});

test('ascii chart marks each point with its series marker and needs no Unicode blocks', () => {
  const lines = renderChart([{ label: 'cost', values: [0.3, 0.2, 0.1], marker: '*' }], { style: 'ascii', width: 3, height: 3, xStart: 5 });
  const rows = lines.slice(0, 3).map((row) => row.slice(row.indexOf('┤') >= 0 ? row.indexOf('┤') + 1 : row.indexOf('│') + 1));
  assert.deepEqual(rows, ['*', ' *', '  *']);
  assert.match(lines[4], /5.*7 {2}epoch/);
});

test('a constant series and NaN gaps do not break the chart', () => {
  const flat = renderChart([{ label: 'x', values: [0.5, 0.5, NaN, 0.5] }], { width: 10, height: 4 });
  assert.equal(flat.length, 4 + 2);
  assert.ok(flat.every((line) => !line.includes('NaN')));
});

function report(epoch: number, correct: number, cost: number): EpochReport {
  return {
    epoch,
    epochs: 3,
    trainSeconds: 0.25,
    examplesTrained: 500,
    stopped: false,
    test: { count: 10_000, correct, accuracy: correct / 10_000, meanCost: cost },
    validation: { count: 10_000, correct: correct + 10, accuracy: (correct + 10) / 10_000, meanCost: cost * 0.9 },
  };
}

test("epochJsonLine writes JSON.stringify(epochJson(…)) character for character", () => {
  const base = report(2, 9_482, 0.041);
  const cases: EpochReport[] = [
    base,
    { ...base, test: undefined, validation: undefined, learningRate: undefined },
    { ...base, learningRate: 0.5, trainSeconds: 1.25e-7, test: { count: 4, meanCost: NaN, rmse: Infinity }, validation: undefined },
    { ...base, test: { count: 4, correct: 0, accuracy: 0, meanCost: -0, rmse: 1e21 }, examplesTrained: 4, stopped: true },
  ];
  for (const r of cases) {
    for (const kernel of [undefined, 'wasm-simd', 'we"ird\\name']) assert.equal(epochJsonLine(r, kernel), JSON.stringify(epochJson(r, kernel)));
  }
});

test('epoch lines in the familiar form, JSON with fractions, summary with the best epoch and two charts', () => {
  const reports = [report(1, 9_031, 0.0771), report(2, 9_482, 0.041), report(3, 9_400, 0.043)];
  assert.equal(epochLine(reports[1]), 'Epoch 2/3  test 9,482 / 10,000 (94.82%)  validation 94.92%  cost 0.0410  0.25 s');
  assert.deepEqual(epochJson(reports[1]), {
    epoch: 2,
    epochs: 3,
    trainSeconds: 0.25,
    testAccuracy: 0.9482,
    testCorrect: 9482,
    testCount: 10000,
    testCost: 0.041,
    validationAccuracy: 0.9492,
    validationCost: 0.041 * 0.9,
    examples: 500,
    testRmse: null,
    validationRmse: null,
  });
  assert.equal(epochJson(reports[1], 'wasm-simd').kernel, 'wasm-simd');
  const summary = summaryLines(reports, { wallSeconds: 3 });
  assert.equal(summary[0], 'Best: epoch 2 (by validation), test 9,482 / 10,000 (94.82%), validation 94.92%');
  assert.match(summary[1], /^Time: 0\.75 s training, 0\.25 s per epoch; 3\.00 s in all/);
  assert.ok(summary.includes('Test accuracy') && summary.includes('Mean test cost'));
  assert.ok(!summaryLines(reports, { wallSeconds: 3, charts: false }).includes('Test accuracy'));
});

test('the best epoch is chosen by validation accuracy whenever there is a validation set, never by test accuracy; by test only without one', () => {
  // Epoch 2 tops the test set, epoch 3 the validation set.
  const withValidation = (epoch: number, correct: number, validationCorrect: number): EpochReport => ({
    ...report(epoch, correct, 0.05),
    validation: { count: 10_000, correct: validationCorrect, accuracy: validationCorrect / 10_000, meanCost: 0.05 },
  });
  const reports = [withValidation(1, 9_000, 9_000), withValidation(2, 9_600, 9_300), withValidation(3, 9_500, 9_400)];
  assert.equal(bestEpoch(reports)?.report.epoch, 3);
  assert.equal(summaryLines(reports, { wallSeconds: 1 })[0], 'Best: epoch 3 (by validation), test 9,500 / 10,000 (95.00%), validation 94.00%');
  const testOnly = reports.map(({ validation: _, ...r }) => r);
  assert.equal(bestEpoch(testOnly)?.report.epoch, 2);
  assert.equal(summaryLines(testOnly, { wallSeconds: 1 })[0], 'Best: epoch 2, test 9,600 / 10,000 (96.00%)');
  // A regression: the lowest validation RMSE, not the lowest test RMSE.
  const rmse = (epoch: number, test: number, validation: number): EpochReport => ({
    ...report(epoch, 0, 0.05),
    test: { count: 10, meanCost: 0.05, rmse: test },
    validation: { count: 10, meanCost: 0.05, rmse: validation },
  });
  const regression = [rmse(1, 0.5, 0.6), rmse(2, 0.3, 0.5), rmse(3, 0.4, 0.45)];
  assert.equal(summaryLines(regression, { wallSeconds: 1, task: 'regression' })[0], 'Best: epoch 3 (by validation), test RMSE 0.4000, validation RMSE 0.4500');
});
