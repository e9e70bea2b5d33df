import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

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
