import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../common/errors.ts';

/**
 * Writes a file so that it is never seen half-written: the data goes to a temporary file
 * beside the target, which is then renamed over it (rename is atomic on one file system).
 * On failure the temporary file is removed and the old file, if any, is left as it was. The
 * data is synced to disk before the rename, and the folder after it.
 *
 * Only a regular file (or a new path) is replaced: rename would put a regular file in the
 * place of a symbolic link, a FIFO or a device (as root, `--save /dev/full` replaced the
 * device), so those are refused. A process killed mid-write leaves its temporary file; the
 * name holds the writer's process id, and the next write beside it removes those whose
 * writer is gone.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const problem = notRegularProblem(await fs.lstat(path).catch(() => undefined));
  if (problem !== undefined) throw new InputError(`'${path}' ${problem}`, { file: path });
  await removeStaleTemporaries(path);
  const temporary = temporaryName(path);
  try {
    const handle = await fs.open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      // On disk before the rename: else a power cut just after it can leave the new name
      // with no data (ext4, XFS), the one outcome atomic writing is meant to rule out.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, path);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(dirname(path));
}

/** Makes a rename in `folder` durable. Best effort: some systems cannot open a folder to sync it. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await fs.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file is written and renamed; only its durability across a power cut is less sure.
  }
}

/** `.NAME.PID-RANDOM.tmp` beside `path`: hidden, and naming the process that writes it. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Why a file of these stats must not be replaced by a regular file, or undefined (a regular file, or none). */
export function notRegularProblem(stats: Stats | undefined): string | undefined {
  if (stats === undefined || stats.isFile()) return undefined;
  const what = stats.isSymbolicLink()
    ? 'a symbolic link'
    : stats.isDirectory()
      ? 'a folder'
      : stats.isFIFO()
        ? 'a FIFO (named pipe)'
        : stats.isCharacterDevice() || stats.isBlockDevice()
          ? 'a device'
          : stats.isSocket()
            ? 'a socket'
            : 'not a regular file';
  return `is ${what}; nabla writes only regular files (it would replace this one with a file), so give the path of a file or a new name`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Older temporary files had no process id: those are stale when an hour old. */
const UNOWNED_STALE_MS = 60 * 60 * 1000;

/**
 * Removes the temporary files a killed nabla left beside `path` (its own name pattern only):
 * those whose writing process is no longer running. Returns how many it removed. Never
 * throws: cleaning up is a courtesy, not a reason to fail a write.
 */
export async function removeStaleTemporaries(path: string): Promise<number> {
  const folder = dirname(path);
  const base = escapeRegExp(basename(path));
  const owned = new RegExp(`^\\.${base}\\.(\\d+)-[0-9a-f]{12}\\.tmp$`);
  const unowned = new RegExp(`^\\.${base}\\.[0-9a-f]{12}\\.tmp$`);
  let removed = 0;
  try {
    for (const name of await fs.readdir(folder)) {
      const match = owned.exec(name);
      let stale = match !== null && Number(match[1]) !== process.pid && !processAlive(Number(match[1]));
      if (!stale && unowned.test(name)) stale = Date.now() - (await fs.lstat(join(folder, name))).mtimeMs > UNOWNED_STALE_MS;
      if (stale) {
        await fs.rm(join(folder, name), { force: true });
        removed++;
      }
    }
  } catch {
    // An unreadable folder: the write itself will say what is wrong.
  }
  return removed;
}
