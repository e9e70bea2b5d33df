import { createGunzip } from 'node:zlib';
import { formatBytes, formatLimit, MAX_IDX_BYTES } from '../common/limits.ts';
import { InputError } from '../common/errors.ts';
import { type Idx, idxDeclaredLength, parseIdx } from '../data/idx.ts';
import { readBytes } from './readText.ts';

/** True when `bytes` start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function corrupt(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const problem = code === 'Z_BUF_ERROR' ? 'the gzip data is truncated (unexpected end of file)' : `the gzip data is corrupt (${(error as Error).message})`;
  return new InputError(`cannot decompress '${path}': ${problem}; download the file again`, { file: path, cause: error });
}

/**
 * Decompresses a gzipped IDX file, streaming, and only as far as its header allows: a
 * 5 MB file that expands to 5 GiB stops one byte past the length the IDX header declares
 * (and a header that declares more than MAX_IDX_BYTES stops at the header), so memory
 * stays bounded by what the file claims, not by what it expands to. A header that is not
 * IDX stops decompression too: parseIdx then says what is wrong with those first bytes.
 */
export async function gunzipIdx(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  const gunzip = createGunzip();
  gunzip.end(bytes);
  // Chunks until the header says how long the data is; then one array of that length, filled
  // as chunks arrive (collecting them all and concatenating at the end took twice the memory).
  const chunks: Buffer[] = [];
  let out: Uint8Array | undefined;
  let total = 0;
  let declared: number | undefined;
  const expandsPast = (): InputError =>
    new InputError(`'${path}' expands to more than the ${formatLimit(declared as number)} bytes its IDX header declares; the file is damaged or not an IDX file (decompression stopped there)`, { file: path });
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (out !== undefined) {
        if (total + chunk.length > out.length) throw expandsPast();
        out.set(chunk, total);
        total += chunk.length;
        continue;
      }
      chunks.push(chunk);
      total += chunk.length;
      const head = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      declared = idxDeclaredLength(head);
      // Not IDX, or more data than the limit: parseIdx says which, from the header alone.
      if (declared !== undefined && (Number.isNaN(declared) || declared - (4 + 4 * head[3]) > MAX_IDX_BYTES)) break;
      if (declared !== undefined) {
        if (total > declared) throw expandsPast();
        out = new Uint8Array(declared);
        out.set(head);
      } else if (total > MAX_IDX_BYTES) {
        throw new InputError(`'${path}' expands to more than ${formatBytes(MAX_IDX_BYTES)}, nabla's limit for one IDX file`, { file: path });
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw corrupt(path, error);
  } finally {
    gunzip.destroy();
  }
  if (out !== undefined) return out.subarray(0, total);
  const joined = Buffer.concat(chunks);
  return new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength);
}

/** The longest IDX header: 4 bytes, then 4 for each of up to 255 dimensions. */
const IDX_HEADER_MAX = 4 + 4 * 255;

/**
 * What an IDX file (plain or gzipped) declares in its header: the number of dimensions and
 * the bytes of data, read without decompressing more than the header, so that a command can
 * add up what its files will take before it decompresses any. Undefined when the bytes are
 * not an unsigned-byte IDX header: reading the file then says what is wrong.
 */
export async function idxDeclaredData(bytes: Uint8Array): Promise<{ dimensions: number; dataLength: number } | undefined> {
  let head = bytes;
  if (isGzip(bytes)) {
    const gunzip = createGunzip();
    gunzip.end(bytes);
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of gunzip as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        total += chunk.length;
        if (total >= IDX_HEADER_MAX) break;
      }
    } catch {
      // Damaged gzip data: decompressing the file says how.
    } finally {
      gunzip.destroy();
    }
    head = Buffer.concat(chunks);
  }
  const declared = idxDeclaredLength(head);
  if (declared === undefined || Number.isNaN(declared)) return undefined;
  return { dimensions: head[3], dataLength: declared - (4 + 4 * head[3]) };
}

/** Parses IDX bytes read from `path`, plain or gzipped (detected by their first two bytes). */
export async function parseIdxBytes(bytes: Uint8Array, path: string): Promise<Idx> {
  return parseIdx(isGzip(bytes) ? await gunzipIdx(bytes, path) : bytes, path);
}

/** Reads an unsigned-byte IDX file, plain or gzipped. */
export async function readIdxFile(path: string): Promise<Idx> {
  return parseIdxBytes(await readBytes(path, 'IDX file'), path);
}
