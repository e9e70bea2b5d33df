import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Balancer } from '../../src/kernels/threads/balance.ts';

/**
 * The balancer (src/kernels/threads/balance.ts) on a made-up clock: each batch takes `batchMs`,
 * and the two threads' idle counters (10 ns units) grow by the given idle times per batch.
 */
function drive(balancer: Balancer, clock: { t: number }, batches: number, batchMs: number, idle0Ms: number, idle1Ms: number, counters: [number, number]): number[] {
  const splits: number[] = [];
  for (let b = 0; b < batches; b++) {
    clock.t += batchMs;
    counters[0] = (counters[0] + Math.round(idle0Ms * 1e5)) | 0;
    counters[1] = (counters[1] + Math.round(idle1Ms * 1e5)) | 0;
    balancer.observe(counters[0], counters[1]);
    splits.push(balancer.split);
  }
  return splits;
}

describe('the balancer of two training threads', () => {
  it('gives a segment to the thread that waits more, one window at a time, within [1, segments)', () => {
    const clock = { t: 0 };
    const balancer = new Balancer(4, 2, { window: 10, margin: 0.1, now: () => clock.t });
    const counters: [number, number] = [0, 0];
    assert.equal(balancer.split, 2, 'starts at the pivot');
    // participant 0 idles 3 us of a 20 us batch more than participant 1: over the margin (2 us)
    let splits = drive(balancer, clock, 10, 0.02, 0.004, 0.001, counters);
    assert.deepEqual(splits, Array(10).fill(2), 'nothing moves before a whole window');
    splits = drive(balancer, clock, 1, 0.02, 0.004, 0.001, counters);
    assert.equal(splits[0], 3, 'after a window: one segment more for participant 0');
    drive(balancer, clock, 50, 0.02, 0.004, 0.001, counters);
    assert.equal(balancer.split, 3, 'never past segments − 1');
    // now participant 1 waits more: back down, to 1 at most
    drive(balancer, clock, 100, 0.02, 0.0, 0.005, counters);
    assert.equal(balancer.split, 1);
  });

  it('stays put while the difference is within the margin, and across the counters wrapping', () => {
    const clock = { t: 0 };
    const balancer = new Balancer(4, 2, { window: 10, margin: 0.1, now: () => clock.t });
    const counters: [number, number] = [2 ** 31 - 1000, -5]; // about to wrap
    drive(balancer, clock, 100, 0.02, 0.0035, 0.002, counters); // 1.5 us of 20: under 2 us
    assert.equal(balancer.split, 2);
  });

  it('restart: the window after a pause does not count the pause', () => {
    const clock = { t: 0 };
    const balancer = new Balancer(4, 2, { window: 10, margin: 0.1, now: () => clock.t });
    const counters: [number, number] = [0, 0];
    drive(balancer, clock, 5, 0.02, 0.001, 0.001, counters);
    // serial batches: participant 1 waited for 1 ms, participant 0 was busy
    counters[1] = (counters[1] + 1e5) | 0;
    clock.t += 1;
    balancer.restart();
    drive(balancer, clock, 30, 0.02, 0.001, 0.001, counters);
    assert.equal(balancer.split, 2);
  });
});
