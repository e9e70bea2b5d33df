/**
 * The browser benchmark's workload, run unchanged by Node (bench/browser/run.ts) and by
 * Chromium (bench/browser/page.ts): the same bytes, the same registry, the same kernel name,
 * the same seed. Browser-safe: no Node APIs.
 */
import { oneHot } from '../../src/data/dataset.ts';
import type { Dataset, DType } from '../../src/kernels/kernel.ts';
import { createKernel, type KernelName } from '../../src/kernels/registry.ts';
import { createRng, shuffleInPlace } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';

/** MNIST as it travels to the page: one byte a pixel (row-major, 784 a digit), one byte a label. */
export interface MnistBytes {
  readonly trainImages: Uint8Array;
  readonly trainLabels: Uint8Array;
  readonly testImages: Uint8Array;
  readonly testLabels: Uint8Array;
}

export interface MnistDatasets {
  readonly training: Dataset;
  readonly test: Dataset;
}

const PIXELS = 784;
const CLASSES = 10;

function datasetFromBytes(images: Uint8Array, labelBytes: Uint8Array): Dataset {
  const labels = Int32Array.from(labelBytes);
  if (images.length !== labels.length * PIXELS) throw new RangeError(`${images.length} pixel bytes do not make ${labels.length} images of ${PIXELS}`);
  return { count: labels.length, inputSize: PIXELS, outputSize: CLASSES, inputs: images, inputScale: 1 / 255, targets: oneHot(labels, CLASSES), labels };
}

/** Datasets as loadMnist gives them (pixels × 1/255, one-hot targets, labels). */
export function datasetsFromBytes(bytes: MnistBytes): MnistDatasets {
  return { training: datasetFromBytes(bytes.trainImages, bytes.trainLabels), test: datasetFromBytes(bytes.testImages, bytes.testLabels) };
}

export interface WorkloadOptions {
  readonly kernel: KernelName;
  readonly sizes: readonly number[];
  readonly dtype: DType;
  /** Mini-batch size m. */
  readonly m: number;
  readonly learningRate: number;
  readonly seed: number;
  readonly warmupEpochs: number;
  readonly epochs: number;
  readonly inferenceRuns: number;
}

/** Issue 4's workload: [784,30,10], m = 10, float32, η = 3, 1 warm-up epoch then 3 timed ones. */
export const MNIST_WORKLOAD: Omit<WorkloadOptions, 'kernel'> = {
  sizes: [784, 30, 10],
  dtype: 'float32',
  m: 10,
  learningRate: 3,
  seed: 1,
  warmupEpochs: 1,
  epochs: 3,
  inferenceRuns: 5,
};

export interface WorkloadResult {
  /** kernel.name, as the engine created it. */
  readonly kernelName: string;
  /** Wall time of each timed epoch (the trainBatch loop only). */
  readonly epochSeconds: number[];
  /** Wall time of each feedforward over the whole test set. */
  readonly inferenceMs: number[];
  readonly testAccuracy: number;
}

export async function runWorkload(data: MnistDatasets, options: WorkloadOptions): Promise<WorkloadResult> {
  const { training, test } = data;
  const { sizes, m, learningRate } = options;
  const kernel = await createKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: options.dtype }, { kernel: options.kernel });
  try {
    const rng = createRng(options.seed);
    kernel.setParameters(createNetwork({ sizes, rng, init: 'scaled-normal' })); // nabla train's default
    const train = kernel.loadDataset(training);
    const testResident = kernel.loadDataset(test);
    const order = new Uint32Array(training.count);
    for (let i = 0; i < order.length; i++) order[i] = i;

    const epochSeconds: number[] = [];
    for (let epoch = 0; epoch < options.warmupEpochs + options.epochs; epoch++) {
      shuffleInPlace(order, rng);
      const t0 = performance.now();
      for (let start = 0; start + m <= order.length; start += m) kernel.trainBatch(train, order, start, m, learningRate);
      const seconds = (performance.now() - t0) / 1000;
      if (epoch >= options.warmupEpochs) epochSeconds.push(seconds);
    }

    const outputs = options.dtype === 'float32' ? new Float32Array(test.count * test.outputSize) : new Float64Array(test.count * test.outputSize);
    const inferenceMs: number[] = [];
    for (let run = 0; run < options.inferenceRuns; run++) {
      const t0 = performance.now();
      kernel.feedforwardDataset(testResident, outputs);
      inferenceMs.push(performance.now() - t0);
    }
    let correct = 0;
    for (let i = 0; i < test.count; i++) {
      const row = i * test.outputSize;
      let best = 0;
      for (let j = 1; j < test.outputSize; j++) if (outputs[row + j] > outputs[row + best]) best = j;
      if (best === test.labels?.[i]) correct++;
    }
    return { kernelName: kernel.name, epochSeconds, inferenceMs, testAccuracy: correct / test.count };
  } finally {
    await kernel.dispose();
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
