import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * KaTeX's stylesheet offers each font as woff2, woff and ttf; every browser that runs the
 * playground's WebAssembly reads woff2, so the other two (about 1 MB) stay out of the package.
 */
function katexWoff2Only(): Plugin {
  return {
    name: 'katex-woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/katex(\.min)?\.css$/.test(id)) return undefined;
      return code.replace(/,\s*url\([^)]*\.(woff|ttf)\)\s*format\("(woff|truetype)"\)/g, '');
    },
  };
}

/**
 * The compiled kernels come as four base64 modules (src/kernels/wasm/modules.generated.ts);
 * the two shared-memory ones serve only Node's threaded kernel (src/node/threads/), which the
 * page never loads, yet the worker imported all four (about 40 KB gzip). Emptied here, the
 * page's supportsVariant sees an empty module, which does not validate, so nothing can pick them.
 */
function withoutSharedModules(): Plugin {
  return {
    name: 'without-shared-wasm-modules',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('modules.generated.ts')) return undefined;
      let stripped = 0;
      const out = code.replace(/(export const \w+Shared\b[^=]*=\s*)'[^']*'/g, (_, head: string) => {
        stripped++;
        return `${head}''`;
      });
      if (stripped === 0) this.warn('found no shared-memory WebAssembly module to leave out of the page; the worker may carry unused bytes');
      return out;
    },
  };
}

/**
 * The playground's build: `npm run build:playground` writes playground/dist/, which ships in
 * the npm package and which `nabla playground` serves. The page imports the library as
 * 'nabla'; the alias points at its TypeScript sources so the build never depends on a stale
 * dist/. Relative asset paths ('./') let `nabla playground --out DIR` land on any static host.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  resolve: { alias: { nabla: fileURLToPath(new URL('../src/index.ts', import.meta.url)) } },
  plugins: [katexWoff2Only()],
  // The worker is bundled on its own, with its own plugins.
  worker: { format: 'es', plugins: () => [withoutSharedModules()] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  logLevel: 'warn',
});
