/**
 * Picks, batch by batch, whether a multi-threaded kernel runs a mini-batch on its threads or
 * runs every thread's share one after another on the calling thread ("serial"). Both compute
 * the same bits, so switching is invisible in the results; only the time differs.
 *
 * Threads win on an idle machine (two threads take 0.6-0.65x one thread's time a batch of
 * [784, 100, 10] on two cores, measured in one process). When another process keeps a core
 * busy, a participant is time-sliced out and every barrier waits for it: under load a threaded
 * batch took 10 ms where a serial one took 0.2 ms (npm run bench:threads). So a wrong choice of
 * threads costs far more than a wrong choice of serial, and the chooser is built around
 * bounding that cost. What makes it hard is that an idle machine stalls too: 10-20 threaded
 * batches an epoch take 1-8 ms (a core descheduled or waking), and the first threaded batches
 * of a process stall for 6-37 ms in all while V8 compiles the team's JavaScript on a third
 * thread; yet the threads stay well ahead. What tells the two apart is how many batches are
 * slow: on a busy machine most are, on an idle one a few.
 *
 * - It starts serial, keeping `serialMean`, the mean time of the latest chunk of serial
 *   batches: the yardstick. It first tries threads once the run has lasted FIRST_TRY_MS /
 *   TRY_SHARE (1.5 s): that try pays the compiler's stalls, and may fall FIRST_TRY_MS behind serial.
 * - Threads run in chunks. A chunk whose batches are mostly slower than serial is stopped as
 *   soon as it has taken more than the whole chunk's serial time (plus a few batches' slack):
 *   on a busy machine, at its third judged batch. A chunk ends lost when its median batch is
 *   not faster than serial. Stalls are paid from an account: what the threads are behind
 *   serial since they last lost (their savings banked, up to CREDIT_MS); STALL_MS behind
 *   (FIRST_TRY_MS on the first try), they lose. The first batch after a switch wakes the
 *   worker and is run but not judged.
 * - After a loss, serial runs for a stretch and then threads are tried again; the stretch
 *   doubles after each loss in a row (up to maxStretch), and is at least fifty times what the
 *   try cost beyond serial, so on a machine that stays busy the tries cost about 2% (TRY_SHARE)
 *   of the time. While threads keep winning they run in stretches that double too, each
 *   followed by one serial chunk that renews the yardstick (the machine's speed drifts).
 *
 * A stretch that goes back to serial, and a try of threads, happen within an epoch whatever
 * its size: they are counted in batches of a few tens of microseconds each.
 */
export type Mode = 'threads' | 'serial';

export interface ChooserOptions {
  /** Batches per measuring chunk (after the warm-up batches of a switch). */
  readonly chunk?: number;
  /** Serial batches before threads are tried after a loss (doubles after each loss in a row, up to maxStretch); also the first threaded stretch. */
  readonly stretch?: number;
  readonly maxStretch?: number;
  /** Serial batches at the start, the first yardstick among them (threads are first tried after `firstTryAfter` at the earliest). */
  readonly start?: number;
  /** Milliseconds the run must have lasted before threads are first tried (default FIRST_TRY_MS / TRY_SHARE: 1.5 s). */
  readonly firstTryAfter?: number;
  /** The clock, in milliseconds. */
  readonly now?: () => number;
}

