import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

const dir = tempDir();
const good = join(dir, 'good.csv');
writeFileSync(good, 'a,b,label\n1,2,x\n3,4,y\n5,6,x\n');
const out = join(dir, 'model.json');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('bad CSV training data: one line on stderr naming the file and the problem, exit status 2, no model written', () => {
  const cases: [string, RegExp][] = [
    [file('ragged.csv', 'a,b,label\n1,2,x\n3,y\n'), /ragged\.csv: row 3 has 2 columns, the header has 3/],
    [file('words.csv', 'a,b,label\n1,2,x\n3,four,y\n'), /words\.csv: row 3, column 'b': 'four' is not a number/],
    [file('empty.csv', ''), /empty\.csv: the file is empty/],
    [file('header-only.csv', 'a,b,label\n'), /header row but no data rows/],
  ];
  for (const [path, message] of cases) {
    assertBadInput(nabla(['train', '--train', path, '--save', out]), message);
  }
  assertBadInput(nabla(['train', '--train', good, '--label-column', 'species', '--save', out]), /no label column named 'species'; the columns are 'a', 'b', 'label'/);
  assertBadInput(nabla(['train', '--train', good, '--label-column', '7', '--save', out]), /label column index 7 does not exist/);
  assertBadInput(nabla(['train', '--train', join(dir, 'absent.csv'), '--save', out]), /absent\.csv.*no such file/);
  assert.equal(existsSync(out), false, 'no model file after a failed run');
});

test('a test file that does not match the training file is refused before training', () => {
  const wider = file('wider.csv', 'a,b,c,label\n1,2,3,x\n');
  assertBadInput(nabla(['train', '--train', good, '--test', wider, '--save', out]), /wider\.csv has 3 feature columns but .*good\.csv has 2/);
  const newClass = file('new-class.csv', 'a,b,label\n1,2,z\n');
  assertBadInput(nabla(['train', '--train', good, '--test', newClass, '--save', out]), /new-class\.csv: row 2: class 'z' is not one of the training classes \(x, y\)/);
  assertBadInput(nabla(['train', '--train', good, '--data', 'mnist']), /either --data mnist .* or --train/);
  assertBadInput(nabla(['train', '--normalize']), /--normalize is for CSV data/);
  assert.equal(existsSync(out), false);
});

test('nabla evaluate with bad CSV data or a model of another shape: one line, exit status 2', () => {
  const model = join(dir, 'xy.json');
  const run = nabla(['train', '--train', good, '--epochs', '1', '--save', model, '--quiet']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, '', '--quiet prints nothing');
  assertBadInput(nabla(['evaluate', '--model', model, '--test', file('ragged2.csv', 'a,b,label\n1,2\n')]), /ragged2\.csv: row 2 has 2 columns/);
  assertBadInput(nabla(['evaluate', '--model', model, '--test', file('three.csv', 'a,b,c,label\n1,2,3,x\n')]), /has 2 inputs but .*three\.csv gives 3 values per example/);
  assertBadInput(nabla(['evaluate', '--model', model]), /has 2 inputs but the MNIST images give 784/);
  assertBadInput(nabla(['evaluate', '--model', model, '--test', good, '--data', 'mnist']), /either --data mnist .* or --test/);
});
