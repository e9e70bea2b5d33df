import { join, resolve } from 'node:path';
import { checkpointPath } from '../node/checkpointIO.ts';
import { mnistFileCandidates, MNIST_FILE_NAMES, packagedMnistDir } from '../node/mnist.ts';
import { checkDistinctPaths, type NamedPath } from '../node/outputPath.ts';

/**
 * The files each command reads and writes, for checkDistinctPaths: no output may be the same
 * file as an input or another output. Checked before any work, so nothing is lost.
 */

/** The flags of `nabla train` that name files. */
export interface TrainPaths {
  save?: string;
  report?: string;
  checkpoint?: string;
  resume?: string;
  train?: string;
  test?: string;
  validation?: string;
  init?: string;
  data?: string;
}

/** The MNIST files a `--data` folder (or the packaged copy) may hold, under every name nabla looks for. */
function mnistInputs(data: string | undefined): NamedPath[] {
  let dir: string;
  try {
    dir = data === undefined || data === 'mnist' ? packagedMnistDir() : data;
  } catch {
    return []; // not installed: reading it says so
  }
  const flag = data === undefined ? 'the MNIST file' : '--data';
  return MNIST_FILE_NAMES.flatMap((name) => mnistFileCandidates(name).map((file) => ({ flag, path: join(dir, file), label: `the MNIST file ${join(dir, file)}` })));
}

function checkpointFile(flag: string, dir: string): NamedPath {
  const path = checkpointPath(dir);
  return { flag, path, label: `the checkpoint file ${path} (${flag} ${dir})` };
}

export async function checkTrainPaths(flags: TrainPaths): Promise<void> {
  const outputs = [
    flags.save === undefined ? undefined : { flag: '--save', path: flags.save },
    flags.report === undefined ? undefined : { flag: '--report', path: flags.report },
    flags.checkpoint === undefined ? undefined : checkpointFile('--checkpoint', flags.checkpoint),
  ];
  // A resumed run rewrites the checkpoint it read: that one is both.
  const resumeIsOutput = flags.resume !== undefined && flags.checkpoint !== undefined && resolve(flags.resume) === resolve(flags.checkpoint);
  const inputs = [
    flags.train === undefined ? undefined : { flag: '--train', path: flags.train },
    flags.test === undefined ? undefined : { flag: '--test', path: flags.test },
    flags.validation === undefined ? undefined : { flag: '--validation', path: flags.validation },
    flags.init === undefined ? undefined : { flag: '--init', path: flags.init },
    flags.resume === undefined || resumeIsOutput ? undefined : checkpointFile('--resume', flags.resume),
    ...(flags.train === undefined ? mnistInputs(flags.data) : []),
  ];
  await checkDistinctPaths(outputs, inputs);
}
