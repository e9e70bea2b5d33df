import { PNG } from 'pngjs';
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
  let png: { width: number; height: number; data: Buffer };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/\s+/g, ' ').trim() : String(error);
    // pngjs reports a file that ends early as read requests left waiting on a finished stream.
    const problem = /finished stream/.test(reason) ? 'it ends before the image is complete (truncated)' : `it is corrupt (${reason})`;
    throw new InputError(`'${name}' is a damaged PNG file: ${problem}; save or download the image again`, { file: name, cause: error });
  }
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength) };
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
