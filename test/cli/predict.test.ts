import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { assertBadInput, nabla, tempDir } from './helpers.ts';

/** A one-layer 2-1 model, a^2 = σ(x_1 − x_2): easy to predict by hand. */
function tinyModel(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'tiny.json');
  writeFileSync(file, JSON.stringify({ format: 'nabla-model', version: 1, sizes: [2, 1], activation: 'sigmoid', cost: 'quadratic', weights: [[[1, -1]]], biases: [[0]], ...extra }));
  return file;
}

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));

test('nabla predict: one CSV row in, one row of a^L out, at full precision; a header row is skipped', () => {
  const dir = tempDir();
  const model = tinyModel(dir);
  const csv = join(dir, 'in.csv');
  writeFileSync(csv, 'first,second\n1,0\n0,0\n2,-1.5\n');
  const run = nabla(['predict', '--model', model, '--input', csv]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, [sigma(1), sigma(0), sigma(3.5)].map(String).join('\n') + '\n');
  const json = nabla(['predict', '--model', model, '--input', csv, '--json']);
  assert.deepEqual(JSON.parse(json.stdout), [[sigma(1)], [0.5], [sigma(3.5)]]);
});

test('nabla predict --input - reads standard input', () => {
  const model = tinyModel(tempDir());
  const run = nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,0\r\n0.25,0.5\r\n' });
  assert.equal(run.status, 0, run.stderr);
  const outputs = run.stdout.trimEnd().split('\n').map(Number);
  assert.equal(outputs.length, 2);
  // Within an ulp or two: nabla evaluates σ at z < 0 as e^z / (1 + e^z), which rounds differently.
  [sigma(1), sigma(-0.25)].forEach((a, n) => assert.ok(Math.abs(outputs[n] - a) < 1e-15, `row ${n + 1}: ${outputs[n]} vs ${a}`));
});

test('nabla predict applies the model\'s normalization first', () => {
  const model = tinyModel(tempDir(), { normalization: { mean: [10, 20], std: [2, 4] } });
  // (12 − 10)/2 = 1 and (20 − 20)/4 = 0, so a^2 = σ(1).
  const run = nabla(['predict', '--model', model, '--input', '-'], { stdin: '12,20\n' });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(Number(run.stdout), sigma(1));
});

test('nabla predict on a multi-layer model from nabla init gives one row of n_L outputs per input row', () => {
  const dir = tempDir();
  const model = join(dir, 'm.json');
  assert.equal(nabla(['init', '--sizes', '3,4,5,2', '--out', model]).status, 0);
  const run = nabla(['predict', '--model', model, '--input', '-', '--json'], { stdin: '1,2,3\n-1,0,1\n' });
  assert.equal(run.status, 0, run.stderr);
  const rows = JSON.parse(run.stdout) as number[][];
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.length, 2);
    for (const a of row) assert.ok(a > 0 && a < 1);
  }
});

/** A 28 × 28 PNG: a vertical bar of light ink on black (a "1"). */
function digitPng(file: string): void {
  const png = new PNG({ width: 28, height: 28 });
  for (let r = 0; r < 28; r++) {
    for (let c = 0; c < 28; c++) {
      const i = (r * 28 + c) * 4;
      const ink = r >= 4 && r < 24 && c >= 12 && c < 16 ? 255 : 0;
      png.data[i] = png.data[i + 1] = png.data[i + 2] = ink;
      png.data[i + 3] = 255;
    }
  }
  writeFileSync(file, PNG.sync.write(png));
}

test('nabla predict IMAGE.png prints the predicted digit and the output activations', () => {
  const dir = tempDir();
  const model = join(dir, 'mnist.json');
  assert.equal(nabla(['init', '--sizes', '784,10,10', '--out', model]).status, 0);
  const image = join(dir, 'one.png');
  digitPng(image);
  const json = nabla(['predict', '--model', model, image, '--json']);
  assert.equal(json.status, 0, json.stderr);
  const { prediction, outputs } = JSON.parse(json.stdout) as { prediction: string; outputs: number[] };
  assert.equal(outputs.length, 10);
  assert.equal(prediction, String(outputs.indexOf(Math.max(...outputs))));
  const run = nabla(['predict', '--model', model, image]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, new RegExp(`predicted digit ${prediction}\\b`));
  assert.match(run.stdout, /output activations a\^3/);
  for (let j = 0; j < 10; j++) assert.match(run.stdout, new RegExp(`^ +${j} +[0-9.e-]+`, 'm'));
});

