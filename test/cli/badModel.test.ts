import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

/** A valid 2-3-1 model file's JSON, to break one field at a time. */
function valid(): Record<string, unknown> {
  return {
    format: 'nabla-model',
    version: 1,
    sizes: [2, 3, 1],
    activation: 'sigmoid',
    cost: 'quadratic',
    weights: [[[1, 2], [3, 4], [5, 6]], [[1, 1, 1]]],
    biases: [[0, 0, 0], [0]],
  };
}

const cases: [string, string, RegExp][] = [
  ['not JSON', '{"format": "nabla-model", "version": 1,', /is not valid JSON/],
  ['empty file', '', /is not valid JSON/],
  ['a JSON array', '[1, 2, 3]', /expected a JSON object/],
  ['unknown version', JSON.stringify({ ...valid(), version: 7 }), /model file version 7 is not one this nabla reads \(it reads versions 1, 2, 3\)/],
  ['missing field', JSON.stringify({ ...valid(), biases: undefined }), /"biases" must be an array of 2 vectors .*found nothing \(the field is missing\)/],
  ['missing sizes', JSON.stringify({ ...valid(), sizes: undefined }), /"sizes" must be an array of layer sizes/],
  ['wrong shape: rows', JSON.stringify({ ...valid(), weights: [[[1, 2], [3, 4]], [[1, 1, 1]]] }), /"weights\[0\]" \(w\^2\) must have 3 rows, found an array of 2/],
  ['wrong shape: columns', JSON.stringify({ ...valid(), weights: [[[1, 2], [3, 4], [5, 6]], [[1, 1]]] }), /"weights\[1\]\[0\]" must be an array of 3 numbers, found an array of 2/],
  ['wrong shape: sizes disagree', JSON.stringify({ ...valid(), sizes: [2, 4, 1] }), /"weights\[0\]" \(w\^2\) must have 4 rows, found an array of 3/],
  ['non-finite number', JSON.stringify(valid()).replace('[[1,2]', '[[1e999,2]'), /"weights\[0\]\[0\]\[0\]" must be a finite number, found Infinity/],
  ['a string for a number', JSON.stringify({ ...valid(), biases: [[0, '0', 0], [0]] }), /"biases\[0\]\[1\]" must be a finite number, found "0"/],
  ['wrong format name', JSON.stringify({ ...valid(), format: 'onnx' }), /"format" must be "nabla-model", found "onnx"/],
];

for (const [name, text, pattern] of cases) {
  test(`a bad model file (${name}) gives one line naming the problem, exit status 2, in explain and predict`, () => {
    const dir = tempDir();
    const model = join(dir, 'bad.json');
    writeFileSync(model, text);
    const named = new RegExp(`bad\\.json.*${pattern.source}`);
    assertBadInput(nabla(['explain', '--model', model, '--input', '1,2', '--target', '1']), named);
    assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,2\n' }), named);
  });
}

test('a model path that is a folder gives one line, exit status 2', () => {
  const dir = tempDir();
  assertBadInput(nabla(['predict', '--model', dir, '--input', '-'], { stdin: '1,2\n' }), /is a folder, not a file/);
});

test('an unknown command gives one line, exit status 2', () => {
  assertBadInput(nabla(['frobnicate']), /unknown command 'frobnicate'/);
});
