/**
 * Picks, batch by batch, whether a multi-threaded kernel runs a mini-batch on its threads or
 * runs every thread's share one after another on the calling thread ("serial"). Both compute
 * the same bits, so switching is invisible in the results; only the time differs.
 *
 * Threads win on an idle machine (about 1.3× on two cores). When another process keeps a core
 * busy, a participant is time-sliced out and every barrier waits for it: under load a threaded
 * batch took 10 ms where a serial one took 0.2 ms (npm run bench:threads). So a wrong choice of
 * threads costs far more than a wrong choice of serial, and the chooser is built around
 * bounding that cost:
 *
 * - It starts serial (early on V8 is still compiling the kernel's hot functions on a
 *   background thread, which on two cores preempts one of the kernel's threads), and keeps
 *   `serialMean`, the mean time of the latest chunk of serial batches: the yardstick.
 * - Threads run in chunks, each judged against it: they must finish a chunk in less than its
 *   serial time, by the mean (threads lose time in rare long stalls that a median would not
 *   see, and the mean is what an epoch takes). A chunk stops at once, and the kernel goes
 *   serial, as soon as its threaded time so far exceeds what the whole chunk would have taken
 *   serially (plus a few batches' slack), not counting the switch's first batch (which wakes
 *   the worker: on an idle machine it can outlast the whole chunk): so a threaded stretch that
 *   loses costs at most about a chunk's serial time more than serial would have, however slow
 *   the threads have become.
 * - After a loss, serial runs for a stretch and then threads are tried again; the stretch
 *   doubles after each loss in a row (up to maxStretch), and is at least fifty times what the
 *   lost chunk cost beyond serial (its stalled batch), so on a machine that stays busy the tries
 *   cost about 2% of the first epoch and less after. While threads keep winning
 *   they run in stretches that double too, each followed by one serial chunk that renews the
 *   yardstick (the machine's speed drifts).
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
  /** Serial batches at the start, before threads are first tried. */
  readonly start?: number;
  /** The clock, in milliseconds. */
  readonly now?: () => number;
}

/** Batches after each switch that are run but not counted in a mean (a sleeping thread wakes, the other settles). */
const WARM_UP = 2;
/** Serial batches' worth of extra time a threaded chunk may take before it is stopped: the worker settling after its wake-up. */
const SLACK = 4;
/** Threads must beat serial by this share of its time to be kept (a tie goes to serial, which cannot stall). */
const MARGIN = 0.02;
/** A lost try of threads may cost this share of the serial time until the next try. */
const TRY_SHARE = 0.02;

export class Chooser {
  private readonly chunk: number;
  private readonly minStretch: number;
  private readonly maxStretch: number;
  private readonly now: () => number;
  private mode: Mode = 'serial';
  /** Mean ms of the latest serial chunk: the yardstick (NaN before the first). */
  private serialMean = NaN;
  /** Batches left before the mode changes (serial: until threads are tried; threads: until the yardstick is renewed). */
  private left: number;
  /** The next stretch of each mode. */
  private serialStretch: number;
  private threadsStretch: number;
  /** Batches since the last switch, and the current chunk's counted batches and milliseconds. */
  private sinceSwitch = 0;
  private counted = 0;
  private spent = 0;
  /** All milliseconds of the current threaded chunk, warm-up included but for the switch's first batch (what the stop rule bounds). */
  private chunkSpent = 0;
  private chunkBatches = 0;
  private started = 0;

  constructor(options: ChooserOptions = {}) {
    this.chunk = options.chunk ?? 16;
    this.minStretch = options.stretch ?? 2048;
    this.maxStretch = options.maxStretch ?? 65536;
    this.serialStretch = this.minStretch;
    this.threadsStretch = this.minStretch;
    this.left = options.start ?? 256;
    this.now = options.now ?? (() => performance.now());
  }

  /** The mode for the next batch; call `end()` when it is done. */
  begin(): Mode {
    this.started = this.now();
    return this.mode;
  }

  end(): void {
    const ms = this.now() - this.started;
    this.sinceSwitch++;
    this.left--;
    if (this.mode === 'serial') this.endSerial(ms);
    else this.endThreaded(ms);
  }

  private endSerial(ms: number): void {
    if (this.sinceSwitch > WARM_UP) this.count(ms);
    if (this.counted >= this.chunk) {
      this.serialMean = this.spent / this.counted;
      this.counted = 0;
      this.spent = 0;
    }
    if (this.left <= 0 && !Number.isNaN(this.serialMean)) this.switchTo('threads', this.threadsStretch);
  }

  private endThreaded(ms: number): void {
    // The first batch after a switch wakes a worker that slept through the serial stretch: on
    // an idle machine that alone (its core leaving a deep sleep state) can take longer than the
    // whole chunk would serially, whatever the threads do next, and judging it made threads
    // lose almost every try there. It is run but neither judged nor counted as a loss.
    if (this.sinceSwitch === 1) return;
    this.chunkSpent += ms;
    this.chunkBatches++;
    if (this.sinceSwitch > WARM_UP) this.count(ms);
    // Stopped as soon as the chunk cannot end better than serial would have.
    if (this.chunkSpent > this.serialMean * (this.chunk + WARM_UP + SLACK)) return this.lose();
    const first = this.sinceSwitch === this.chunkBatches + 1; // (the first chunk after the switch has the rest of the warm-up too)
    if (this.chunkBatches < this.chunk + (first ? WARM_UP - 1 : 0)) return;
    if (this.spent / this.counted >= this.serialMean * (1 - MARGIN)) return this.lose();
    // A chunk won: go on, or renew the yardstick at the end of the stretch.
    this.serialStretch = this.minStretch;
    this.chunkSpent = 0;
    this.chunkBatches = 0;
    this.counted = 0;
    this.spent = 0;
    if (this.left <= 0) {
      this.threadsStretch = Math.min(this.maxStretch, this.threadsStretch * 2);
      this.switchTo('serial', this.chunk + WARM_UP);
    }
  }

  /**
   * Threads lost: serial for a stretch, twice as long as the last one if no threaded chunk has
   * won since, and long enough that this chunk's cost beyond serial (mostly one stalled batch:
   * 5-60 ms on a busy machine) is at most TRY_SHARE of the time until the next try.
   */
  private lose(): void {
    const loss = this.chunkSpent - this.serialMean * this.chunkBatches;
    const amortised = Math.ceil(loss / TRY_SHARE / this.serialMean);
    this.threadsStretch = this.minStretch;
    this.switchTo('serial', Math.min(this.maxStretch, Math.max(this.serialStretch, amortised)));
    this.serialStretch = Math.min(this.maxStretch, this.serialStretch * 2);
  }

  private count(ms: number): void {
    this.counted++;
    this.spent += ms;
  }

  private switchTo(mode: Mode, stretch: number): void {
    this.mode = mode;
    this.left = stretch;
    this.sinceSwitch = 0;
    this.counted = 0;
    this.spent = 0;
    this.chunkSpent = 0;
    this.chunkBatches = 0;
  }
}
