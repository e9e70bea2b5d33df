import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PNG } from 'pngjs';
import { featureMapDigits, MAP_DIGITS } from '../../src/cli/reportMaps.ts';
import type { LabelledData } from '../../src/cli/trainingData.ts';
import type { Dataset } from '../../src/data/dataset.ts';
import { createRng } from '../../src/math/rng.ts';
import { backprop } from '../../src/network/backprop.ts';
import type { Layer } from '../../src/network/layers.ts';
import { createNetwork } from '../../src/network/network.ts';
import { GREY_LEVELS, tilePosition } from '../../src/report/featureMaps.ts';
import { buildReport } from '../../src/report/html.ts';

/**
 * Issue 21, item 7: a conv run's report shows the feature maps of a few evaluation digits, right
 * and wrong, and every map pixel is the library's own a^l for that digit (to half of one of its grey levels).
 */
const side = 10;
const layers: Layer[] = [
  { type: 'conv', maps: 3, field: [3, 3], activation: 'sigmoid' },
  { type: 'pool', size: [2, 2] },
  { type: 'conv', maps: 2, field: [2, 2], activation: 'relu' },
  { type: 'dense', neurons: 4, activation: 'softmax' },
];
const network = createNetwork({ inputShape: [side, side, 1], layers, rng: createRng(5), cost: 'log-likelihood' });
const count = 12;
const inputs = Uint8Array.from({ length: count * side * side }, (_, i) => (i * 37 + Math.floor(i / 7) * 11) % 256);
const labels = Int32Array.from({ length: count }, (_, n) => n % 4);
// Examples 1, 4, 5, 9 and 11 are "misclassified"; the others right.
const wrong = new Set([1, 4, 5, 9, 11]);
const predicted = Int32Array.from(labels, (label, n) => (wrong.has(n) ? (label + 1) % 4 : label));
const evaluation: Dataset = { count, inputSize: side * side, outputSize: 4, inputs, inputScale: 1 / 255, targets: new Float64Array(count * 4), labels };
const data: LabelledData = { description: 'test digits', training: evaluation, evaluation, evaluatedOn: 'test', classes: ['a', 'b', 'c', 'd'], imageSide: side };

test('the report shows the first right and the first wrong digits, the wrong ones marked', () => {
  const digits = featureMapDigits(network, data, predicted, labels);
  assert.deepEqual(
    digits.map((d) => d.index),
    [0, 2, 3, 1, 4, 5],
  );
  assert.equal(MAP_DIGITS.correct + MAP_DIGITS.misclassified, digits.length);
  const html = buildReport({ settings: [], epochs: [], classes: data.classes, confusion: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], featureMaps: digits });
  const figures = [...html.matchAll(/<figure class="maps-digit( wrong)?" data-index="(\d+)" data-label="(\w)" data-predicted="(\w)">/g)];
  assert.deepEqual(
    figures.map((m) => [Number(m[2]), m[1] === ' wrong', m[3], m[4]]),
    [0, 2, 3, 1, 4, 5].map((n) => [n, wrong.has(n), data.classes[labels[n]], data.classes[predicted[n]]]),
  );
  assert.equal((html.match(/misclassified<\/span>/g) ?? []).length, 3);
  // Self-contained: the maps are inline PNGs, nothing is fetched.
  assert.ok(!/http|<script|<link|url\(/i.test(html));
  for (const m of html.matchAll(/src="([^"]*)"/g)) assert.match(m[1], /^data:image\/png;base64,/);
});

test('each map pixel in the report is the grey level of backprop’s a^l for that digit, for every conv and pool layer', () => {
  const digits = featureMapDigits(network, data, predicted, labels);
  const html = buildReport({ settings: [], epochs: [], classes: data.classes, confusion: [[1]], featureMaps: digits });
  const blocks = html.split('<figure class="maps-digit').slice(1);
  assert.equal(blocks.length, digits.length);
  let checked = 0;
  blocks.forEach((block, d) => {
    const n = digits[d].index;
    const x = Float64Array.from(inputs.subarray(n * side * side, (n + 1) * side * side), (v) => v / 255);
    const y = new Float64Array(4);
    y[labels[n]] = 1;
    const { activations } = backprop(network, x, y);
    const shown = [...block.matchAll(/data-layer="(\d+)" data-shape="(\d+)x(\d+)x(\d+)" data-columns="(\d+)" data-low="([^"]+)" data-high="([^"]+)">.*?<img src="data:image\/png;base64,([^"]+)"/g)];
    // Layers 2 (conv), 3 (pool) and 4 (conv); not the dense output.
    assert.deepEqual(
      shown.map((m) => Number(m[1])),
      [2, 3, 4],
    );
    for (const m of shown) {
      const [l, H, W, C, columns] = m.slice(1, 6).map(Number);
      const low = Number(m[6]);
      const span = Number(m[7]) - low;
      const png = PNG.sync.read(Buffer.from(m[8], 'base64'));
      for (let f = 0; f < C; f++) {
        for (let j = 0; j < H; j++) {
          for (let k = 0; k < W; k++) {
            const { x: px, y: py } = tilePosition([H, W, C], columns, f, j, k);
            const grey = png.data[(py * png.width + px) * 4];
            const value = low + ((255 - grey) / 255) * span;
            const a = activations[l][(f * H + j) * W + k];
            assert.ok(Math.abs(value - a) <= span / (2 * (GREY_LEVELS - 1)) + 1e-12, `digit ${n} layer ${l} map ${f} (${j}, ${k}): shown ${value}, a^l ${a}`);
            checked++;
          }
        }
      }
    }
  });
  // 6 digits × (3·8·8 + 3·4·4 + 2·3·3) values.
  assert.equal(checked, 6 * (192 + 48 + 18));
});

test('a dense net, or data that are not images, adds no feature maps', () => {
  const dense = createNetwork({ sizes: [side * side, 5, 4], rng: createRng(1) });
  assert.deepEqual(featureMapDigits(dense, data, predicted, labels), []);
  assert.deepEqual(featureMapDigits(network, { ...data, imageSide: undefined }, predicted, labels), []);
  const html = buildReport({ settings: [], epochs: [], classes: ['a'], confusion: [[1]], featureMaps: [] });
  assert.ok(!html.includes('maps-digit'));
});
