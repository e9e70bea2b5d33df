import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, portableLog, shuffleInPlace } from '../../src/math/rng.ts';

test('portableLog agrees with Math.log to a few ulps from denormals to huge numbers', () => {
  const rng = createRng(11);
  let worst = 0;
  for (let i = 0; i < 200_000; i++) {
    const x = Math.exp((rng.uniform() - 0.5) * 1400);
    worst = Math.max(worst, Math.abs(portableLog(x) - Math.log(x)) / Math.max(Math.abs(Math.log(x)), 1e-300));
  }
  assert.ok(worst < 1e-15, `largest relative difference ${worst}`);
  assert.equal(portableLog(1), 0);
  assert.equal(portableLog(0), -Infinity);
  assert.ok(Number.isNaN(portableLog(-1)));
  assert.equal(portableLog(Number.MIN_VALUE), Math.log(Number.MIN_VALUE));
});

test('normal() has mean 0 and variance 1 (within 5 standard errors over 400,000 draws)', () => {
  const rng = createRng(3);
  const n = 400_000;
  let sum = 0;
  let sumSquares = 0;
  for (let i = 0; i < n; i++) {
    const z = rng.normal();
    sum += z;
    sumSquares += z * z;
  }
  const mean = sum / n;
  const variance = sumSquares / n - mean * mean;
  assert.ok(Math.abs(mean) < 5 / Math.sqrt(n), `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 5 * Math.sqrt(2 / n), `variance ${variance}`);
});

test('the generator gives a fixed sequence for a seed (these numbers are the contract that runs are reproducible)', () => {
  const rng = createRng(1);
  const first = [rng.uniform(), rng.uniform(), rng.uniform()];
  const again = createRng(1);
  assert.deepEqual([again.uniform(), again.uniform(), again.uniform()], first);
  assert.notDeepEqual([createRng(2).uniform()], [first[0]]);
  first.forEach((u) => assert.ok(u >= 0 && u < 1));
});

test('shuffleInPlace is a permutation and depends on the seed', () => {
  const a = Uint32Array.from({ length: 100 }, (_, i) => i);
  const b = a.slice();
  shuffleInPlace(a, createRng(1));
  shuffleInPlace(b, createRng(2));
  assert.deepEqual([...a].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual(a, b);
});