test('nabla predict IMAGE.png names the class when the model has classes', () => {
  const dir = tempDir();
  const model = join(dir, 'mnist.json');
  assert.equal(nabla(['init', '--sizes', '784,3', '--out', model]).status, 0);
  const json = JSON.parse(readFileSync(model, 'utf8'));
  json.classes = ['zero', 'one', 'seven'];
  writeFileSync(model, JSON.stringify(json));
  const image = join(dir, 'one.png');
  digitPng(image);
  const run = nabla(['predict', '--model', model, image, '--json']);
  assert.equal(run.status, 0, run.stderr);
  const { prediction, outputs } = JSON.parse(run.stdout) as { prediction: string; outputs: number[] };
  assert.equal(prediction, json.classes[outputs.indexOf(Math.max(...outputs))]);
  assert.match(nabla(['predict', '--model', model, image]).stdout, new RegExp(`predicted class ${prediction}\\b`));
});

test('nabla predict refuses bad input with one line naming the row or the problem, exit status 2', () => {
  const dir = tempDir();
  const model = tinyModel(dir);
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,2,3\n4,5,6\n' }), /standard input: the rows have 3 numbers each; the model's input layer has 2 neurons/);
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,2\n3,x\n' }), /standard input: row 2, column 2: 'x' is not a number/);
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,2\n3\n' }), /row 2 has 1 columns, the first row has 2/);
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: 'a,b\n1,2\n3,\n' }), /row 3, column 'b': is empty/);
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '' }), /standard input: the file is empty/);
  assertBadInput(nabla(['predict', '--model', model, '--input', join(dir, 'nope.csv')]), /cannot read input file '.*nope\.csv': no such file/);
  assertBadInput(nabla(['predict', '--model', model]), /nothing to predict: give --input FILE\.csv/);
  assertBadInput(nabla(['predict', '--model', model, '--input']), /option '--input <file>' argument missing/);
  const notPng = join(dir, 'not.png');
  writeFileSync(notPng, 'hello');
  assertBadInput(nabla(['predict', '--model', model, notPng]), /not\.png.*is not a PNG file/);
  const image = join(dir, 'one.png');
  digitPng(image);
  assertBadInput(nabla(['predict', '--model', model, image]), /one\.png: an image gives 784 inputs .* the model's input layer has 2 neurons/);
  assertBadInput(nabla(['predict', '--model', model, image, '--input', 'x.csv']), /give either images .* or --input x\.csv, not both/);
});

/** The tiny model with two classes: output neuron 1 is 'yes, "really"' (a name that needs CSV quoting). */
function classModel(dir: string): string {
  const file = join(dir, 'classes.json');
  writeFileSync(
    file,
    JSON.stringify({ format: 'nabla-model', version: 1, sizes: [2, 2], activation: 'sigmoid', cost: 'quadratic', weights: [[[1, -1], [-1, 1]]], biases: [[0, 0]], classes: ['no', 'yes, "really"'] }),
  );
  return file;
}

test('nabla predict --input with a model that has classes: a header row of the class names, then the predicted class and a^L per row', () => {
  const model = classModel(tempDir());
  const run = nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,0\n0,2\n' });
  assert.equal(run.status, 0, run.stderr);
  // Row 1: z = (1, −1), so class 'no' wins; row 2: z = (−2, 2), the other class.
  assert.equal(run.stdout, `class,no,"yes, ""really"""\nno,${sigma(1)},${sigma(-1)}\n"yes, ""really""",${sigma(-2)},${sigma(2)}\n`);
  const json = nabla(['predict', '--model', model, '--input', '-', '--json'], { stdin: '1,0\n0,2\n' });
  assert.equal(json.status, 0, json.stderr);
  const lines = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
  assert.deepEqual(lines, [
    { class: 'no', outputs: [sigma(1), sigma(-1)] },
    { class: 'yes, "really"', outputs: [sigma(-2), sigma(2)] },
  ]);
});

