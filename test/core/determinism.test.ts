import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dataset } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, type Network } from '../../src/network/network.ts';
import { train } from '../../src/training/sgd.ts';

/** Every parameter as one list, to compare networks bit for bit. */
function parameters(network: Network): number[] {
  return network.weights.flatMap((w, l) => [...w, ...network.biases[l]]);
}

function dataset(seed: number): Dataset {
  const rng = createRng(seed);
  return {
    count: 40,
    inputSize: 3,
    outputSize: 2,
    inputs: Float64Array.from({ length: 120 }, () => rng.normal()),
    inputScale: 1,
    targets: Float64Array.from({ length: 80 }, () => rng.uniform()),
  };
}

async function trainedWith(seed: number): Promise<Network> {
  const sizes = [3, 5, 2];
  const network = createNetwork({ sizes, rng: createRng(seed) });
  const kernel = createReferenceKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float64' });
  await train(network, kernel, dataset(100), { epochs: 3, batchSize: 7, learningRate: 1.5, rng: createRng(seed + 1) });
  return network;
}

test('the same seed gives a bit-identical network', () => {
  for (const init of ['normal', 'scaled-normal'] as const) {
    const a = createNetwork({ sizes: [4, 6, 3], rng: createRng(42), init });
    const b = createNetwork({ sizes: [4, 6, 3], rng: createRng(42), init });
    assert.deepEqual(parameters(a), parameters(b));
  }
});

test('different seeds give different networks', () => {
  const a = createNetwork({ sizes: [4, 6, 3], rng: createRng(1) });
  const b = createNetwork({ sizes: [4, 6, 3], rng: createRng(2) });
  assert.notDeepEqual(parameters(a), parameters(b));
});

test('the same seed gives bit-identical training; a different seed a different result', async () => {
  const [a, b, c] = await Promise.all([trainedWith(7), trainedWith(7), trainedWith(8)]);
  assert.deepEqual(parameters(a), parameters(b));
  assert.notDeepEqual(parameters(a), parameters(c));
});

test('the random number generator repeats its sequence per seed and stays in range', () => {
  const a = createRng(123);
  const b = createRng(123);
  for (let i = 0; i < 1000; i++) {
    const u = a.uniform();
    assert.equal(u, b.uniform());
    assert.ok(u >= 0 && u < 1);
    const k = a.int(7);
    assert.equal(k, b.int(7));
    assert.ok(Number.isInteger(k) && k >= 0 && k < 7);
    const n = a.normal();
    assert.equal(n, b.normal());
    assert.ok(Number.isFinite(n));
  }
});
