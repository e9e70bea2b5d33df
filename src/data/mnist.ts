import type { Dataset } from './dataset.ts';
import { oneHot, splitDataset } from './dataset.ts';
import { InputError } from '../common/errors.ts';
import type { Idx } from './idx.ts';

/** MNIST's three sets, split as in Nielsen's mnist_loader. */
export interface MnistSets {
  /** The first 50,000 training images. */
  readonly training: Dataset;
  /** The last 10,000 training images, held out to choose hyper-parameters. */
  readonly validation: Dataset;
  /** The 10,000 test images. */
  readonly test: Dataset;
}

/** The four parsed IDX files, with the names to use in error messages. */
export interface MnistIdx {
  readonly trainImages: Idx;
  readonly trainLabels: Idx;
  readonly testImages: Idx;
  readonly testLabels: Idx;
  readonly names?: {
    readonly trainImages?: string;
    readonly trainLabels?: string;
    readonly testImages?: string;
    readonly testLabels?: string;
  };
}

export const MNIST_CLASSES = 10;
/** How many training images are held out as the validation set. */
export const MNIST_VALIDATION_SIZE = 10_000;

/**
 * A classification dataset from an images IDX (count × rows × columns bytes) and a
 * labels IDX (count bytes, each a digit 0–9). The inputs stay bytes (a view into the
 * images' data, no copy) standing for byte/255 ∈ [0, 1]; the targets are one-hot.
 */
export function mnistDataset(images: Idx, labels: Idx, imagesName = 'images', labelsName = 'labels'): Dataset {
  if (images.dims.length !== 3) {
    const hint = images.dims.length === 1 ? ' (is it a labels file?)' : '';
    throw new InputError(`expected an images file with 3 dimensions (count × rows × columns, magic 0x00000803), found ${images.dims.length} (${images.dims.join('×')})${hint}`, { file: imagesName });
  }
  if (labels.dims.length !== 1) {
    const hint = labels.dims.length === 3 ? ' (is it an images file?)' : '';
    throw new InputError(`expected a labels file with 1 dimension (magic 0x00000801), found ${labels.dims.length} (${labels.dims.join('×')})${hint}`, { file: labelsName });
  }
  const [count, rows, columns] = images.dims;
  if (labels.dims[0] !== count) {
    throw new InputError(`${imagesName} has ${count} images but ${labelsName} has ${labels.dims[0]} labels; use the labels file that belongs to these images`, { file: labelsName });
  }
  if (rows === 0 || columns === 0) {
    throw new InputError(`images are ${rows}×${columns} pixels; expected a non-empty size such as 28×28`, { file: imagesName });
  }
  const labelValues = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const label = labels.data[i];
    if (label >= MNIST_CLASSES) {
      throw new InputError(`label ${i} is ${label}, expected a digit 0–9; check that this is an MNIST labels file`, { file: labelsName });
    }
    labelValues[i] = label;
  }
  return {
    count,
    inputSize: rows * columns,
    outputSize: MNIST_CLASSES,
    inputs: images.data,
    inputScale: 1 / 255,
    targets: oneHot(labelValues, MNIST_CLASSES),
    labels: labelValues,
  };
}

/**
 * Training, validation and test sets from MNIST's four IDX files: the first
 * (count − validationSize) training images train, the last `validationSize` (10,000)
 * validate, and the test images test.
 */
export function mnistFromIdx(files: MnistIdx, validationSize = MNIST_VALIDATION_SIZE): MnistSets {
  const names = files.names ?? {};
  const all = mnistDataset(files.trainImages, files.trainLabels, names.trainImages, names.trainLabels);
  const test = mnistDataset(files.testImages, files.testLabels, names.testImages, names.testLabels);
  if (all.inputSize !== test.inputSize) {
    const shape = (idx: Idx) => idx.dims.slice(1).join('×');
    throw new InputError(
      `training images are ${shape(files.trainImages)} pixels but test images are ${shape(files.testImages)}; use training and test files from the same data set`,
      { file: names.testImages ?? 'test images' },
    );
  }
  if (!Number.isInteger(validationSize) || validationSize < 0 || validationSize >= all.count) {
    throw new InputError(`cannot hold out ${validationSize} of ${all.count} training images for validation: expected a whole number from 0 to ${all.count - 1}`);
  }
  const trainingCount = all.count - validationSize;
  return {
    training: splitDataset(all, 0, trainingCount),
    validation: splitDataset(all, trainingCount, all.count),
    test,
  };
}
