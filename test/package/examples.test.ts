import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { irisExamples } from '../../scripts/iris-examples.ts';
import { digitExample } from '../../scripts/digit-example.ts';
import { loadMnist } from '../../src/node/mnist.ts';
import { readPngDigit } from '../../src/node/png.ts';

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

test("examples/digit-7.png is what scripts/digit-example.ts writes, the README's predict example names it, and it reads as MNIST's first test image", async () => {
  const { png, label } = await digitExample();
  const path = fileURLToPath(new URL('../../examples/digit-7.png', import.meta.url));
  assert.deepEqual(readFileSync(path), png);
  assert.equal(label, 7);
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.match(readme, /npx nabla predict --model mnist\.json examples\/digit-7\.png/);
  // Prepared as MNIST was (crop, scale to 20 px, centre by mass), it is close to the original 28 × 28.
  const pixels = await readPngDigit(path);
  const { test } = await loadMnist();
  let difference = 0;
  for (let i = 0; i < 784; i++) difference += Math.abs(pixels[i] - test.inputs[i] * test.inputScale);
  assert.ok(difference / 784 < 0.1, `mean |difference| ${difference / 784}`);
});
