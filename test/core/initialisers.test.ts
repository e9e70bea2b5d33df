import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';

// 'uniform' is PyTorch's default for Linear and Conv2d: weights and biases U(−1/√n_in, 1/√n_in),
// with n_in = C·K_h·K_w for a conv layer.
test("'uniform' draws weights and biases from U(±1/√n_in), n_in a conv layer's C·K·K", () => {
  const network = createNetwork({
    rng: createRng(3),
    init: 'uniform',
    inputShape: [12, 12, 2],
    layers: [
      { type: 'conv', maps: 6, field: [3, 3], activation: 'relu' },
      { type: 'pool', size: [2, 2] },
      { type: 'dense', neurons: 40, activation: 'softmax' },
    ],
    cost: 'log-likelihood',
  });
  const cases: [number, number][] = [
    [2, 2 * 3 * 3], // conv: C·K·K
    [4, 5 * 5 * 6], // dense after the pool: its 150 inputs
  ];
  for (const [l, nIn] of cases) {
    const bound = 1 / Math.sqrt(nIn);
    for (const values of [network.weights[l], network.biases[l]]) {
      assert.ok(values.length > 0);
      assert.ok(values.every((v) => Math.abs(v) < bound), `layer ${l}: every value within ±${bound}`);
    }
    // U(−s, s) has variance s²/3: the weights' sample variance is near it (N(0, s²) would give 3×).
    const w = network.weights[l];
    const variance = w.reduce((sum, v) => sum + v * v, 0) / w.length;
    assert.ok(Math.abs(variance / (bound * bound / 3) - 1) < 0.25, `layer ${l}: variance ${variance} against ${bound * bound / 3}`);
    // and the largest reaches most of the bound: a bound that is too small fails here
    assert.ok(Math.max(...w.map(Math.abs)) > 0.9 * bound);
  }
  assert.equal(network.weights[3].length, 0);
});

test("the normal initialisers draw as before: 'scaled-normal' biases N(0, 1), 'he' biases 0", () => {
  const a = createNetwork({ sizes: [3, 2], rng: createRng(1), init: 'scaled-normal' });
  const rng = createRng(1);
  const biases = [rng.normal(), rng.normal()];
  assert.deepEqual([...a.biases[2]], biases);
  assert.deepEqual([...a.weights[2]], Array.from({ length: 6 }, () => rng.normal() * (1 / Math.sqrt(3))));
  const he = createNetwork({ sizes: [3, 2], rng: createRng(1), init: 'he' });
  assert.deepEqual([...he.biases[2]], [0, 0]);
});
