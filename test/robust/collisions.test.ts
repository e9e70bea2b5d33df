import assert from 'node:assert/strict';
import { linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertBadInput, nabla, tempDir } from '../cli/helpers.ts';

/** Issue 20, point 7: an output that is the same file as an input or another output is refused before any work, and every file stays as it was. */

const dir = tempDir();
const csv = join(dir, 'train.csv');
const CSV = 'a,b,label\n0,0,x\n1,1,y\n0,1,x\n1,0,y\n';
writeFileSync(csv, CSV);
const model = join(dir, 'model.json');
assert.equal(nabla(['train', '--train', csv, '--epochs', '1', '--quiet', '--save', model]).status, 0);
const MODEL = readFileSync(model, 'utf8');

test('--save and --report naming one file (also through ./ and ..) are refused, and the model stays', () => {
  assertBadInput(nabla(['train', '--train', csv, '--epochs', '1', '--save', model, '--report', join(dir, '.', 'sub', '..', 'model.json')]), /--report .*model\.json is the same file as --save .*model\.json.*give each its own file name/);
  assert.equal(readFileSync(model, 'utf8'), MODEL);
});

test('--save as the --train or --test CSV (or a link to it) is refused, and the data stays', () => {
  assertBadInput(nabla(['train', '--train', csv, '--epochs', '1', '--save', csv]), /--save .*train\.csv is the same file as --train .*train\.csv/);
  const test2 = join(dir, 'test.csv');
  writeFileSync(test2, CSV);
  const hard = join(dir, 'hard-link.csv');
  linkSync(test2, hard);
  assertBadInput(nabla(['train', '--train', csv, '--test', test2, '--epochs', '1', '--report', hard]), /--report .*hard-link\.csv is the same file as --test .*test\.csv/);
  const soft = join(dir, 'soft-link.csv');
  symlinkSync(csv, soft);
  assertBadInput(nabla(['train', '--train', soft, '--epochs', '1', '--save', csv]), /--save .*train\.csv is the same file as --train .*soft-link\.csv/);
  assert.equal(readFileSync(csv, 'utf8'), CSV);
  assert.equal(readFileSync(test2, 'utf8'), CSV);
});

test('--save or --report as the --init model is refused', () => {
  assertBadInput(nabla(['train', '--train', csv, '--epochs', '1', '--init', model, '--report', model]), /--report .*model\.json is the same file as --init/);
  assert.equal(readFileSync(model, 'utf8'), MODEL);
});

test('--save DIR/checkpoint.json with --checkpoint DIR, or with --resume DIR, is refused, and the checkpoint stays', () => {
  const checkpoints = join(dir, 'run');
  assert.equal(nabla(['train', '--train', csv, '--epochs', '1', '--quiet', '--checkpoint', checkpoints]).status, 0);
  const file = join(checkpoints, 'checkpoint.json');
  const before = readFileSync(file, 'utf8');
  assertBadInput(nabla(['train', '--train', csv, '--epochs', '2', '--checkpoint', checkpoints, '--save', file]), /checkpoint file .*checkpoint\.json \(--checkpoint .*run\) is the same file as --save/);
  assertBadInput(nabla(['train', '--resume', checkpoints, '--epochs', '2', '--report', file]), /checkpoint file .*checkpoint\.json \(--checkpoint .*run\) is the same file as --report/);
  const other = join(dir, 'other');
  assertBadInput(nabla(['train', '--resume', checkpoints, '--epochs', '2', '--checkpoint', other, '--save', file]), /--save .*checkpoint\.json is the same file as the checkpoint file .*\(--resume .*run\)/);
  assert.equal(readFileSync(file, 'utf8'), before);
});

test('--save or --report as one of the MNIST files of --data is refused', () => {
  const data = join(dir, 'mnist');
  mkdirSync(data);
  writeFileSync(join(data, 'train-labels-idx1-ubyte.gz'), 'not read');
  assertBadInput(nabla(['train', '--data', data, '--save', join(data, 'train-labels-idx1-ubyte.gz')]), /--save .*train-labels-idx1-ubyte\.gz is the same file as the MNIST file/);
  assert.equal(readFileSync(join(data, 'train-labels-idx1-ubyte.gz'), 'utf8'), 'not read');
});

test('export --out as --model, and import --out as the file imported, are refused, and the model stays', () => {
  assertBadInput(nabla(['export', '--model', model, '--format', 'onnx', '--out', model]), /--out .*model\.json is the same file as --model/);
  const exported = join(dir, 'model.safetensors');
  assert.equal(nabla(['export', '--model', model, '--format', 'safetensors', '--out', exported]).status, 0);
  const bytes = readFileSync(exported);
  assertBadInput(nabla(['import', '--from', 'safetensors', exported, '--out', exported]), /--out .*model\.safetensors is the same file as the file to import/);
  assert.deepEqual(readFileSync(exported), bytes);
  assert.equal(readFileSync(model, 'utf8'), MODEL);
});

test('distinct outputs and inputs still run', () => {
  const run = nabla(['train', '--train', csv, '--epochs', '1', '--quiet', '--save', join(dir, 'a.json'), '--report', join(dir, 'a.html')]);
  assert.equal(run.status, 0, run.stderr);
});
