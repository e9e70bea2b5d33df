/**
 * Picks, batch by batch, whether a multi-threaded kernel runs a mini-batch on its threads or
 * runs every thread's share one after another on the calling thread ("serial"). Both compute
 * the same bits, so switching is invisible in the results; only the time differs.
 *
 * Threads win on an idle machine. When another process keeps a core busy, a participant
 * is time-sliced out and every barrier waits for it (milliseconds instead of microseconds),
 * so threads can be 10-100x slower than serial. The chooser times each batch, compares
 * windows of each mode, and keeps the faster one; it re-tries the other mode after an
 * interval that doubles each time the retry loses, so probing stays a small cost. A threaded
 * batch far slower than serial ends a threaded window early.
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
  private mode: Mode = 'threads';
  private chosen: Mode = 'threads';
  private probing = true;
  private interval: number;
  private count = 0;
  private total = 0;
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
    this.total += ms;
    const other: Mode = this.mode === 'threads' ? 'serial' : 'threads';
    // A threaded batch 4x slower than serial batches: a participant has lost its core.
    if (this.mode === 'threads' && ms > 4 * this.mean.serial && ++this.slow >= 2) return this.finishWindow(other);
    const length = this.probing ? this.window : this.interval;
    if (this.count >= length) this.finishWindow(other);
  }

  private finishWindow(other: Mode): void {
    const measured = this.total / this.count;
    const current = this.mode;
    this.mean[current] = measured;
    this.count = 0;
    this.total = 0;
    this.slow = 0;
    if (Number.isNaN(this.mean[other])) {
      this.mode = other; // measure the other mode once
      return;
    }
    if (this.probing) {
      // Both measured: keep the faster; a re-try that lost waits twice as long next time.
      const best: Mode = this.mean.threads <= this.mean.serial ? 'threads' : 'serial';
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
