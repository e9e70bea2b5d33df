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
  it('first tries threads after 1.5 s of serial, then keeps them when they are faster, within 3% of threads all along', () => {
    // (the first try may fall 30 ms behind serial, to V8 compiling the team's code: 2% of 1.5 s)
    const cost = (mode: Mode): number => (mode === 'threads' ? 0.031 : 0.043);
    const { modes, total } = simulate(12 * EPOCH, cost);
    const first = modes.indexOf('threads');
    assert.ok(first * 0.043 >= 1500 && first * 0.043 < 1515, `first try after ${(first * 0.043).toFixed(0)} ms`);
    assert.ok(share(modes, 'threads', first) > 0.98, `threads share ${share(modes, 'threads', first)}`);
    assert.ok(total < first * 0.043 + 1.03 * (12 * EPOCH - first) * 0.031, `${total} against ${first * 0.043 + (12 * EPOCH - first) * 0.031}`);
  });

  it('keeps threads when they are faster though the first batch after each switch wakes a sleeping worker (1 ms, 23 serial batches)', () => {
    let previous: Mode = 'serial';
    const cost = (mode: Mode): number => {
      const woken = mode === 'threads' && previous === 'serial';
      previous = mode;
      return woken ? 1 : mode === 'threads' ? 0.031 : 0.043;
    };
    const { modes } = simulate(12 * EPOCH, cost);
    const first = modes.indexOf('threads');
    assert.ok(share(modes, 'threads', first) > 0.95, `threads share ${share(modes, 'threads', first)}`);
    const after = modes.slice(first).reduce((sum, mode) => sum + (mode === 'threads' ? 0.031 : 0.043), 0);
    assert.ok(after < 0.8 * (12 * EPOCH - first) * 0.043, `${after.toFixed(0)} ms against ${((12 * EPOCH - first) * 0.043).toFixed(0)} serially`);
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

  it('keeps threads that are faster for all their rare long stalls (idle, two cores: 1-8 ms, 10-20 an epoch)', () => {
    // Threads 0.028 ms a batch against 0.045 serially, but every 500th threaded batch stalls,
    // for 5, 8 or 2 ms in turn: a mean of 0.038 ms, 0.85x serial, so threads should run. The
    // chooser that judged 16-batch chunks by their whole mean went serial at every stall and
    // ran 10% of the batches threaded.
    let threaded = 0;
    const stalls = [2, 5, 8];
    const cost = (mode: Mode): number => {
      if (mode === 'serial') return 0.045;
      threaded++;
      return threaded % 500 === 0 ? stalls[(threaded / 500) % 3] : 0.028;
    };
    const { modes } = simulate(12 * EPOCH, cost);
    const first = modes.indexOf('threads');
    assert.ok(first > 0 && share(modes, 'threads', first) > 0.95, `threads share ${share(modes, 'threads', first)} after batch ${first}`);
  });

  it('a first try that stalls while V8 compiles the team’s code still keeps threads', () => {
    // Seen here, a first switch after 25,000 serial batches: 20 fast batches, then 16 ms of
    // stalls as the team's functions became hot (in the first epoch, with the rest of the
    // process still compiling, up to 37 ms: the first try comes later than that).
    let threaded = 0;
    const compiling = [...Array(20).fill(0.04), 6.5, 4.0, 4.0, 1.9];
    const cost = (mode: Mode): number => (mode === 'serial' ? 0.045 : (compiling[threaded++] ?? 0.03));
    const { modes } = simulate(12 * EPOCH, cost);
    const first = modes.indexOf('threads');
    assert.ok(share(modes, 'threads', first) > 0.95, `threads share ${share(modes, 'threads', first)}`);
  });

  it('falls back to serial within a few batches when a busy process starts mid-stretch, and goes back to threads when it ends', () => {
    const busy = (i: number): boolean => i >= 40_000 && i < 46_000;
    const cost = (mode: Mode, i: number): number => (mode === 'serial' ? (busy(i) ? 0.06 : 0.043) : busy(i) ? 5 : 0.031);
    const { modes } = simulate(16 * EPOCH, cost);
    assert.ok(share(modes, 'threads', 38_000, 40_000) > 0.95, 'threads before');
    // Within the busy stretch: the threaded batches that show it (the account's credit and
    // allowance, 45 ms, pay for the first few: 9 here) and a few per try.
    const threadedWhileBusy = modes.slice(40_000, 46_000).filter((m) => m === 'threads').length;
    assert.ok(threadedWhileBusy < 14, `${threadedWhileBusy} threaded batches while busy`);
    assert.ok(share(modes, 'serial', 40_010, 40_100) === 1, 'serial within ten batches');
    assert.ok(share(modes, 'threads', 16 * EPOCH - 5000) > 0.95, `threads after: ${share(modes, 'threads', 16 * EPOCH - 5000)}`);
  });

  it('re-tries threads ever more rarely while they keep losing, but keeps trying', () => {
    const { modes } = simulate(40 * EPOCH, (mode) => (mode === 'threads' ? 10 : 0.2));
    const tries = modes.filter((m, i) => m === 'threads' && modes[i - 1] === 'serial').length;
    assert.ok(tries >= 4 && tries <= 10, `${tries} tries in 40 epochs`);
    assert.ok(modes.slice(20 * EPOCH).includes('threads'), 'still trying in the second half');
  });
});
