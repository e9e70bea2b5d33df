import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { buildReport } from '../../src/report/html.ts';
import { buildRegressionReport } from '../../src/report/regressionHtml.ts';
import type { EpochReport } from '../../src/training/sgd.ts';
import { withPlayground } from './playgroundBrowser.ts';

/**
 * What fits where, measured in headless Chromium at a laptop's 1440 px and a phone's 390 px:
 * the stepper's formulas inside their column (no block wider than its box, the panel's header
 * in view after "Show all"), no sideways page scroll, the per-layer σ select wide enough for
 * its longest name, a refusal shown beside the control that caused it, and the HTML reports
 * on a phone. The numbers themselves are playground.test.ts's.
 */
const scratch = mkdtempSync(join(tmpdir(), 'nabla-playground-layout-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const WIDTHS = [
  [1440, 900],
  [390, 844],
] as const;

/** Blocks wider than their box, as "selector: scrollWidth > clientWidth". */
function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (elements) =>
    elements.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.className}: ${e.scrollWidth} > ${e.clientWidth} (${(e.textContent ?? '').slice(0, 40)})`),
  );
}

const documentWidth = (page: Page): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth);

/** Vertical gap from the bottom of `control` to the top of `banner`, and whether they share a column. */
async function besides(page: Page, control: string, banner: string): Promise<{ gap: number; overlap: boolean }> {
  const [a, b] = await Promise.all([page.locator(control).boundingBox(), page.locator(banner).boundingBox()]);
  assert.ok(a !== null && b !== null, `${control} and ${banner} are both shown`);
  return { gap: b.y - (a.y + a.height), overlap: b.x < a.x + a.width && a.x < b.x + b.width };
}

test('the playground and the reports fit a laptop and a phone', async (t) => {
  await withPlayground(t, async ({ open, newPage }) => {
    for (const [width, height] of WIDTHS) {
      // The case, and the default network, whose 8-wide rows of a^{l−1} cannot break.
      for (const query of ['?dataset=xor&sizes=2,4,1', '?dataset=circle&sizes=2,8,8,1']) {
        await t.test(`${width} px, ${query}: "Show all" keeps every formula inside the stepper, and its header in view`, async () => {
          const page = await open(query, width, height);
          await page.click('#bp-all');
          await page.waitForSelector('[data-testid=stepper] .step .katex');
          await page.waitForFunction(() => document.querySelectorAll('[data-testid=stepper] .step .formula').length >= 7);
          // KaTeX's fonts load after the first layout: measure once they are in.
          await page.evaluate(() => document.fonts.ready);
          const blocks = await overflowing(page, '[data-testid=stepper] .formula, [data-testid=stepper] .numbers, [data-testid=stepper] .step');
          assert.deepEqual(blocks, [], 'no formula block is wider than its box');
          const panel = await overflowing(page, '[data-testid=stepper]');
          assert.deepEqual(panel, [], 'the stepper does not scroll sideways');
          const header = await page.evaluate(() => {
            const heading = document.getElementById('stepper-heading')!.getBoundingClientRect();
            const panelBox = document.querySelector('[data-testid=stepper]')!.getBoundingClientRect();
            const sticky = getComputedStyle(document.querySelector('[data-testid=stepper]')!).position === 'sticky';
            return { top: heading.top, panelTop: panelBox.top, sticky };
          });
          // Beside the network (wide screens) the panel scrolls on its own: its header stays at its top.
          if (header.sticky) assert.ok(header.top >= header.panelTop, `the stepper's header scrolled out of its panel (${header.top} < ${header.panelTop})`);
          const pageWidth = await documentWidth(page);
          assert.ok(pageWidth <= width, `the page is ${pageWidth} px wide at ${width} px: it scrolls sideways`);
          await page.screenshot({ path: join(process.env.NABLA_LAYOUT_SHOTS ?? scratch, `stepper-${width}-${query.replace(/\W+/g, '-')}.png`), fullPage: width < 500 });
          await page.close();
        });
      }

      await t.test(`${width} px: each layer's σ select shows its whole name; the regression page with every feature fits`, async () => {
        const page = await open('?dataset=multigauss&features=x1,x2,x1sq,x2sq,x1x2,sinx1,sinx2&sizes=7,8,6,1&activation=leaky-relu,sigmoid', width, height);
        const clipped = await page.$$eval('#layers select', (selects) =>
          (selects as HTMLSelectElement[]).flatMap((select) => {
            const context = document.createElement('canvas').getContext('2d')!;
            const style = getComputedStyle(select);
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const longest = Math.max(...Array.from(select.options, (o) => context.measureText(o.text).width));
            // the text, the padding on both sides and the drop-down arrow (about 20 px)
            const needed = longest + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight) + 20;
            return select.clientWidth < needed ? [`${select.getAttribute('aria-label')}: ${select.clientWidth} px < ${Math.ceil(needed)} px`] : [];
          }),
        );
        assert.deepEqual(clipped, []);
        assert.ok((await documentWidth(page)) <= width);
        await page.close();
      });
    }

    await t.test('a refusal appears beside the control that caused it', async () => {
      // From the URL: the cost that does not pair with softmax.
      const page = await open('?dataset=circle&output=softmax&cost=quadratic', 1440, 900);
      await page.waitForSelector('[data-testid=refusal]:visible');
      let where = await besides(page, '#cost', '[data-testid=refusal]');
      assert.ok(where.overlap && where.gap >= -2 && where.gap < 40, `the banner is ${where.gap} px below the cost select`);
      assert.match((await page.textContent('[data-testid=refusal]')) ?? '', /cost/);
      // From a control: μ out of range, below the μ field.
      await page.selectOption('#cost', 'log-likelihood');
      await page.waitForSelector('[data-testid=refusal]', { state: 'hidden' });
      await page.selectOption('#optimizer', 'momentum');
      await page.fill('#momentum', '1.5');
      await page.press('#momentum', 'Enter');
      await page.waitForSelector('[data-testid=refusal]:visible');
      where = await besides(page, '#momentum', '[data-testid=refusal]');
      assert.ok(where.overlap && where.gap >= -2 && where.gap < 40, `the banner is ${where.gap} px below the μ field`);
      assert.equal(await page.textContent('[data-testid=refusal]'), 'the momentum μ must be in [0, 1), got 1.5');
      // A value the page checks itself (η), beside η.
      await page.fill('#momentum', '0.5');
      await page.press('#momentum', 'Enter');
      await page.waitForSelector('[data-testid=refusal]', { state: 'hidden' });
      await page.fill('#eta', '-1');
      await page.press('#eta', 'Enter');
      await page.waitForSelector('[data-testid=refusal]:visible');
      where = await besides(page, '#eta', '[data-testid=refusal]');
      assert.ok(where.overlap && where.gap >= -2 && where.gap < 40, `the banner is ${where.gap} px below the η field`);
      await page.close();
    });

    await t.test('the footer links the formulas', async () => {
      const page = await open('?dataset=circle', 390, 844);
      const href = await page.getAttribute('footer a[href$="docs/formulas.md"]', 'href');
      assert.ok(href !== null, 'a link to docs/formulas.md');
      await page.close();
    });

    await t.test('the HTML reports do not scroll sideways on a phone', async () => {
      const classes = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
      const epochs: EpochReport[] = [1, 2, 3].map((epoch) => ({
        epoch,
        epochs: 3,
        trainSeconds: 0.5,
        examplesTrained: 100,
        stopped: false,
        test: { count: 1000, correct: 900 + epoch, accuracy: (900 + epoch) / 1000, meanCost: 0.2 / epoch, rmse: 0.3 / epoch },
      }));
      const confusion = classes.map((_, i) => classes.map((__, j) => (i === j ? 1234 : (i * 7 + j) % 13)));
      const digit = Float64Array.from({ length: 784 }, (_, p) => (p % 28 >= 12 && p % 28 < 16 ? 1 : 0));
      const reports = {
        classification: buildReport({
          settings: [['sizes', '[784, 30, 10]'], ['train', '/a/rather/long/path/to/some/folder/with/training-data-file-name.csv']],
          epochs,
          classes,
          confusion,
          misclassified: Array.from({ length: 12 }, (_, index) => ({ index, pixels: digit, width: 28, height: 28, label: 'one', predicted: 'seven' })),
          // A chapter 6 net's first layers: 20 maps of 24×24 and 12×12 a digit.
          featureMaps: Array.from({ length: 2 }, (_, index) => ({
            index,
            pixels: digit,
            width: 28,
            height: 28,
            label: 'one',
            predicted: index === 0 ? 'one' : 'seven',
            layers: [
              { layer: 2, description: 'conv:20:5x5', shape: [24, 24, 20] as const, values: Float64Array.from({ length: 24 * 24 * 20 }, (_, i) => Math.sin(i)) },
              { layer: 3, description: 'pool:2x2', shape: [12, 12, 20] as const, values: Float64Array.from({ length: 12 * 12 * 20 }, (_, i) => Math.cos(i)) },
            ],
          })),
        }),
        regression: buildRegressionReport({
          settings: [['sizes', '[3, 8, 2]']],
          epochs,
          targets: ['first-target-with-a-long-name', 'second-target-with-a-long-name'],
          count: 20,
          outputs: Float64Array.from({ length: 40 }, (_, i) => Math.sin(i)),
          actual: Float64Array.from({ length: 40 }, (_, i) => Math.cos(i)),
        }),
      };
      const page = await newPage(390, 844, 'reports');
      for (const [name, html] of Object.entries(reports)) {
        const file = join(scratch, `${name}.html`);
        writeFileSync(file, html);
        await page.goto(pathToFileURL(file).href);
        const pageWidth = await documentWidth(page);
        assert.ok(pageWidth <= 390, `the ${name} report is ${pageWidth} px wide on a 390 px phone`);
      }
      await page.close();
    });
  });
});
