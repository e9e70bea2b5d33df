import { InputError } from '../common/errors.ts';

/**
 * Preparing a picture of a handwritten digit the way MNIST's digits were prepared
 * (LeCun et al.): the digit's ink is scaled, keeping its aspect ratio, to fit a 20×20
 * box, anti-aliased to grey levels, and placed in a 28×28 field so that its centre of
 * mass is at the centre. MNIST is light ink (1) on a dark background (0).
 *
 * Pure: works on decoded RGBA pixels, in Node or in a browser (an ImageData fits).
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 4 bytes: red, green, blue, alpha, row by row. */
  readonly data: Uint8Array | Uint8ClampedArray;
}

export interface DigitOptions {
  /**
   * Ink fainter than this fraction of the strongest ink is background noise and becomes 0
   * (default 0.2).
   */
  readonly threshold?: number;
}

/** MNIST's field: 28×28 pixels. */
export const DIGIT_SIZE = 28;
/** MNIST's digits fit a 20×20 box inside the field. */
export const DIGIT_BOX = 20;
/**
 * Where MNIST puts the centre of mass, in pixel indices (x = column, y = row):
 * over the MNIST test set Σ v·x / Σ v averages 14.0 in both directions.
 */
const CENTRE = 14;
/** Less contrast than this (of full white against black) between ink and background is a blank image. */
const MIN_CONTRAST = 0.05;

/**
 * The 784 values (row-major 28×28, each in [0, 1], light ink on 0) that an MNIST-trained
 * network expects, from a picture of one digit: either dark on light or light on dark,
 * any size, colour or grey, transparent pixels counting as white.
 */
export function prepareDigit(image: RgbaImage, options: DigitOptions = {}): Float64Array {
  const { width, height, data } = image;
  const threshold = options.threshold ?? 0.2;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new InputError(`the image is ${width}×${height} pixels; expected a positive whole width and height`);
  }
  if (data.length !== width * height * 4) {
    throw new InputError(`the image data has ${data.length} bytes; a ${width}×${height} RGBA image needs ${width * height * 4}`);
  }
  if (!(threshold >= 0 && threshold < 1)) throw new InputError(`the ink threshold is ${threshold}; expected a number in [0, 1)`);

  const ink = inkLevels(image);
  const box = inkBoundingBox(ink, width, height, threshold);
  if (box === undefined) {
    throw new InputError('the image has no ink: it is one flat colour; draw a digit, dark on light or light on dark');
  }
  // Scale the ink's bounding box so its longer side is DIGIT_BOX, keeping the aspect ratio.
  const w = box.right - box.left;
  const h = box.bottom - box.top;
  const scale = DIGIT_BOX / Math.max(w, h);
  const outW = Math.max(1, Math.min(DIGIT_BOX, Math.round(w * scale)));
  const outH = Math.max(1, Math.min(DIGIT_BOX, Math.round(h * scale)));
  const digit = resample(ink, width, box, outW, outH);
  return centreByMass(digit, outW, outH);
}

/**
 * Ink in [0, 1] per pixel: grey level (Rec. 601 luminance, alpha composited over
 * white), measured from the background (the median of the border pixels) in the
 * direction of the ink, and stretched so the strongest ink is 1.
 */
function inkLevels(image: RgbaImage): Float64Array {
  const { width, height, data } = image;
  const n = width * height;
  const grey = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const r = data[4 * p], g = data[4 * p + 1], b = data[4 * p + 2], a = data[4 * p + 3] / 255;
    const luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
    grey[p] = luminance * a + (1 - a);
  }
  const background = borderMedian(grey, width, height);
  // MNIST is light on dark: a light background means dark ink, which we invert.
  const sign = background > 0.5 ? -1 : 1;
  const ink = new Float64Array(n);
  let strongest = 0;
  for (let p = 0; p < n; p++) {
    const v = Math.max(0, sign * (grey[p] - background));
    ink[p] = v;
    if (v > strongest) strongest = v;
  }
  if (strongest < MIN_CONTRAST) {
    throw new InputError('the image has no ink: it is (nearly) one flat colour; draw a digit, dark on light or light on dark');
  }
  for (let p = 0; p < n; p++) ink[p] /= strongest;
  return ink;
}

