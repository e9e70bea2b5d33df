import type { Browser } from 'playwright-core';

/**
 * The conv view's drawing rate for bench/playground.ts (issue 21, item 5): the chapter 6
 * network (network3.py's conv:20:5x5, pool:2x2, dense:100, dense:10) in the page, a digit drawn
 * on the pad with the mouse for SECONDS, and how many frames redrew the feature maps and
 * filters in that time (the page counts them in #conv-panel's data-frames), with the mean time
 * from a digit to its maps drawn (data-drawMs: the forward pass and the images). The dense
 * MNIST page ([784, 30, 10]) takes turns with it as the baseline: how fast this browser, under
 * this load, hands mouse moves to the pad at all.
 */
export const CHAPTER6_LAYERS = 'conv:20:5x5,pool:2x2,dense:100,dense:10';
const SECONDS = 4;

export interface ConvDrawing {
  /** Frames that redrew the maps, a second (NaN for the dense page, which has none). */
  readonly framesPerSecond: number;
  readonly drawMs: number;
  readonly mouseMovesPerSecond: number;
}

export async function measureConvDrawing(browser: Browser, base: URL, layers: string | undefined = CHAPTER6_LAYERS): Promise<ConvDrawing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(new URL(layers === undefined ? '?dataset=mnist' : `?dataset=mnist&layers=${layers}&output=softmax&cost=log-likelihood&eta=0.1`, base).href);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    if (layers !== undefined) await page.waitForFunction(() => Number(document.getElementById('conv-panel')?.dataset.frames ?? 0) > 0, undefined, { timeout: 30_000 });
    const box = (await (await page.$('#pad'))!.boundingBox())!;
    const read = () => page.evaluate(() => [Number(document.getElementById('conv-panel')!.dataset.frames), Number(document.getElementById('conv-panel')!.dataset.drawMs)]);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 4);
    await page.mouse.down();
    const [frames0, ms0] = await read();
    const start = performance.now();
    let moves = 0;
    // A loop around the pad, one small step a move, as a hand draws.
    while (performance.now() - start < SECONDS * 1000) {
      const angle = moves * 0.05;
      await page.mouse.move(box.x + box.width * (0.5 + 0.3 * Math.sin(angle)), box.y + box.height * (0.5 - 0.3 * Math.cos(angle)));
      moves++;
    }
    const seconds = (performance.now() - start) / 1000;
    await page.mouse.up();
    const [frames1, ms1] = await read();
    const frames = frames1 - frames0;
    return { framesPerSecond: frames / seconds, drawMs: (ms1 - ms0) / Math.max(frames, 1), mouseMovesPerSecond: moves / seconds };
  } finally {
    await context.close();
  }
}
