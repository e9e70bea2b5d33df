import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { formatBytes, formatLimit, MAX_PNG_DECODE_BYTES, MAX_PNG_PIXELS } from '../common/limits.ts';
import { type DigitOptions, prepareDigit } from '../data/digitImage.ts';
import { InputError } from '../common/errors.ts';
import { readBytes } from './readText.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Decodes PNG bytes to RGBA (grey, colour, palette, 16-bit and alpha PNGs all become
 * 8-bit RGBA). `name` (a file name) goes into error messages.
 */
export function decodePng(bytes: Uint8Array, name = 'PNG data'): { width: number; height: number; data: Uint8Array } {
  if (bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    const what = bytes.length === 0 ? 'it is empty' : `it does not start with the PNG signature (89 50 4E 47 0D 0A 1A 0A)`;
    throw new InputError(`'${name}' is not a PNG file: ${what}; save the digit as a PNG image`, { file: name });
  }
  const tooLarge = pngSizeProblem(bytes);
  if (tooLarge !== undefined) throw new InputError(`'${name}' ${tooLarge}`, { file: name });
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    throw new InputError(`'${name}' is a damaged PNG file: ${pngProblem(error)}; save or download the image again`, { file: name, cause: error });
  }
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
}

/**
 * pngjs's and zlib's messages about pixel data that does not decompress to the image (an
 * internal assertion read "have should not go down"): one sentence for all of them.
 */
const DAMAGED_PIXELS = /should not go down|invalid inflate data|ran out of data|extra data found|unrecognised content at end|incorrect (data|header) check|invalid (distance|block|stored|code|literal)|unrecognised filter type|unexpected end of file/i;

/** What is wrong with a PNG that pngjs could not decode, in the user's words. */
function pngProblem(error: unknown): string {
  const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
  // pngjs reports a file that ends early as read requests left waiting on a finished stream.
  if (/finished stream/.test(reason)) return 'it ends before the image is complete (truncated)';
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (DAMAGED_PIXELS.test(reason) || code === 'ERR_ASSERTION' || code.startsWith('Z_')) return 'its pixel data does not decompress to the image its header describes';
  return `it is corrupt (${reason})`;
}

/** Channels per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * Why a PNG is too large to decode, read from its header before any pixel is: the IHDR
 * chunk (always first) declares width and height, checked against MAX_PNG_PIXELS. pngjs
 * bounds the decompression of a plain image by that size itself, but inflates an
 * interlaced one without a bound, so its pixel data is inflated here first with one.
 * Undefined when the image may be decoded (or when the header is damaged: pngjs says how).
 */
export function pngSizeProblem(bytes: Uint8Array): string | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 8 + 8 + 13 || ascii(12) !== 'IHDR') return undefined;
  const width = view.getUint32(16, false);
  const height = view.getUint32(20, false);
  // The PNG standard forbids a zero width or height (pngjs then failed an internal assertion).
  if (width === 0 || height === 0) return `declares ${formatLimit(width)} × ${formatLimit(height)} pixels; a PNG image has at least one pixel each way, so the file is damaged`;
  if (width * height > MAX_PNG_PIXELS) {
    return `declares ${formatLimit(width)} × ${formatLimit(height)} pixels, more than nabla's limit of ${formatLimit(MAX_PNG_PIXELS)} pixels (25 megapixels); scale the picture down (a digit needs only 28 × 28)`;
  }
  const depth = bytes[24];
  const decodeBytes = pngDecodeBytes(width, height, depth, bytes[25]);
  if (decodeBytes > MAX_PNG_DECODE_BYTES) {
    return `declares ${formatLimit(width)} × ${formatLimit(height)} pixels, which take about ${formatBytes(decodeBytes)} of memory to decode, more than nabla's limit of ${formatBytes(MAX_PNG_DECODE_BYTES)} for one image; scale the picture down (a digit needs only 28 × 28)`;
  }
  const interlaced = bytes[28] === 1;
  if (!interlaced) return undefined;
  // Adam7 stores width × height pixels in up to 7 × height rows, each with a filter byte.
  const bound = Math.ceil((width * height * (CHANNELS[bytes[25]] ?? 4) * Math.max(depth, 8)) / 8) + 16 * height + 1024;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at, false);
    if (ascii(at + 4) === 'IDAT') idat.push(bytes.subarray(at + 8, Math.min(bytes.length, at + 8 + length)));
    at += 12 + length;
  }
  try {
    inflateSync(Buffer.concat(idat), { maxOutputLength: bound });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return `holds more pixel data than its ${formatLimit(width)} × ${formatLimit(height)} pixels (decompression stopped at ${formatLimit(bound)} bytes); save or download the image again`;
    }
    // Damaged data: pngjs reports it.
  }
  return undefined;
}

/**
 * The memory decoding a PNG takes, from its header: pngjs's inflated rows and their unfiltered
 * copy (a filter byte and width × channels × depth bits each), its RGBA bitmap (16 bits a
 * channel at depth 16) and 8-bit RGBA result, then prepareDigit's float64 grey and ink.
 */
export function pngDecodeBytes(width: number, height: number, depth: number, colorType: number): number {
  const pixels = width * height;
  const rowBytes = Math.ceil((width * (CHANNELS[colorType] ?? 4) * Math.max(depth, 1)) / 8) + 1;
  return 2 * rowBytes * height + pixels * 4 * (depth > 8 ? 2 : 1) + pixels * 4 + pixels * 16;
}

/** Reads a PNG picture of a digit and prepares it as MNIST's 784 values (see prepareDigit). */
export async function readPngDigit(path: string, options: DigitOptions = {}): Promise<Float64Array> {
  const bytes = await readBytes(path, 'PNG file');
  const image = decodePng(bytes, path);
  try {
    return prepareDigit(image, options);
  } catch (error) {
    if (error instanceof InputError && error.file === undefined) throw new InputError(error.message, { file: path, cause: error });
    throw error;
  }
}
