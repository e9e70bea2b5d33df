import { lstat, open, realpath, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
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

/** A file a command reads or writes, with the flag that named it (`--save`, `--train`, …). */
export interface NamedPath {
  readonly flag: string;
  readonly path: string;
  /** How messages name it, when not `flag path` (a checkpoint file inside its --checkpoint folder). */
  readonly label?: string;
}

const named = (p: NamedPath): string => p.label ?? `${p.flag} ${p.path}`;

/** Where a path leads: its real path, and the file's device and inode when it exists (so a hard link is found too). */
interface PathIdentity {
  readonly real: string;
  readonly file?: { readonly dev: bigint; readonly ino: bigint };
}

async function identify(path: string): Promise<PathIdentity> {
  const absolute = resolve(path);
  try {
    const { dev, ino } = await stat(absolute, { bigint: true });
    return { real: await realpath(absolute), file: { dev, ino } };
  } catch {
    // Not there yet: the real folder it will be written in, and its name.
    const real = await realpath(dirname(absolute)).then(
      (folder) => join(folder, basename(absolute)),
      () => absolute,
    );
    return { real };
  }
}

function sameFile(a: PathIdentity, b: PathIdentity): boolean {
  if (a.real === b.real) return true;
  return a.file !== undefined && b.file !== undefined && a.file.dev === b.file.dev && a.file.ino === b.file.ino;
}

/**
 * Refuses, before any work, an output that is the same file as an input or as another output
 * (`--save X --report X` left the report where the model was; `--save` set to the `--train`
 * CSV replaced the data). Paths are compared as the files they lead to: by real path (so
 * `./m.json`, `dir/../m.json` and a symbolic link are one file) and, for files that exist, by
 * device and inode (a hard link). Inputs that do not exist (or '-', standard input) are left
 * to the reading to report. Outputs may be files yet to be written.
 */
export async function checkDistinctPaths(outputs: readonly (NamedPath | undefined)[], inputs: readonly (NamedPath | undefined)[] = []): Promise<void> {
  const written = await Promise.all(outputs.filter((o): o is NamedPath => o !== undefined).map(async (o) => ({ ...o, id: await identify(o.path) })));
  const read = await Promise.all(inputs.filter((i): i is NamedPath => i !== undefined && i.path !== '-').map(async (i) => ({ ...i, id: await identify(i.path) })));
  for (const [n, output] of written.entries()) {
    for (const input of read) {
      if (input.id.file === undefined || !sameFile(output.id, input.id)) continue;
      throw new InputError(`${named(output)} is the same file as ${named(input)}: writing it would replace what the command reads; give ${output.flag} another file name`);
    }
    for (const other of written.slice(0, n)) {
      if (!sameFile(output.id, other.id)) continue;
      throw new InputError(`${named(output)} is the same file as ${named(other)}: one output would replace the other; give each its own file name`);
    }
  }
}
