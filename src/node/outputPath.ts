import { lstat, open, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { InputError } from '../common/errors.ts';
import { notRegularProblem, removeStaleTemporaries, temporaryName } from './atomicWrite.ts';
import { fileProblem } from './modelIO.ts';

/**
 * Checks, before any work, that a file can be written at `path`, so that an output asked for
 * with `flag` (`--save`, `--report`) does not fail after hours of training. The folder must
 * exist, `path` must not be a folder, and a file must be creatable there: a temporary file
 * of the same name pattern as writeFileAtomic's is created and removed again, the one test
 * that also catches folders no permission bit describes (`/proc`, a read-only mount, root).
 * A symbolic link, FIFO, device or socket at `path` is refused (see writeFileAtomic), and
 * temporary files a killed run left beside it are removed.
 */
export async function checkOutputPath(path: string, flag: string): Promise<void> {
  const folder = dirname(resolve(path));
  let isFolder: boolean;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch (error) {
    throw new InputError(`${flag} ${path}: cannot write there: the folder '${folder}': ${fileProblem(error)}`);
  }
  if (!isFolder) throw new InputError(`${flag} ${path}: '${folder}' is not a folder`);
  if (await stat(path).then((s) => s.isDirectory(), () => false)) throw new InputError(`${flag} ${path} is a folder; give a file name`);
  // A symbolic link, FIFO or device would be replaced by the rename that writes the file.
  const special = notRegularProblem(await lstat(path).catch(() => undefined));
  if (special !== undefined) throw new InputError(`${flag} ${path} ${special}`);
  await removeStaleTemporaries(path);

  const probe = temporaryName(path);
  try {
    await (await open(probe, 'wx')).close();
  } catch (error) {
    throw new InputError(`${flag} ${path}: cannot write in the folder '${folder}': ${fileProblem(error)}`);
  }
  await rm(probe, { force: true });
}
