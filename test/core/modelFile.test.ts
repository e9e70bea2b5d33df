import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InputError } from '../../src/common/errors.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork, zeroNetwork } from '../../src/network/network.ts';
import { modelToJson, parseModel, serializeModel } from '../../src/serialization/modelFile.ts';

test('serialize → parse gives identical float64 parameters (and normalization, classes)', () => {
  const rng = createRng(3);
  const network = createNetwork({ sizes: [5, 7, 1, 3], rng });
  // Values whose shortest decimal form is long, and extremes.
  network.weights[2][0] = 0.1 + 0.2;
  network.weights[2][1] = 5e-324;
  network.biases[4][2] = -1.7976931348623157e308;
  const model = {
    network,
    normalization: { mean: [1 / 3, 2, -0.5, 1e-9, 7], std: [1, 2 / 3, 0.25, 1e9, 1e-3] },
    classes: ['a', 'b', 'c'],
  };
  const parsed = parseModel(serializeModel(model));
  assert.deepEqual(parsed.network.sizes, network.sizes);
  for (let l = 2; l <= 4; l++) {
    assert.deepEqual(parsed.network.weights[l], network.weights[l]);
    assert.deepEqual(parsed.network.biases[l], network.biases[l]);
  }
  assert.deepEqual(parsed.normalization, model.normalization);
  assert.deepEqual(parsed.classes, model.classes);
  assert.deepEqual(parsed.network.activations, ['sigmoid', 'sigmoid', 'sigmoid']);
  assert.equal(parsed.network.cost, 'quadratic');
});

test('orientation: weights[i][j][k] = w^{i+2}_{jk} = network.weights[i+2][j·n_{i+1} + k]', () => {
  const network = zeroNetwork([3, 2, 4]);
  // w^2_{jk} = 10j + k, w^3_{jk} = 100 + 10j + k
  for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) network.weights[2][j * 3 + k] = 10 * j + k;
  for (let j = 0; j < 4; j++) for (let k = 0; k < 2; k++) network.weights[3][j * 2 + k] = 100 + 10 * j + k;
  const json = modelToJson({ network });
  assert.deepEqual(json.weights[0], [[0, 1, 2], [10, 11, 12]]); // w^2: 2 rows (layer 2) × 3 columns (layer 1)
  assert.deepEqual(json.weights[1], [[100, 101], [110, 111], [120, 121], [130, 131]]); // w^3: 4 × 2
  assert.equal(json.biases.length, 2);
  assert.equal(parseModel(JSON.stringify(json)).network.weights[3][2 * 2 + 1], 121);
});

/** A valid v1 model file as an object, to break one field at a time. */
function validJson(): Record<string, unknown> {
  return JSON.parse(serializeModel({ network: createNetwork({ sizes: [2, 3, 1], rng: createRng(1) }) })) as Record<string, unknown>;
}

function refused(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseModel(text, 'm.json'),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
      assert.match(error.message, pattern);
      assert.ok(!error.message.includes('\n'), 'one line');
      assert.ok(error.message.startsWith('m.json'), `names the file: ${error.message}`);
      return true;
    },
  );
}

test('an unknown version is refused with a clear message', () => {
  refused(JSON.stringify({ ...validJson(), version: 4 }), /version 4 is not one this nabla reads.*versions 1, 2, 3/);
  refused(JSON.stringify({ ...validJson(), version: '1' }), /version "1"/);
});

