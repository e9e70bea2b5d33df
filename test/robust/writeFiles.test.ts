import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { threadsForCores } from '../../src/cli/kernelChoice.ts';
import { removeStaleTemporaries, writeFileAtomic } from '../../src/node/atomicWrite.ts';
import { assertBadInput, nabla, tempDir } from '../cli/helpers.ts';
import { idxBytes } from '../data/helpers.ts';

/** Issue 12, points 8 and 9: outputs only replace regular files, checked before any work; stale temporaries cleaned; empty sets, one class, too many threads. */

const dir = tempDir();
const csv = join(dir, 'train.csv');
writeFileSync(csv, 'a,b,label\n0,0,x\n1,1,y\n0,1,x\n1,0,y\n');

/** A process id that is not running: the writer of a temporary file that a kill left behind. */
function deadPid(): number {
  for (let pid = 4_000_000; ; pid--) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return pid;
    }
  }
}

test('--save, --report and init --out refuse a symbolic link, a FIFO, a device and a folder before any work, and leave them as they were', () => {
  const target = join(dir, 'target.json');
  writeFileSync(target, 'precious');
  const link = join(dir, 'link.json');
  symlinkSync(target, link);
  const fifo = join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  // A device of our own where we may make one (root), else /dev/null, which a non-root run cannot replace anyway.
  const device = spawnSync('mknod', [join(dir, 'null'), 'c', '1', '3']).status === 0 ? join(dir, 'null') : '/dev/null';
  const folder = join(dir, 'folder');
  mkdirSync(folder);
  const cases: [string[], RegExp][] = [
    [['train', '--train', csv, '--epochs', '1', '--save', link], /--save .*link\.json is a symbolic link; nabla writes only regular files/],
    [['train', '--train', csv, '--epochs', '1', '--report', fifo], /--report .*fifo is a FIFO/],
    [['train', '--train', csv, '--epochs', '1', '--save', device], /is a device/],
    [['init', '--sizes', '2,3,1', '--out', link], /--out .*link\.json is a symbolic link/],
    [['init', '--sizes', '2,3,1', '--out', device], /--out .* is a device/],
    [['init', '--sizes', '2,3,1', '--out', folder], /--out .*folder is a folder/],
  ];
  for (const [args, message] of cases) assertBadInput(nabla(args), message);
  assert.equal(readFileSync(target, 'utf8'), 'precious');
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.ok(lstatSync(fifo).isFIFO());
  assert.ok(lstatSync(device).isCharacterDevice());
});

test('writeFileAtomic itself refuses to replace a symbolic link (the library path, without the CLI check)', async () => {
  const target = join(dir, 'lib-target');
  writeFileSync(target, 'kept');
  const link = join(dir, 'lib-link');
  symlinkSync(target, link);
  await assert.rejects(writeFileAtomic(link, 'new'), /is a symbolic link/);
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.equal(readFileSync(target, 'utf8'), 'kept');
});

test('the next write removes the temporary files a killed writer left, and only those', async () => {
  const out = join(dir, 'm.json');
  const stale = join(dir, `.m.json.${deadPid()}-0123456789ab.tmp`);
  const live = join(dir, `.m.json.${process.pid}-0123456789ab.tmp`);
  const other = join(dir, `.other.json.${deadPid()}-0123456789ab.tmp`);
  for (const file of [stale, live, other]) writeFileSync(file, '{"half');
  const run = nabla(['init', '--sizes', '2,3,1', '--out', out]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(existsSync(stale), false, 'the dead writer\'s temporary is gone');
  assert.ok(existsSync(live), 'a running writer\'s temporary stays');
  assert.ok(existsSync(other), 'another file\'s temporary stays');
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).format, 'nabla-model');
  assert.equal(await removeStaleTemporaries(join(dir, 'other.json')), 1);
  assert.deepEqual(readdirSync(dir).filter((name) => name.startsWith('.other.json')), []);
});

test('one class in the label column is refused, naming the label', () => {
  const one = join(dir, 'one.csv');
  writeFileSync(one, 'a,label\n1,yes\n2,yes\n');
  assertBadInput(nabla(['train', '--train', one, '--epochs', '1']), /every row has the same label, 'yes'.*at least two classes/);
});

test('an empty MNIST test set is refused before training, not reported as 0 / 0 with cost NaN', () => {
  const mnist = join(dir, 'mnist');
  mkdirSync(mnist);
  const count = 10_010;
  writeFileSync(join(mnist, 'train-images-idx3-ubyte.gz'), gzipSync(idxBytes([count, 28, 28], new Uint8Array(count * 784))));
  writeFileSync(join(mnist, 'train-labels-idx1-ubyte.gz'), gzipSync(idxBytes([count], new Uint8Array(count))));
  writeFileSync(join(mnist, 't10k-images-idx3-ubyte'), idxBytes([0, 28, 28], []));
  writeFileSync(join(mnist, 't10k-labels-idx1-ubyte'), idxBytes([0], []));
  assertBadInput(nabla(['train', '--data', mnist, '--epochs', '1']), /the test set has no examples/);
  const model = join(dir, 'mnist-model.json');
  assert.equal(nabla(['init', '--sizes', '784,10', '--out', model]).status, 0);
  assertBadInput(nabla(['evaluate', '--model', model, '--data', mnist]), /no examples: nothing to evaluate/);
});

test('--threads beyond the cores is lowered to the cores with one warning line', () => {
  const lines: string[] = [];
  assert.equal(threadsForCores(64, 2, (line) => lines.push(line)), 2);
  assert.deepEqual(lines, ['nabla: warning: --threads 64 is more than the 2 cores here; using 2']);
  assert.equal(threadsForCores(2, 2, (line) => lines.push(line)), 2);
  assert.equal(threadsForCores(undefined, 2, (line) => lines.push(line)), undefined);
  assert.equal(lines.length, 1);
  const run = nabla(['train', '--train', csv, '--epochs', '1', '--threads', '256', '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /^nabla: warning: --threads 256 is more than the \d+ cores? here; using \d+\n$/);
});
