import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';

/** The real binary, compiled by `npm run build` (npm test builds first). */
const BIN = fileURLToPath(new URL('../../bin/nabla.js', import.meta.url));

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node bin/nabla.js ...args` as a real process, with `stdin` as its standard input. */
export function nabla(args: readonly string[], options: { stdin?: string; cwd?: string } = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], { input: options.stdin ?? '', cwd: options.cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Exit status 2 and exactly one line on stderr, no stack trace, matching `pattern`. */
export function assertBadInput(run: Run, pattern: RegExp): void {
  assert.equal(run.status, 2, `exit status 2 expected; stderr: ${run.stderr}`);
  const lines = run.stderr.split('\n').filter((line) => line !== '');
  assert.equal(lines.length, 1, `one stderr line expected, got:\n${run.stderr}`);
  assert.ok(!/\n\s+at /.test(run.stderr) && !/^\s+at /m.test(run.stderr), `no stack trace: ${run.stderr}`);
  assert.match(lines[0], /^nabla: /);
  assert.match(lines[0], pattern);
  assert.equal(run.stdout, '', 'nothing on stdout');
}
