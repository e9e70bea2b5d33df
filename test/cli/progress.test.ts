import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRateEstimate, formatTimeLeft, progressLine } from '../../src/cli/terminal/progress.ts';

const state = { epoch: 7, epochs: 30, done: 12_340, total: 50_000, speed: 493_120 };

test('the bar line holds every part when the terminal is wide enough, with a 30-character bar', () => {
  const line = progressLine(state, 119);
  assert.match(line, /^Epoch {2}7\/30 {2}[█░]{30} {2}12,340 \/ 50,000 {2}493,120 examples\/s {2}< 1 s left$/);
  // 12,340 of 50,000 is 24.7% of 30 characters: 7 full.
  assert.equal(line.match(/█/g)?.length, 7);
});

test('at 80 columns the bar shrinks and the line ends with a whole word, never cut', () => {
  for (const speed of [undefined, 1, 600, 493_120, 12_345_678]) {
    const line = progressLine({ ...state, speed }, 79);
    assert.ok(line.length <= 79, `${line.length} characters: ${line}`);
    assert.match(line, /^Epoch {2}7\/30 {2}[█░]{10,30} {2}12,340 \/ 50,000 {2}.* left$/);
  }
});

test('narrower terminals drop the speed, then the time left, then the bar, then the count, whole parts only', () => {
  const widths = [79, 70, 60, 50, 40, 30, 20, 10];
  let previous = Infinity;
  for (const width of widths) {
    const line = progressLine(state, width);
    assert.ok(line.length <= width, `${width}: ${line}`);
    assert.ok(line.length <= previous);
    previous = line.length;
    assert.ok(!/\S$/.test(line) || /(left|examples\/s|50,000|[█░]|\/30|Epoch)$/.test(line), `cut mid-word at ${width}: '${line}'`);
  }
  assert.doesNotMatch(progressLine(state, 60), /examples\/s/);
  assert.match(progressLine(state, 60), /left$/);
  assert.match(progressLine(state, 40), /^Epoch {2}7\/30 {2}[█░]{10} {2}12,340 \/ 50,000$/);
  assert.equal(progressLine(state, 30), 'Epoch  7/30  12,340 / 50,000');
  assert.equal(progressLine(state, 20), 'Epoch  7/30');
  assert.equal(progressLine(state, 10), 'Epoch');
});

test('the time left reads in whole seconds, rounded up, and in minutes past two', () => {
  assert.equal(formatTimeLeft(0.09), '< 1 s');
  assert.equal(formatTimeLeft(3.2), '4 s');
  assert.equal(formatTimeLeft(119.5), '2 min 00 s');
  assert.equal(formatTimeLeft(125), '2 min 05 s');
});

test('no time left is estimated from the slow first mini-batches: a 0.1 s epoch never shows "40 s"', () => {
  // A warm-up stretch of 10 examples in 50 ms (200 examples/s: 250 s for 50,000 by the
  // average from the start), then 500,000 examples/s: the epoch takes 0.15 s in all.
  const rate = createRateEstimate();
  assert.equal(rate.add(1, 10, 0.05), undefined, 'one stretch: no estimate');
  assert.equal(rate.add(1, 25_010, 0.1), undefined, 'one stretch after the warm-up: no agreement yet');
  const speed = rate.add(1, 50_000, 0.15);
  assert.ok(speed !== undefined && Math.abs(speed - 499_800) < 1, `the steady rate, not the average from the start: ${speed}`);
  assert.equal(progressLine({ epoch: 1, epochs: 30, done: 25_010, total: 50_000, speed: undefined }, 119).match(/… left$/)?.length, 1);
});

test('the rate carries over to the next epoch and follows the latest stretches', () => {
  const rate = createRateEstimate();
  rate.add(1, 100, 0.1);
  assert.equal(rate.add(1, 200, 0.2), undefined, 'two stretches are one measured rate: nothing to agree with yet');
  // A whole epoch measured: the next one starts with an estimate from its first report.
  assert.equal(rate.add(2, 100, 0.1), 1000);
  assert.equal(rate.add(2, 400, 0.2), 0.5 * 1000 + 0.5 * 3000);
});
