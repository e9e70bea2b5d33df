import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { BIN, tempDir } from './helpers.ts';

interface Finished {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Starts `nabla train ...args`, waits until it has printed its first line on stdout or
 * stderr (training has begun), then sends SIGINT `count` times, `gapMs` apart.
 */
function interrupt(args: string[], count: number, gapMs: number): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'train', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nabla train did not stop within 120 s; stdout: ${stdout}; stderr: ${stderr}`));
    }, 120_000);
    const started = (): void => {
      if (sent || !(stdout + stderr).includes('\n')) return;
      sent = true;
      // Let it train a few mini-batches, then press Ctrl-C.
      for (let i = 0; i < count; i++) setTimeout(() => child.kill('SIGINT'), 300 + i * gapMs);
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      started();
    });
    // With --json the first line (the header) is on stderr.
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      started();
    });
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr });
    });
  });
}

test('Ctrl-C stops nabla train after the current mini-batch, saves the model, says so and exits with status 130', async () => {
  const dir = tempDir();
  const model = join(dir, 'net.json');
  const run = await interrupt(['--save', model], 1, 0);
  assert.equal(run.status, 130, `exit status 130 expected; stderr: ${run.stderr}`);
  const stopped = run.stdout.trim().split('\n').at(-1) ?? '';
  assert.match(stopped, /^Stopped during epoch \d+ after [\d,]+ of 50,000 examples; model saved to .*net\.json$/);
  const examples = Number(/after ([\d,]+) of/.exec(stopped)?.[1].replace(/,/g, ''));
  assert.ok(examples > 0 && examples < 50_000 && examples % 10 === 0, `stopped at a mini-batch boundary: ${examples}`);
  assert.match(run.stderr, /Stopping after this mini-batch/);
  const saved = parseModel(readFileSync(model, 'utf8'), model);
  assert.deepEqual(saved.network.sizes, [784, 30, 10]);
  assert.deepEqual(readdirSync(dir), ['net.json'], 'no temporary files left');
});

test('with --json, the stop message goes to stderr and stdout keeps only JSON lines', async () => {
  const dir = tempDir();
  const model = join(dir, 'net.json');
  const run = await interrupt(['--save', model, '--json', '--data', 'mnist'], 1, 0);
  assert.equal(run.status, 130, run.stderr);
  for (const line of run.stdout.trim().split('\n').filter((l) => l !== '')) JSON.parse(line);
  assert.match(run.stderr, /Stopped during epoch \d+ after [\d,]+ of 50,000 examples; model saved to /);
  assert.ok(existsSync(model));
});

test('a second Ctrl-C quits at once, still with status 130 and no half-written file', async () => {
  const dir = tempDir();
  const model = join(dir, 'net.json');
  const run = await interrupt(['--save', model], 2, 30);
  assert.equal(run.status, 130, run.stderr);
  const files = readdirSync(dir);
  assert.ok(files.every((name) => name === 'net.json'), `only the model file, if anything: ${files.join(', ')}`);
  if (files.length === 1) parseModel(readFileSync(model, 'utf8'), model);
});
