import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'wasm/', '**/*.generated.ts', 'src/kernels/wasm/assembly/', 'playground/dist/', 'scratch/'] },
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
);
