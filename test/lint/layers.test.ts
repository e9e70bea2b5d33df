import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { layers } from '../../eslint.config.js';

/**
 * The layer order of src/ (docs/architecture.md) is enforced by `npm run lint`: these lint
 * small sources as if they lay in src/, and check that an import pointing up the order fails
 * while one pointing down passes.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function lintAt(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return result.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint keeps the layers pointing down', () => {
  it('lists the layers of src/ lowest first', () => {
    assert.deepEqual(layers, ['common', 'math', 'network', 'data', 'kernels', 'training', 'serialization', 'report', 'api', 'node', 'cli']);
  });

  const upward: [string, string][] = [
    ['src/report/x.ts', "import { formatCount } from '../cli/terminal/epochLines.ts';\nexport const f = formatCount;\n"],
    ['src/data/x.ts', "import type { Kernel } from '../kernels/kernel.ts';\nexport type K = Kernel;\n"],
    ['src/kernels/wasm/x.ts', "import { train } from '../../training/sgd.ts';\nexport const t = train;\n"],
    ['src/common/x.ts', "import { createRng } from '../math/rng.ts';\nexport const r = createRng;\n"],
    ['src/serialization/x.ts', "import { readModelFile } from '../node/modelIO.ts';\nexport const r = readModelFile;\n"],
  ];
  for (const [path, code] of upward) {
    it(`refuses an upward import in ${path}`, async () => {
      const messages = await lintAt(path, code);
      assert.ok(messages.some((m) => m.startsWith('no-restricted-imports') && m.includes('layer order')), `expected a layer error, got ${JSON.stringify(messages)}`);
    });
  }

  it("refuses Node's APIs below src/node/", async () => {
    const messages = await lintAt('src/data/x.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n");
    assert.ok(messages.some((m) => m.startsWith('no-restricted-imports')), JSON.stringify(messages));
  });

  it('accepts imports that point down or stay in the layer', async () => {
    assert.deepEqual(await lintAt('src/cli/x.ts', "import { readFileSync } from 'node:fs';\nimport { train } from '../training/sgd.ts';\nimport { formatCount } from '../common/format.ts';\nexport const r = [readFileSync, train, formatCount];\n"), []);
    assert.deepEqual(await lintAt('src/kernels/wasm/x.ts', "import type { Kernel } from '../kernel.ts';\nimport type { Network } from '../../network/network.ts';\nexport type K = [Kernel, Network];\n"), []);
  });
});
