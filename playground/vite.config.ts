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
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
  logLevel: 'warn',
});
