import { readFile } from 'node:fs/promises';
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
 * shares memory), or of standard input when `path` is '-'.
 */
export async function readBytes(path: string, what = 'file'): Promise<Uint8Array> {
  let buffer: Buffer;
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    buffer = Buffer.concat(chunks);
  } else {
    try {
      buffer = await readFile(path);
    } catch (error) {
      throw fileError(error, path, what);
    }
  }
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** The UTF-8 text of the file at `path` (standard input for '-'). */
export async function readText(path: string, what = 'file'): Promise<string> {
  const bytes = await readBytes(path, what);
  const name = path === '-' ? 'standard input' : path;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new InputError(`${name} is not UTF-8 text; save it as UTF-8 (plain CSV)`, { file: name, cause: error });
  }
}
