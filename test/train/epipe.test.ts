import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { BIN, tempDir, writeSmallMnist } from './helpers.ts';

interface Finished {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs `nabla ...args` with a standard output whose reader has already gone away: the pipe's
 * read end is closed before the child writes anything, so its first write, and every one
 * after it, fails with EPIPE (what `| head -1` does after the first line, without the race).
 */
function withClosedStdout(args: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr });
    });
  });
}

function smallMnist(): { dir: string; data: string } {
  const dir = tempDir();
  const data = join(dir, 'mnist');
  mkdirSync(data);
  writeSmallMnist(data);
  return { dir, data };
}

test('a closed stdout stops the printing, not the work: train still saves the model and the report, and exits 0', async () => {
  const { dir, data } = smallMnist();
  const model = join(dir, 'm.json');
  const report = join(dir, 'r.html');
  const run = await withClosedStdout(['train', '--data', data, '--epochs', '2', '--save', model, '--report', report]);
  assert.equal(run.signal, null);
  assert.equal(run.status, 0, `exit status 0 expected (the work was done); stderr: ${run.stderr}`);
  assert.equal(run.stderr, '', 'nothing on stderr: no stack trace, no complaint about the pipe');
  assert.deepEqual(parseModel(readFileSync(model, 'utf8'), model).network.sizes, [784, 30, 10]);
  assert.match(readFileSync(report, 'utf8'), /<html/i);
  assert.deepEqual(readdirSync(dir).sort(), ['m.json', 'mnist', 'r.html'], 'no temporary files left');
});

test('with --json and a closed stdout, train still saves the model, keeps its human lines on stderr and exits 0', async () => {
  const { dir, data } = smallMnist();
  const model = join(dir, 'm.json');
  const run = await withClosedStdout(['train', '--data', data, '--epochs', '2', '--save', model, '--json']);
  assert.equal(run.status, 0, `stderr: ${run.stderr}`);
  assert.ok(existsSync(model), 'the model was written');
  assert.match(run.stderr, /^Training \[784, 30, 10\]/);
  assert.match(run.stderr, /Model saved to .*m\.json/);
});

test('`nabla train --epochs 2 --save m.json | head -1` prints the first line, writes m.json and exits 0', () => {
  const { dir, data } = smallMnist();
  const model = join(dir, 'm.json');
  const run = spawnSync('bash', ['-c', `"$0" "$1" train --data "$2" --epochs 2 --save "$3" | head -1; exit \${PIPESTATUS[0]}`, process.execPath, BIN, data, model], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `nabla's exit status; stderr: ${run.stderr}`);
  assert.match(run.stdout, /^Training \[784, 30, 10\][^\n]*\n$/);
  assert.ok(existsSync(model), 'the model was written');
});

test('a failure after stdout closed still shows on stderr with a non-zero status', async () => {
  const { dir, data } = smallMnist();
  const run = await withClosedStdout(['train', '--data', data, '--epochs', '1', '--init', join(dir, 'absent.json')]);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^nabla: .*absent\.json.*no such file/);
});
