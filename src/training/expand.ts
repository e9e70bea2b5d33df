import type { Dataset, Kernel, ResidentDataset, TrainStep } from '../kernels/kernel.ts';
import type { Shape } from '../network/layers.ts';

/**
 * How train() feeds mini-batches to the kernel. Plain: the resident training set, rows as the
 * order gives them. Expanded (`--expand shift`, network3.py's expand_mnist.py): every training
 * image stands for `factor` examples, itself and copies moved one pixel up, down, left and right
 * (the pixel moved out is lost, the row or column moved in is 0), generated batch by batch as they
 * are trained, never stored: virtual example i is image ⌊i / 5⌋ in variant i mod 5.
 */
export interface BatchSource {
  /** The examples an epoch runs through (5 n for the shifts): what the order indexes, and n for L2 and L1. */
  readonly count: number;
  trainBatch(order: Uint32Array, start: number, m: number, step: TrainStep): void;
  /** The training images as they are, resident in the kernel (to measure the training set). */
  resident(): ResidentDataset;
  release(): void;
}

export const EXPANSIONS = ['shift'] as const;
export type ExpansionName = (typeof EXPANSIONS)[number];

export interface Expansion {
  readonly kind: ExpansionName;
  /** The images' shape, as a network holds them (channel first). */
  readonly shape: Shape;
}

/** The training set as it is: one resident copy in the kernel. */
export function residentBatches(kernel: Kernel, training: Dataset): BatchSource {
  const resident: ResidentDataset = kernel.loadDataset(training);
  return {
    count: training.count,
    trainBatch: (order, start, m, step) => kernel.trainBatch(resident, order, start, m, step),
    resident: () => resident,
    release: () => resident.release(),
  };
}

/** The five one-pixel shifts (none, up, down, left, right) as (row, column) offsets read from. */
const SHIFTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [1, 0],
  [-1, 0],
  [0, 1],
  [0, -1],
];

/** Each mini-batch's examples written into a small dataset of their own, made resident for that step. */
export function expandedBatches(kernel: Kernel, training: Dataset, expansion: Expansion): BatchSource {
  const [H, W, C] = expansion.shape;
  const n1 = training.inputSize;
  const nL = training.outputSize;
  if (H * W * C !== n1) throw new RangeError(`--expand ${expansion.kind}: images of ${H}x${W}x${C} hold ${H * W * C} values, the training rows ${n1}`);
  const factor = SHIFTS.length;
  const Inputs = training.inputs.constructor as new (n: number) => Dataset['inputs'];
  let capacity = 0;
  let inputs = new Inputs(0);
  let targets = new Float64Array(0);
  let identity = new Uint32Array(0);
  let base: ResidentDataset | undefined;
  return {
    count: training.count * factor,
    trainBatch(order, start, m, step) {
      if (m > capacity) {
        capacity = m;
        inputs = new Inputs(m * n1);
        targets = new Float64Array(m * nL);
        identity = Uint32Array.from({ length: m }, (_, i) => i);
      }
      for (let n = 0; n < m; n++) {
        const virtual = order[start + n];
        const row = Math.floor(virtual / factor);
        const [dj, dk] = SHIFTS[virtual % factor];
        const from = row * n1;
        for (let c = 0; c < C; c++) {
          for (let j = 0; j < H; j++) {
            for (let k = 0; k < W; k++) {
              const sj = j + dj;
              const sk = k + dk;
              const inside = sj >= 0 && sj < H && sk >= 0 && sk < W;
              inputs[n * n1 + (c * H + j) * W + k] = inside ? training.inputs[from + (c * H + sj) * W + sk] : 0;
            }
          }
        }
        targets.set(training.targets.subarray(row * nL, (row + 1) * nL), n * nL);
      }
      const batch: Dataset = { count: m, inputSize: n1, outputSize: nL, inputs: inputs.subarray(0, m * n1), inputScale: training.inputScale, targets: targets.subarray(0, m * nL) };
      const resident = kernel.loadDataset(batch);
      try {
        // n for L2 and L1 is the expanded set's size, as network3.py's expanded training data has.
        kernel.trainBatch(resident, identity, 0, m, { ...step, trainingSize: step.trainingSize ?? training.count * factor });
      } finally {
        resident.release();
      }
    },
    resident() {
      base ??= kernel.loadDataset(training);
      return base;
    },
    release() {
      base?.release();
    },
  };
}
