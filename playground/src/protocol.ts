import type { Dataset, KernelSpec, Schedule } from 'nabla';

/**
 * The messages between the page and the training worker. The worker owns the kernel and
 * the training loop; the page owns the view. Parameters travel as float64 arrays indexed
 * like Network's (slots 0 and 1 empty).
 */
export interface Parameters {
  readonly weights: Float64Array[];
  readonly biases: Float64Array[];
}

export type ToWorker =
  | {
      readonly type: 'init';
      readonly spec: KernelSpec;
      readonly parameters: Parameters;
      readonly train: Dataset;
      readonly test: Dataset;
      readonly eta: number;
      /** How η changes between epochs (none: η stays). */
      readonly schedule?: Schedule;
      readonly batch: number;
      readonly seed: number;
      /** Infinity: as fast as the kernel goes. */
      readonly epochsPerSecond: number;
    }
  | { readonly type: 'play' }
  | { readonly type: 'pause' }
  | { readonly type: 'step' }
  | { readonly type: 'hyper'; readonly eta: number; readonly batch: number; readonly epochsPerSecond: number }
  | { readonly type: 'parameters'; readonly parameters: Parameters };

/** What one epoch left behind: the curves' points. */
export interface EpochPoint {
  readonly epoch: number;
  /** η for the next epoch (the schedule's, or the one set). */
  readonly eta: number;
  readonly trainCost: number;
  readonly trainAccuracy: number;
  readonly testCost: number;
  readonly testAccuracy: number;
  /** √((1/(n·n_L)) Σ ‖a^L − y‖²), as the library's evaluate reports it for a regression. */
  readonly trainRmse: number;
  readonly testRmse: number;
  /** Mean |δ^l_j| over a fixed sample of training examples, for l = 2..L (index 0 is layer 2). */
  readonly deltaSizes: number[];
}

export type FromWorker =
  | {
      readonly type: 'snapshot';
      /** Which init this answers, so a stale snapshot from a replaced network is dropped. */
      readonly generation: number;
      readonly kernel: string;
      readonly epoch: number;
      readonly playing: boolean;
      /** Points since the previous snapshot. */
      readonly points: EpochPoint[];
      /**
       * The parameters, when training has changed them since the last snapshot. Absent after
       * an init or a 'parameters' message, so the page keeps the exact float64 values it
       * sent rather than a float32 kernel's rounding of them.
       */
      readonly parameters?: Parameters;
    }
  | { readonly type: 'error'; readonly message: string };
