import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Dataset, DType, Kernel, ResidentDataset } from '../../src/kernels/kernel.ts';
import { createWasmKernel } from '../../src/kernels/wasm/wasm-kernel.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import { availableNodeKernels } from '../../src/node/kernels.ts';
import { createThreadsKernel, type Schedule } from '../../src/node/threads/threads-kernel.ts';
import { randomDataset, shuffled, spec } from './helpers.ts';

/**
 * Interleaving stress: the two-thread kernel (whose trainBatch returns while its worker still
 * finishes the batch's updates) against a one-thread wasm kernel of the same variant, through a
 * seeded random sequence of trainBatch (two datasets, random and consecutive batches, partial
 * last batches), feedforwardDataset (on any dataset, random ranges), getParameters,
 * setParameters, loadDataset and release. After every operation the two must agree bit for bit.
 *
 * Written after a race (in an earlier design, whose helper thread gathered the next batch ahead):
 * evaluation re-pointed the plan at another dataset while the helper was still at work, the
 * worker read out of bounds and trapped, and the caller waited forever. Now every operation
 * but trainBatch must first wait for the worker (settle): without that in getParameters, this
 * fails (the worker's last updates land after the copy). A hang blocks this thread in Atomics.wait (and with it node:test's own
 * timeouts), so each run is a child process that the test kills after a time limit.
 */
const CHILD = 'NABLA_INTERLEAVE_CHILD';

interface Slot {
  data: Dataset;
  /** [threads kernel, one-thread kernel] */
  residents: [ResidentDataset, ResidentDataset];
  order: Uint32Array;
  /** Where the next consecutive batch starts, and its size (as an epoch loop would go on). */
  cursor: number;
  m: number;
}

