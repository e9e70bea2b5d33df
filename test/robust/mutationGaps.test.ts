import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as ort from 'onnxruntime-web';
import type { Dataset, Kernel, KernelSpecInput } from '../../src/kernels/kernel.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { createKernel } from '../../src/kernels/registry.ts';
import { layerActivationNames } from '../../src/math/activations/index.ts';
import { outputsFor } from '../../src/math/costs/index.ts';
import { createRng } from '../../src/math/rng.ts';
import { feedforward } from '../../src/network/feedforward.ts';
import { createNetwork, zeroNetwork, type Network } from '../../src/network/network.ts';
import { parseCheckpoint, serializeCheckpoint } from '../../src/serialization/checkpoint.ts';
import { modelToOnnx } from '../../src/serialization/onnx.ts';
import { modelFromSafetensors, modelToSafetensors } from '../../src/serialization/safetensors.ts';
import { EarlyStopping } from '../../src/training/earlyStopping.ts';
import { ScheduleState } from '../../src/training/schedules.ts';
import { train } from '../../src/training/sgd.ts';
import type { TrainingState } from '../../src/training/trainingState.ts';

/**
 * Issue 18, item 7: six changes a mutation test made that the suite did not notice. Each test
 * here fails when its mutation is put back (checked by hand when it was written; the mutation
 * is named in the test's title).
 */

ort.env.wasm.numThreads = 1;

function dataset(count: number, inputs: number, outputs: number, seed: number, zeroColumn = -1): Dataset {
  const rng = createRng(seed);
  const x = new Uint8Array(count * inputs);
  for (let i = 0; i < x.length; i++) x[i] = i % inputs === zeroColumn ? 0 : rng.int(256);
  const targets = new Float64Array(count * outputs);
  for (let n = 0; n < count; n++) targets[n * outputs + rng.int(outputs)] = 1;
  return { count, inputSize: inputs, outputSize: outputs, inputs: x, inputScale: 1 / 255, targets };
}

/** The network after `batches` steps of m = 4 on `kernel` from `network`. */
function trainSteps(kernel: Kernel, network: Network, data: Dataset, batches: number): Network {
  kernel.setParameters(network);
  const resident = kernel.loadDataset(data);
  const order = Uint32Array.from({ length: data.count }, (_, i) => i);
  for (let t = 1; t <= batches; t++) kernel.trainBatch(resident, order, ((t - 1) * 4) % (data.count - 3), 4, { learningRate: 0.5, trainingSize: 100, t });
  const result = zeroNetwork(network.sizes, network.activations, network.cost);
  kernel.getParameters(result);
  resident.release();
  return result;
}

