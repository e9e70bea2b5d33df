/**
 * Runs a browser entry (a .ts file that imports nabla's sources) in headless Chromium:
 * esbuild bundles it into a temp dir, a node:http server on 127.0.0.1 (an ephemeral port)
 * serves the page, the bundle and any data, and playwright-core drives the system's
 * Chromium. Everything lives only as long as the session; `close()` removes it all.
 * Used by the browser benchmark (bench/browser/run.ts) and the browser test (test/browser).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's `chromium` package; playwright's own browser downloads are never used. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_MISSING = `Chromium is not installed at ${CHROMIUM_PATH}; install it with 'apt-get install -y chromium' (Debian's package) to run the browser side`;

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface BrowserSession {
  readonly page: Page;
  /** e.g. '156.0.8078.108' */
  readonly chromiumVersion: string;
  /** Awaits `globalThis[name](arg)` in the page; `arg` and the result travel as JSON. */
  call<T>(name: string, arg?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** The browser entry (an absolute path to a .ts file). */
  readonly entry: string;
  /** The global the entry defines when it is ready. */
  readonly ready: string;
  /** Extra files to serve, by URL path (e.g. '/data/train-images'). */
  readonly files?: ReadonlyMap<string, Uint8Array>;
}

const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>nabla</title><script type="module" src="/page.js"></script>\n';

export async function openBrowserPage(options: OpenOptions): Promise<BrowserSession> {
  const dir = await mkdtemp(join(tmpdir(), 'nabla-browser-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server?.close(() => resolve()));
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const bundlePath = join(dir, 'page.js');
    await build({ entryPoints: [options.entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: bundlePath, logLevel: 'error' });
    const files = new Map<string, { body: Uint8Array; type: string }>([
      ['/', { body: new TextEncoder().encode(PAGE_HTML), type: 'text/html; charset=utf-8' }],
      ['/page.js', { body: await readFile(bundlePath), type: 'text/javascript; charset=utf-8' }],
    ]);
    for (const [path, body] of options.files ?? []) files.set(path, { body, type: 'application/octet-stream' });

    server = createServer((request, response) => {
      const file = files.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
      if (request.method !== 'GET' || file === undefined) {
        response.writeHead(404).end();
        return;
      }
      // Cross-origin isolation gives the page the same fine-grained performance.now() as Node.
      response.writeHead(200, {
        'Content-Type': file.type,
        'Content-Length': file.body.byteLength,
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
        'Cache-Control': 'no-store',
      });
      response.end(file.body);
    });
    const listening = server;
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = listening.address() as AddressInfo;

    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    try {
      await page.waitForFunction(`typeof globalThis[${JSON.stringify(options.ready)}] === 'object'`, undefined, { timeout: 10_000 });
    } catch (error) {
      throw new Error(`the page never defined ${options.ready}${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''}`, { cause: error });
    }
    const chromiumVersion = browser.version();
    return {
      page,
      chromiumVersion,
      // A string, not a function: tsx's transform may wrap functions in helpers the page lacks.
      call: <T>(name: string, arg?: unknown) => page.evaluate(`globalThis.${name}(${arg === undefined ? '' : JSON.stringify(arg)})`) as Promise<T>,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