/** One seeded sequence of `operations` on a fresh pair of kernels; throws at the first difference. */
async function stress(sizes: number[], dtype: DType, schedule: Schedule, relaxed: boolean, seed: number, operations: number): Promise<void> {
  const rng = createRng(seed);
  const threaded = await createThreadsKernel(spec(sizes, dtype), 2, relaxed, schedule);
  const single = await createWasmKernel(spec(sizes, dtype), relaxed ? 'relaxedSimd' : 'simd');
  const kernels: [Kernel, Kernel] = [threaded, single];
  const nIn = sizes[0];
  const nOut = sizes[sizes.length - 1];
  const L = sizes.length;
  const fresh = (count: number, bytes: boolean): Slot => {
    const data = randomDataset(rng, count, nIn, nOut, bytes, 0.75);
    return { data, residents: [threaded.loadDataset(data), single.loadDataset(data)], order: shuffled(rng, count), cursor: 0, m: 1 + rng.int(12) };
  };
  const network = createNetwork({ sizes, rng, init: 'scaled-normal' });
  for (const k of kernels) k.setParameters(network);
  // A and B are trained on (uint8 and float inputs, different sizes); C only evaluated.
  const slots: Slot[] = [fresh(37, true), fresh(23, false), fresh(50, true)];
  const got = [zeroNetwork(sizes), zeroNetwork(sizes)];
  const log: string[] = [];
  const where = (): string => `${dtype} ${JSON.stringify(sizes)} ${schedule} seed ${seed}, after: ${log.slice(-6).join('; ')}`;
  const compareParameters = (): void => {
    threaded.getParameters(got[0]);
    single.getParameters(got[1]);
    for (let l = 2; l <= L; l++) {
      assert.deepEqual(got[0].weights[l], got[1].weights[l], `w^${l} differs (${where()})`);
      assert.deepEqual(got[0].biases[l], got[1].biases[l], `b^${l} differs (${where()})`);
    }
  };
  try {
    for (let op = 0; op < operations; op++) {
      const r = rng.uniform();
      if (r < 0.5) {
        const s = rng.int(2);
        const slot = slots[s];
        const count = slot.data.count;
        let start: number;
        let m: number;
        if (rng.uniform() < 0.7) {
          // consecutive batches: the helper's guess of the next batch comes true (or the last one is short)
          if (slot.cursor >= count) {
            slot.cursor = 0;
            if (rng.uniform() < 0.5) slot.order = shuffled(rng, count);
            slot.m = 1 + rng.int(12);
          }
          start = slot.cursor;
          m = Math.min(slot.m, count - start);
        } else {
          start = rng.int(count);
          m = 1 + rng.int(Math.min(16, count - start));
        }
        slot.cursor = start + m;
        const eta = 0.2 + rng.uniform();
        log.push(`train ${'AB'[s]} start ${start} m ${m}`);
        for (let k = 0; k < 2; k++) kernels[k].trainBatch(slot.residents[k], slot.order, start, m, eta);
        compareParameters();
      } else if (r < 0.75) {
        const s = rng.int(3);
        const count = slots[s].data.count;
        const first = rng.uniform() < 0.3 ? 0 : rng.int(count);
        const n = rng.uniform() < 0.3 ? count - first : rng.int(count - first + 1);
        log.push(`feedforward ${'ABC'[s]} first ${first} count ${n}`);
        const outs = [new Float64Array(n * nOut), new Float64Array(n * nOut)];
        for (let k = 0; k < 2; k++) kernels[k].feedforwardDataset(slots[s].residents[k], outs[k], first, n);
        assert.deepEqual(outs[0], outs[1], `feedforwardDataset differs (${where()})`);
      } else if (r < 0.82) {
        log.push('getParameters');
        compareParameters();
      } else if (r < 0.87) {
        log.push('setParameters');
        const fresh: Network = createNetwork({ sizes, rng, init: 'scaled-normal' });
        for (const k of kernels) k.setParameters(fresh);
        compareParameters();
      } else if (r < 0.93) {
        // a new dataset in place of one (uint8 or float, another size); the old one stays loaded
        const s = rng.int(3);
        log.push(`load into ${'ABC'[s]}`);
        slots[s] = fresh(5 + rng.int(60), rng.uniform() < 0.5);
      } else {
        // release one, then use a fresh one in its place
        const s = rng.int(3);
        log.push(`release ${'ABC'[s]}`);
        for (const resident of slots[s].residents) resident.release();
        slots[s] = fresh(5 + rng.int(60), rng.uniform() < 0.5);
      }
    }
    compareParameters();
  } finally {
    for (const slot of slots) for (const resident of slot.residents) resident.release();
    await threaded.dispose();
    await single.dispose();
  }
}

const SHAPES = [[23, 7, 3], [784, 30, 10], [20, 9, 8, 4]];
const OPERATIONS = 300;

if (process.env[CHILD] !== undefined) {
  // The child: every dtype and shape for one schedule.
  const schedule = process.env[CHILD] as Schedule;
  const relaxed = availableNodeKernels().includes('wasm-relaxed-simd');
  // (NABLA_INTERLEAVE_SEED: another sequence, for a longer hunt than the suite's)
  let seed = Number(process.env.NABLA_INTERLEAVE_SEED ?? 1);
  for (const dtype of ['float32', 'float64'] as const) {
    for (const sizes of SHAPES) await stress(sizes, dtype, schedule, relaxed, seed++, OPERATIONS);
  }
  console.log('interleave ok');
} else {
  const { describe, it } = await import('node:test');
  const self = fileURLToPath(import.meta.url);
  describe('threads ×2 under interleaved train / evaluate / load / release', () => {
    for (const schedule of ['adaptive', 'threads', 'serial', 'alternate'] as const) {
      it(`${schedule}: the same bits as one thread after every operation, and no hang`, async () => {
        const child = spawn(process.execPath, ['--import', 'tsx', self], { env: { ...process.env, [CHILD]: schedule }, stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        const limit = 90_000;
        const timer = setTimeout(() => child.kill('SIGKILL'), limit);
        const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
        clearTimeout(timer);
        assert.equal(signal, null, `hung: killed after ${limit / 1000} s\n${output}`);
        assert.equal(code, 0, output);
        assert.match(output, /interleave ok/);
      });
    }
  });
}
