/**
 * Renders an HTML file (e.g. the report of `nabla train --report`) in headless Chromium and
 * saves a full-page PNG: how docs/report.png is made.
 *
 * Usage: node --import tsx scripts/screenshot.ts REPORT.html OUT.png [width]
 * Needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [input, output, width = '1400'] = process.argv.slice(2);
if (!input || !output) {
  process.stderr.write('usage: node --import tsx scripts/screenshot.ts REPORT.html OUT.png [width]\n');
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
  await page.goto(pathToFileURL(resolve(input)).href);
  await page.screenshot({ path: output, fullPage: true });
  process.stdout.write(`wrote ${output}\n`);
} finally {
  await browser.close();
}