/** Batches after each switch that are run but not counted in a chunk's median (a sleeping thread wakes, the other settles). */
const WARM_UP = 2;
/** Serial batches' worth of extra time a mostly slow threaded chunk may take before it is stopped. */
const SLACK = 4;
/** Judged batches a chunk needs before most of them can be slow: one stall right after a switch (a core waking, a collection) is not a busy machine. */
const MOSTLY_OF = 3;
/** Threads must beat serial by this share of its time to be kept (a tie goes to serial, which cannot stall). */
const MARGIN = 0.02;
/** A lost try of threads may cost this share of the serial time until the next try. */
const TRY_SHARE = 0.02;
/** How far behind serial, in ms, the threads may fall to stalls before they lose. */
const STALL_MS = 15;
/** The same for the first try, which pays for V8 compiling the team's code (6-37 ms of stalls seen). */
const FIRST_TRY_MS = 30;
/** Threaded batches the first try lasts: V8 compiles the team's functions once they are hot, some twenty batches in. */
const FIRST_TRY_BATCHES = 256;
/** Serial batches between two looks at the clock while the first try waits. */
const FIRST_TRY_CHECK = 1024;
/** What the account may bank from the threads' savings, in ms: enough for a few stalls, little enough that a run of them is soon stopped. */
const CREDIT_MS = 30;

export class Chooser {
  private readonly chunk: number;
  private readonly minStretch: number;
  private readonly maxStretch: number;
  private readonly now: () => number;
  private readonly firstTryAfter: number;
  private mode: Mode = 'serial';
  /** Mean ms of the latest serial chunk: the yardstick (NaN before the first). */
  private serialMean = NaN;
  /** Batches left before the mode changes (serial: until threads are tried; threads: until the yardstick is renewed). */
  private left: number;
  /** The next stretch of each mode. */
  private serialStretch: number;
  private threadsStretch: number;
  /** Batches since the last switch; the current serial chunk's counted batches and milliseconds. */
  private sinceSwitch = 0;
  private counted = 0;
  private spent = 0;
  /** The current threaded chunk: its batches' ms (the counted ones, for the median), all its ms and batches, and those faster than serial. */
  private readonly chunkTimes: Float64Array;
  private chunkCounted = 0;
  private chunkSpent = 0;
  private chunkBatches = 0;
  private chunkFast = 0;
  /** Σ (threaded batch − serial mean) since threads last lost, ≥ −CREDIT_MS: how far behind serial they are. */
  private behind = 0;
  /** Judged threaded batches the first try has left (it ends early if it loses). */
  private firstTryLeft = FIRST_TRY_BATCHES;
  private started = 0;
  /** When the first batch began (the first try waits for the run to have lasted FIRST_TRY_MS / TRY_SHARE). */
  private firstBatchAt = NaN;
  /** Whether the current batch is timed. */
  private timed = false;

  constructor(options: ChooserOptions = {}) {
    this.chunk = options.chunk ?? 16;
    this.minStretch = options.stretch ?? 2048;
    this.maxStretch = options.maxStretch ?? 65536;
    this.serialStretch = this.minStretch;
    this.threadsStretch = this.minStretch;
    this.left = options.start ?? 256;
    this.now = options.now ?? (() => performance.now());
    this.firstTryAfter = options.firstTryAfter ?? FIRST_TRY_MS / TRY_SHARE;
    this.chunkTimes = new Float64Array(this.chunk);
  }

  /** The mode for the next batch; call `end()` when it is done. */
  begin(): Mode {
    if (Number.isNaN(this.firstBatchAt)) this.firstBatchAt = this.now();
    // Serial batches are timed only for a yardstick: the first, and the last chunk before a try
    // (a clock read costs about a microsecond until V8 has compiled it: 1-2% of a batch).
    this.timed = this.mode === 'threads' || (this.sinceSwitch >= WARM_UP && (Number.isNaN(this.serialMean) || this.left <= this.chunk));
    if (this.timed) this.started = this.now();
    return this.mode;
  }

  end(): void {
    const ms = this.timed ? this.now() - this.started : NaN;
    this.sinceSwitch++;
    this.left--;
    if (this.mode === 'serial') this.endSerial(ms);
    else this.endThreaded(ms);
  }

