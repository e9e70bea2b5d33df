import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE, FIRST, HEADER, ROWS, START, pointsPerThread, rowLength, timelineBytes } from '../../src/kernels/threads/timeline.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { enableRelaxedSimd } from '../../src/node/kernels.ts';
import { createThreadsKernel } from '../../src/node/threads/threads-kernel.ts';
import { randomDataset, shuffled, spec } from './helpers.ts';

enableRelaxedSimd();

test('the timeline of a two-thread kernel: every point of every recorded batch, in order, and nothing before START or past ROWS', async () => {
  const sizes = [20, 9, 4];
  const phases = 2;
  const recorded = 12;
  const buffer = new SharedArrayBuffer(timelineBytes(recorded, 2, phases));
  const timeline = new Float64Array(buffer);
  const kernel = await createThreadsKernel(spec(sizes, 'float32'), 2, true, 'threads', { timeline: buffer });
  try {
    const rng = createRng(5);
    kernel.setParameters(createNetwork({ sizes, rng }));
    const data = kernel.loadDataset(randomDataset(rng, 200, 20, 4, true, 0.5));
    const order = shuffled(rng, 200);
    for (let b = 0; b < 5; b++) kernel.trainBatch(data, order, b * 10, 10, 1);
    assert.ok(timeline.every((x) => x === 0), 'nothing is recorded before START');

    timeline[ROWS] = recorded;
    timeline[BASE] = performance.timeOrigin + performance.now();
    timeline[FIRST] = START;
    for (let b = 0; b < 20; b++) kernel.trainBatch(data, order, b * 10, 10, 1);
    kernel.getParameters(createNetwork({ sizes, rng })); // settles: the worker's last stamps are in

    assert.ok(timeline[FIRST] > 0, 'the first recorded generation is filled in');
    const row = rowLength(2, phases);
    const points = pointsPerThread(phases);
    assert.equal(timeline.length, HEADER + recorded * row);
    for (let b = 0; b < recorded; b++) {
      const r = HEADER + b * row;
      const issued = timeline[r];
      assert.ok(issued > 0, `batch ${b} was issued after the base`);
      for (let t = 0; t < 2; t++) {
        const stamps = Array.from(timeline.subarray(r + 1 + t * points, r + 1 + (t + 1) * points));
        assert.ok(stamps.every((x) => x > 0), `batch ${b}, thread ${t}: every point stamped (${stamps.join(', ')})`);
        for (let p = 1; p < points; p++) assert.ok(stamps[p] >= stamps[p - 1], `batch ${b}, thread ${t}: points in order (${stamps.join(', ')})`);
        // the threads' clocks agree to well under a millisecond
        assert.ok(stamps[0] >= issued - 1, `batch ${b}, thread ${t} starts after the batch is issued`);
      }
      if (b > 0) assert.ok(issued >= timeline[r - row], 'batches are issued in order');
    }
  } finally {
    await kernel.dispose();
  }
});
