import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../src/common/errors.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, zeroLayeredNetwork } from '../../src/network/network.ts';
import { modelToJson, parseModel, serializeModel } from '../../src/serialization/modelFile.ts';
import { parseCheckpoint, serializeCheckpoint } from '../../src/serialization/checkpoint.ts';

/** Model file version 3: conv, pool and dense layers, weights in PyTorch's (out, in, k, k) order. */
const layers = [
  { type: 'conv', maps: 2, field: [2, 3], activation: 'relu' },
  { type: 'pool', size: [2, 2] },
  { type: 'dense', neurons: 3, activation: 'softmax' },
] as const;

function convModel() {
  const network = createNetwork({ inputShape: [5, 6, 2], layers: layers.map((l) => ({ ...l })) as never, cost: 'log-likelihood', rng: createRng(4), init: 'scaled-normal' });
  network.weights[2][0] = 0.1 + 0.2;
  network.biases[4][1] = 5e-324;
  return { network, classes: ['a', 'b', 'c'], task: 'classification' as const };
}

describe('model file version 3', () => {
  it('round-trips a conv net exactly: shapes, layers, every float64 parameter, classes', () => {
    const model = convModel();
    const parsed = parseModel(serializeModel(model));
    assert.deepEqual(parsed.network.inputShape, [5, 6, 2]);
    assert.deepEqual(parsed.network.layers, model.network.layers);
    assert.deepEqual(parsed.network.sizes, model.network.sizes);
    assert.deepEqual(parsed.network.activations, ['relu', 'linear', 'softmax']);
    assert.deepEqual(parsed.network.weights, model.network.weights);
    assert.deepEqual(parsed.network.biases, model.network.biases);
    assert.deepEqual(parsed.classes, model.classes);
  });

  it('writes conv weights nested (F, C, K_h, K_w), w^l_{f,c,p,q} = weights[l][((f·C + c)·K_h + p)·K_w + q]', () => {
    const network = zeroLayeredNetwork([5, 6, 2], layers.map((l) => ({ ...l })) as never, 'log-likelihood');
    network.weights[2].forEach((_, i) => (network.weights[2][i] = i));
    const json = modelToJson({ network }) as { version: number; weights: number[][][][][]; biases: number[][]; sizes?: unknown };
    assert.equal(json.version, 3);
    assert.deepEqual(json.sizes, [60, 32, 8, 3]);
    // f = 1, c = 0, p = 1, q = 2: ((1·2 + 0)·2 + 1)·3 + 2 = 17
    assert.equal(json.weights[0][1][0][1][2], 17);
    assert.deepEqual(json.weights[1], []);
    assert.deepEqual(json.biases[1], []);
    assert.equal(json.weights[2].length, 3);
    assert.equal((json.weights[2] as unknown as number[][])[0].length, 2 * 2 * 2);
  });

  it('a dense network is still written as version 2', () => {
    const network = createNetwork({ sizes: [4, 3, 2], rng: createRng(1) });
    assert.equal(modelToJson({ network }).version, 2);
  });

  const bad: [string, (j: Record<string, unknown>) => unknown, RegExp][] = [
    ['sizes that disagree with the layers', (j) => ({ ...j, sizes: [60, 32, 8, 4] }), /"sizes" must be what the layers give, \[60,32,8,3\]/],
    ['activations that disagree with the layers', (j) => ({ ...j, activations: ['relu', 'relu', 'softmax'] }), /"activations" must be the layers' own/],
    ['no inputShape', (j) => ({ ...j, inputShape: undefined }), /"inputShape" must be \[height, width, channels\]/],
    ['an unknown layer type', (j) => ({ ...j, layers: [{ type: 'lstm' }, ...(j.layers as unknown[]).slice(1)] }), /"layers\[0\]" \(layer 2\): "type" must be "conv", "pool" or "dense", found "lstm"/],
    ['a conv layer with softmax', (j) => ({ ...j, layers: [{ ...(j.layers as object[])[0], activation: 'softmax' }, ...(j.layers as unknown[]).slice(1)] }), /"layers\[0\]" \(layer 2\): "activation" must be an element-wise activation/],
    ['an impossible shape', (j) => ({ ...j, inputShape: [1, 6, 2] }), /"layers": layer 2 \(conv:2:2x3, input 1x6x2\): the 2x3 field is larger than its 1x6 input/],
    ['a pool that does not divide', (j) => ({ ...j, inputShape: [6, 6, 2] }), /layer 3 \(pool:2x2, input 5x4x2\): 2x2 pooling does not divide its 5x4 input/],
    ['a misshapen conv weight', (j) => ({ ...j, weights: [[[[[1]]]], ...(j.weights as unknown[]).slice(1)] }), /"weights\[0\]\[0\]" must be an array of 2 arrays, found an array of 1|"weights\[0\]" must be an array of 2 arrays/],
    ['a pool layer with weights', (j) => ({ ...j, weights: [(j.weights as unknown[])[0], [1], (j.weights as unknown[])[2]] }), /"weights\[1\]" must be an array of 0 numbers, found an array of 1/],
    ['a non-finite weight', (j) => ({ ...j, biases: [[1, 'x'], [], (j.biases as unknown[])[2]] }), /"biases\[0\]\[1\]" must be a finite number, found "x"/],
    ['a huge conv', (j) => ({ ...j, inputShape: [5000, 5000, 2], layers: [{ type: 'conv', maps: 5000, field: [40, 40], activation: 'relu' }, { type: 'dense', neurons: 3, activation: 'softmax' }] }), /more than nabla's limit/],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what} with an InputError naming the field`, () => {
      const json = JSON.parse(serializeModel(convModel())) as Record<string, unknown>;
      assert.throws(() => parseModel(JSON.stringify(change(json)), 'm.json'), (error: unknown) => error instanceof InputError && message.test(error.message));
    });
  }

  it('a checkpoint of a conv net keeps its layers', () => {
    const model = convModel();
    const text = serializeCheckpoint({ epoch: 1, examplesDone: 0, order: Uint32Array.from([1, 0]), rng: { s: [1, 2, 3, 4] }, run: {}, model });
    const back = parseCheckpoint(text);
    assert.deepEqual(back.model.network.layers, model.network.layers);
    assert.deepEqual(back.model.network.weights, model.network.weights);
  });
});