  private endSerial(ms: number): void {
    if (this.timed) {
      this.counted++;
      this.spent += ms;
    }
    if (this.counted >= this.chunk) {
      this.serialMean = this.spent / this.counted;
      this.counted = 0;
      this.spent = 0;
    }
    if (this.left > 0 || Number.isNaN(this.serialMean)) return;
    // The first try waits until the run has lasted FIRST_TRY_MS / TRY_SHARE, read on the clock
    // every FIRST_TRY_CHECK batches (the first batches' times, V8 still compiling, say nothing).
    if (this.firstTryLeft === FIRST_TRY_BATCHES && this.now() - this.firstBatchAt < this.firstTryAfter) {
      this.left = FIRST_TRY_CHECK;
      return;
    }
    this.switchTo('threads', this.threadsStretch);
  }

  private endThreaded(ms: number): void {
    // The first batch after a switch wakes a worker that slept through the serial stretch: on
    // an idle machine that alone (its core leaving a deep sleep state) can take longer than the
    // whole chunk would serially. It is run but neither judged nor counted.
    if (this.sinceSwitch === 1) return;
    const firstTry = this.firstTryLeft > 0;
    // (a first try that lasted has paid the compiler once: its stalls say nothing of the next ones)
    if (firstTry && --this.firstTryLeft === 0) this.behind = Math.min(this.behind, 0);
    this.chunkSpent += ms;
    this.chunkBatches++;
    if (ms < this.serialMean) this.chunkFast++;
    if (this.sinceSwitch > WARM_UP) this.chunkTimes[this.chunkCounted++] = ms;
    this.behind = Math.max(-CREDIT_MS, this.behind + ms - this.serialMean);
    // A chunk whose batches are mostly slow is stopped once it cannot end better than serial;
    // stalls among fast batches are paid from the account.
    const mostlySlow = 2 * this.chunkFast < this.chunkBatches && this.chunkBatches >= MOSTLY_OF && !firstTry;
    if (mostlySlow && this.chunkSpent > this.serialMean * (this.chunk + WARM_UP + SLACK)) return this.lose();
    if (this.behind > (firstTry ? FIRST_TRY_MS : STALL_MS)) return this.lose();
    if (this.chunkCounted < this.chunk) return;
    // (the first try is judged by its account alone: while V8 compiles, most of its batches are slow)
    if (!firstTry && medianOf(this.chunkTimes) >= this.serialMean * (1 - MARGIN)) return this.lose();
    // A chunk won: go on, or renew the yardstick at the end of the stretch.
    this.serialStretch = this.minStretch;
    this.resetChunk();
    if (this.left <= 0) {
      this.threadsStretch = Math.min(this.maxStretch, this.threadsStretch * 2);
      this.switchTo('serial', this.chunk + WARM_UP);
    }
  }

  /**
   * Threads lost: serial for a stretch, twice as long as the last one if no threaded chunk has
   * won since, and long enough that what the try cost beyond serial (mostly stalled batches:
   * 5-60 ms on a busy machine) is at most TRY_SHARE of the time until the next try.
   */
  private lose(): void {
    const loss = Math.max(this.behind, this.chunkSpent - this.serialMean * this.chunkBatches);
    const amortised = Math.ceil(loss / TRY_SHARE / this.serialMean);
    this.behind = 0;
    this.firstTryLeft = 0;
    this.threadsStretch = this.minStretch;
    this.switchTo('serial', Math.min(this.maxStretch, Math.max(this.serialStretch, amortised)));
    this.serialStretch = Math.min(this.maxStretch, this.serialStretch * 2);
  }

  private resetChunk(): void {
    this.chunkCounted = 0;
    this.chunkSpent = 0;
    this.chunkBatches = 0;
    this.chunkFast = 0;
  }

  private switchTo(mode: Mode, stretch: number): void {
    this.mode = mode;
    this.left = stretch;
    this.sinceSwitch = 0;
    this.counted = 0;
    this.spent = 0;
    this.resetChunk();
  }
}

/** The median of `values` (the upper one of an even count), sorting them in place: no allocation. */
function medianOf(values: Float64Array): number {
  values.sort();
  return values[values.length >> 1];
}
