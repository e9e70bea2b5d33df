import assert from 'node:assert/strict';
import { test } from 'node:test';
import { editedSetup, entriesOf, frontEnd, inserted, NEW_CONV, NEW_POOL, removed, replaced } from '../../playground/src/layerEdits.ts';
import { parseSetup } from '../../playground/src/state.ts';
import { createRng } from '../../src/math/rng.ts';
import { backprop } from '../../src/network/backprop.ts';
import { createNetwork } from '../../src/network/network.ts';
import { specOf } from '../../playground/src/spec.ts';
import { withPlayground } from './playgroundBrowser.ts';

/**
 * Issue 21, item 1: the layer editor adds conv and pool layers in front of the dense ones and
 * removes them, the URL's `layers=` follows, and an impossible shape is refused with the
 * library's sentence instead of training.
 */
const dense = { layers: '', sizes: [784, 30, 10], activation: 'sigmoid' };

test('edits of the layer list: conv and pool go in front of the dense layers, σ lists keep each layer’s σ', () => {
  const entries = entriesOf(dense);
  assert.deepEqual(entries, [{ type: 'dense', neurons: 30 }, { type: 'dense', neurons: 10 }]);
  assert.equal(frontEnd(entries), 0);
  const conv = editedSetup(dense, inserted(entries, 0, NEW_CONV), { added: 0 });
  assert.deepEqual(conv, { layers: 'conv:8:5x5,dense:30,dense:10', sizes: [784, 8 * 24 * 24, 30, 10], activation: 'sigmoid' });
  const pooled = editedSetup(conv, inserted(entriesOf(conv), frontEnd(entriesOf(conv)), NEW_POOL), { added: 1 });
  assert.equal(pooled.layers, 'conv:8:5x5,pool:2x2,dense:30,dense:10');
  // A per-layer σ list: a new conv layer takes its neighbour's σ, a pool layer none; removing a layer drops its σ.
  const listed = { ...pooled, activation: 'relu,tanh' };
  const second = editedSetup(listed, inserted(entriesOf(listed), 2, NEW_CONV), { added: 2 });
  assert.equal(second.layers, 'conv:8:5x5,pool:2x2,conv:8:5x5,dense:30,dense:10');
  assert.equal(second.activation, 'relu,tanh,tanh');
  assert.equal(editedSetup(second, removed(entriesOf(second), 0), { removed: 0 }).activation, 'tanh');
  // Without conv and pool layers the network is dense again, of the dense layers' sizes.
  assert.deepEqual(editedSetup(pooled, removed(removed(entriesOf(pooled), 0), 0), { removed: 0 }), dense);
});

test('an impossible shape is refused with the library’s sentence naming the layer', () => {
  const setup = { layers: 'conv:8:5x5,pool:2x2,dense:30,dense:10', sizes: [784, 4608, 1152, 30, 10], activation: 'sigmoid' };
  const entries = entriesOf(setup);
  assert.throws(() => editedSetup(setup, replaced(entries, 0, { type: 'conv', maps: 8, field: [6, 6] })), /layer 3 \(pool:2x2, input 23x23x8\): 2x2 pooling does not divide its 23x23 input/);
  assert.throws(() => editedSetup(setup, inserted(entries, 3, NEW_CONV)), /layer 5 \(conv:8:5x5, input 1x1x30\): a conv layer cannot follow a dense layer/);
});

test('the layer editor in headless Chromium: add a conv and a pool layer, see the URL and the maps, refuse an impossible shape, remove them', async (t) => {
  await withPlayground(t, async ({ open, consoleErrors }) => {
    const page = await open('?dataset=mnist&sizes=784,30,10');
    const layersOf = () => new URL(page.url()).searchParams.get('layers');
    const mapsShown = () => page.$$eval('[data-testid=feature-map]', (images) => images.map((image) => `${(image as HTMLElement).dataset.layer}:${(image as HTMLElement).dataset.map}`));
    assert.equal(layersOf(), null);

    await page.click('#add-conv');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'conv:8:5x5,dense:30,dense:10');
    await page.click('#add-pool');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'conv:8:5x5,pool:2x2,dense:30,dense:10');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=feature-map]').length === 16);
    assert.deepEqual(await mapsShown(), [...Array.from({ length: 8 }, (_, f) => `2:${f}`), ...Array.from({ length: 8 }, (_, f) => `3:${f}`)]);
    assert.match((await page.textContent('[data-testid=layer-row][data-layer="3"]')) ?? '', /max-pool → 12×12×8/);
    // The maps are the library's, for the network the page built from its URL.
    const { setup } = parseSetup(new URL(page.url()).search);
    const spec = specOf(setup, setup.sizes, 'float32');
    const network = createNetwork({ sizes: spec.sizes, rng: createRng(setup.seed), init: 'scaled-normal', activations: spec.activations, cost: spec.cost, inputShape: spec.inputShape, layers: spec.layers });
    await page.waitForFunction(() => (document.querySelector('[data-testid=feature-map][data-layer="3"]') as HTMLCanvasElement & { values?: Float64Array }).values !== undefined);
    const x = await page.$eval('#conv-panel', (panel) => Array.from((panel as HTMLElement & { input?: ArrayLike<number> }).input ?? []));
    const trace = backprop(network, x, new Float64Array(10));
    const pool0 = await page.$eval('[data-testid=feature-map][data-layer="3"][data-map="0"]', (image) => Array.from((image as HTMLCanvasElement & { values?: Float64Array }).values ?? []));
    assert.equal(pool0.length, 144);
    pool0.forEach((v, i) => assert.ok(Math.abs(v - trace.activations[3][i]) <= 1e-12, `a^3 map 0 [${i}]: page ${v}, library ${trace.activations[3][i]}`));

    // More maps: the URL and the maps follow.
    await page.click('#maps-2-plus');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'conv:9:5x5,pool:2x2,dense:30,dense:10');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=feature-map]').length === 18);

    // A 6×6 field makes 23×23 maps, which 2×2 pooling cannot divide: refused, with the library's sentence.
    await page.selectOption('#field-2', '6x6');
    await page.waitForSelector('#spec-error:not([hidden])');
    assert.match((await page.textContent('#spec-error')) ?? '', /layer 3 \(pool:2x2, input 23x23x9\): 2x2 pooling does not divide its 23x23 input/);
    assert.equal(layersOf(), 'conv:9:5x5,pool:2x2,dense:30,dense:10');
    assert.equal(await page.inputValue('#field-2'), '5x5');

    // Removing both: the dense network again.
    await page.click('[data-testid=layer-row][data-layer="2"] [data-testid=remove-layer]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === 'pool:2x2,dense:30,dense:10');
    await page.click('[data-testid=layer-row][data-layer="2"] [data-testid=remove-layer]');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') === null);
    assert.equal(new URL(page.url()).searchParams.get('sizes'), '784,30,10');
    await page.waitForSelector('#conv-panel', { state: 'hidden' });
    assert.deepEqual(consoleErrors, []);
  });
});
