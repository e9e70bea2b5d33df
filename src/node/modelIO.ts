import { promises as fs } from 'node:fs';
import { formatBytes, formatLimit, MAX_PARAMETERS, MAX_TEXT_BYTES } from '../common/limits.ts';
import { InputError } from '../common/errors.ts';
import { firstNonFinite } from '../training/divergence.ts';
import { parseModel, serializeModel, type Model } from '../serialization/modelFile.ts';
import { writeFileAtomic } from './atomicWrite.ts';

/** Reads and checks a model file; a missing or unreadable file is an InputError naming it. */
export async function readModelFile(path: string): Promise<Model> {
  let text: string;
  try {
    const { size } = await fs.stat(path);
    if (size > MAX_TEXT_BYTES) {
      throw new InputError(`is ${formatBytes(size)}, more than the ${formatBytes(MAX_TEXT_BYTES)} a model file can be (nabla's limit of ${formatLimit(MAX_PARAMETERS)} parameters fits in less); is this a model file?`, { file: path });
    }
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(fileProblem(error), { file: path });
  }
  return parseModel(text, path);
}

/** Writes a model file atomically (temporary file, then rename). */
export async function writeModelFile(path: string, model: Model): Promise<void> {
  // JSON would write NaN and ±∞ as null: a file nabla itself would then refuse to read.
  const bad = firstNonFinite(model.network);
  if (bad !== undefined) throw new RangeError(`refusing to write ${path}: b^${bad.layer} or w^${bad.layer} holds ${bad.value}; a model file holds finite numbers only`);
  try {
    await writeFileAtomic(path, serializeModel(model));
  } catch (error) {
    throw new InputError(`cannot write the model file: ${fileProblem(error)}`, { file: path });
  }
}

/** The file-system errors a user meets, in words (Node's own read "EEXIST: file already exists, mkdir 'x'"). */
const FILE_PROBLEMS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a folder, not a file',
  EEXIST: 'a file of that name is in the way',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links in the path',
  EMFILE: 'too many files open',
  EIO: 'an input/output error from the disk',
};

/** One line for a file-system error. */
export function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const known = code === undefined ? undefined : FILE_PROBLEMS[code];
  if (known !== undefined) return known;
  // Node's form is "CODE: description, syscall 'path'": the description alone.
  const message = (error as Error).message;
  return /^[A-Z]+: ([^,]+)/.exec(message)?.[1] ?? message;
}
