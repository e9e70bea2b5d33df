import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { BIN, tempDir, writeSmallMnist } from './helpers.ts';
import { replay } from './screen.ts';

/*
 * nabla train on a real terminal: a pseudo-terminal made by util-linux's `script`, sized
 * with stty, Ctrl-C typed into it as the byte 0x03 (the terminal turns it into SIGINT and
 * echoes "^C", as a user's would). The output is replayed on an emulated screen of the same
 * width, and what is left on it is checked.
 */

const hasScript = spawnSync('script', ['--version']).status === 0;

interface Session {
  readonly status: number | null;
  /** Everything written to the terminal, escape sequences included. */
  readonly output: string;
}

/** The reference kernel on 20,000 images: epochs of seconds, so Ctrl-C lands inside one. */
function data(): { dir: string; mnist: string } {
  const dir = tempDir();
  const mnist = join(dir, 'mnist');
  mkdirSync(mnist);
  writeSmallMnist(mnist, 20_000, 500);
  return { dir, mnist };
}

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** Runs nabla with `args` on a `columns`-wide terminal; types Ctrl-C `presses` times, 30 ms apart, once the bar is drawn. */
function onTerminal(args: string[], columns: number, presses: number): Promise<Session> {
  const command = `stty cols ${columns} rows 60 && exec ${[process.execPath, BIN, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let output = '';
    let typed = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nabla did not finish within 150 s; output: ${JSON.stringify(output)}`));
    }, 150_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      // Ctrl-C once a few frames of the bar have been drawn (it shows the time left by then).
      if (!typed && presses > 0 && (output.match(/ left/g) ?? []).length >= 3) {
        typed = true;
        for (let i = 0; i < presses; i++) setTimeout(() => child.stdin.write('\x03'), i * 30);
      }
    });
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve({ status, output });
    });
  });
}

/** Every frame of the bar: the text from the start of the line (CR, or ESC [ 1 G) to "erase to the end of the line". */
function frames(output: string): string[] {
  // eslint-disable-next-line no-control-regex -- the bar is framed by escape sequences
  return [...output.matchAll(/(?:\r|\x1b\[1G)([^\r\n\x1b]*[█░][^\r\n\x1b]*)\x1b\[0?K/g)].map((m) => m[1]);
}

test('at 80 columns: the bar fits whole, "Stopping after this mini-batch…" stays on the screen, the partial epoch is called partial', { skip: !hasScript && 'no `script` (util-linux)' }, async () => {
  const { dir, mnist } = data();
  const model = join(dir, 'm.json');
  const run = await onTerminal(['train', '--data', mnist, '--kernel', 'reference', '--epochs', '3', '--save', model], 80, 1);
  assert.equal(run.status, 130, run.output);
  const screen = replay(run.output, 80);

  const drawn = frames(run.output);
  assert.ok(drawn.length >= 3, `the bar was drawn: ${JSON.stringify(run.output.slice(0, 2000))}`);
  for (const frame of drawn) {
    // Room for the terminal's "^C" echo after it, on the same line.
    assert.ok(frame.length <= 77, `${frame.length} characters: '${frame}'`);
    // Whole parts only, the time left last: never cut mid-word.
    assert.match(frame, /^Epoch 1\/3 {2}[█░]{10,30} {2}[ \d,]+ \/ 20,000 {2}[ \d,…]+ examples\/s {2}.+ left$/);
  }

  const lines = screen.lines;
  assert.ok(lines.includes('Stopping after this mini-batch (Ctrl-C again to quit at once)…'), `the message shows:\n${lines.join('\n')}`);
  assert.ok(!lines.some((line) => /[█░]/.test(line)), `no bar left behind:\n${lines.join('\n')}`);
  // The last two lines of output (a long one wraps on the screen): the partial epoch, and what was done.
  assert.match(lines.join('\n'), /\nEpoch 1\/3 {2}\(partial: [\d,]+ of 20,000 examples\) {2}test [\d,]+ \/ 500 [^]*?\nStopped during epoch 1 after [\d,]+ of 20,000 examples; model saved to [^]*m\.json$/);
  assert.deepEqual(parseModel(readFileSync(model, 'utf8'), model).network.sizes, [784, 30, 10]);
});

test('at 120 columns: the full bar, and after a second Ctrl-C no stale bar line is left', { skip: !hasScript && 'no `script` (util-linux)' }, async () => {
  const { dir, mnist } = data();
  const model = join(dir, 'm.json');
  // Mini-batches of 1,000 take the reference kernel a few hundred milliseconds: both presses land in one.
  const run = await onTerminal(['train', '--data', mnist, '--kernel', 'reference', '--epochs', '3', '--batch', '1000', '--save', model], 120, 2);
  assert.equal(run.status, 130, run.output);
  const screen = replay(run.output, 120);
  for (const frame of frames(run.output)) assert.match(frame, /^Epoch 1\/3 {2}[█░]{30} {2}[ \d,]+ \/ 20,000 {2}[ \d,…]+ examples\/s {2}.+ left$/);
  const lines = screen.lines;
  assert.ok(lines.includes('Stopping after this mini-batch (Ctrl-C again to quit at once)…'), lines.join('\n'));
  assert.ok(!lines.some((line) => /[█░]|\^C/.test(line)), `no bar or ^C left behind:\n${lines.join('\n')}`);
  assert.ok(!existsSync(model) || parseModel(readFileSync(model, 'utf8'), model).network.sizes.length === 3);
});
