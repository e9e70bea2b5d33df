import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chooser, type Mode } from '../../src/kernels/threads/chooser.ts';

/** Runs `batches` batches through a chooser on a fake clock; `cost(mode, i)` is batch i's milliseconds. */
function simulate(batches: number, cost: (mode: Mode, i: number) => number): Mode[] {
  let clock = 0;
  const chooser = new Chooser({ window: 8, interval: 64, maxInterval: 1024, now: () => clock });
  const modes: Mode[] = [];
  for (let i = 0; i < batches; i++) {
    const mode = chooser.begin();
    clock += cost(mode, i);
    chooser.end();
    modes.push(mode);
  }
  return modes;
}

const share = (modes: Mode[], mode: Mode, from: number): number => modes.slice(from).filter((m) => m === mode).length / (modes.length - from);

describe('Chooser', () => {
  it('keeps threads when they are faster, re-trying serial rarely', () => {
    const modes = simulate(5000, (mode) => (mode === 'threads' ? 0.02 : 0.03));
    assert.ok(share(modes, 'threads', 100) > 0.97);
  });

  it('falls back to serial when the threads are starved, and retries threads rarely and briefly', () => {
    const modes = simulate(5000, (mode) => (mode === 'threads' ? 4 : 0.03));
    assert.ok(share(modes, 'serial', 100) > 0.99, `threads share ${share(modes, 'threads', 100)}`);
  });

  it('starts serial, as one thread would, before it has measured the threads', () => {
    const modes = simulate(20, () => 0.02);
    assert.deepEqual(modes.slice(0, 10), Array(10).fill('serial'));
  });

  it('judges by the mean: threads that are faster but for rare long stalls lose to serial', () => {
    // median 0.02 ms against 0.03, but every 8th threaded batch stalls for 1 ms (mean 0.14 ms)
    const modes = simulate(5000, (mode, i) => (mode === 'serial' ? 0.03 : i % 8 === 0 ? 1 : 0.02));
    assert.ok(share(modes, 'serial', 100) > 0.95, `serial share ${share(modes, 'serial', 100)}`);
  });

  it('goes back to threads when the other core frees up', () => {
    const modes = simulate(6000, (mode, i) => (mode === 'serial' ? 0.03 : i < 2000 ? 4 : 0.02));
    assert.ok(share(modes, 'serial', 100).toFixed(2) !== '1.00');
    assert.ok(share(modes, 'threads', 4500) > 0.95, `threads share after the core frees: ${share(modes, 'threads', 4500)}`);
  });
});
