import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../common/errors.ts';
import { parseCheckpoint, serializeCheckpoint, type Checkpoint } from '../serialization/checkpoint.ts';
import { firstNonFinite } from '../training/divergence.ts';
import { writeFileAtomic } from './atomicWrite.ts';
import { fileProblem } from './modelIO.ts';

/**
 * A checkpoint folder holds one file, checkpoint.json, replaced atomically after every epoch:
 * a kill at any instant leaves either the previous checkpoint or the new one, whole.
 */
export const CHECKPOINT_FILE = 'checkpoint.json';

export function checkpointPath(dir: string): string {
  return join(dir, CHECKPOINT_FILE);
}

/** Creates the folder if needed; refuses a path that is a file. */
export async function prepareCheckpointDir(dir: string, flag = '--checkpoint'): Promise<void> {
  // A file there makes mkdir fail with EEXIST: say what is in the way first.
  const isFile = await fs.stat(dir).then((s) => !s.isDirectory(), () => false);
  if (isFile) throw new InputError(`${flag} ${dir} is a file; give a folder for the checkpoints`);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new InputError(`${flag} ${dir}: cannot make the folder: ${fileProblem(error)}`);
  }
}

/** Writes the checkpoint whole or not at all; a non-finite parameter is never written (the previous checkpoint stays). */
export async function writeCheckpoint(dir: string, checkpoint: Checkpoint): Promise<void> {
  if (firstNonFinite(checkpoint.model.network) !== undefined) throw new RangeError('refusing to write a checkpoint with a non-finite parameter');
  const path = checkpointPath(dir);
  try {
    await writeFileAtomic(path, serializeCheckpoint(checkpoint));
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot write the checkpoint: ${fileProblem(error)}`, { file: path });
  }
}

export async function readCheckpoint(dir: string): Promise<Checkpoint> {
  const path = checkpointPath(dir);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new InputError(
      missing ? `--resume ${dir}: no ${CHECKPOINT_FILE} there; give the folder a 'nabla train --checkpoint DIR' run wrote` : `--resume ${dir}: cannot read ${CHECKPOINT_FILE}: ${fileProblem(error)}`,
      { file: path },
    );
  }
  return parseCheckpoint(text, path);
}
