import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { feedforward } from '../../src/network/feedforward.ts';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { assertBadInput } from './helpers.ts';
import { nabla, tempDir, writeSmallMnist } from '../train/helpers.ts';

/**
 * Conv nets through the command line (chapter 6): train on MNIST, save version 3, resume with the
 * uninterrupted run's bits, evaluate, predict a PNG and CSV images given channels last.
 */
const dir = tempDir();
const mnist = join(dir, 'mnist');
mkdirSync(mnist);
writeSmallMnist(mnist, 300, 100);
const net = ['--layers', 'conv:2:5x5,pool:2x2,dense:10', '--output', 'softmax', '--eta', '0.1', '--data', mnist, '--seed', '3'];

test('nabla train --layers trains a conv net on a WebAssembly kernel and saves model file version 3', () => {
  const model = join(dir, 'conv.json');
  const report = join(dir, 'conv.html');
  const run = nabla(['train', ...net, '--epochs', '2', '--json', '--save', model, '--report', report]);
  assert.equal(run.status, 0, run.stderr);
  const epochs = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kernel: string; testAccuracy: number });
  assert.equal(epochs.length, 2);
  for (const epoch of epochs) assert.match(epoch.kernel, /^wasm-/);
  assert.ok(epochs[1].testAccuracy > 0.3, `test accuracy ${epochs[1].testAccuracy}`);
  assert.doesNotMatch(run.stderr, /notice/);
  assert.match(run.stderr, /Training \[28x28x1, conv:2:5x5, pool:2x2, dense:10\] \(sigmoid, linear, softmax, log-likelihood cost\)/);
  const json = JSON.parse(readFileSync(model, 'utf8'));
  assert.equal(json.version, 3);
  // The report shows the first conv layer's two 5×5 filters as small images.
  const html = readFileSync(report, 'utf8');
  assert.match(html, /<h2>Learned filters of layer 2<\/h2>/);
  assert.equal((html.match(/<title>map \d<\/title>/g) ?? []).length, 2);
  assert.match(html, /28x28x1, conv:2:5x5, pool:2x2, dense:10/);
  // And the maps of layers 2 (conv) and 3 (pool) for three right and up to three wrong test digits (test/train/reportMaps.test.ts checks their values).
  assert.match(html, /<h2>Feature maps of test digits<\/h2>/);
  const digits = [...html.matchAll(/<figure class="maps-digit( wrong)?"/g)];
  assert.ok(digits.length >= 4 && digits.length <= 6, `${digits.length} digits`);
  assert.equal(digits.filter((m) => m[1] === undefined).length, 3);
  assert.equal((html.match(/<div class="maps-layer" data-layer="[23]"/g) ?? []).length, 2 * digits.length);
  assert.deepEqual(json.inputShape, [28, 28, 1]);

  const evaluated = nabla(['evaluate', '--model', model, '--data', mnist]);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.match(evaluated.stdout, /Model .*conv\.json \[28x28x1, conv:2:5x5, pool:2x2, dense:10\] on the 100 MNIST .*test images/);

  const image = join(dir, 'one.png');
  const png = new PNG({ width: 28, height: 28 });
  for (let i = 0; i < 28 * 28; i++) {
    const ink = Math.floor(i / 28) >= 4 && Math.floor(i / 28) < 24 && i % 28 >= 12 && i % 28 < 16 ? 255 : 0;
    png.data.set([ink, ink, ink, 255], i * 4);
  }
  writeFileSync(image, PNG.sync.write(png));
  const predicted = nabla(['predict', '--model', model, image, '--json']);
  assert.equal(predicted.status, 0, predicted.stderr);
  const { outputs } = JSON.parse(predicted.stdout) as { outputs: number[] };
  assert.equal(outputs.length, 10);
  assert.ok(Math.abs(outputs.reduce((a, b) => a + b, 0) - 1) < 1e-9);
});

