import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { irisExamples } from '../../scripts/iris-examples.ts';

test('examples/iris-*.csv are what scripts/iris-examples.ts writes: 120 and 30 of the 150 flowers', () => {
  const { train, test: tested } = irisExamples();
  assert.equal(readFileSync(new URL('../../examples/iris-train.csv', import.meta.url), 'utf8'), train);
  assert.equal(readFileSync(new URL('../../examples/iris-test.csv', import.meta.url), 'utf8'), tested);
  const rows = (text: string): string[] => text.trimEnd().split('\n').slice(1);
  assert.equal(rows(train).length, 120);
  assert.equal(rows(tested).length, 30);
  assert.equal(rows(train).length + rows(tested).length, 150);
  for (const species of ['setosa', 'versicolor', 'virginica']) assert.ok(rows(tested).some((row) => row.endsWith(`,${species}`)), `the test file has ${species}`);
});
