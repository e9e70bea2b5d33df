import assert from 'node:assert/strict';
import os from 'node:os';
import { describe, it } from 'node:test';
import type { Kernel } from '../../src/kernels/kernel.ts';
import { Chooser, type Mode } from '../../src/kernels/threads/chooser.ts';
import { createWasmKernel } from '../../src/kernels/wasm/wasm-kernel.ts';
import { createRng } from '../../src/math/rng.ts';
import { cloneNetwork, createNetwork, type Network } from '../../src/network/network.ts';
import { availableNodeKernels, createNodeKernel, defaultThreads, THREADS_FROM_WIDTH } from '../../src/node/kernels.ts';
import { createThreadsKernel } from '../../src/node/threads/threads-kernel.ts';
import { train } from '../../src/training/sgd.ts';
import { randomDataset, spec } from './helpers.ts';

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

describe("the default kernel's adaptive schedule", () => {
  it('switches between threads and serial within an epoch as the batches time, and trains the bits of one thread', async () => {
    const sizes = [60, 100, 10];
    const rng = createRng(7);
    const network = createNetwork({ sizes, rng, init: 'scaled-normal' });
    const data = randomDataset(rng, 600, sizes[0], sizes[2], true, 0.8);
    const relaxed = availableNodeKernels().includes('wasm-relaxed-simd');
    // A fake clock: a threaded batch costs 1 (fast) except for batches 60-119 (a busy core, 50); a serial one 2.
    const modes: Mode[] = [];
    let clock = 0;
    class Recording extends Chooser {
      override begin(): Mode {
        const mode = super.begin();
        modes.push(mode);
        return mode;
      }

      override end(): void {
        // (the batch's cost, before the chooser reads the clock at its end)
        clock += modes[modes.length - 1] === 'serial' ? 2 : modes.length > 60 && modes.length <= 120 ? 50 : 1;
        super.end();
      }
    }
    const chooser = new Recording({ start: 8, chunk: 4, stretch: 16, maxStretch: 32, firstTryAfter: 0, now: () => clock });
    const run = async (kernel: Kernel): Promise<Network> => {
      try {
        const trained = cloneNetwork(network);
        await train(trained, kernel, data, { epochs: 2, batchSize: 3, learningRate: 0.5, rng: createRng(8), test: data });
        return trained;
      } finally {
        await kernel.dispose();
      }
    };
    const adaptive = await run(await createThreadsKernel(spec(sizes, 'float32'), 2, relaxed, 'adaptive', { chooser }));
    const one = await run(await createWasmKernel(spec(sizes, 'float32'), relaxed ? 'relaxedSimd' : 'simd'));
    const epoch1 = modes.slice(0, 200);
    const switches = epoch1.filter((mode, i) => i > 0 && mode !== epoch1[i - 1]).length;
    assert.ok(switches >= 4, `${switches} switches in the first epoch: ${epoch1.join(' ')}`);
    assert.ok(epoch1.slice(60, 120).filter((m) => m === 'threads').length <= 6, 'serial while the threads are slow');
    assert.ok(epoch1.slice(150).filter((m) => m === 'threads').length >= 15, `threads again after: ${epoch1.slice(150).join(' ')}`);
    assert.ok(modes.slice(200, 400).filter((m) => m === 'threads').length >= 160, 'threads in the second epoch');
    for (let l = 2; l <= sizes.length; l++) {
      assert.deepEqual(adaptive.weights[l], one.weights[l]);
      assert.deepEqual(adaptive.biases[l], one.biases[l]);
    }
  });
});
