import type { FloatArray } from '../kernel.ts';

/**
 * Moving an n_l × n_{l−1} matrix (w^l, or a state array shaped like it) between a Network's
 * row-major Float64Array and the kernel's memory, where rows are padded to `stride` elements
 * and w^2 (and what is shaped like it) is stored transposed: row k of Wt holds column k
 * (layout.ts). `at` is the matrix's first element's index in `floats`.
 */
export interface MatrixPlace {
  readonly at: number;
  readonly rows: number;
  readonly cols: number;
  readonly stride: number;
  readonly transposed: boolean;
}

export function readMatrix(floats: FloatArray, place: MatrixPlace): Float64Array {
  return readMatrixInto(floats, place, new Float64Array(place.rows * place.cols));
}

/** readMatrix into `out` (rows × cols, row-major), with no allocation: returns `out`. */
export function readMatrixInto(floats: FloatArray, place: MatrixPlace, out: Float64Array): Float64Array {
  const { at, rows, cols, stride, transposed } = place;
  if (transposed) {
    for (let j = 0; j < rows; j++) for (let k = 0; k < cols; k++) out[j * cols + k] = floats[at + k * stride + j];
  } else {
    // (element by element: a subarray per row cost more than a small matrix's copy)
    for (let j = 0; j < rows; j++) for (let k = 0; k < cols; k++) out[j * cols + k] = floats[at + j * stride + k];
  }
  return out;
}

export function writeMatrix(floats: FloatArray, place: MatrixPlace, values: ArrayLike<number>): void {
  const { at, rows, cols, stride, transposed } = place;
  for (let j = 0; j < rows; j++) {
    for (let k = 0; k < cols; k++) floats[transposed ? at + k * stride + j : at + j * stride + k] = values[j * cols + k];
  }
}
