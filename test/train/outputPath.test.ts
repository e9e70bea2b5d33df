import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

// Each of these would train for 30 epochs on MNIST if the check came after training: this
// timeout is far longer than the check takes, far shorter than the run.
const quick = 20_000;

test('--save into a folder that cannot be written (/proc) fails at once with exit 2, before training', () => {
  const started = performance.now();
  assertBadInput(nabla(['train', '--save', '/proc/m.json'], quick), /--save \/proc\/m\.json: cannot write in the folder '\/proc'/);
  assert.ok(performance.now() - started < quick);
});

test('--report into a folder that cannot be written fails at once with exit 2', () => {
  assertBadInput(nabla(['train', '--report', '/proc/r.html'], quick), /--report \/proc\/r\.html: cannot write in the folder '\/proc'/);
});

test('--save or --report into a folder that does not exist fails at once with exit 2', () => {
  const dir = tempDir();
  assertBadInput(nabla(['train', '--save', join(dir, 'missing', 'm.json')], quick), /--save .*missing.m\.json: cannot write there: the folder '.*missing': no such file or folder/);
  assertBadInput(nabla(['train', '--report', join(dir, 'missing', 'r.html')], quick), /--report .*missing.r\.html: cannot write there/);
});

test('--save naming a folder, or a path under a file, fails at once with exit 2', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'file'), 'x');
  assertBadInput(nabla(['train', '--save', join(dir, 'sub')], quick), /--save .*sub is a folder; give a file name/);
  assertBadInput(nabla(['train', '--save', join(dir, 'file', 'm.json')], quick), /'.*file' is not a folder/);
  assert.deepEqual(readdirSync(dir).sort(), ['file', 'sub'], 'the write check leaves no file behind');
  assert.deepEqual(readdirSync(join(dir, 'sub')), []);
});
