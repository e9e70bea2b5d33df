import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReport } from '../../src/report/html.ts';
import type { EpochReport } from '../../src/training/sgd.ts';

const history: EpochReport[] = [1, 2, 3].map((epoch) => ({
  epoch,
  epochs: 3,
  trainSeconds: 0.5,
  examplesTrained: 100,
  stopped: false,
  test: { count: 10, correct: 6 + epoch, accuracy: (6 + epoch) / 10, meanCost: 0.2 / epoch },
  validation: { count: 10, correct: 5 + epoch, accuracy: (5 + epoch) / 10, meanCost: 0.25 / epoch },
}));

/** A 28 × 28 "digit": a vertical bar. */
const bar = Float64Array.from({ length: 784 }, (_, p) => (p % 28 >= 12 && p % 28 < 16 ? 1 : 0));

test('the report holds SVG curves, a shaded confusion table, precision / recall, misclassified digits, and no external URL', () => {
  const html = buildReport({
    settings: [['sizes', '[784, 30, 10]'], ['note', '<script>alert(1)</script>']],
    epochs: history,
    classes: ['zero', 'one', 'two'],
    confusion: [
      [3, 1, 0],
      [0, 3, 0],
      [1, 0, 2],
    ],
    misclassified: [
      { index: 4, pixels: bar, width: 28, height: 28, label: 'zero', predicted: 'one' },
      { index: 9, pixels: bar, width: 28, height: 28, label: 'two', predicted: 'zero' },
    ],
  });
  assert.match(html, /^<!DOCTYPE html>/);
  // Two charts (accuracy and cost), each with a line for test and one for validation.
  assert.equal((html.match(/<svg class="chart"/g) ?? []).length, 2);
  assert.equal((html.match(/<polyline /g) ?? []).length, 4);
  assert.match(html, /<table class="confusion">/);
  // The diagonal is shaded blue, errors red.
  assert.match(html, /<td style="background:rgba\(37, 99, 235, 0\.750\)"[^>]*>3<\/td>/);
  assert.match(html, /<td style="background:rgba\(220, 38, 38, [0-9.]+\)"[^>]*>1<\/td>/);
  assert.match(html, /<table class="classes">/);
  assert.match(html, /75\.00%/); // precision of 'zero': 3 of 4 predicted
  assert.equal((html.match(/<svg class="digit"/g) ?? []).length, 2);
  assert.match(html, /<title>#4: true zero, predicted one<\/title>/);
  assert.match(html, /All 2 misclassified test images/);
  // Self-contained: no links, scripts or external resources of any kind.
  assert.ok(!/http/i.test(html), 'no http(s) URL');
  assert.ok(!/<script|<link|src=|url\(/i.test(html));
  assert.ok(html.includes('&lt;script&gt;'), 'text is escaped');
});

test('without images (CSV data) the report has no digit grid', () => {
  const html = buildReport({ settings: [], epochs: history, evaluatedOn: 'training', classes: ['a', 'b'], confusion: [[2, 0], [1, 1]] });
  assert.ok(!html.includes('class="digit"'));
  assert.ok(!html.includes('Misclassified'));
  assert.match(html, /final training accuracy/);
});

test("the cost curve is titled with the run's cost: the quadratic formula by default, else the cost by name", () => {
  const report = (cost?: string): string => buildReport({ settings: [], epochs: history, classes: ['a', 'b'], confusion: [[2, 0], [1, 1]], cost });
  assert.match(report(), /class="chart-title">Mean cost C = ½‖y − aᴸ‖²</);
  assert.equal(report('quadratic'), report());
  assert.match(report('cross-entropy'), /class="chart-title">Mean cross-entropy cost</);
  assert.ok(!report('log-likelihood').includes('½‖y − aᴸ‖²'));
});
