/**
 * Where two training threads split layer 2's inputs (assembly/kernel.ts, "layer 2"): the
 * segments [0, s) go to participant 0 (the caller) and [s, SEGMENTS) to participant 1, and
 * the result is the same, bit for bit, for every s. So s can follow the machine: on this
 * kind of virtual machine one core is often 1.2-1.5x slower than the other for seconds at a
 * time (npm run bench:timeline), and in lockstep every batch waits for the slower one.
 *
 * The balancer compares how long each thread sat idle (protocol.ts: idleTime) over a window
 * of threaded batches, and moves one segment from the busier thread to the idler one when
 * the difference is over `margin` of the batch's time. A move of one segment (5% of the
 * inputs) shifts roughly a tenth of the batch's work, so a smaller margin would make s
 * swing back and forth; each move costs the caller one settle (the moved rows of Wt were
 * last written by the other thread) and the moved rows' trip between the caches.
 */
export interface BalancerOptions {
  /** Threaded batches per window. */
  readonly window?: number;
  /** Idle difference, as a fraction of a batch's time, that moves s. */
  readonly margin?: number;
  /** The clock, in milliseconds. */
  readonly now?: () => number;
}

export class Balancer {
  /** The split: participant 0 sums and updates segments [0, split). */
  split: number;
  private readonly segments: number;
  private readonly window: number;
  private readonly margin: number;
  private readonly now: () => number;
  /** Batches observed in this window (0: the window has not started), when it started, and the idle counters then. */
  private count = 0;
  private since = 0;
  private idle0 = 0;
  private idle1 = 0;

  constructor(segments: number, pivot: number, options: BalancerOptions = {}) {
    this.segments = segments;
    this.split = pivot;
    this.window = options.window ?? 256;
    this.margin = options.margin ?? 0.08;
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * After each threaded batch, with both threads' idle counters (10 ns units, wrapping at
   * 2^31); returns true when `split` has changed.
   */
  observe(idle0: number, idle1: number): boolean {
    if (this.count === 0) {
      this.begin(idle0, idle1);
      return false;
    }
    if (++this.count <= this.window) return false;
    const batches = this.count - 1;
    const perBatch = (this.now() - this.since) / batches;
    // idle ms per batch: participant 0's minus participant 1's
    const difference = (((idle0 - this.idle0) | 0) - ((idle1 - this.idle1) | 0)) / 1e5 / batches;
    this.begin(idle0, idle1);
    if (difference > this.margin * perBatch && this.split < this.segments - 1) {
      this.split++; // participant 0 waits more: give it a segment
      return true;
    }
    if (-difference > this.margin * perBatch && this.split > 1) {
      this.split--;
      return true;
    }
    return false;
  }

  /** After a pause in threaded batches (serial ones, a settle for other work): the next window starts afresh. */
  restart(): void {
    this.count = 0;
  }

  private begin(idle0: number, idle1: number): void {
    this.count = 1;
    this.since = this.now();
    this.idle0 = idle0;
    this.idle1 = idle1;
  }
}
