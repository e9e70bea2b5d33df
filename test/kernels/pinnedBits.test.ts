import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { availableNodeKernels } from '../../src/node/kernels.ts';
import { RUNS, pinnedHash } from './pinnedBits.ts';

/**
 * Every kernel trains the pinned runs to exactly the parameters it trained them to when
 * pinnedBits.json was written (see pinnedBits.ts): refactors keep the bits.
 */
const pinned = JSON.parse(readFileSync(new URL('./pinnedBits.json', import.meta.url), 'utf8')) as { hashes: Record<string, string> };
const relaxed = availableNodeKernels().includes('wasm-relaxed-simd');

describe('pinned bits: short training runs end with the same parameters as when they were pinned', () => {
  for (const run of RUNS) {
    const skip = run.kernel === 'wasm-relaxed-simd' && !relaxed ? 'this engine has no relaxed SIMD' : false;
    it(run.name, { skip }, async () => {
      assert.ok(run.name in pinned.hashes, `${run.name} is not in pinnedBits.json: run npm run pin-bits`);
      assert.equal(await pinnedHash(run), pinned.hashes[run.name], `${run.name}: the parameters moved`);
    });
  }
});
