import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';

/**
 * The promise of docs/architecture.md ("Adding an activation, a cost or an update rule"),
 * kept: the two examples of examples/extending/ are copied, two files each, into a copy of the
 * tree; `npm run build:wasm` and `npm run build` are all it takes for the CLI to offer them
 * and a WebAssembly kernel to run them, and no other file is edited by hand (the build's
 * regenerated lists aside). Slow: two builds of the WebAssembly modules and of the CLI.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where each example's two files go. */
const COPIES = [
  ['examples/extending/softplus/math.ts', 'src/math/activations/softplus.ts'],
  ['examples/extending/softplus/assembly.ts', 'src/kernels/wasm/assembly/activations/softplus.ts'],
  ['examples/extending/rmsprop/math.ts', 'src/math/updateRules/rmsprop.ts'],
  ['examples/extending/rmsprop/assembly.ts', 'src/kernels/wasm/assembly/updateRules/rmsprop.ts'],
] as const;

const git = (cwd: string, ...args: string[]): string => execFileSync('git', args, { cwd, encoding: 'utf8' });

describe('the contributor examples (examples/extending)', { timeout: 20 * 60_000 }, () => {
  let copy = '';
  let scratch = '';
  /** `npm run build:wasm` with the TypeScript definitions copied and not their counterparts. */
  let missingCounterpart = { status: null as number | null, stderr: '' };
  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'nabla-extending-'));
    copy = join(scratch, 'nabla');
    // the tracked files, as a clone would have them, and the installed packages
    for (const file of git(root, 'ls-files', '-z').split('\0').filter((f) => f !== '')) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(root, file), join(copy, file));
    }
    symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
    git(copy, 'init', '-q');
    git(copy, 'add', '-A');
    git(copy, '-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', 'the tree');
    // the definitions alone: the build names the counterpart that is missing, in one line
    for (const [from, to] of COPIES.filter(([from]) => from.endsWith('math.ts'))) copyFileSync(join(root, from), join(copy, to));
    const half = spawnSync('npm', ['run', '--silent', 'build:wasm'], { cwd: copy, encoding: 'utf8' });
    missingCounterpart = { status: half.status, stderr: half.stderr };
    for (const [from, to] of COPIES) copyFileSync(join(root, from), join(copy, to));
    for (const script of ['build:wasm', 'build']) {
      const run = spawnSync('npm', ['run', script], { cwd: copy, encoding: 'utf8' });
      assert.equal(run.status, 0, `npm run ${script} in the copy:\n${run.stdout}\n${run.stderr}`);
    }
  });
  after(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  const nabla = (...args: string[]): { status: number | null; stdout: string; stderr: string } => spawnSync(process.execPath, [join(copy, 'bin/nabla.js'), ...args], { cwd: copy, encoding: 'utf8', timeout: 120_000 });
  /** Three epochs on the iris CSV files in float64 on `kernel`, one JSON line each. */
  const train = (kernel: string, ...flags: string[]): Array<Record<string, unknown>> => {
    const run = nabla('train', '--train', 'examples/iris-train.csv', '--test', 'examples/iris-test.csv', '--normalize', '--epochs', '3', '--json', '--dtype', 'float64', '--kernel', kernel, ...flags);
    assert.equal(run.status, 0, run.stderr);
    return run.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  };
  /** Runs `flags` on the WebAssembly kernel and on the reference: the same test cost after each epoch, to float64's rounding. */
  const trainsLikeTheReference = (...flags: string[]): void => {
    const wasm = train('wasm-simd', ...flags);
    const reference = train('reference', ...flags);
    assert.equal(wasm.length, 3);
    for (const [i, epoch] of wasm.entries()) {
      assert.equal(epoch.kernel, 'wasm-simd');
      const [a, b] = [Number(epoch.testCost), Number(reference[i].testCost)];
      assert.ok(Number.isFinite(a) && Math.abs(a - b) <= 1e-9 * Math.abs(b), `epoch ${i + 1}: test cost ${a} on wasm-simd, ${b} on the reference`);
    }
  };

  it('stops a build that lacks a counterpart with one line naming the file to write', () => {
    assert.equal(missingCounterpart.status, 1);
    assert.equal(
      missingCounterpart.stderr,
      "build:wasm: the activation 'softplus' has no AssemblyScript counterpart: write src/kernels/wasm/assembly/activations/softplus.ts, exporting softplus and softplusTimes (docs/architecture.md)\n",
    );
  });

  it('nabla gradcheck --activation softplus passes', () => {
    const run = nabla('gradcheck', '--activation', 'softplus', '--sizes', '4,5,3');
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /passed: within 1e-6/);
  });

  it('nabla train --activation softplus runs on a WebAssembly kernel, as the reference does', () => {
    trainsLikeTheReference('--activation', 'softplus', '--eta', '1');
  });

  it('nabla train --optimizer rmsprop --rho 0.9 runs on a WebAssembly kernel, as the reference does', () => {
    trainsLikeTheReference('--optimizer', 'rmsprop', '--rho', '0.9', '--eta', '0.01');
  });

  it('offers the new flag and refuses a ρ out of range with one line', () => {
    assert.match(nabla('train', '--help').stdout, /--rho/);
    const run = nabla('train', '--train', 'examples/iris-train.csv', '--optimizer', 'rmsprop', '--rho', '1.5');
    assert.equal(run.status, 2, run.stderr);
    assert.match(run.stderr, /^nabla: --rho expects a number from 0 up to \(not including\) 1, got '1.5'\n$/);
  });

  it('touches no other file by hand: git status shows the four copies and regenerated files only', () => {
    const changed = git(copy, 'status', '--porcelain', '--untracked-files=all')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(3));
    const added = COPIES.map(([, to]) => to);
    for (const file of added) assert.ok(changed.includes(file), `${file} is new`);
    const others = changed.filter((file) => !added.includes(file as (typeof added)[number]) && !file.endsWith('.generated.ts'));
    assert.deepEqual(others, [], 'files other than the four copies and the generated ones');
  });
});
