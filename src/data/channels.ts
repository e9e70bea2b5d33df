import type { Dataset } from './dataset.ts';

/**
 * A CSV row (and `--input-shape HxWxC`) lists an image's values channels last: row by row,
 * column by column, the C channels of each pixel together (index (j·W + k)·C + c). A network
 * holds them channel first, (c·H + j)·W + k (network/layers.ts). For C = 1 the orders agree
 * and the dataset is returned as it is.
 */
export function channelsFirst(dataset: Dataset, shape: readonly [number, number, number]): Dataset {
  const [H, W, C] = shape;
  if (C === 1 || dataset.inputSize !== H * W * C) return dataset;
  const inputs = dataset.inputs.slice();
  const n1 = dataset.inputSize;
  for (let row = 0; row < dataset.count; row++) {
    const from = row * n1;
    for (let j = 0; j < H; j++) {
      for (let k = 0; k < W; k++) {
        for (let c = 0; c < C; c++) inputs[from + (c * H + j) * W + k] = dataset.inputs[from + (j * W + k) * C + c];
      }
    }
  }
  return { ...dataset, inputs };
}
