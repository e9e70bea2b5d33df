/**
 * `npm run bench:playground`: the playground's weight and first render, as the README
 * reports them. Reads the built app (playground/dist/, from `npm run build:playground`):
 * each JavaScript and CSS file's size raw and gzip-compressed (level 9), and what a first
 * visit loads before the page draws (index.html, the page's script and stylesheet, and the
 * worker with the WebAssembly kernels; KaTeX loads only when the stepper opens). Then it
 * serves the app with the real `nabla playground` command, opens it RUNS times in headless
 * Chromium (a fresh page each time, cache disabled) and reports the median time from
 * navigation to the first contentful paint and to the page's 'nabla:first-render' mark (the
 * first frame with the network diagram, the readouts and the decision boundary drawn). Last,
 * the conv view's redraw rate while a digit is drawn, for the chapter 6 network
 * (bench/playgroundConv.ts: synthetic moves paced by the browser's frames, three strokes).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM_MISSING, CHROMIUM_PATH, chromiumInstalled } from './browser/harness.ts';
import { startPlayground } from '../test/browser/playgroundServer.ts';
import { CHAPTER6_LAYERS, measureConvDrawing, type ConvDrawing } from './playgroundConv.ts';

const RUNS = 7;
const DIST = fileURLToPath(new URL('../playground/dist/', import.meta.url));
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const assets = join(DIST, 'assets');
const rows = readdirSync(assets)
  .filter((name) => /\.(js|css)$/.test(name))
  .map((name) => {
    const body = readFileSync(join(assets, name));
    return { name, raw: statSync(join(assets, name)).size, gzip: gzipSync(body, { level: 9 }).length };
  })
  .sort((a, b) => b.raw - a.raw);
console.log('Built files (playground/dist/assets):');
for (const row of rows) console.log(`  ${row.name.padEnd(28)} ${kb(row.raw).padStart(10)} raw ${kb(row.gzip).padStart(10)} gzip`);
const firstVisit = rows.filter((row) => /^(index|worker)-/.test(row.name));
const html = readFileSync(join(DIST, 'index.html'));
const firstRaw = firstVisit.reduce((n, r) => n + r.raw, html.length);
const firstGzip = firstVisit.reduce((n, r) => n + r.gzip, gzipSync(html, { level: 9 }).length);
console.log(`First visit (index.html, index-*.js/css, worker-*.js): ${kb(firstRaw)} raw, ${kb(firstGzip)} gzip; KaTeX (math-*) loads with the stepper`);
const convRows = rows.filter((row) => /^convMaps-/.test(row.name));
console.log(`The conv view (convMaps-*.js, loaded when the network has conv layers): ${kb(convRows.reduce((n, r) => n + r.raw, 0))} raw, ${kb(convRows.reduce((n, r) => n + r.gzip, 0))} gzip; its stepper steps travel in math-*`);

if (!chromiumInstalled()) {
  console.log(CHROMIUM_MISSING);
  process.exit(0);
}
const server = await startPlayground();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS });
const paints: number[] = [];
const renders: number[] = [];
const drawing: ConvDrawing[] = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const session = await context.newCDPSession(page);
    await session.send('Network.setCacheDisabled', { cacheDisabled: true });
    await page.goto(new URL('?dataset=circle', server.url).href);
    await page.waitForFunction(() => performance.getEntriesByName('nabla:first-render').length > 0, undefined, { timeout: 30_000 });
    const [paint, render] = await page.evaluate(() => [
      performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      performance.getEntriesByName('nabla:first-render')[0].startTime,
    ]);
    paints.push(paint);
    renders.push(render);
    await context.close();
  }
  for (let turn = 0; turn < 3; turn++) drawing.push(await measureConvDrawing(browser, server.url));
} finally {
  await browser.close();
  await server.interrupt();
}
console.log(`First contentful paint: median ${median(paints).toFixed(0)} ms of ${RUNS} loads (${paints.map((v) => v.toFixed(0)).join(', ')})`);
console.log(`First render (network, readouts, boundary drawn): median ${median(renders).toFixed(0)} ms (${renders.map((v) => v.toFixed(0)).join(', ')})`);
if (drawing.length > 0) {
  const list = (f: (d: ConvDrawing) => number, digits = 1) => drawing.map((d) => f(d).toFixed(digits)).join(', ');
  console.log(`Drawing a digit with ${CHAPTER6_LAYERS}: the maps redrawn ${median(drawing.map((d) => d.updatesPerSecond)).toFixed(1)} times a second (median of ${drawing.length} strokes: ${list((d) => d.updatesPerSecond)}; goal ≥ 30), the browser's idle frame rate ${median(drawing.map((d) => d.framesPerSecond)).toFixed(1)} a second`);
  console.log(`  per redraw: ${median(drawing.map((d) => d.drawMs)).toFixed(2)} ms forward pass and images (${list((d) => d.drawMs, 2)}), ${median(drawing.map((d) => d.frameWorkMs)).toFixed(2)} ms of script a frame in all (stroke, prepareDigit, redraw: ${list((d) => d.frameWorkMs, 2)})`);
}
console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, load average ${os.loadavg()[0].toFixed(1)}, Chromium ${browser.version()}, Node ${process.version}`);
