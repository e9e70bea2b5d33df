import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { gradientCheck } from '../../src/training/gradcheck.ts';

/**
 * Backprop's ∂C/∂w and ∂C/∂b against five-point central differences of C, in float64, on
 * random shapes: one-neuron layers (where a transposition bug hides), deep nets (where an
 * off-by-one layer index shows), widths ≤ 12 so that finite differences are accurate enough
 * for the 1e-6 bound to mean something.
 */
const shapes: number[][] = [
  [1, 1],
  [3, 1, 2],
  [2, 1, 1, 1],
  [1, 4, 1],
  [4, 5, 3],
  [2, 3, 4, 5, 2],
  [6, 12, 8, 10, 4],
  [12, 1, 12],
  [5, 7],
];

for (const sizes of shapes) {
  for (const seed of [1, 2, 3]) {
    test(`gradient check ${sizes.join(',')} seed ${seed}: relative error ≤ 1e-6`, () => {
      const rng = createRng(seed);
      const network = createNetwork({ sizes, rng, init: seed === 3 ? 'scaled-normal' : 'normal' });
      const x = Array.from({ length: sizes[0] }, () => rng.normal());
      const y = Array.from({ length: sizes[sizes.length - 1] }, () => rng.uniform());
      const before = network.weights.map((w) => w.slice());
      const result = gradientCheck(network, x, y);
      const parameters = sizes.slice(1).reduce((n, size, i) => n + size * (sizes[i] + 1), 0);
      assert.equal(result.checked, parameters);
      assert.ok(result.maxRelativeError <= 1e-6, `max relative error ${result.maxRelativeError} at ${JSON.stringify(result.worst)}`);
      // The worst parameter it reports is a real one: layer 2..L, j < n_l, k < n_{l-1}.
      const { layer, j, k } = result.worst;
      assert.ok(layer >= 2 && layer <= sizes.length && j < sizes[layer - 1] && (k === undefined || k < sizes[layer - 2]));
      // The check perturbs parameters in place and must restore them exactly.
      network.weights.forEach((w, l) => assert.deepEqual(w, before[l]));
    });
  }
}
