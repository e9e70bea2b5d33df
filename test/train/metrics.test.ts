import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classMetrics, confusionMatrix, confusionTotals, predictedClasses } from '../../src/training/metrics.ts';

test('predictedClasses takes the largest output of each row (the first on ties)', () => {
  const outputs = [0.1, 0.7, 0.2, 0.5, 0.5, 0.0, 0.0, 0.1, 0.9];
  assert.deepEqual(Array.from(predictedClasses(outputs, 3, 3)), [1, 0, 2]);
});

test('confusion matrix: rows are true classes, columns predictions', () => {
  // Ten examples of three classes, worked out by hand.
  const labels = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2];
  const predicted = [0, 0, 0, 1, 1, 1, 2, 2, 2, 0];
  const confusion = confusionMatrix(labels, predicted, 3);
  assert.deepEqual(confusion, [
    [3, 1, 0],
    [0, 2, 1],
    [1, 0, 2],
  ]);
  assert.deepEqual(confusionTotals(confusion), { correct: 7, count: 10 });

  const metrics = classMetrics(confusion);
  // Class 0: predicted 4 times (3 right), 4 examples (3 found).
  assert.equal(metrics[0].precision, 3 / 4);
  assert.equal(metrics[0].recall, 3 / 4);
  // Class 1: predicted 3 times (2 right), 3 examples (2 found).
  assert.equal(metrics[1].precision, 2 / 3);
  assert.equal(metrics[1].recall, 2 / 3);
  // Class 2: predicted 3 times (2 right), 3 examples (2 found).
  assert.deepEqual(
    { precision: metrics[2].precision, recall: metrics[2].recall, support: metrics[2].support, predicted: metrics[2].predicted },
    { precision: 2 / 3, recall: 2 / 3, support: 3, predicted: 3 },
  );
});

test('precision of a class never predicted and recall of a class with no examples are NaN, not a division by zero', () => {
  const metrics = classMetrics(confusionMatrix([0, 0, 1], [0, 0, 0], 3));
  assert.equal(metrics[0].precision, 2 / 3);
  assert.equal(metrics[0].recall, 1);
  assert.ok(Number.isNaN(metrics[1].precision));
  assert.equal(metrics[1].recall, 0);
  assert.ok(Number.isNaN(metrics[2].precision));
  assert.ok(Number.isNaN(metrics[2].recall));
});

test('confusionMatrix rejects labels outside the classes and mismatched lengths', () => {
  assert.throws(() => confusionMatrix([0, 3], [0, 1], 3), RangeError);
  assert.throws(() => confusionMatrix([0, 1], [0], 3), RangeError);
});