function borderMedian(grey: Float64Array, width: number, height: number): number {
  const border: number[] = [];
  for (let x = 0; x < width; x++) {
    border.push(grey[x]);
    if (height > 1) border.push(grey[(height - 1) * width + x]);
  }
  for (let y = 1; y < height - 1; y++) {
    border.push(grey[y * width]);
    if (width > 1) border.push(grey[y * width + width - 1]);
  }
  border.sort((a, b) => a - b);
  const mid = border.length >> 1;
  return border.length % 2 === 1 ? border[mid] : (border[mid - 1] + border[mid]) / 2;
}

interface Box {
  readonly left: number;
  readonly top: number;
  /** Exclusive. */
  readonly right: number;
  /** Exclusive. */
  readonly bottom: number;
}

/** Zeroes ink below `threshold` (in place) and returns the bounding box of what is left. */
function inkBoundingBox(ink: Float64Array, width: number, height: number, threshold: number): Box | undefined {
  let left = width, top = height, right = 0, bottom = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (ink[p] < threshold || ink[p] === 0) {
        ink[p] = 0;
        continue;
      }
      if (x < left) left = x;
      if (x >= right) right = x + 1;
      if (y < top) top = y;
      if (y >= bottom) bottom = y + 1;
    }
  }
  return right > left ? { left, top, right, bottom } : undefined;
}

/**
 * The taps of a 1-D resampling from `from` to `to` samples: output o is
 * Σ weights[t]·in[indices[t]] for t in [starts[o], starts[o+1]).
 * Shrinking averages the input over the output pixel's footprint (a box filter, exact
 * area coverage); enlarging interpolates linearly between the two nearest inputs.
 */
function taps(from: number, to: number): { starts: Int32Array; indices: number[]; weights: number[] } {
  const starts = new Int32Array(to + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  const ratio = from / to;
  for (let o = 0; o < to; o++) {
    starts[o] = indices.length;
    if (to <= from) {
      const a = o * ratio, b = (o + 1) * ratio;
      for (let j = Math.floor(a); j < Math.min(from, Math.ceil(b)); j++) {
        const overlap = Math.min(j + 1, b) - Math.max(j, a);
        if (overlap > 0) {
          indices.push(j);
          weights.push(overlap / ratio);
        }
      }
    } else {
      const x = Math.min(from - 1, Math.max(0, (o + 0.5) * ratio - 0.5));
      const j = Math.floor(x), f = x - j;
      indices.push(j);
      weights.push(1 - f);
      if (f > 0) {
        indices.push(j + 1);
        weights.push(f);
      }
    }
  }
  starts[to] = indices.length;
  return { starts, indices, weights };
}

/** The box of `ink` (rows `width` long) resampled to outW × outH: rows first, then columns. */
function resample(ink: Float64Array, width: number, box: Box, outW: number, outH: number): Float64Array {
  const w = box.right - box.left, h = box.bottom - box.top;
  const across = taps(w, outW), down = taps(h, outH);
  const rows = new Float64Array(h * outW);
  for (let y = 0; y < h; y++) {
    const src = (box.top + y) * width + box.left;
    for (let o = 0; o < outW; o++) {
      let sum = 0;
      for (let t = across.starts[o]; t < across.starts[o + 1]; t++) sum += across.weights[t] * ink[src + across.indices[t]];
      rows[y * outW + o] = sum;
    }
  }
  const out = new Float64Array(outH * outW);
  for (let o = 0; o < outH; o++) {
    for (let x = 0; x < outW; x++) {
      let sum = 0;
      for (let t = down.starts[o]; t < down.starts[o + 1]; t++) sum += down.weights[t] * rows[down.indices[t] * outW + x];
      out[o * outW + x] = Math.min(1, Math.max(0, sum));
    }
  }
  return out;
}

/** The digit placed in the 28×28 field, shifted by whole pixels so its centre of mass is at (14, 14). */
function centreByMass(digit: Float64Array, w: number, h: number): Float64Array {
  let mass = 0, mx = 0, my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = digit[y * w + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  const dx = Math.round(CENTRE - mx / mass);
  const dy = Math.round(CENTRE - my / mass);
  const field = new Float64Array(DIGIT_SIZE * DIGIT_SIZE);
  for (let y = 0; y < h; y++) {
    const fy = y + dy;
    if (fy < 0 || fy >= DIGIT_SIZE) continue;
    for (let x = 0; x < w; x++) {
      const fx = x + dx;
      if (fx >= 0 && fx < DIGIT_SIZE) field[fy * DIGIT_SIZE + fx] = digit[y * w + x];
    }
  }
  return field;
}
