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
  const chunks: Buffer[] = [];
  let total = 0;
  let declared: number | undefined;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (declared === undefined) {
        const head = chunks.length === 1 ? chunk : Buffer.concat(chunks);
        declared = idxDeclaredLength(head);
        // Not IDX, or more data than the limit: parseIdx says which, from the header alone.
        if (declared !== undefined && (Number.isNaN(declared) || declared - (4 + 4 * head[3]) > MAX_IDX_BYTES)) break;
      }
      if (declared !== undefined && total > declared) {
        throw new InputError(
          `'${path}' expands to more than the ${formatLimit(declared)} bytes its IDX header declares; the file is damaged or not an IDX file (decompression stopped there)`,
          { file: path },
        );
      }
      if (declared === undefined && total > MAX_IDX_BYTES) {
        throw new InputError(`'${path}' expands to more than ${formatBytes(MAX_IDX_BYTES)}, nabla's limit for one IDX file`, { file: path });
      }
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw corrupt(path, error);
  } finally {
    gunzip.destroy();
  }
  const out = Buffer.concat(chunks);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/** Parses IDX bytes read from `path`, plain or gzipped (detected by their first two bytes). */
export async function parseIdxBytes(bytes: Uint8Array, path: string): Promise<Idx> {
  return parseIdx(isGzip(bytes) ? await gunzipIdx(bytes, path) : bytes, path);
}

/** Reads an unsigned-byte IDX file, plain or gzipped. */
export async function readIdxFile(path: string): Promise<Idx> {
  return parseIdxBytes(await readBytes(path, 'IDX file'), path);
}
