import type { UpdateState } from '../kernels/kernel.ts';
import type { RngState } from '../math/rng.ts';
import type { EarlyStoppingSnapshot } from './earlyStopping.ts';
import type { ScheduleSnapshot } from './schedules.ts';

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
  /** The update rule's state (momentum's velocity, Adam's moments) and its step count t. */
  readonly update?: UpdateState;
  /** The seed of the dropout masks (drawn from the generator when the run began). */
  readonly dropoutSeed?: number;
  /** η for the next epoch and the plateau schedule's count. */
  readonly schedule?: ScheduleSnapshot;
  /** Early stopping's best epoch and parameters so far. */
  readonly early?: EarlyStoppingSnapshot;
}
