/**
 * The largest inputs nabla accepts, in one place. Every size read from a file (a layer
 * size, an image's width and height, an IDX file's dimensions, the number of classes) is
 * checked against these before anything is allocated, and the error names the limit, so a
 * 200-byte file cannot ask for gigabytes. Each limit is far above what the data nabla is
 * for needs, and below where an engine limit would fail with a message about itself.
 */

/**
 * Parameters (weights and biases) in a network. A model file holds each as JSON text of up
 * to 25 characters, and one JavaScript string holds at most 2^29 − 24 characters (V8), so
 * 20 million parameters (at most 500 million characters) always serialise and read back.
 * [784, 30, 10] has 23,860; [784, 1000, 1000, 10] 1.8 million.
 */
export const MAX_PARAMETERS = 20_000_000;

/** Classes (output neurons) a labelled CSV file may define: more is almost always a label column of numbers meant for regression, or the wrong column. */
export const MAX_CLASSES = 1000;

/** Pixels in a PNG picture (25 megapixels, e.g. 6,000 × 4,000 from a phone camera); decoding costs ~20 bytes a pixel. */
export const MAX_PNG_PIXELS = 25_000_000;

/**
 * Memory one PNG may take to decode and prepare as a digit (pngjs's inflated and unfiltered
 * rows, its RGBA bitmap, prepareDigit's float64 grey and ink: ~26 bytes a grey pixel): a
 * 24 KB PNG of 25 megapixels took 559 MB. 256 MiB is about 10 megapixels; a digit needs 784.
 */
export const MAX_PNG_DECODE_BYTES = 256 * 1024 * 1024;

/**
 * Memory the IDX data of one command may take, all files together (the pixels, and for each
 * label its byte, an int32 and a one-hot float64 row of 10): four gzipped files of 1 MB, each
 * within the 1 GiB a file may hold, took 4.5 GB. The EMNIST byclass split takes 0.7 GiB.
 */
export const MAX_IDX_TOTAL_BYTES = 1 << 30;

/** The data of one IDX file, decompressed (MNIST's largest is 47 MB; EMNIST's 550 MB). */
export const MAX_IDX_BYTES = 1 << 30;

/** Any file nabla reads whole (an IDX, PNG or gzip file): above this it is not one of nabla's inputs. */
export const MAX_FILE_BYTES = 1 << 30;

/** A model file or CSV file read as text: one JavaScript string holds at most 2^29 − 24 UTF-16 units. */
export const MAX_TEXT_BYTES = (1 << 29) - 24;

/** Nesting of arrays and objects in a model file (it needs 4: the object, weights[i][j][k]). */
export const MAX_JSON_DEPTH = 32;

/** Bytes as a short figure: 1,073,741,824 → "1 GiB", 47,040,016 → "44.9 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || Number.isInteger(value) ? String(Math.round(value)) : value.toFixed(1);
  return `${shown} ${units[unit]}`;
}

/** n with thousands separators, for limits in messages (no locale: messages are the same everywhere). */
export function formatLimit(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 1e21) return String(n);
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Weights and biases of a network with these layer sizes: Σ n_l (n_{l−1} + 1). Exact for any sizes up to 2^53. */
export function parameterCount(sizes: readonly number[]): number {
  let count = 0;
  for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1);
  return count;
}

/**
 * Why a network of these sizes is too large, or undefined when it is not. The sizes must
 * already be positive integers.
 */
export function networkSizeProblem(sizes: readonly number[]): string | undefined {
  const count = parameterCount(sizes);
  if (count <= MAX_PARAMETERS) return undefined;
  return `sizes ${sizes.join(',')} make ${formatLimit(count)} weights and biases, more than nabla's limit of ${formatLimit(MAX_PARAMETERS)} (a model file must fit in one JavaScript string); use smaller layers`;
}
