import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { gradientCheck } from '../../src/training/gradcheck.ts';
import { activationsOf, combinations, targetFor } from '../kernels/combinations.ts';

/**
 * Backprop against five-point central differences (float64, relative error ≤ 1e-7) for every
 * cost × output activation × hidden activation the registries define (softmax with
 * log-likelihood included), on a shallow and a deep shape. ReLU's kink at z = 0 is where a
 * finite difference and a derivative disagree; gradientCheck steps 1e-5 for such networks,
 * which makes landing within 2h of it improbable, and the check would say so. Gradients so small
 * that rounding in C could make up 1e-7 of them are compared absolutely (gradientCheck's floor).
 */
const shapes = [
  [3, 4, 2],
  [4, 5, 3, 3],
];

for (const c of combinations()) {
  for (const sizes of shapes) {
    test(`gradient check ${c.hidden} hidden, ${c.output} output, ${c.cost} cost, ${sizes.join(',')}: relative error ≤ 1e-7`, () => {
      const rng = createRng(sizes.length * 100 + 7);
      const network = createNetwork({ sizes, rng, init: 'scaled-normal', activations: activationsOf(c, sizes.length - 1), cost: c.cost });
      const x = Array.from({ length: sizes[0] }, () => rng.normal());
      const y = targetFor(c, rng, sizes[sizes.length - 1]);
      const result = gradientCheck(network, x, y, { bound: 1e-7 });
      assert.ok(result.maxRelativeError <= 1e-7, `max relative error ${result.maxRelativeError} at ${JSON.stringify(result.worst)}`);
    });
  }
}
