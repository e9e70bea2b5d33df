import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { cellProblem, parseCsvDataset, parseCsvRows } from '../../src/data/csv.ts';
import { assertBadInput, nabla, tempDir } from '../cli/helpers.ts';
import { assertInputError } from '../data/helpers.ts';

/** Issue 12, point 4: the CSV reader refuses non-finite numbers, as the model reader does; a header is a row of words only. */

test('cells beyond float64 (1e400, -1e400, a million digits) are refused, naming the cell and the limit', () => {
  for (const cell of ['1e400', '-1e400', '9'.repeat(1_000_000)]) {
    assertInputError(() => parseCsvRows(`1,2\n3,${cell}\n`, 'in.csv'), /in\.csv/, /row 2, column 2/, /too large for a float64 number/, /1\.8e308/);
    assertInputError(() => parseCsvDataset(`1,a\n${cell},b\n`, { name: 'train.csv' }), /row 2, column 1/, /too large for a float64 number/);
  }
  // The largest finite float64 and subnormals are numbers.
  assert.deepEqual(parseCsvRows('1.7976931348623157e308,5e-324\n'), [[1.7976931348623157e308, 5e-324]]);
  assert.equal(cellProblem('1e308'), undefined);
});

test('a cell of a million digits followed by a letter is refused at once (the number pattern does not backtrack quadratically)', { timeout: 20_000 }, () => {
  assertInputError(() => parseCsvRows(`1,${'1'.repeat(1_000_000)}x\n`, 'in.csv'), /row 1, column 2/, /is not a number/);
});

test('a first row with some numbers and one word is data with a bad cell, not a header', () => {
  assertInputError(() => parseCsvRows('1,2,x,4\n5,6,7,8\n', 'in.csv'), /in\.csv/, /row 1, column 3: 'x' is not a number/);
  assertInputError(() => parseCsvDataset('1,2,x,4,a\n5,6,7,8,b\n', { name: 'train.csv' }), /row 1, column 3: 'x' is not a number/);
  // A row of words is a header, in both readers.
  assert.deepEqual(parseCsvRows('a,b\n1,2\n'), [[1, 2]]);
  assert.deepEqual(parseCsvDataset('a,b,label\n1,2,x\n3,4,y\n').featureNames, ['a', 'b']);
});

test('nabla predict refuses 1e400 and a half-header row with one line naming the cell (it printed Infinity / dropped the row)', () => {
  const dir = tempDir();
  const model = join(dir, 'tiny.json');
  writeFileSync(model, JSON.stringify({ format: 'nabla-model', version: 1, sizes: [4, 1], activation: 'sigmoid', cost: 'quadratic', weights: [[[1, -1, 1, -1]]], biases: [[0]] }));
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,2,3,1e400\n' }), /row 1, column 4: '1e400' is too large/);
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,2,x,4\n5,6,7,8\n' }), /row 1, column 3: 'x' is not a number/);
});
