import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_MISSING, chromiumInstalled, openBrowserPage } from '../../bench/browser/harness.ts';
import type { KernelName } from '../../src/kernels/registry.ts';
import { enableRelaxedSimd } from '../../src/node/kernels.ts';
import { CONFIGS, CONV_CONFIGS, trainSmall, type CheckCase, type CheckResult } from './workload.ts';

/**
 * Node and the browser share the kernels: the same registry, bundled into a page for headless
 * Chromium, trains the same small network on the same data as Node does, and the parameters
 * come out the same. wasm-simd is plain IEEE arithmetic in WebAssembly, so it must agree bit
 * for bit; relaxed SIMD may fuse differently on another engine, and the reference kernel calls
 * Math.exp, which differs by an ulp between V8 versions, so those two agree to rounding.
 */
enableRelaxedSimd(); // Node's side of the comparison runs relaxed SIMD too, as createNodeKernel would

const KERNELS: readonly KernelName[] = ['reference', 'wasm-simd', 'wasm-relaxed-simd'];
const BIT_IDENTICAL: readonly KernelName[] = ['wasm-simd'];
const TOLERANCE = { float64: 1e-12, float32: 1e-5 } as const;

const cases: CheckCase[] = [
  ...KERNELS.flatMap((kernel) => (['float64', 'float32'] as const).flatMap((dtype) => [false, true].map((bytes) => ({ kernel, dtype, bytes })))),
  // the other configurations, on the WebAssembly kernels (activations, costs and rules as codes, dropout)
  ...(['wasm-simd', 'wasm-relaxed-simd'] as const).flatMap((kernel) =>
    CONFIGS.flatMap((config) => (['float64', 'float32'] as const).map((dtype) => ({ kernel, dtype, bytes: true, config }))),
  ),
  // a conv net (issue 19: the same bits across engines), on the reference kernel too
  ...KERNELS.flatMap((kernel) => CONV_CONFIGS.flatMap((conv) => (['float64', 'float32'] as const).map((dtype) => ({ kernel, dtype, bytes: true, conv })))),
];

function flatten(result: CheckResult): number[] {
  return [...result.weights.flat(), ...result.biases.flat(), ...result.outputs];
}

test('headless Chromium runs the same kernels as Node, with the same results', async (t) => {
  if (!chromiumInstalled()) {
    if (process.env.CI) assert.fail(CHROMIUM_MISSING);
    t.skip(CHROMIUM_MISSING);
    return;
  }
  const session = await openBrowserPage({ entry: fileURLToPath(new URL('./page.ts', import.meta.url)), ready: 'nablaKernelCheck' });
  let browserResults: CheckResult[];
  try {
    const browserKernels = await session.call<KernelName[]>('nablaKernelCheck.availableKernels');
    assert.deepEqual([...browserKernels].sort(), [...KERNELS].sort(), `Chromium ${session.chromiumVersion} should run every browser kernel`);
    browserResults = await session.call<CheckResult[]>('nablaKernelCheck.run', cases);
  } finally {
    await session.close();
  }
  t.diagnostic(`Chromium ${session.chromiumVersion}`);

  for (const [i, check] of cases.entries()) {
    const configuration =
      check.conv !== undefined
        ? ` conv net ${JSON.stringify(check.conv)}`
        : check.config === undefined
          ? ''
          : ` ${check.config.activations.join(',')} ${check.config.cost} ${JSON.stringify(check.config.update ?? {})}${check.config.dropout ? ` dropout ${check.config.dropout}` : ''}`;
    const name = `${check.kernel} ${check.dtype} ${check.bytes ? 'byte' : 'float'} inputs${configuration}`;
    await t.test(name, async (st) => {
      const inBrowser = browserResults[i];
      const inNode = await trainSmall(check);
      assert.equal(inBrowser.kernelName, check.kernel);
      assert.equal(inNode.kernelName, check.kernel);
      const expected = flatten(inNode);
      const actual = flatten(inBrowser);
      assert.equal(actual.length, expected.length);
      const tolerance = BIT_IDENTICAL.includes(check.kernel) ? 0 : TOLERANCE[check.dtype];
      let differing = 0;
      for (let k = 0; k < expected.length; k++) {
        const [a, e] = [actual[k], expected[k]];
        if (a !== e) differing++;
        assert.ok(Number.isFinite(a) && Math.abs(a - e) <= tolerance * Math.max(1, Math.abs(e)), `value ${k}: Chromium ${a}, Node ${e} (tolerance ${tolerance})`);
      }
      if (tolerance > 0) st.diagnostic(`${name}: ${differing} of ${expected.length} values differ in the last bits`);
    });
  }
});
