import { formatCount } from '../../common/format.ts';

/**
 * The live bar shown during an epoch, on a terminal only: examples done, examples per
 * second (of training time alone) and the time left in the epoch. It is one line, redrawn
 * in place with a carriage return and "erase to the end of the line", and always shorter
 * than the terminal is wide, so it never wraps onto a second line that a redraw would leave
 * behind.
 */
export interface EpochProgress {
  update(epoch: number, epochs: number, done: number, total: number, trainSeconds: number): void;
  /** Erases the bar's line (the bar comes back at the next update), so a line can take its place. */
  clear(): void;
}

/** Erase from the cursor to the end of the line (ECMA-48 EL). */
const ERASE_LINE = '\x1b[K';

/** A bar on `stream` when it is a terminal; otherwise one that draws nothing. */
export function createEpochProgress(stream: NodeJS.WriteStream): EpochProgress {
  if (!stream.isTTY) return { update() {}, clear() {} };
  const rate = createRateEstimate();
  let shown = '';
  return {
    update(epoch, epochs, done, total, trainSeconds) {
      const speed = rate.add(epoch, done, trainSeconds);
      // Three columns are kept free for the "^C" a terminal echoes after the bar: were it to
      // wrap onto the next line, erasing "the line" would leave the bar's line behind.
      const line = progressLine({ epoch, epochs, done, total, speed }, (stream.columns || 80) - 3);
      if (line === shown) return;
      stream.write(`\r${line}${ERASE_LINE}`);
      shown = line;
    },
    clear() {
      // Erased even with no bar shown: a "^C" the terminal echoed at the start of the line goes too.
      stream.write(`\r${ERASE_LINE}`);
      shown = '';
    },
  };
}

/**
 * Examples per second, measured over the latest stretch of training rather than from the
 * start of the epoch. The first mini-batches of a run are slow (compilation, threads
 * starting), and an average that includes them announced "40 s left" for an epoch of 0.1 s,
 * so there is no estimate (undefined) until two stretches in a row agree within 25%, or
 * until a whole epoch has been measured; after that, the stretches are smoothed.
 */
export function createRateEstimate(): { add(epoch: number, done: number, trainSeconds: number): number | undefined } {
  let rate: number | undefined;
  let steady = false;
  let previous: number | undefined;
  let last: { epoch: number; done: number; seconds: number } | undefined;
  return {
    add(epoch, done, trainSeconds) {
      if (last !== undefined && last.epoch !== epoch && rate !== undefined) steady = true;
      if (last !== undefined && last.epoch === epoch && done > last.done && trainSeconds > last.seconds) {
        const recent = (done - last.done) / (trainSeconds - last.seconds);
        if (!steady && previous !== undefined && Math.abs(recent - previous) <= 0.25 * previous) {
          steady = true;
          rate = recent;
        } else {
          rate = rate === undefined ? recent : 0.5 * rate + 0.5 * recent;
        }
        previous = recent;
      }
      last = { epoch, done, seconds: trainSeconds };
      return steady ? rate : undefined;
    },
  };
}

export interface ProgressState {
  readonly epoch: number;
  readonly epochs: number;
  readonly done: number;
  readonly total: number;
  /** Examples per second, when known. */
  readonly speed: number | undefined;
}

/** "3 s", "< 1 s", "2 min 05 s": the training time left, rounded up. */
export function formatTimeLeft(seconds: number): string {
  if (seconds < 1) return '< 1 s';
  const whole = Math.ceil(seconds);
  if (whole < 120) return `${whole} s`;
  return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
}

/**
 * `Epoch  2/30  ███████░░░…  12,340 / 50,000  493,120 examples/s  3 s left`, fitted into
 * `width` characters: the bar shrinks first (to 10), then the speed goes, then the time
 * left, then the bar itself, then the count; "Epoch 2/30" is only cut, at a space, on a
 * terminal narrower than itself.
 */
export function progressLine(state: ProgressState, width: number): string {
  const { epoch, epochs, done, total, speed } = state;
  const head = `Epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}`;
  const count = `${formatCount(done).padStart(formatCount(total).length)} / ${formatCount(total)}`;
  // Padded, so that the bar keeps its length while the figures change.
  const perSecond = `${(speed === undefined ? '…' : formatCount(speed)).padStart(7)} examples/s`;
  const left = `${(speed === undefined ? '…' : formatTimeLeft((total - done) / speed)).padStart(5)} left`;
  const bar = (size: number): string => {
    const full = total > 0 ? Math.min(size, Math.round((done / total) * size)) : 0;
    return '█'.repeat(full) + '░'.repeat(size - full);
  };
  const layouts: ((size: number) => string[])[] = [
    (size) => [head, bar(size), count, perSecond, left],
    (size) => [head, bar(size), count, left],
    (size) => [head, bar(size), count],
  ];
  for (const layout of layouts) {
    const fixed = layout(0).join('  ').length;
    const size = Math.min(30, width - fixed);
    if (size >= 10) return layout(size).join('  ');
  }
  if (head.length + 2 + count.length <= width) return `${head}  ${count}`;
  return head.length <= width ? head : head.slice(0, Math.max(0, head.lastIndexOf(' ', width))).trimEnd();
}
