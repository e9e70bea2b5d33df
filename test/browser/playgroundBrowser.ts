import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_MISSING, CHROMIUM_PATH, chromiumInstalled } from '../../bench/browser/harness.ts';
import { startPlayground, type RunningPlayground } from './playgroundServer.ts';

/**
 * What every browser test of the playground sets up: the real `nabla playground` command,
 * Debian's headless Chromium, pages that collect console errors and uncaught exceptions, and
 * the teardown of both. Without Chromium the test is skipped (it fails on CI).
 */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface PlaygroundBrowser {
  readonly server: RunningPlayground;
  readonly browser: Browser;
  /** The URL `nabla playground` printed. */
  readonly base: URL;
  /** Console errors and uncaught exceptions of every page `newPage` or `open` made, each tagged with its query. */
  readonly consoleErrors: string[];
  /** A blank page whose errors are collected. */
  newPage(width?: number, height?: number, tag?: string): Promise<Page>;
  /** A page at `query` (e.g. '?dataset=mnist'), once it has drawn (body[data-ready="1"]). */
  open(query: string, width?: number, height?: number): Promise<Page>;
  /** Ctrl-C to the server: its exit status (the teardown then leaves it alone). */
  stopServer(): Promise<number | null>;
}

export async function withPlayground(t: TestContext, body: (session: PlaygroundBrowser) => Promise<void>, args: readonly string[] = []): Promise<void> {
  if (!chromiumInstalled()) {
    if (process.env.CI) assert.fail(CHROMIUM_MISSING);
    t.skip(CHROMIUM_MISSING);
    return;
  }
  let server: RunningPlayground | undefined;
  let browser: Browser | undefined;
  try {
    server = await startPlayground(args);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const consoleErrors: string[] = [];
    const started = { server, browser };
    const newPage = async (width = 1280, height = 900, tag = ''): Promise<Page> => {
      const page = await started.browser.newPage({ viewport: { width, height } });
      const prefix = tag === '' ? '' : `${tag}: `;
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${prefix}${message.text().slice(0, 300)}`);
      });
      page.on('pageerror', (error) => consoleErrors.push(`${prefix}${error.message}`));
      return page;
    };
    await body({
      server,
      browser,
      base: server.url,
      consoleErrors,
      newPage,
      open: async (query, width, height) => {
        const page = await newPage(width, height, query);
        await page.goto(new URL(query, started.server.url).href);
        await page.waitForSelector('body[data-ready="1"]', { timeout: 15_000 });
        return page;
      },
      stopServer: () => {
        server = undefined;
        return started.server.interrupt();
      },
    });
  } finally {
    await browser?.close();
    if (server) await server.interrupt();
  }
}
