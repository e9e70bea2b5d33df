import type { Page } from 'playwright-core';

/**
 * Draws a "7" on the playground's pad with the mouse (a bar across the top, then a stroke down
 * to the left), after clearing it, and waits until the page has drawn what it makes of it.
 */
export async function drawSeven(page: Page): Promise<void> {
  await page.click('#clear-pad');
  const box = (await (await page.$('#pad'))!.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.25);
  await page.mouse.down();
  for (const [fx, fy] of [[0.5, 0.25], [0.7, 0.25], [0.6, 0.5], [0.45, 0.8]]) await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy, { steps: 6 });
  await page.mouse.up();
  await page.waitForFunction(() => /^\d$/.test(document.querySelector('[data-testid=digit-prediction]')?.textContent ?? ''));
  // Two frames: the page draws the last stroke's prediction (and maps) on the next one.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}
