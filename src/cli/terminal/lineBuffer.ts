/**
 * Lines for a stream, written several at a time when they come fast. A tiny data set (XOR)
 * trains thousands of epochs a second, and a write per epoch line (a system call each, to a
 * file or pipe) cost several times the epoch itself. A line is written at once when the last
 * write was `everyMs` or more ago, so that one epoch line a second still appears as its epoch
 * ends; lines that come faster wait for `flushDue` (called as training goes, at least every
 * `everyMs` or so) or `flush` (at the end, and before anything else is written to the stream).
 */
export interface LineBuffer {
  /** Adds a line (without its newline). */
  push(line: string): void;
  /** Writes the held lines if the last write was `everyMs` or more ago. */
  flushDue(): void;
  /** Writes the held lines now. */
  flush(): void;
}

export interface LineStream {
  write(text: string): unknown;
}

/** Holds at most this many characters: more are written at once. */
const MAX_HELD = 1 << 16;

export function createLineBuffer(stream: LineStream, everyMs = 50, now: () => number = () => performance.now()): LineBuffer {
  let held = '';
  let lastWrite = -Infinity;
  const flush = (): void => {
    if (held === '') return;
    lastWrite = now();
    const text = held;
    held = '';
    stream.write(text);
  };
  const flushDue = (): void => {
    if (held !== '' && now() - lastWrite >= everyMs) flush();
  };
  return {
    push(line) {
      held += `${line}\n`;
      if (held.length >= MAX_HELD) flush();
      else flushDue();
    },
    flushDue,
    flush,
  };
}