test('a conv run checkpointed after epoch 1 and resumed ends with the uninterrupted run’s bits', () => {
  const whole = join(dir, 'whole.json');
  assert.equal(nabla(['train', ...net, '--epochs', '2', '--quiet', '--optimizer', 'momentum', '--l2', '0.1', '--save', whole]).status, 0);
  const checkpoints = join(dir, 'ck');
  const first = nabla(['train', ...net, '--epochs', '1', '--quiet', '--optimizer', 'momentum', '--l2', '0.1', '--checkpoint', checkpoints]);
  assert.equal(first.status, 0, first.stderr);
  const resumedFile = join(dir, 'resumed.json');
  const resumed = nabla(['train', '--resume', checkpoints, '--epochs', '2', '--save', resumedFile]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(readFileSync(resumedFile, 'utf8'), readFileSync(whole, 'utf8'));
});

test('CSV images are read channels last (--input-shape HxWxC) and held channel first', () => {
  // 2 × 2 images of 2 channels: channel 0 holds the class's signal, channel 1 noise.
  const rows = ['a,b,c,d,e,f,g,h,label'];
  for (let n = 0; n < 40; n++) {
    const label = n % 2;
    const pixels = Array.from({ length: 4 }, (_, p) => [label === 1 && p < 2 ? 1 : 0, ((n * 7 + p) % 5) / 10]).flat();
    rows.push([...pixels, label].join(','));
  }
  const csv = join(dir, 'channels.csv');
  writeFileSync(csv, rows.join('\n') + '\n');
  const model = join(dir, 'channels.json');
  const run = nabla(['train', '--train', csv, '--input-shape', '2x2x2', '--layers', 'conv:3:1x1,dense:2', '--output', 'softmax', '--epochs', '2', '--quiet', '--save', model]);
  assert.equal(run.status, 0, run.stderr);
  const predicted = nabla(['predict', '--model', model, '--input', csv, '--label-column', 'label', '--json']);
  assert.equal(predicted.status, 0, predicted.stderr);
  const first = JSON.parse(predicted.stdout.split('\n')[0]) as { outputs: number[] };
  // The model's own feedforward on row 1 moved channel first: c0 = (a, c, e, g), c1 = (b, d, f, h).
  const values = rows[1].split(',').slice(0, 8).map(Number);
  const x = [0, 2, 4, 6, 1, 3, 5, 7].map((i) => values[i]);
  const expected = feedforward(parseModel(readFileSync(model, 'utf8')).network, x);
  first.outputs.forEach((a, j) => assert.ok(Math.abs(a - expected[j]) < 1e-12, `${a} vs ${expected[j]}`));
});

test('impossible conv flags are one line each, before any work', () => {
  assertBadInput(nabla(['train', ...net, '--sizes', '784,10']), /give either --sizes \(a dense network\) or --layers, not both/);
  assertBadInput(nabla(['train', '--layers', 'conv:2:5x5,pool:5x5,dense:10', '--data', mnist]), /--layers: layer 3 \(pool:5x5, input 24x24x2\): 5x5 pooling does not divide its 24x24 input/);
  assertBadInput(nabla(['train', '--layers', 'conv:2:29x29,dense:10', '--data', mnist]), /layer 2 \(conv:2:29x29, input 28x28x1\): the 29x29 field is larger than its 28x28 input/);
  assertBadInput(nabla(['train', '--layers', 'conv:2:5x5,dense:10', '--activation', 'relu,tanh', '--data', mnist]), /--activation lists 2 activations; the network has 1 hidden layer/);
  assertBadInput(nabla(['train', '--layers', 'conv:2:5x5,pool:2x2,dense:10', '--dropout', '0.5', '--data', mnist]), /--dropout drops neurons of hidden dense layers, and these layers have none/);
  assertBadInput(nabla(['train', '--layers', 'conv:2:5x5,dense:10', '--input-shape', '20x20', '--data', mnist]), /--layers has 400 inputs .* but the images have 784 pixels/);
  assertBadInput(nabla(['train', '--layers', 'conv:2:5x5,dense:10', '--input-shape', '28x28x0', '--data', mnist]), /--input-shape expects HxW or HxWxC/);
});

test('nabla explain on a conv net: shapes, one window with its numbers, pooled positions, and gradients shaped as the weights', () => {
  const model = join(dir, 'explain.json');
  assert.equal(nabla(['init', '--layers', 'conv:2:3x3,pool:2x2,dense:3', '--input-shape', '6x6', '--output', 'softmax', '--out', model]).status, 0);
  const input = Array.from({ length: 36 }, (_, i) => ((i * 7) % 10) / 10).join(',');
  const run = nabla(['explain', '--model', model, '--input', input, '--target', '0,1,0']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /layer 2: conv:2:3x3 \(σ sigmoid\), 6x6x1 → 4x4x2, 20 parameters/);
  assert.match(run.stdout, /\(8\) z\^2_\{0,0,0\} = b\^2_0 \+ Σ_c Σ_\{p,q\} w\^2_\{0,c,p,q\} a\^1_\{c,p,q\} +\S+ \+ \S+ = \S+/);
  assert.match(run.stdout, /pooled positions p·2 \+ q of channel 0's maxima/);
  assert.match(run.stdout, /\(12\) ∂C\/∂w\^2_\{0,0,p,q\}/);
  const json = JSON.parse(nabla(['explain', '--model', model, '--input', input, '--target', '0,1,0', '--json']).stdout) as { layers: { type?: string; gradW: unknown[] }[] };
  assert.equal(json.layers[0].type, 'conv');
  assert.equal((json.layers[0].gradW as number[][][][]).length, 2);
  assert.equal((json.layers[0].gradW as number[][][][])[0][0][2].length, 3);
  assert.deepEqual(json.layers[1].gradW, []);
});

test('nabla gradcheck --layers checks a conv net’s backprop against finite differences and names conv weights', () => {
  const run = nabla(['gradcheck', '--input-shape', '6x6x2', '--layers', 'conv:2:3x3,pool:2x2,dense:3', '--activation', 'tanh', '--l2', '0.5', '--seed', '4']);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /network \[6x6x2, conv:2:3x3, pool:2x2, dense:3\], seed 4: 65 parameters checked/);
  assert.match(run.stdout, /passed: within 1e-6/);
  assertBadInput(nabla(['gradcheck', '--layers', 'conv:2:3x3,dense:3']), /need the input's shape: give --input-shape/);
  assertBadInput(nabla(['gradcheck', '--sizes', '4,3', '--input-shape', '2x2']), /--input-shape is for --layers/);
});

test('--expand shift trains five examples per image an epoch, and a run resumed with it keeps the bits', () => {
  const flags = [...net, '--expand', 'shift', '--quiet'];
  const run = nabla(['train', ...flags, '--epochs', '1', '--json']);
  assert.equal(run.status, 0, run.stderr);
  assert.equal((JSON.parse(run.stdout.trim()) as { examples: number }).examples, 1500);
  const whole = join(dir, 'expanded.json');
  assert.equal(nabla(['train', ...flags, '--epochs', '2', '--save', whole]).status, 0);
  const checkpoints = join(dir, 'ck-expand');
  assert.equal(nabla(['train', ...flags, '--epochs', '1', '--checkpoint', checkpoints]).status, 0);
  const resumedFile = join(dir, 'expanded-resumed.json');
  const resumed = nabla(['train', '--resume', checkpoints, '--epochs', '2', '--save', resumedFile]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(readFileSync(resumedFile, 'utf8'), readFileSync(whole, 'utf8'));
  assertBadInput(nabla(['train', '--train', join(dir, 'channels.csv'), '--sizes', '8,3,2', '--expand', 'shift']), /--expand shift moves images: give --input-shape/);
});

test('--kernel reference trains a conv net as the oracle does, and --expand shift runs there too', () => {
  const run = nabla(['train', ...net, '--epochs', '1', '--json', '--kernel', 'reference', '--expand', 'shift']);
  assert.equal(run.status, 0, run.stderr);
  const epoch = JSON.parse(run.stdout.trim()) as { kernel: string; examples: number; testAccuracy: number };
  assert.deepEqual([epoch.kernel, epoch.examples], ['reference', 1500]);
  assert.ok(epoch.testAccuracy > 0.2, `test accuracy ${epoch.testAccuracy}`);
});
