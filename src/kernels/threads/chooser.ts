/**
 * Picks, batch by batch, whether a multi-threaded kernel runs a mini-batch on its threads or
 * runs every thread's share one after another on the calling thread ("serial"). Both compute
 * the same bits, so switching is invisible in the results; only the time differs.
 *
 * Threads win on an idle machine. When another process keeps a core busy, a participant
 * is time-sliced out and every barrier waits for it (milliseconds instead of microseconds),
 * so threads can be 10-100x slower than serial. The chooser times each batch, compares the
 * mean batch of a window of each mode (after a short warm-up), and keeps the faster one;
 * it re-tries the other mode after an interval that doubles each time the re-try loses, so
 * probing stays a small cost. Three threaded batches in a row far slower than serial ones
 * end a threaded stretch early.
 *
 * It starts serial: the default kernel must never be slower than one thread, from the first
 * batch on. Early on, V8 is still compiling the kernel's hot functions to optimised code on a
 * background thread, which on two cores preempts one of the two kernel threads. And it judges
 * by the mean, not the median: threads lose time in rare long stalls (a thread preempted for
 * a millisecond, every barrier waiting for it) that a median does not see, and the mean is
 * what an epoch takes.
 */
export type Mode = 'threads' | 'serial';

export interface ChooserOptions {
  /** Batches per measuring window. */
  readonly window?: number;
  /** Batches before the first re-try of the losing mode; doubles after each lost re-try, up to maxInterval. */
  readonly interval?: number;
  readonly maxInterval?: number;
  /** The clock, in milliseconds. */
  readonly now?: () => number;
}

export class Chooser {
  private readonly window: number;
  private readonly firstInterval: number;
  private readonly maxInterval: number;
  private readonly now: () => number;
  /** Mean milliseconds per batch measured for each mode (NaN before its first window). */
  private readonly mean: Record<Mode, number> = { threads: NaN, serial: NaN };
  private mode: Mode = 'serial';
  private chosen: Mode = 'serial';
  private probing = true;
  private interval: number;
  /** Batches run in the current mode since it began, and the last `window` of their times. */
  private count = 0;
  private readonly times: number[] = [];
  private slow = 0;
  private started = 0;

  constructor(options: ChooserOptions = {}) {
    this.window = options.window ?? 32;
    this.firstInterval = options.interval ?? 512;
    this.maxInterval = options.maxInterval ?? 32768;
    this.interval = this.firstInterval;
    this.now = options.now ?? (() => performance.now());
  }

  /** The mode for the next batch; call `end()` when it is done. */
  begin(): Mode {
    this.started = this.now();
    return this.mode;
  }

  end(): void {
    const ms = this.now() - this.started;
    this.count++;
    // The first batches after a switch warm up (a sleeping thread wakes, nothing made ahead).
    if (this.count <= WARM_UP) return;
    this.times.push(ms);
    if (this.times.length > this.window) this.times.shift();
    const other: Mode = this.mode === 'threads' ? 'serial' : 'threads';
    // Threaded batches 4x slower than serial ones, several in a row: a thread has lost its core.
    if (this.mode === 'threads' && ms > 4 * this.mean.serial) {
      if (++this.slow >= 3) return this.finishWindow(other);
    } else {
      this.slow = 0;
    }
    const length = (this.probing ? this.window : this.interval) + WARM_UP;
    if (this.count >= length) this.finishWindow(other);
  }

  private finishWindow(other: Mode): void {
    this.mean[this.mode] = this.times.reduce((sum, t) => sum + t, 0) / this.times.length;
    this.count = 0;
    this.times.length = 0;
    this.slow = 0;
    if (Number.isNaN(this.mean[other])) {
      this.mode = other; // measure the other mode once
      return;
    }
    if (this.probing) {
      // Both measured: keep the faster; a re-try that lost waits twice as long next time.
      const best: Mode = this.mean.threads < this.mean.serial ? 'threads' : 'serial';
      if (best === this.chosen) this.interval = Math.min(this.maxInterval, this.interval * 2);
      else this.interval = this.firstInterval;
      this.chosen = best;
      this.mode = best;
      this.probing = false;
      return;
    }
    // After a long stretch of the chosen mode: re-measure the other one.
    this.mode = other;
    this.probing = true;
  }
}

/** Batches after each switch that are run but not timed. */
const WARM_UP = 2;
