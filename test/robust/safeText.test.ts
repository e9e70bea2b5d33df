import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { hasUnsafeText, safeText } from '../../src/common/safeText.ts';
import { nabla, tempDir } from '../cli/helpers.ts';

/** Issue 12, point 5: text from files is printed with control characters escaped and cut to a sensible length. */

test('safeText escapes control characters, DEL, C1 and bidirectional controls, and leaves other text alone', () => {
  assert.equal(safeText('setosa'), 'setosa');
  assert.equal(safeText('Iris-versicolor ü ∂ 数字'), 'Iris-versicolor ü ∂ 数字');
  assert.equal(safeText('a\nnabla: forged'), 'a\\nnabla: forged');
  assert.equal(safeText('\x1b]0;pwned\x07'), '\\e]0;pwned\\x07');
  assert.equal(safeText('x\ty\r\x7f\x9b\u202eevil'), 'x\\ty\\r\\x7f\\x9b\\u202eevil');
  assert.ok(!hasUnsafeText(safeText('\x00\x01\u2028\u2066')));
});

test('safeText cuts a long value, saying how much was left out, without splitting a surrogate pair', () => {
  assert.equal(safeText('x'.repeat(5_000_000), 10), `${'x'.repeat(10)}… (4999990 more characters)`);
  assert.equal(safeText('ab😀cd', 3), 'ab… (4 more characters)');
  assert.equal(safeText('abc', 3), 'abc');
});

function modelWithClasses(dir: string, classes: string[]): string {
  const file = join(dir, 'm.json');
  const nIn = 784;
  const weights = [classes.map((_, j) => Array.from({ length: nIn }, () => (j === 0 ? 0.01 : -0.01)))];
  writeFileSync(file, JSON.stringify({ format: 'nabla-model', version: 1, sizes: [nIn, classes.length], activation: 'sigmoid', cost: 'quadratic', weights, biases: [classes.map(() => 0)], classes }));
  return file;
}

function digitPng(dir: string): string {
  const png = new PNG({ width: 28, height: 28 });
  for (let i = 0; i < 28 * 28; i++) {
    const ink = i % 28 > 10 && i % 28 < 16 && i > 100 && i < 700;
    png.data.set(ink ? [0, 0, 0, 255] : [255, 255, 255, 255], i * 4);
  }
  const file = join(dir, 'digit.png');
  writeFileSync(file, PNG.sync.write(png));
  return file;
}

test('nabla predict prints class names from a model file escaped: an ESC sequence cannot retitle the terminal, a newline cannot forge a line', () => {
  const dir = tempDir();
  const model = modelWithClasses(dir, ['\x1b]0;pwned\x07', 'two\nnabla: forged']);
  const run = nabla(['predict', '--model', model, digitPng(dir)]);
  assert.equal(run.status, 0, run.stderr);
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\x00-\x08\x0b-\x1f\x7f]/.test(run.stdout), `no control characters: ${JSON.stringify(run.stdout)}`);
  assert.match(run.stdout, /predicted class \\e\]0;pwned\\x07/);
  assert.ok(!run.stdout.split('\n').some((line) => line.startsWith('nabla:')), 'no forged line');
});

test('an error quoting a 5 MB "format" string is one short line', () => {
  const dir = tempDir();
  const file = join(dir, 'm.json');
  writeFileSync(file, JSON.stringify({ format: `\x1b[2J${'x'.repeat(5_000_000)}` }));
  const run = nabla(['predict', '--model', file, '--input', '-'], { stdin: '1\n' });
  assert.equal(run.status, 2);
  assert.ok(run.stderr.length < 400, `${run.stderr.length} characters`);
  assert.match(run.stderr, /"format" must be "nabla-model", found "\\e\[2Jxxx/);
  assert.ok(!run.stderr.includes('\x1b'));
});

test('a CSV label with a newline and ESC in an error message is escaped (the InputError already keeps it on one line)', () => {
  const dir = tempDir();
  const train = join(dir, 'train.csv');
  const test = join(dir, 'test.csv');
  writeFileSync(train, '1,a\n2,b\n');
  writeFileSync(test, '1,"x\x1b[31m\nnabla: forged"\n');
  const run = nabla(['train', '--train', train, '--test', test, '--epochs', '1', '--quiet']);
  assert.equal(run.status, 2, run.stderr);
  assert.equal(run.stderr.trimEnd().split('\n').length, 1);
  assert.ok(!run.stderr.includes('\x1b'), JSON.stringify(run.stderr));
  assert.match(run.stderr, /class 'x\\e\[31m\\nnabla: forged' is not one of the training classes/);
});
