import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Chooser, type ChooserOptions, type Mode } from '../../src/kernels/threads/chooser.ts';

/**
 * Runs `batches` batches through a chooser with its default sizes on a fake clock; `cost(mode, i)`
 * is batch i's milliseconds. Returns each batch's mode and the total time.
 */
function simulate(batches: number, cost: (mode: Mode, i: number) => number, options: ChooserOptions = {}): { modes: Mode[]; total: number } {
  let clock = 0;
  const chooser = new Chooser({ ...options, now: () => clock });
  const modes: Mode[] = [];
  for (let i = 0; i < batches; i++) {
    const mode = chooser.begin();
    clock += cost(mode, i);
    chooser.end();
    modes.push(mode);
  }
  return { modes, total: clock };
}

/** The total time of the same batches all in one mode. */
const allIn = (mode: Mode, batches: number, cost: (mode: Mode, i: number) => number): number => {
  let total = 0;
  for (let i = 0; i < batches; i++) total += cost(mode, i);
  return total;
};

const share = (modes: Mode[], mode: Mode, from = 0, to = modes.length): number => modes.slice(from, to).filter((m) => m === mode).length / (to - from);

/** An epoch of MNIST at m = 10. */
const EPOCH = 5000;

describe('Chooser', () => {
  it('keeps threads when they are faster, within 3% of threads all along', () => {
    const cost = (mode: Mode): number => (mode === 'threads' ? 0.031 : 0.043);
    const { modes, total } = simulate(4 * EPOCH, cost);
    assert.ok(share(modes, 'threads', 200) > 0.98, `threads share ${share(modes, 'threads', 200)}`);
    assert.ok(total < 1.03 * allIn('threads', 4 * EPOCH, cost), `${total} against ${allIn('threads', 4 * EPOCH, cost)}`);
  });

  it('keeps threads when they are faster though the first batch after each switch wakes a sleeping worker (1 ms, 23 serial batches)', () => {
    let previous: Mode = 'serial';
    const cost = (mode: Mode): number => {
      const woken = mode === 'threads' && previous === 'serial';
      previous = mode;
      return woken ? 1 : mode === 'threads' ? 0.031 : 0.043;
    };
    const { modes, total } = simulate(4 * EPOCH, cost);
    assert.ok(share(modes, 'threads', 300) > 0.95, `threads share ${share(modes, 'threads', 300)}`);
    assert.ok(total < 0.8 * 4 * EPOCH * 0.043, `${total.toFixed(0)} ms against ${(4 * EPOCH * 0.043).toFixed(0)} serially`);
  });

  it('starts serial, as one thread would, before it has measured anything', () => {
    const { modes } = simulate(60, () => 0.02);
    assert.deepEqual(modes, Array(60).fill('serial'));
  });

  it('on a busy machine (a threaded batch 50x a serial one) costs under 5% more than serial in every epoch, the first included', () => {
    const cost = (mode: Mode): number => (mode === 'threads' ? 10 : 0.2);
    const { modes } = simulate(4 * EPOCH, cost);
    for (let e = 0; e < 4; e++) {
      const epoch = modes.slice(e * EPOCH, (e + 1) * EPOCH);
      const spent = epoch.reduce((sum, mode) => sum + cost(mode), 0);
      assert.ok(spent < 1.05 * EPOCH * 0.2, `epoch ${e + 1}: ${spent.toFixed(0)} ms against ${EPOCH * 0.2} serially`);
    }
  });

  it('judges by the mean: threads that are faster but for rare long stalls lose to serial', () => {
    // median 0.02 ms against 0.03, but every 8th threaded batch stalls for 1 ms (mean 0.14 ms)
    const cost = (mode: Mode, i: number): number => (mode === 'serial' ? 0.03 : i % 8 === 0 ? 1 : 0.02);
    const { modes, total } = simulate(4 * EPOCH, cost);
    assert.ok(share(modes, 'serial', 100) > 0.98, `serial share ${share(modes, 'serial', 100)}`);
    assert.ok(total < 1.05 * allIn('serial', 4 * EPOCH, cost));
  });

  it('falls back to serial within a chunk when a busy process starts mid-stretch, and goes back to threads when it ends', () => {
    const busy = (i: number): boolean => i >= 3000 && i < 9000;
    const cost = (mode: Mode, i: number): number => (mode === 'serial' ? (busy(i) ? 0.06 : 0.043) : busy(i) ? 5 : 0.031);
    const { modes } = simulate(4 * EPOCH, cost);
    assert.ok(share(modes, 'threads', 2000, 3000) > 0.95, 'threads before');
    // Within the busy stretch: at most one chunk's worth of threaded batches at the start and a few per try.
    const threadedWhileBusy = modes.slice(3000, 9000).filter((m) => m === 'threads').length;
    assert.ok(threadedWhileBusy < 10, `${threadedWhileBusy} threaded batches while busy`);
    assert.ok(share(modes, 'threads', 3000, 3001) === 1 && share(modes, 'serial', 3002, 3100) === 1, 'serial within two batches');
    assert.ok(share(modes, 'threads', 4 * EPOCH - 5000) > 0.95, `threads after: ${share(modes, 'threads', 4 * EPOCH - 5000)}`);
  });

  it('re-tries threads ever more rarely while they keep losing, but keeps trying', () => {
    const { modes } = simulate(40 * EPOCH, (mode) => (mode === 'threads' ? 10 : 0.2));
    const tries = modes.filter((m, i) => m === 'threads' && modes[i - 1] === 'serial').length;
    assert.ok(tries >= 4 && tries <= 10, `${tries} tries in 40 epochs`);
    assert.ok(modes.slice(20 * EPOCH).includes('threads'), 'still trying in the second half');
  });
});
