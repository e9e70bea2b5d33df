import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The layers of src/, lowest first (docs/architecture.md says what each holds). A module may
 * import from its own layer and the layers before it, never from a later one: the arrows
 * point down. Only node/ and cli/ touch Node's APIs (files, processes, threads).
 */
export const layers = ['common', 'math', 'network', 'data', 'kernels', 'training', 'serialization', 'report', 'api', 'node', 'cli'];
const nodeLayers = new Set(['node', 'cli']);

/** One config block per layer: a wrong-way import is a lint error that names the rule. */
const layerRules = layers.map((layer, i) => {
  const above = layers.slice(i + 1);
  const patterns = above.map((higher) => ({
    group: [`**/${higher}/**`, `../${higher}/*`, `./${higher}/*`],
    message: `src/${layer}/ is below src/${higher}/ in the layer order (docs/architecture.md): move what both need down to the lower layer instead of importing up.`,
  }));
  if (!nodeLayers.has(layer)) {
    patterns.push({ group: ['node:*'], message: `only src/node/ and src/cli/ use Node's APIs: src/${layer}/ runs in the browser too.` });
  }
  return { files: [`src/${layer}/**/*.ts`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'wasm/', '**/*.generated.ts', 'src/kernels/wasm/assembly/', 'examples/extending/*/assembly.ts', 'playground/dist/', 'scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain JavaScript files (bin/, scripts/) run in Node.
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Pass an Rng from createRng(seed): runs must be reproducible.' }],
    },
  },
  ...layerRules,
);
