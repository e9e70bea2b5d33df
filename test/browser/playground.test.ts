import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { siteFiles } from '../../src/cli/commands/playground.ts';
import { InputError } from '../../src/common/errors.ts';
import { parseCsvDataset } from '../../src/data/csv.ts';
import { feedforward } from '../../src/network/feedforward.ts';
import { backprop } from '../../src/network/backprop.ts';
import { createReferenceKernel } from '../../src/kernels/reference.ts';
import { normalizeSpec } from '../../src/kernels/spec.ts';
import { zeroNetwork, type Network } from '../../src/network/network.ts';
import type { UpdateRuleSpec } from '../../src/math/updateRules/index.ts';
import { parseModel } from '../../src/serialization/modelFile.ts';
import { problem2d } from '../../playground/src/problem.ts';
import { drawSeven } from './drawDigit.ts';
import { withPlayground } from './playgroundBrowser.ts';
import { BIN } from './playgroundServer.ts';

/**
 * The playground, end to end: the real `nabla playground` command serves the built page,
 * headless Chromium (Debian's, driven by playwright-core) trains on it, steps through backprop
 * and draws a digit, and every number the page shows is checked against the library in Node.
 * NABLA_SCREENSHOTS=1 keeps the screenshots in docs/ (for the README); otherwise they go to a
 * temporary folder, so a test run leaves the work tree as it was.
 */
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'nabla-playground-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const shotDir = process.env.NABLA_SCREENSHOTS === '1' ? DOCS : scratch;

/** Comma-separated numbers as printed by the page (full precision). */
const numbers = (text: string | null): number[] => (text ?? '').split(',').map(Number);

function assertClose(actual: readonly number[], expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < actual.length; i++) {
    const [a, e] = [actual[i], expected[i]];
    assert.ok(Number.isFinite(a) && Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `${what}[${i}]: page ${a}, library ${e}`);
  }
}

async function readNumber(page: Page, testid: string): Promise<number> {
  return Number(await page.textContent(`[data-testid=${testid}]`));
}

/** Waits until the page's test accuracy passes `threshold`; fails with the last reading. */
async function waitForAccuracy(page: Page, threshold: number, timeout: number): Promise<number> {
  try {
    await page.waitForFunction(
      (t) => Number(document.querySelector('[data-testid=test-accuracy]')?.textContent) > t,
      threshold,
      { timeout, polling: 200 },
    );
  } catch (error) {
    const epoch = await page.textContent('[data-testid=epoch]');
    throw new Error(`test accuracy ${await readNumber(page, 'test-accuracy')} after ${epoch} epochs, expected > ${threshold}`, { cause: error });
  }
  return readNumber(page, 'test-accuracy');
}

/** The library's network after one step of `update` on (x, y) alone, from rest (m = 1, t = 1): what the stepper's last step shows. */
function oneStep(network: Network, x: number[], y: number[], eta: number, n: number, update: UpdateRuleSpec): Network {
  const { sizes, activations, cost } = network;
  const kernel = createReferenceKernel({ sizes, activations, cost, dtype: 'float64', update });
  kernel.setParameters(network);
  const data = kernel.loadDataset({ count: 1, inputSize: x.length, outputSize: y.length, inputs: Float64Array.from(x), inputScale: 1, targets: Float64Array.from(y) });
  kernel.trainBatch(data, Uint32Array.of(0), 0, 1, { learningRate: eta, trainingSize: n, t: 1 });
  const after = zeroNetwork(sizes, activations, cost);
  kernel.getParameters(after);
  return after;
}

/** Saves the page's network with its Save button and reads it back with the library. */
async function savedNetwork(page: Page, name: string): Promise<Network> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
  const file = join(scratch, name);
  await download.saveAs(file);
  return parseModel(readFileSync(file, 'utf8'), file).network;
}

test('nabla playground without a built app says which command builds it', async () => {
  await assert.rejects(siteFiles(join(scratch, 'no-such-build')), (error: unknown) => error instanceof InputError && /npm run build:playground/.test(error.message));
});

