import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { H_ETA64, H_L1N64, H_L2N64, H_RULE_K64, H_STEP64 } from '../../src/kernels/wasm/layout.ts';
import { power, StepConstantsWriter, writeStepConstants } from '../../src/kernels/wasm/rules.ts';
import { updateRuleNames } from '../../src/math/updateRules/index.ts';

describe('the WebAssembly kernels’ step constants', () => {
  it('power(x, t) is x^t by multiplications alone', () => {
    assert.equal(power(0.9, 0), 1);
    assert.equal(power(0.9, 1), 0.9);
    assert.equal(power(2, 10), 1024);
    assert.equal(power(0.5, 3), 0.125);
    // 0.9³ by hand: (0.9 · 0.9) · 0.9 with the rounding of each product, as squaring computes it
    assert.equal(power(0.9, 3), 0.9 * (0.9 * 0.9));
    // each squaring doubles the relative error: about 2^log2(t) ulp, 1e-13 at t = 1000
    for (const [x, t] of [[0.999, 1000], [0.9, 37]]) {
      assert.ok(Math.abs(power(x, t) - Math.pow(x, t)) <= 1e-12 * Math.pow(x, t), `${x}^${t}`);
    }
    // and for Adam's corrections 1 − β^t, what it is used for, far less at any t
    for (const t of [1, 10, 1000, 123_456]) assert.ok(Math.abs(1 - power(0.999, t) - (1 - Math.pow(0.999, t))) <= 1e-13, `t = ${t}`);
  });

  it('writes η/m for SGD, −1/m for the other rules, λ/n and Adam’s bias corrections', () => {
    const f64 = new Float64Array(32);
    const settings = { rule: 'sgd', momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 5, l1: 0 } as const;
    writeStepConstants(f64, 0, settings, 0.5, 10, 50_000, 1);
    assert.equal(f64[H_STEP64], 0.05);
    assert.equal(f64[H_ETA64], 0.5);
    assert.equal(f64[H_L2N64], 1e-4);
    assert.equal(f64[H_L1N64], 0);
    writeStepConstants(f64, 0, { ...settings, rule: 'adam' }, 0.001, 4, 100, 2);
    assert.equal(f64[H_STEP64], -0.25);
    // Adam's kernelConstants: β₁, β₂, ε, 1 − β₁^t, 1 − β₂^t
    assert.equal(f64[H_RULE_K64], 0.9);
    assert.ok(Math.abs(f64[H_RULE_K64 + 3] - 0.19) < 1e-15); // 1 − 0.9²
    assert.ok(Math.abs(f64[H_RULE_K64 + 4] - 0.001999) < 1e-15); // 1 − 0.999²
  });

  it('StepConstantsWriter leaves a header alone only while it holds the step’s constants', () => {
    // Two plans' headers, as the kernels alternate them; η changes (a schedule), m changes (an
    // epoch's last, smaller batch), n changes (another data set), and t every step (Adam).
    const steps: [number, number, number, number][] = [];
    for (let t = 1; t <= 12; t++) steps.push([t <= 6 ? 0.5 : 0.25, t % 5 === 0 ? 3 : 10, t <= 9 ? 100 : 50, t]);
    for (const rule of updateRuleNames) {
      const settings = { rule, momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, l2: 5, l1: 0.5 } as const;
      const writer = new StepConstantsWriter(settings);
      const headers = new Float64Array(64);
      steps.forEach(([eta, m, n, t], i) => {
        const h64 = (i % 2) * 32;
        writer.write(headers, h64, eta, m, n, t);
        const expected = new Float64Array(32);
        writeStepConstants(expected, 0, settings, eta, m, n, t);
        assert.deepEqual(headers.subarray(h64, h64 + 32), expected, `${rule}, step ${t}`);
      });
    }
  });
});
