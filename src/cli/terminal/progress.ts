import cliProgress from 'cli-progress';
import { formatCount } from '../../common/format.ts';

/**
 * The live bar shown during an epoch, on a terminal only: examples done, examples per
 * second (of training time alone) and the time left in the epoch. `clear` removes it so
 * the epoch line can take its place.
 */
export interface EpochProgress {
  update(epoch: number, epochs: number, done: number, total: number, trainSeconds: number): void;
  /** Removes the bar from the screen (it comes back at the next update). */
  clear(): void;
}

/** A bar on `stream` when it is a terminal; otherwise one that draws nothing. */
export function createEpochProgress(stream: NodeJS.WriteStream): EpochProgress {
  if (!stream.isTTY) return { update() {}, clear() {} };
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(epoch, epochs, done, total, trainSeconds) {
      const speed = trainSeconds > 0 ? done / trainSeconds : 0;
      const payload = {
        epoch: `${String(epoch).padStart(String(epochs).length)}/${epochs}`,
        done: formatCount(done).padStart(formatCount(total).length),
        all: formatCount(total),
        speed: speed > 0 ? formatCount(speed) : '…',
        left: speed > 0 ? `${Math.ceil((total - done) / speed)} s` : '…',
      };
      if (bar === undefined) {
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: 'Epoch {epoch}  {bar}  {done} / {all}  {speed} examples/s  {left} left',
            barCompleteChar: '█',
            barIncompleteChar: '░',
            barsize: 30,
            hideCursor: true,
            clearOnComplete: true,
            linewrap: false,
            fps: 10,
            gracefulExit: false,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, done, payload);
      } else {
        bar.setTotal(total);
        bar.update(done, payload);
      }
    },
    clear() {
      if (bar === undefined) return;
      bar.stop();
      bar = undefined;
    },
  };
}
