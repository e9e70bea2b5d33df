import { gunzipSync } from 'node:zlib';
import { InputError } from '../common/errors.ts';
import { type Idx, parseIdx } from '../data/idx.ts';
import { readBytes } from './readText.ts';

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Decompresses gzip data read from `path`, with a clear error for a corrupt or truncated file. */
export function gunzip(bytes: Uint8Array, path: string): Uint8Array {
  let out: Buffer;
  try {
    out = gunzipSync(bytes);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'Z_BUF_ERROR' ? 'the gzip data is truncated (unexpected end of file)' : `the gzip data is corrupt (${(error as Error).message})`;
    throw new InputError(`cannot decompress '${path}': ${problem}; download the file again`, { file: path, cause: error });
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Reads an unsigned-byte IDX file, plain or gzipped (detected by its first two bytes). */
export async function readIdxFile(path: string): Promise<Idx> {
  let bytes = await readBytes(path, 'IDX file');
  if (isGzip(bytes)) bytes = gunzip(bytes, path);
  return parseIdx(bytes, path);
}
