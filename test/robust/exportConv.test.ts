import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-web';
import { nabla, tempDir } from '../cli/helpers.ts';

/** Issue 19: a conv net's ONNX (Conv, σ, MaxPool, Flatten, Gemm) and safetensors (Conv2d (out, in, k, k)) exports. */

ort.env.wasm.numThreads = 1;
const dir = tempDir();

/** A model file for a conv net with two conv-pool stages, two input channels and every σ the export maps. */
const model = join(dir, 'conv.json');
const init = nabla(['init', '--layers', 'conv:3:3x3,pool:2x2,conv:4:3x3,pool:2x2,dense:5,dense:3', '--input-shape', '14x14x2', '--activation', 'relu,tanh,sigmoid', '--output', 'softmax', '--seed', '6', '--out', model]);
assert.equal(init.status, 0, init.stderr);

/** Pixel rows as a CSV file holds them: 14 × 14 × 2, channels last. */
const rows = Array.from({ length: 12 }, (_, n) => Array.from({ length: 392 }, (_, k) => (((n * 7919 + k * 104729) % 256) / 255) * (k % 3 === 0 ? 2 : 1)));
const csv = join(dir, 'pixels.csv');
writeFileSync(csv, rows.map((r) => r.join(',')).join('\n') + '\n');

function predictOutputs(file: string): number[][] {
  const run = nabla(['predict', '--model', file, '--input', csv, '--json']);
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as number[][];
}

/** The rows channel first, as the network (and its ONNX graph's input) holds them. */
const channelFirst = rows.map((r) => Array.from({ length: 392 }, (_, i) => {
  const c = Math.floor(i / 196);
  const jk = i % 196;
  return r[jk * 2 + c];
}));

test('ONNX export of a conv net: ONNX Runtime agrees with nabla predict within 1e-5', async (t) => {
  const onnx = join(dir, 'conv.onnx');
  const run = nabla(['export', '--model', model, '--format', 'onnx', '--out', onnx]);
  assert.equal(run.status, 0, run.stderr);
  const session = await ort.InferenceSession.create(readFileSync(onnx));
  const input = new ort.Tensor('float32', Float32Array.from(channelFirst.flat()), [rows.length, 392]);
  const output = (await session.run({ input })).output;
  assert.deepEqual(output.dims, [rows.length, 3]);
  const data = Array.from(output.data as Float32Array);
  const expected = predictOutputs(model);
  let max = 0;
  expected.forEach((row, n) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - data[n * 3 + j])))));
  t.diagnostic(`max |ONNX Runtime − nabla predict| over 12 rows × 3 outputs: ${max}`);
  assert.ok(max < 1e-5, `max |ONNX − nabla| = ${max}`);
  for (const op of ['Reshape', 'Conv', 'MaxPool', 'Flatten', 'Gemm', 'Relu', 'Tanh', 'Sigmoid', 'Softmax']) assert.ok(readFileSync(onnx).includes(Buffer.from(op)), op);
});

test('safetensors export of a conv net: Conv2d weights (out, in, k, k), nn.Sequential in the metadata, exact round trip', () => {
  const file = join(dir, 'conv.safetensors');
  assert.equal(nabla(['export', '--model', model, '--format', 'safetensors', '--out', file]).status, 0);
  const bytes = readFileSync(file);
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  assert.equal(
    header.__metadata__.pytorch,
    'nn.Sequential(nn.Unflatten(1, (2, 14, 14)), nn.Conv2d(2, 3, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(3, 4, 3), nn.Tanh(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(16, 5), nn.Sigmoid(), nn.Linear(5, 3), nn.Softmax(dim=1))',
  );
  assert.deepEqual(header['1.weight'].shape, [3, 2, 3, 3]);
  assert.deepEqual(header['1.bias'].shape, [3]);
  assert.deepEqual(header['4.weight'].shape, [4, 3, 3, 3]);
  assert.deepEqual(header['8.weight'].shape, [5, 16]);
  assert.deepEqual(header['10.weight'].shape, [3, 5]);
  // w^2_{f,c,p,q} at ((f·C + c)·K + p)·K + q: the model file's nesting, byte for byte.
  const json = JSON.parse(readFileSync(model, 'utf8'));
  const start = 8 + headerLength + header['1.weight'].data_offsets[0];
  assert.equal(bytes.readDoubleLE(start + (((1 * 2 + 1) * 3 + 2) * 3 + 0) * 8), json.weights[0][1][1][2][0]);

  const back = join(dir, 'back.json');
  const imported = nabla(['import', '--from', 'safetensors', file, '--out', back]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(readFileSync(back, 'utf8'), readFileSync(model, 'utf8'));
});