const malformed: [string, (json: Record<string, unknown>) => unknown, RegExp][] = [
  ['not an object', () => [1, 2], /JSON object/],
  ['wrong format', (j) => ({ ...j, format: 'keras' }), /"format" must be "nabla-model", found "keras"/],
  ['no sizes', (j) => ({ ...j, sizes: undefined }), /"sizes"/],
  ['one layer', (j) => ({ ...j, sizes: [2] }), /"sizes".*at least 2 layers/],
  ['fractional size', (j) => ({ ...j, sizes: [2, 1.5, 1] }), /"sizes".*sizes\[1\].*positive integer/],
  ['unknown activation (version 1)', (j) => ({ ...j, version: 1, activations: undefined, activation: 'swish' }), /"activation" must be one of sigmoid, tanh, relu, leaky-relu, linear, found "swish"/],
  ['unknown activation', (j) => ({ ...j, activations: ['swish', 'sigmoid'] }), /"activations": unknown activation 'swish' for layer 2/],
  ['one activation too few', (j) => ({ ...j, activations: ['sigmoid'] }), /"activations" must be an array of 2 names/],
  ['softmax in a hidden layer', (j) => ({ ...j, activations: ['softmax', 'sigmoid'] }), /softmax can only be the output layer's activation, not layer 2's/],
  ['a cost its output cannot have', (j) => ({ ...j, activations: ['relu', 'linear'], cost: 'cross-entropy' }), /the cross-entropy cost needs a sigmoid output layer, not linear/],
  ['unknown task', (j) => ({ ...j, task: 'ranking' }), /"task" must be one of classification, regression, found "ranking"/],
  ['unknown cost', (j) => ({ ...j, cost: 'cross' }), /"cost" must be one of quadratic, cross-entropy, log-likelihood/],
  ['no weights', (j) => ({ ...j, weights: undefined }), /"weights" must be an array of 2 matrices.*missing/],
  ['too few weight matrices', (j) => ({ ...j, weights: (j.weights as unknown[]).slice(0, 1) }), /"weights" must be an array of 2 matrices.*found an array of 1/],
  ['no biases', (j) => ({ ...j, biases: undefined }), /"biases" must be an array of 2 vectors/],
  ['wrong row count', (j) => ({ ...j, weights: [(j.weights as number[][][])[0].slice(0, 2), (j.weights as unknown[])[1]] }), /"weights\[0\]" \(w\^2\) must have 3 rows, found an array of 2/],
  ['wrong row length', (j) => ({ ...j, weights: [[[1, 2], [3, 4], [5]], (j.weights as unknown[])[1]] }), /"weights\[0\]\[2\]" must be an array of 2 numbers, found an array of 1/],
  ['a string weight', (j) => ({ ...j, weights: [[[1, 2], [3, '4'], [5, 6]], (j.weights as unknown[])[1]] }), /"weights\[0\]\[1\]\[1\]" must be a finite number, found "4"/],
  ['a null weight (NaN or Infinity in JSON)', (j) => ({ ...j, weights: [[[1, 2], [3, 4], [5, null]], (j.weights as unknown[])[1]] }), /"weights\[0\]\[2\]\[1\]" must be a finite number, found null/],
  ['wrong bias length', (j) => ({ ...j, biases: [[0, 0], [0]] }), /"biases\[0\]" must be an array of 3 numbers, found an array of 2/],
  ['bad normalization std', (j) => ({ ...j, normalization: { mean: [0, 0], std: [1, 0] } }), /"normalization.std\[1\]" must be positive/],
  ['short normalization mean', (j) => ({ ...j, normalization: { mean: [0], std: [1, 1] } }), /"normalization.mean" must be an array of 2 numbers/],
  ['classes of the wrong length', (j) => ({ ...j, classes: ['a', 'b'] }), /"classes" must be an array of 1 strings/],
];

for (const [name, breakIt, pattern] of malformed) {
  test(`a malformed model is refused naming the field: ${name}`, () => {
    refused(JSON.stringify(breakIt(validJson())), pattern);
  });
}

test('text that is not JSON, and a number too big for float64 (Infinity), are refused', () => {
  refused('{"format": "nabla-model", ', /is not valid JSON/);
  refused('', /is not valid JSON/);
  const text = serializeModel({ network: createNetwork({ sizes: [2, 3, 1], rng: createRng(1) }) }).replace(/"biases":\[\[[^,]+/, '"biases":[[1e999');
  // JSON.parse reads 1e999 as Infinity: named as such, not as JSON's "null".
  refused(text, /"biases\[0\]\[0\]" must be a finite number, found Infinity/);
});