test('nabla predict --label-column NAME|INDEX reads a labelled file and leaves the label out of the inputs', () => {
  const dir = tempDir();
  const model = classModel(dir);
  const labelled = join(dir, 'labelled.csv');
  writeFileSync(labelled, 'a,species,b\n1,no,0\n0,whatever,2\n');
  const expected = `class,no,"yes, ""really"""\nno,${sigma(1)},${sigma(-1)}\n"yes, ""really""",${sigma(-2)},${sigma(2)}\n`;
  for (const column of ['species', '1', '-2']) {
    const run = nabla(['predict', '--model', model, '--input', labelled, '--label-column', column]);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, expected, `--label-column ${column}`);
  }
  const unlabelled = join(dir, 'unlabelled.csv');
  writeFileSync(unlabelled, '1,0,x\n0,2,y\n');
  assert.equal(nabla(['predict', '--model', model, '--input', unlabelled, '--label-column', '2']).stdout, expected);
  assertBadInput(nabla(['predict', '--model', model, '--input', labelled, '--label-column', 'kind']), /no label column named 'kind'; the columns are 'a', 'species', 'b'/);
  assertBadInput(nabla(['predict', '--model', model, '--input', labelled]), /row 2, column 'species': 'no' is not a number/);
  assertBadInput(nabla(['predict', '--model', model, '--input', '-'], { stdin: '1,0,3\n' }), /the rows have 3 numbers each; .* 2 neurons.*--label-column/);
});

test('nabla predict with several PNG files prints one line each: file, digit, confidence', () => {
  const dir = tempDir();
  const model = join(dir, 'mnist.json');
  assert.equal(nabla(['init', '--sizes', '784,10,10', '--out', model]).status, 0);
  const first = join(dir, 'one.png');
  const second = join(dir, 'two, copy.png');
  digitPng(first);
  digitPng(second);
  const single = JSON.parse(nabla(['predict', '--model', model, first, '--json']).stdout) as { prediction: string; outputs: number[] };
  const confidence = Math.max(...single.outputs);
  const run = nabla(['predict', '--model', model, first, second]);
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, `${first},${single.prediction},${confidence}\n"${second}",${single.prediction},${confidence}\n`);
  const json = nabla(['predict', '--model', model, first, second, '--json']);
  const objects = json.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown);
  assert.deepEqual(objects, [first, second].map((file) => ({ file, prediction: single.prediction, confidence, outputs: single.outputs })));
  // One unreadable file: exit 2 and nothing printed for the others.
  assertBadInput(nabla(['predict', '--model', model, first, join(dir, 'absent.png')]), /absent\.png.*no such file/);
});

test('nabla predict --label-column y,z leaves out both targets of a two-target regression model', () => {
  const dir = tempDir();
  const rows = Array.from({ length: 30 }, (_, i) => [i / 30, (i % 5) / 5]);
  writeFileSync(join(dir, 'xy.csv'), 'a,y,b,z\n' + rows.map(([a, b]) => [a, a + b, b, a - b].join(',')).join('\n') + '\n');
  const model = join(dir, 'xy.json');
  const trained = nabla(['train', '--train', join(dir, 'xy.csv'), '--task', 'regression', '--label-column', 'y,z', '--epochs', '2', '--eta', '0.1', '--save', model, '--quiet']);
  assert.equal(trained.status, 0, trained.stderr);
  const run = nabla(['predict', '--model', model, '--input', join(dir, 'xy.csv'), '--label-column', 'y,z']);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trim().split('\n');
  assert.equal(lines[0], 'y,z');
  assert.equal(lines.length, 31);
  assert.ok(lines.slice(1).every((line) => line.split(',').length === 2 && line.split(',').every((v) => Number.isFinite(Number(v)))));
  const byIndex = nabla(['predict', '--model', model, '--input', join(dir, 'xy.csv'), '--label-column', '1,3']);
  assert.equal(byIndex.stdout, run.stdout);
  assertBadInput(nabla(['predict', '--model', model, '--input', join(dir, 'xy.csv'), '--label-column', 'y,y']), /names a column twice/);
});
