import type { RngState } from '../math/rng.ts';

/**
 * Where a run stands, as a checkpoint holds it: enough for `train` to continue so that the
 * run ends with the bits it would have had uninterrupted. Taken after every epoch, and when
 * a stop request ends training in the middle of one.
 */
export interface TrainingState {
  /** Epochs finished. */
  readonly epoch: number;
  /** Examples of epoch `epoch + 1` already trained (0 at an epoch's end). */
  readonly examplesDone: number;
  /** The order of the examples in the current epoch: each epoch shuffles the previous order, so it carries over. */
  readonly order: Uint32Array;
  /** The random generator after the current epoch's shuffle. */
  readonly rng: RngState;
}