test('nabla playground --out writes the app and the MNIST subset as static files', () => {
  const out = join(scratch, 'site');
  const run = spawnSync(process.execPath, [BIN, 'playground', '--out', out], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /wrote the playground/);
  assert.ok(existsSync(join(out, 'index.html')));
  const images = readFileSync(join(out, 'mnist', 'train-images-idx3-ubyte'));
  assert.equal(images.readUInt32BE(0), 0x803, 'an IDX images file');
  assert.equal(images.length, 16 + images.readUInt32BE(4) * 28 * 28);
});

test('the playground in headless Chromium', async (t) => {
  await withPlayground(t, async ({ base, open, consoleErrors, server, stopServer }) => {
    await t.test('listens on 127.0.0.1 only', async () => {
      assert.equal(base.hostname, '127.0.0.1');
      const outside = Object.values(networkInterfaces())
        .flat()
        .find((address) => address !== undefined && !address.internal && address.family === 'IPv4');
      if (outside === undefined) {
        t.diagnostic('no non-loopback IPv4 interface on this machine to try');
        return;
      }
      const refused = await new Promise<string>((resolve) => {
        const socket = connect({ host: outside.address, port: Number(base.port) });
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      assert.notEqual(refused, 'connected', `the playground answered on ${outside.address}:${base.port}`);
    });

    await t.test('serves nothing outside its files', async () => {
      for (const path of ['/../package.json', '/%2e%2e/package.json', '/src/index.ts', '/nope']) {
        const response = await fetch(new URL(path, base));
        assert.equal(response.status, 404, path);
      }
    });

    await t.test('circle: test accuracy passes 95%', async (circle) => {
      const page = await open('?dataset=circle&autoplay=1&speed=max');
      const accuracy = await waitForAccuracy(page, 0.95, 20_000);
      assert.ok(accuracy <= 1);
      assert.ok(Number(await page.textContent('[data-testid=epoch]')) >= 1);
      for (const id of ['train-cost', 'test-cost']) assert.ok(Number.isFinite(await readNumber(page, id)), id);

      await circle.test('step through backprop: δ^L is the library’s', async () => {
        await page.click('#play'); // pause
        await page.fill('#example', '7');
        await page.click('#bp-all');
        await page.waitForSelector('[data-testid=delta-L]');
        const deltaL = numbers(await page.textContent('[data-testid=delta-L]'));
        const x = numbers(await page.textContent('[data-testid=example-x]'));
        const y = numbers(await page.textContent('[data-testid=example-y]'));
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-model')]);
        const file = join(scratch, 'circle.json');
        await download.saveAs(file);
        const { network } = parseModel(readFileSync(file, 'utf8'), file);
        const trace = backprop(network, x, y);
        // Chromium's Math.exp may differ from Node's in the last bit; nothing else differs.
        assertClose(deltaL, trace.deltas[network.sizes.length], 1e-12, 'δ^L');
        assertClose(numbers(await page.textContent('[data-testid=cost-C]')), [trace.cost], 1e-12, 'C');
      });
      await page.close();
    });

    await t.test('circle with Adam, cross-entropy and L2 from the URL: passes 95%, and the URL keeps them', async () => {
      const page = await open('?dataset=circle&sizes=2,8,1&optimizer=adam&eta=0.02&beta2=0.99&cost=cross-entropy&l2=0.001&weights=xavier&autoplay=1&speed=max');
      await waitForAccuracy(page, 0.95, 30_000);
      assert.equal(await page.inputValue('#optimizer'), 'adam');
      assert.equal(await page.isVisible('#beta1'), true, 'β₁ shows for Adam');
      assert.equal(await page.isVisible('#momentum'), false, 'μ hides for Adam');
      await page.click('#play'); // pause
      await page.fill('#example', '4');
      await page.click('#bp-all');
      await page.waitForSelector('[data-testid=delta-L]');
      const network = await savedNetwork(page, 'circle-adam.json');
      assert.equal(network.cost, 'cross-entropy');
      const x = numbers(await page.textContent('[data-testid=example-x]'));
      const y = numbers(await page.textContent('[data-testid=example-y]'));
      const trace = backprop(network, x, y);
      // Cross-entropy with a sigmoid output: δ^L = a^L − y, with no σ'.
      assertClose(numbers(await page.textContent('[data-testid=delta-L]')), trace.deltas[3], 1e-12, 'δ^L');
      assertClose(numbers(await page.textContent('[data-testid=delta-L]')), [trace.activations[3][0] - y[0]], 1e-12, 'a^L − y');
      // The update step is Adam's (with λ = 0.001 over n = 250), taken by the library.
      const after = oneStep(network, x, y, 0.02, 250, { rule: 'adam', beta2: 0.99, l2: 0.001 });
      assertClose(numbers(await page.textContent('[data-testid=cost-after]')), [backprop(after, x, y).cost], 1e-12, 'C after the Adam step');
      // A change in the page rewrites the URL with the whole setup, so the link reproduces it.
      await page.fill('#l1', '0.0005');
      await page.press('#l1', 'Enter');
      await page.waitForFunction(() => location.search.includes('l1=0.0005'));
      const query = new URL(page.url()).searchParams;
      for (const [name, value] of [['optimizer', 'adam'], ['cost', 'cross-entropy'], ['output', 'sigmoid'], ['l2', '0.001'], ['l1', '0.0005'], ['beta2', '0.99'], ['weights', 'xavier'], ['eta', '0.02'], ['sizes', '2,8,1']]) {
        assert.equal(query.get(name), value, `the page's URL keeps ${name}`);
      }
      assert.equal(query.get('beta1'), null, 'β₁ at its default stays out of the link');
      await page.close();
    });

    await t.test('a σ per hidden layer, from the URL and from the layer editor (nabla train --activation relu,tanh)', async () => {
      const page = await open('?dataset=circle&sizes=2,8,6,1&activation=relu,tanh');
      assert.equal(await page.inputValue('#activation'), 'per-layer');
      const layerSelects = page.locator('#layers select');
      assert.deepEqual(await layerSelects.evaluateAll((selects) => selects.map((s) => (s as HTMLSelectElement).value)), ['relu', 'tanh']);
      const network = await savedNetwork(page, 'circle-per-layer.json');
      assert.deepEqual(network.activations, ['relu', 'tanh', 'sigmoid'], 'the network the page trains has them');
      // The same σ in both layers again: one name, in the URL and in the select above.
      await page.selectOption('[aria-label="Activation of layer 3"]', 'relu');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('activation') === 'relu');
      assert.equal(await page.inputValue('#activation'), 'relu');
      await page.close();
    });

    await t.test('softmax and log-likelihood: δ^L is the library’s', async () => {
      const page = await open('?dataset=xor&sizes=2,6,2&activation=tanh&output=softmax&cost=log-likelihood&optimizer=momentum&momentum=0.5&eta=0.3&dropout=0.1&schedule=exp:0.5');
      for (let i = 0; i < 3; i++) await page.click('#step');
      await page.waitForFunction(() => document.querySelector('[data-testid=epoch]')?.textContent === '3');
      // exp:0.5 halves η after every epoch: 0.3 · 0.5³ (exact: halving only changes the exponent).
      assert.equal(await readNumber(page, 'eta-now'), 0.3 * 0.5 ** 3);
      await page.fill('#example', '11');
      await page.click('#bp-all');
      await page.waitForSelector('[data-testid=delta-L]');
      const network = await savedNetwork(page, 'xor-softmax.json');
      assert.deepEqual([network.activations, network.cost], [['tanh', 'softmax'], 'log-likelihood']);
      const x = numbers(await page.textContent('[data-testid=example-x]'));
      const y = numbers(await page.textContent('[data-testid=example-y]'));
      assert.equal(y.length, 2, 'one-hot y for a softmax output');
      const trace = backprop(network, x, y);
      assertClose(numbers(await page.textContent('[data-testid=delta-L]')), trace.deltas[3], 1e-12, 'δ^L');
      assertClose(numbers(await page.textContent('[data-testid=cost-C]')), [trace.cost], 1e-12, 'C');
      const after = oneStep(network, x, y, 0.3 * 0.5 ** 3, 250, { rule: 'momentum', momentum: 0.5 });
      assertClose(numbers(await page.textContent('[data-testid=cost-after]')), [backprop(after, x, y).cost], 1e-12, 'C after the momentum step');
      await page.close();
    });

    await t.test('a cost and output that do not pair, or μ out of range: the library’s message, and no training', async () => {
      const page = await open('?dataset=circle&output=softmax&cost=quadratic&autoplay=1');
      let expected = '';
      try {
        normalizeSpec({ sizes: [2, 8, 8, 2], activations: ['sigmoid', 'sigmoid', 'softmax'], cost: 'quadratic', dtype: 'float64' });
      } catch (error) {
        expected = (error as Error).message;
      }
      assert.ok(expected !== '', 'the library refuses softmax with the quadratic cost');
      await page.waitForFunction(() => document.getElementById('notes')?.dataset.kind === 'error');
      assert.ok((await page.textContent('#notes'))!.startsWith(expected), await page.textContent('#notes') ?? '');
      assert.equal(await page.textContent('#spec-error'), await page.textContent('#notes'));
      assert.equal(await page.isDisabled('#play'), true);
      assert.equal(await page.textContent('[data-testid=epoch]'), '0');
      // Choosing the cost that pairs with softmax clears it.
      await page.selectOption('#cost', 'log-likelihood');
      await page.waitForFunction(() => !(document.getElementById('play') as HTMLButtonElement).disabled);
      assert.equal(await page.isVisible('#spec-error'), false);
      assert.equal(await page.isVisible('#notes'), false);
      // Another 2-D set keeps the softmax's two outputs.
      await page.selectOption('#dataset', 'gauss');
      await page.waitForFunction(() => /sizes 2, 8, 8, 2 /.test(document.getElementById('sizes-summary')?.textContent ?? '') && !(document.getElementById('play') as HTMLButtonElement).disabled);
      // μ ≥ 1 is refused in the library's words too.
      await page.selectOption('#optimizer', 'momentum');
      await page.fill('#momentum', '1.5');
      await page.press('#momentum', 'Enter');
      await page.waitForFunction(() => document.getElementById('notes')?.dataset.kind === 'error' && !document.getElementById('notes')!.hidden);
      assert.equal(await page.textContent('#notes'), 'the momentum μ must be in [0, 1), got 1.5');
      assert.equal(await page.isDisabled('#play'), true);
      await page.close();
    });

    await t.test('regression on the plane: RMSE readouts and curve, the output on a colour scale, the numbers the library’s', async () => {
      const page = await open('?dataset=plane&sizes=2,6,1');
      assert.equal(await page.inputValue('#output'), 'linear', 'a number to predict: a linear output');
      for (const id of ['test-rmse', 'train-rmse', 'plot-scale']) assert.equal(await page.isVisible(`[data-testid=${id}]`), true, id);
      for (const id of ['test-accuracy', 'train-accuracy']) assert.equal(await page.isVisible(`[data-testid=${id}]`), false, id);
      assert.equal(await page.textContent('#accuracy-chart-name'), 'RMSE');
      for (let i = 0; i < 5; i++) await page.click('#step');
      await page.waitForFunction(() => document.querySelector('[data-testid=epoch]')?.textContent === '5');
      // The page's test RMSE after 5 epochs is the library's for the network it saves, on the same points.
      const network = await savedNetwork(page, 'plane.json');
      const problem = problem2d('plane', 0, 1, 50, 1);
      const outputs = Array.from({ length: problem.test.count }, (_, i) => feedforward(network, problem.test.inputs.subarray(2 * i, 2 * i + 2))[0]);
      const rmse = Math.sqrt(outputs.reduce((sum, a, i) => sum + (a - problem.test.targets[i]) ** 2, 0) / problem.test.count);
      assert.equal(await page.textContent('[data-testid=test-rmse]'), rmse.toFixed(4));
      // The stepper walks a regression example too: y is the number, δ^L the library's.
      await page.fill('#example', '3');
      await page.click('#bp-all');
      await page.waitForSelector('[data-testid=delta-L]');
      const x = numbers(await page.textContent('[data-testid=example-x]'));
      const y = numbers(await page.textContent('[data-testid=example-y]'));
      assert.deepEqual(y, [0.6 * (x[0] + x[1])]);
      assertClose(numbers(await page.textContent('[data-testid=delta-L]')), backprop(network, x, y).deltas[3], 1e-12, 'δ^L');
      await page.click('#play');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=test-rmse]')?.textContent) < 0.05, undefined, { timeout: 30_000, polling: 200 });
      await page.close();
    });

    await t.test('input features: from the URL (features=) and the toggles, one input neuron each', async () => {
      const page = await open('?dataset=multigauss&features=x1,x2,x1sq,x2sq,x1x2&sizes=5,8,1');
      const checked = await page.$$eval('#feature-toggles input', (boxes) => (boxes as HTMLInputElement[]).filter((b) => b.checked).map((b) => b.value));
      assert.deepEqual(checked, ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2']);
      await page.check('#feature-sinx1');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('features') === 'x1,x2,x1sq,x2sq,x1x2,sinx1');
      await page.waitForFunction(() => /sizes 6, 8, 1 /.test(document.getElementById('sizes-summary')?.textContent ?? '') && !(document.getElementById('play') as HTMLButtonElement).disabled);
      const network = await savedNetwork(page, 'multigauss-features.json');
      assert.deepEqual(network.sizes, [6, 8, 1]);
      await page.fill('#example', '2');
      await page.click('#bp-all');
      await page.waitForSelector('[data-testid=delta-L]');
      const x = numbers(await page.textContent('[data-testid=example-x]'));
      assertClose(x.slice(2), [x[0] ** 2, x[1] ** 2, x[0] * x[1], Math.sin(x[0])], 1e-12, 'x₁², x₂², x₁x₂, sin x₁');
      // The last feature cannot go: the network needs an input.
      for (const key of ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2']) await page.uncheck(`#feature-${key}`);
      await page.waitForFunction(() => new URL(location.href).searchParams.get('features') === 'sinx1');
      await page.click('#feature-sinx1');
      await page.waitForSelector('[data-testid=refusal]:visible');
      assert.equal(await page.isChecked('#feature-sinx1'), true);
      // Back to a class set: the sigmoid output, one input per feature kept.
      await page.selectOption('#dataset', 'circle');
      await page.waitForFunction(() => new URL(location.href).searchParams.get('dataset') === 'circle');
      assert.equal(await page.inputValue('#output'), 'sigmoid');
      assert.equal(await page.isVisible('[data-testid=test-accuracy]'), true);
      await page.close();
    });

    await t.test('multigauss with five input features: test RMSE below 0.1', async () => {
      const page = await open('?dataset=multigauss&features=x1,x2,x1sq,x2sq,x1x2&sizes=5,8,8,1&autoplay=1&speed=max', 1400, 1000);
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=test-rmse]')?.textContent) < 0.1, undefined, { timeout: 60_000, polling: 200 });
      await page.click('#play');
      await page.screenshot({ path: join(shotDir, 'playground-regression.png') });
      await page.close();
    });

    await t.test('spiral, deeper network: test accuracy passes 90%', async () => {
      const page = await open('?dataset=spiral&sizes=2,16,16,16,1&eta=3&batch=10&autoplay=1&speed=max', 1400, 1000);
      await waitForAccuracy(page, 0.9, 45_000);
      await page.click('#play');
      await page.screenshot({ path: join(shotDir, 'playground.png') });
      await page.fill('#example', '3');
      for (let i = 0; i < 6; i++) await page.click('#bp-next');
      await page.waitForSelector('.step.current .katex');
      await page.screenshot({ path: join(shotDir, 'playground-backprop.png') });
      await page.close();
    });

    await t.test('two quick clicks on Next while the stepper’s math still loads open its second step', async () => {
      const page = await open('?dataset=circle');
      // The stepper's first opening waits for the lazy math chunk: slowed down here, as on a
      // cold or busy machine, so that the second click comes while the first is still waiting.
      let delayed = false;
      await page.route('**/assets/math-*.js', async (route) => {
        delayed = true;
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await route.continue();
      });
      await page.click('#bp-next');
      await page.click('#bp-next');
      await page.waitForFunction(() => document.querySelectorAll('#steps > li').length === 2 && document.querySelector('#steps > li.current .katex') !== null, undefined, { timeout: 10_000 });
      assert.ok(delayed, 'the math chunk was fetched after the route was set');
      await page.close();
    });

    await t.test('MNIST: a drawn digit gets a prediction; a model file loads', async () => {
      const page = await open('?dataset=mnist');
      const draw = () => drawSeven(page);
      await draw();

      const model = join(scratch, 'mnist-init.json');
      const init = spawnSync(process.execPath, [BIN, 'init', '--sizes', '784,12,10', '--seed', '3', '--out', model], { encoding: 'utf8' });
      assert.equal(init.status, 0, init.stderr);
      await page.setInputFiles('#model-file', model);
      await page.waitForFunction(() => /784,12,10/.test(document.getElementById('model-summary')?.textContent ?? ''));
      await draw();
      const input = numbers(await page.getAttribute('#pad', 'data-input'));
      const outputs = numbers(await page.getAttribute('#digit-outputs', 'data-values'));
      const { network } = parseModel(readFileSync(model, 'utf8'), model);
      assert.equal(input.length, 784);
      assertClose(outputs, feedforward(network, input), 1e-12, 'a^L for the drawn digit');
      const predicted = Number(await page.textContent('[data-testid=digit-prediction]'));
      assert.equal(predicted, outputs.indexOf(Math.max(...outputs)));
      await page.close();
    });

    await t.test('CSV: a bad file gets the library’s error; a good one trains', async () => {
      const page = await open('?dataset=csv&speed=max');
      const bad = 'x1,x2,label\n0.5,1.5,a\n0.25,oops,b\n';
      const badFile = join(scratch, 'bad.csv');
      writeFileSync(badFile, bad);
      let expected = '';
      try {
        parseCsvDataset(bad, { name: 'bad.csv' });
      } catch (error) {
        expected = (error as Error).message;
      }
      assert.ok(expected !== '', 'the library refuses the bad file');
      await page.setInputFiles('#csv-file', badFile);
      await page.waitForFunction(() => document.getElementById('notes')?.dataset.kind === 'error');
      assert.equal(await page.textContent('#notes'), expected);

      // Two clusters, labelled by name, in a file sorted by class (the page shuffles before splitting).
      const lines = ['width,height,kind'];
      for (let i = 0; i < 120; i++) lines.push(`${(i < 60 ? 2 : 6) + Math.sin(i) * 0.8},${(i < 60 ? 3 : 9) + Math.cos(i * 1.7) * 0.8},${i < 60 ? 'small' : 'large'}`);
      const goodFile = join(scratch, 'sizes.csv');
      writeFileSync(goodFile, lines.join('\n') + '\n');
      await page.setInputFiles('#csv-file', goodFile);
      await page.waitForFunction(() => /120 rows, 2 features, 2 classes/.test(document.getElementById('data-summary')?.textContent ?? ''));
      await page.click('#play');
      await waitForAccuracy(page, 0.95, 20_000);
      await page.close();
    });

    await t.test('every control has a label and is reachable by keyboard', async () => {
      const page = await open('?dataset=circle', 390, 844);
      const unlabelled = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('button, input, select, canvas[role=img]'))
          .filter((element) => element.offsetParent !== null)
          .filter((element) => {
            const labels = (element as HTMLInputElement).labels;
            const name = element.getAttribute('aria-label') ?? (labels && labels.length > 0 ? labels[0].textContent : element.textContent);
            return (name ?? '').trim() === '';
          })
          .map((element) => element.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(unlabelled, []);
      // Tab from the top reaches Play, and Space on it starts training.
      let reached = false;
      for (let i = 0; i < 60 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => document.activeElement?.id === 'play');
      }
      assert.ok(reached, 'Tab reaches the Play button');
      await page.keyboard.press('Space');
      await page.waitForFunction(() => Number(document.querySelector('[data-testid=epoch]')?.textContent) > 0);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= 390, `the page fits a 390-pixel phone screen without sideways scrolling (it is ${width} px wide)`);
      await page.close();
    });

    await t.test('no console errors', () => {
      assert.deepEqual(consoleErrors, []);
    });

    await t.test('Ctrl-C stops the server cleanly', async () => {
      const status = await stopServer();
      assert.equal(status, 0, server.output());
      assert.match(server.output(), /stopped/);
    });
  });
});

if (process.env.NABLA_SCREENSHOTS === '1') mkdirSync(DOCS, { recursive: true });
