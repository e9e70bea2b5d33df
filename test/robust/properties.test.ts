import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { hasUnsafeText, safeText } from '../../src/common/safeText.ts';
import { parseCsvDataset, parseCsvRows } from '../../src/data/csv.ts';
import { InputError } from '../../src/common/errors.ts';
import { parseIdx } from '../../src/data/idx.ts';
import { createRng } from '../../src/math/rng.ts';
import { createNetwork } from '../../src/network/network.ts';
import { parseModel, serializeModel } from '../../src/serialization/modelFile.ts';

/** Issue 12, point 7: properties of the readers over generated input (fast-check, seeded so a failure reproduces). */

const SEED = 12;
const options = { seed: SEED, numRuns: 300 };

/** Runs `read`; a thrown error must be an InputError of one line. Returns the result or undefined. */
function resultOrInputError<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    assert.ok(!error.message.includes('\n'));
    return undefined;
  }
}

test('CSV: rows of finite float64 numbers read back exactly', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 6 }).chain((width) => fc.array(fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })), (rows) => {
      const text = rows.map((r) => r.map(String).join(',')).join('\n');
      const read = parseCsvRows(text);
      // String(-0) is '0': the one value that does not keep its sign through text.
      assert.deepEqual(read, rows.map((r) => r.map((x) => (x === 0 ? 0 : x))));
    }),
    options,
  );
});

test('CSV: any text gives finite rows of one width, or one InputError line', () => {
  const cell = fc.oneof(fc.double().map(String), fc.constantFrom('1e400', '-1e400', '', 'x', '"a,b"', '1,2', '\r\n', '"', 'NaN'), fc.string());
  const text = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }).map((cells) => cells.join(',')), { maxLength: 6 }).map((lines) => lines.join('\n'));
  fc.assert(
    fc.property(text, (csv) => {
      const rows = resultOrInputError(() => parseCsvRows(csv));
      if (rows === undefined) return;
      assert.ok(rows.every((r) => r.length === rows[0].length && r.every(Number.isFinite)));
      const data = resultOrInputError(() => parseCsvDataset(csv));
      if (data !== undefined) assert.ok(data.dataset.inputs.every(Number.isFinite));
    }),
    options,
  );
});

test('IDX: any bytes give data of exactly the declared size, or one InputError line', () => {
  const header = fc.tuple(fc.constantFrom(0, 1), fc.constantFrom(0x08, 0x09, 0x0d), fc.integer({ min: 0, max: 4 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 4 }));
  fc.assert(
    fc.property(header, fc.uint8Array({ maxLength: 64 }), ([zero, type, n, dims], tail) => {
      const bytes = new Uint8Array(4 + 4 * dims.length + tail.length);
      bytes[1] = zero;
      bytes[2] = type;
      bytes[3] = n;
      const view = new DataView(bytes.buffer);
      dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
      bytes.set(tail, 4 + 4 * dims.length);
      const idx = resultOrInputError(() => parseIdx(bytes));
      if (idx !== undefined) assert.equal(idx.data.length, idx.dims.reduce((a, b) => a * b, 1));
    }),
    options,
  );
});

test('model file: a network written and read back has the same bits; any JSON value is a model or one InputError line', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 4 }), fc.integer({ min: 0, max: 1000 }), (sizes, seed) => {
      const network = createNetwork({ sizes, rng: createRng(seed) });
      const back = parseModel(serializeModel({ network })).network;
      for (let l = 2; l <= sizes.length; l++) {
        assert.deepEqual(back.weights[l], network.weights[l]);
        assert.deepEqual(back.biases[l], network.biases[l]);
      }
    }),
    options,
  );
  const field = fc.oneof(fc.jsonValue(), fc.constant([784, 1e9, 10]), fc.constant([2, 1]));
  const model = fc.record({ format: fc.oneof(fc.constant('nabla-model'), fc.string()), version: fc.oneof(fc.constant(1), fc.jsonValue()), sizes: field, activation: fc.constantFrom('sigmoid', 'x'), cost: fc.constantFrom('quadratic', 'y'), weights: fc.oneof(fc.jsonValue(), fc.constant([[[1, 2]]])), biases: fc.oneof(fc.jsonValue(), fc.constant([[0]])), classes: fc.jsonValue() }, { requiredKeys: [] });
  fc.assert(
    fc.property(fc.oneof(model, fc.jsonValue()), (json) => {
      const read = resultOrInputError(() => parseModel(JSON.stringify(json) ?? 'null'));
      if (read !== undefined) assert.ok(read.network.weights.every((w) => w.every(Number.isFinite)));
    }),
    options,
  );
});

test('safeText: no control or bidi character survives, the original is cut to max, and plain text is unchanged', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.integer({ min: 1, max: 100 }), (text, max) => {
      const shown = safeText(text, max);
      assert.ok(!hasUnsafeText(shown), JSON.stringify(shown));
      if (text.length <= max && !hasUnsafeText(text)) assert.equal(shown, text);
      if (text.length > max) assert.match(shown, /… \(\d+ more characters\)$/);
    }),
    options,
  );
});
