import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import { createNodeKernel, defaultThreads, THREADS_FROM_WIDTH } from '../../src/node/kernels.ts';

describe("the default kernel's threads", () => {
  it('one thread for a narrow first hidden layer (the reference network), every core for a wide one', () => {
    assert.equal(defaultThreads({ sizes: [784, 30, 10], activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' }), 1);
    assert.equal(defaultThreads({ sizes: [784, THREADS_FROM_WIDTH - 1, 10], activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' }), 1);
    assert.equal(defaultThreads({ sizes: [784, 100, 10], activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' }), os.availableParallelism());
  });

  it("'auto' without --threads makes a one-thread kernel for [784, 30, 10]", async () => {
    const kernel = await createNodeKernel({ sizes: [784, 30, 10], activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' });
    try {
      assert.ok(!kernel.name.endsWith('-threads'), kernel.name);
    } finally {
      await kernel.dispose();
    }
  });
});
