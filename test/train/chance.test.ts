import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { atChance, chanceComparison, chanceZ } from '../../src/training/chance.ts';
import { nabla, tempDir } from './helpers.ts';

/* Issue 20, point 5: the chance-level warning only on evidence, in words that match the numbers. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('at chance only on evidence: enough examples and no significant difference (one-sided z-test, 5%)', () => {
  // The README's Iris run at epoch 3: 63.33% of 30 against 43.33% (2.2 standard errors): too few rows to say.
  assert.ok(!atChance(0.6333, 0.4333, 30));
  // XOR: 4 rows can only score 0, 25, 50, 75 or 100%.
  assert.ok(!atChance(0.5, 0.5, 4));
  assert.ok(atChance(0.5, 0.5, 100));
  // z by hand: (0.55 − 0.5) / √(0.25 / 400) = 0.05 / 0.025 = 2
  assert.ok(Math.abs(chanceZ(0.55, 0.5, 400) - 2) < 1e-12);
  assert.ok(!atChance(0.55, 0.5, 400), 'two standard errors above chance is learning');
  assert.ok(atChance(0.51, 0.5, 400), '0.4 standard errors is not');
  assert.match(chanceComparison(0.51, 0.5, 400), /^not significantly above the 50\.00% that always answering the commonest class scores \(0\.40 standard errors; a one-sided test at the 5% level needs 1\.645\)$/);
  assert.match(chanceComparison(0.098, 0.1135, 10_000), /^below the 11\.35% /);
});

test("the README's Iris example and XOR train without a chance warning", () => {
  const iris = nabla(['train', '--train', join(ROOT, 'examples/iris-train.csv'), '--test', join(ROOT, 'examples/iris-test.csv'), '--normalize', '--epochs', '4']);
  assert.equal(iris.status, 0, iris.stderr);
  assert.doesNotMatch(iris.stderr, /warning/);
  const dir = tempDir();
  writeFileSync(join(dir, 'xor.csv'), 'a,b,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
  const xor = nabla(['train', '--train', join(dir, 'xor.csv'), '--sizes', '2,3,2', '--epochs', '4', '--batch', '4']);
  assert.equal(xor.status, 0, xor.stderr);
  assert.doesNotMatch(xor.stderr, /warning/);
});