describe('the six gaps of issue 18', () => {
  it('float32 SGD with L2 on a WebAssembly kernel reads w^2 = s W̃ out rounded to float32 (mutation: no rounding in getParameters)', async () => {
    const spec: KernelSpecInput = { sizes: [6, 5, 3], activations: ['sigmoid', 'sigmoid'], cost: 'quadratic', dtype: 'float32', update: { rule: 'sgd', l2: 5 } };
    const network = createNetwork({ sizes: [6, 5, 3], rng: createRng(2), init: 'xavier' });
    const kernel = await createKernel(spec, { kernel: 'wasm-simd' });
    try {
      const trained = trainSteps(kernel, network, dataset(24, 6, 3, 4), 6);
      const w2 = trained.weights[2];
      const unrounded = Array.from(w2).filter((w) => Math.fround(w) !== w);
      assert.deepEqual(unrounded, [], 'every weight a float32 kernel gives is a float32');
      // and they are the reference kernel's, to float32's rounding of the scale's products
      const reference = trainSteps(createReferenceKernel(spec), network, dataset(24, 6, 3, 4), 6);
      for (let i = 0; i < w2.length; i++) assert.ok(Math.abs(w2[i] - reference.weights[2][i]) <= 1e-6, `w^2[${i}]`);
    } finally {
      await kernel.dispose();
    }
  });

  it('ONNX Runtime agrees with feedforward for every activation, at negative z too (mutation: leaky ReLU’s α in the ONNX node)', async () => {
    for (const output of layerActivationNames) {
      const hidden = output === 'softmax' ? 'leaky-relu' : output;
      const network = createNetwork({ sizes: [3, 4, 2], rng: createRng(7), init: 'he', activations: [hidden, output], cost: outputsFor('log-likelihood', [output]).length ? 'log-likelihood' : 'quadratic' });
      const rows = [[-2, 1, 0.5], [3, -1, -2], [-1, -1, -1], [0.2, 2, -3]];
      const session = await ort.InferenceSession.create(modelToOnnx({ network }, 'test'));
      const result = await session.run({ input: new ort.Tensor('float32', Float32Array.from(rows.flat()), [rows.length, 3]) });
      const onnx = result.output.data as Float32Array;
      rows.forEach((row, n) => {
        const expected = feedforward(network, row);
        for (let j = 0; j < 2; j++) assert.ok(Math.abs(onnx[n * 2 + j] - expected[j]) < 1e-5, `${hidden} → ${output}: row ${n}, output ${j}: ONNX ${onnx[n * 2 + j]}, feedforward ${expected[j]}`);
      });
    }
  });

  it('L1 leaves a weight at exactly ±0 with no gradient where it is, on the WebAssembly kernels as on the reference (mutation: sgn(±0) = ±1)', async () => {
    // input 0 is always 0, so ∂C/∂w^2_{j0} = δ_j · 0 = 0; those weights start at +0 or −0
    const network = createNetwork({ sizes: [5, 4, 3], rng: createRng(3), init: 'xavier' });
    for (let j = 0; j < 4; j++) network.weights[2][j * 5] = j % 2 === 0 ? 0 : -0;
    const data = dataset(20, 5, 3, 9, 0);
    for (const rule of ['sgd', 'momentum', 'adam'] as const) {
      const spec: KernelSpecInput = { sizes: [5, 4, 3], activations: ['sigmoid', 'sigmoid'], cost: 'quadratic', dtype: 'float64', update: { rule, l1: 2 } };
      const kernel = await createKernel(spec, { kernel: 'wasm-simd' });
      try {
        const trained = trainSteps(kernel, network, data, 5);
        for (let j = 0; j < 4; j++) assert.equal(trained.weights[2][j * 5], 0, `${rule}: w^2_{${j}0} stays 0`);
      } finally {
        await kernel.dispose();
      }
    }
  });

  it('a stop mid-epoch under a schedule saves the η that epoch ran at (mutation: the schedule as it is after the epoch)', async () => {
    const data = dataset(40, 4, 2, 5);
    const network = createNetwork({ sizes: [4, 3, 2], rng: createRng(1), init: 'xavier' });
    const kernel = createReferenceKernel({ sizes: [4, 3, 2], activations: ['sigmoid', 'sigmoid'], cost: 'quadratic', dtype: 'float64' });
    let batches = 0;
    const states: TrainingState[] = [];
    const result = await train(network, kernel, data, {
      epochs: 3, batchSize: 4, learningRate: 1, schedule: { kind: 'exp', factor: 0.5 }, rng: createRng(2), test: data,
      shouldStop: () => ++batches === 14, // in the middle of epoch 2 (10 batches an epoch)
      onState: (state) => void states.push(state),
    });
    assert.equal(result.stopped, true);
    const last = states[states.length - 1];
    assert.equal(last.epoch, 1, 'epoch 2 is not done');
    assert.ok(last.examplesDone > 0);
    const resumed = new ScheduleState({ kind: 'exp', factor: 0.5 }, 1);
    resumed.restoreSnapshot(last.schedule!);
    assert.equal(resumed.eta, result.epochs[1].learningRate, 'the resumed epoch 2 runs at η = 0.5, as it began');
    assert.equal(resumed.eta, 0.5);
  });

  it('a resume restores early stopping’s best epoch, w^2 included, through the checkpoint file (mutation: the restore skips layer 2)', () => {
    const best = createNetwork({ sizes: [4, 3, 2], rng: createRng(5), init: 'xavier' });
    const early = new EarlyStopping(3, best);
    early.afterEpoch(2, 0.9, best);
    const snapshot = early.snapshot();
    const text = serializeCheckpoint({
      epoch: 3, examplesDone: 0, order: Uint32Array.from([0, 1, 2, 3]), rng: createRng(1).state(), run: {}, model: { network: best },
      optimizer: { early: snapshot },
    });
    const restoredSnapshot = parseCheckpoint(text).optimizer!.early!;
    const later = createNetwork({ sizes: [4, 3, 2], rng: createRng(6), init: 'xavier' });
    const resumed = new EarlyStopping(3, later);
    resumed.restoreSnapshot(restoredSnapshot);
    resumed.restore(later);
    for (let l = 2; l <= 3; l++) {
      assert.deepEqual(later.weights[l], best.weights[l], `w^${l}`);
      assert.deepEqual(later.biases[l], best.biases[l], `b^${l}`);
    }
    assert.equal(resumed.bestEpoch, 2);
  });

  it('reads an F32 safetensors file: each tensor’s float32 values, at its offsets (mutation: F32 read as F64 or at the wrong width)', () => {
    const network = createNetwork({ sizes: [3, 4, 2], rng: createRng(8), init: 'xavier' });
    const f64 = modelToSafetensors({ network });
    // rewrite the file as F32: the same header with F32 dtypes and halved offsets, the values rounded
    const headerLength = Number(new DataView(f64.buffer, f64.byteOffset).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(f64.subarray(8, 8 + headerLength))) as Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }>;
    const body = new DataView(f64.buffer, f64.byteOffset + 8 + headerLength);
    const values: number[] = [];
    for (const [name, entry] of Object.entries(header)) {
      if (name === '__metadata__') continue;
      const [from, to] = entry.data_offsets;
      const start = values.length;
      for (let o = from; o < to; o += 8) values.push(body.getFloat64(o, true));
      header[name] = { ...entry, dtype: 'F32', data_offsets: [start * 4, values.length * 4] };
    }
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (json.length % 8)) % 8);
    const bytes = new Uint8Array(8 + json.length + values.length * 4);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(json.length), true);
    bytes.set(new TextEncoder().encode(json), 8);
    values.forEach((v, i) => view.setFloat32(8 + json.length + i * 4, v, true));
    const read = modelFromSafetensors(bytes).network;
    for (let l = 2; l <= 3; l++) {
      assert.deepEqual(Array.from(read.weights[l]), Array.from(network.weights[l], Math.fround), `w^${l}`);
      assert.deepEqual(Array.from(read.biases[l]), Array.from(network.biases[l], Math.fround), `b^${l}`);
    }
  });
});
