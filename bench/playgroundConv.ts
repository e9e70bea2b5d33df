import type { Browser } from 'playwright-core';

/**
 * The conv view's drawing rate for bench/playground.ts (issue 21, item 5): the chapter 6
 * network in the page, and how many times a second a digit being drawn on the pad gets its
 * feature maps redrawn. The stroke is synthetic but goes the real way: a real mouse press (so
 * the pad captures the pointer), then STROKES pointermove events dispatched on the pad, one an
 * animation frame as a browser delivers a moving pointer's, each drawing a segment of ink,
 * the pad's prepareDigit, and the page's frame (forward pass, maps and filters, output bars).
 * Pacing the moves by the browser's frames, not by the harness's mouse messages (a few dozen a
 * second over the DevTools protocol, which capped the old measure), gives the page's own rate:
 * at most one redraw a frame, fewer when a frame's work outgrows it. The page counts redraws in
 * #conv-panel's data-frames and their forward pass and images in data-drawMs.
 */
export const CHAPTER6_LAYERS = 'conv:20:5x5,pool:2x2,conv:40:5x5,pool:2x2,dense:100,dense:10';
const STROKES = 300;

export interface ConvDrawing {
  /** Redraws of the maps a second while the stroke ran. */
  readonly updatesPerSecond: number;
  /** Animation frames a second of the same page, idle: the most redraws a second can be. */
  readonly framesPerSecond: number;
  /** Mean ms from a digit to its maps drawn (forward pass and images). */
  readonly drawMs: number;
  /** Mean ms of main-thread work a frame of the stroke (every task of the frame: pad, prepareDigit, render). */
  readonly frameWorkMs: number;
}

export async function measureConvDrawing(browser: Browser, base: URL, layers = CHAPTER6_LAYERS): Promise<ConvDrawing> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await page.goto(new URL(`?dataset=mnist&layers=${layers}&output=softmax&cost=log-likelihood&eta=0.1`, base).href);
    await page.waitForSelector('body[data-ready="1"]', { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.getElementById('conv-panel')?.dataset.frames ?? 0) > 0, undefined, { timeout: 30_000 });
    const box = (await (await page.$('#pad'))!.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 5);
    await page.mouse.down();
    const result = await page.evaluate(async (strokes) => {
      const pad = document.getElementById('pad') as HTMLCanvasElement;
      const panel = document.getElementById('conv-panel')!;
      // No named function in here: tsx would wrap it in a __name() call the page does not have.
      // The browser's frame rate, idle: the ceiling.
      let idle = 0;
      const idleStart = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      while (performance.now() - idleStart < 1000) {
        await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        idle++;
      }
      const framesPerSecond = (idle * 1000) / (performance.now() - idleStart);
      // A frame's work: rAF callbacks run in the order they were asked for, so this loop's runs
      // after the page's redraw and the pad's prepareDigit of the same frame; the time from the
      // frame's timestamp to the end of this loop's dispatch covers the three (not style and paint).
      const box = pad.getBoundingClientRect();
      const [frames0, ms0] = [Number(panel.dataset.frames), Number(panel.dataset.drawMs)];
      let busy = 0;
      const start = performance.now();
      for (let i = 1; i <= strokes; i++) {
        const frameStart = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
        const angle = i * 0.05;
        pad.dispatchEvent(new PointerEvent('pointermove', {
          bubbles: true,
          pointerId: 1,
          pointerType: 'mouse',
          isPrimary: true,
          buttons: 1,
          clientX: box.left + box.width * (0.5 + 0.3 * Math.sin(angle)),
          clientY: box.top + box.height * (0.5 - 0.3 * Math.cos(angle)),
        }));
        // Whatever ran in this frame (the pad's callback, the page's redraw) ran before now, or runs before the next frame.
        busy += performance.now() - frameStart;
      }
      // The last move's redraw (two frames: the pad's, then the page's).
      await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      await new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const elapsed = performance.now() - start;
      const [frames1, ms1] = [Number(panel.dataset.frames), Number(panel.dataset.drawMs)];
      const redraws = frames1 - frames0;
      return { updatesPerSecond: (redraws * 1000) / elapsed, framesPerSecond, drawMs: (ms1 - ms0) / Math.max(redraws, 1), redraws, busy: busy / strokes };
    }, STROKES);
    await page.mouse.up();
    if (result.redraws < STROKES * 0.5) throw new Error(`the stroke redrew the maps ${result.redraws} times for ${STROKES} moves: the synthetic moves did not reach the pad`);
    return { updatesPerSecond: result.updatesPerSecond, framesPerSecond: result.framesPerSecond, drawMs: result.drawMs, frameWorkMs: result.busy };
  } finally {
    await context.close();
  }
}
