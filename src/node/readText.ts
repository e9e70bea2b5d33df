import { open } from 'node:fs/promises';
import { formatBytes, MAX_FILE_BYTES, MAX_TEXT_BYTES } from '../common/limits.ts';
import { InputError } from '../common/errors.ts';

/**
 * Reading input files with errors a user can act on: a missing file, a folder, a file
 * we may not read each become one InputError line naming the path.
 */

/** Turns an fs error for `path` into an InputError; other errors pass through. */
export function fileError(error: unknown, path: string, what = 'file'): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return new InputError(`cannot read ${what} '${path}': no such file; check the path`, { file: path, cause: error });
    case 'EISDIR':
      return new InputError(`cannot read ${what} '${path}': it is a folder, not a file`, { file: path, cause: error });
    case 'EACCES':
    case 'EPERM':
      return new InputError(`cannot read ${what} '${path}': permission denied`, { file: path, cause: error });
    case 'ENOTDIR':
      return new InputError(`cannot read ${what} '${path}': a part of the path is not a folder`, { file: path, cause: error });
    default:
      return error;
  }
}

/**
 * The bytes of the file at `path` as a plain Uint8Array (not a Buffer, whose `slice`
 * shares memory), or of standard input when `path` is '-'. A file (or input) longer than
 * `limit` bytes is refused before it is read, naming the limit.
 */
export async function readBytes(path: string, what = 'file', limit = MAX_FILE_BYTES): Promise<Uint8Array> {
  const name = path === '-' ? 'standard input' : path;
  const tooLarge = (size: string): InputError =>
    new InputError(`${what} '${name}' is ${size}, more than the ${formatBytes(limit)} nabla reads; is this the right file?`, { file: name });
  let buffer: Buffer;
  if (path === '-') {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const chunk of process.stdin) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      total += bytes.length;
      if (total > limit) throw tooLarge(`over ${formatBytes(limit)}`);
      chunks.push(bytes);
    }
    buffer = Buffer.concat(chunks);
  } else {
    let handle;
    try {
      handle = await open(path, 'r');
      const { size } = await handle.stat();
      if (size > limit) throw tooLarge(formatBytes(size));
      buffer = await handle.readFile();
    } catch (error) {
      throw fileError(error, path, what);
    } finally {
      await handle?.close();
    }
    if (buffer.length > limit) throw tooLarge(`over ${formatBytes(limit)}`);
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The UTF-8 text of the file at `path` (standard input for '-'). */
export async function readText(path: string, what = 'file'): Promise<string> {
  const bytes = await readBytes(path, what, MAX_TEXT_BYTES);
  const name = path === '-' ? 'standard input' : path;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new InputError(`${name} is not UTF-8 text; save it as UTF-8 (plain CSV)`, { file: name, cause: error });
  }
}
