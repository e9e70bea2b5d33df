import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fullUpdateSpec, getUpdateRule, stepConstants, updateRuleNames } from '../../src/math/updateRules/index.ts';
import { regularisationTerm } from '../../src/math/regularisation.ts';

/**
 * Each update rule on one parameter, two steps, against numbers worked out by hand
 * (p = 1, batch m = 2 with summed gradient Σ = 0.4, so g = 0.2; η = 0.5).
 */
const h = (rule: (typeof updateRuleNames)[number], t: number, extra = {}) => stepConstants(fullUpdateSpec({ rule, ...extra }), 0.5, 2, t);
const state = (count: number): Float64Array[] => Array.from({ length: count }, () => new Float64Array(1));

test('sgd: p ← p − (η/m)Σ − ηr: 1 − 0.25·0.4 = 0.9; with r = 0.1: 0.9 − 0.05 = 0.85', () => {
  const sgd = getUpdateRule('sgd');
  assert.equal(sgd.apply(1, 0.4, 0, [], 0, h('sgd', 1)), 0.9);
  assert.ok(Math.abs(sgd.apply(1, 0.4, 0.1, [], 0, h('sgd', 1)) - 0.85) < 1e-15);
});

test('momentum μ = 0.9: v = −0.1, p = 0.9; then v = 0.9·(−0.1) − 0.1 = −0.19, p = 0.71', () => {
  const rule = getUpdateRule('momentum');
  const s = state(1);
  const p1 = rule.apply(1, 0.4, 0, s, 0, h('momentum', 1));
  assert.ok(Math.abs(p1 - 0.9) < 1e-15 && Math.abs(s[0][0] + 0.1) < 1e-15);
  const p2 = rule.apply(p1, 0.4, 0, s, 0, h('momentum', 2));
  assert.ok(Math.abs(s[0][0] + 0.19) < 1e-15, String(s[0][0]));
  assert.ok(Math.abs(p2 - 0.71) < 1e-15, String(p2));
});

test('nesterov μ = 0.9: v = −0.1, p = 1 + 0.9·(−0.1) − 0.1 = 0.81; then v = −0.19, p = 0.81 − 0.171 − 0.1 = 0.539', () => {
  const rule = getUpdateRule('nesterov');
  const s = state(1);
  const p1 = rule.apply(1, 0.4, 0, s, 0, h('nesterov', 1));
  assert.ok(Math.abs(p1 - 0.81) < 1e-15, String(p1));
  const p2 = rule.apply(p1, 0.4, 0, s, 0, h('nesterov', 2));
  assert.ok(Math.abs(p2 - 0.539) < 1e-15, String(p2));
});

test('adam: the first step moves p by η·g/(|g| + ε′) ≈ η whatever the gradient’s scale; the second by hand', () => {
  const rule = getUpdateRule('adam');
  const s = state(2);
  // t = 1: m = 0.1·0.2 = 0.02, v = 0.001·0.04 = 4e-5, m̂ = 0.2, v̂ = 0.04, step = 0.5·0.2/(0.2 + 1e-8)
  const p1 = rule.apply(1, 0.4, 0, s, 0, h('adam', 1));
  assert.ok(Math.abs(p1 - (1 - (0.5 * 0.2) / (0.2 + 1e-8))) < 1e-15, String(p1));
  assert.ok(Math.abs(s[0][0] - 0.02) < 1e-17 && Math.abs(s[1][0] - 4e-5) < 1e-19);
  // t = 2 with g = 0.2 again: m = 0.9·0.02 + 0.02 = 0.038, v = 0.999·4e-5 + 4e-5 = 7.996e-5,
  // m̂ = 0.038/0.19 = 0.2, v̂ = 7.996e-5/0.001999 = 0.04: the same step again
  const p2 = rule.apply(p1, 0.4, 0, s, 0, h('adam', 2));
  assert.ok(Math.abs(p2 - (p1 - (0.5 * 0.2) / (0.2 + 1e-8))) < 1e-14, String(p2));
  // a gradient 1000 times smaller moves p as far on the first step (Adam's scale invariance)
  const small = state(2);
  const q = rule.apply(1, 0.0004, 0, small, 0, h('adam', 1));
  assert.ok(Math.abs(1 - q - 0.5) < 1e-4, String(q));
});

test('every rule with zero gradient and no state leaves p where it is', () => {
  for (const name of updateRuleNames) {
    const rule = getUpdateRule(name);
    assert.equal(rule.apply(0.3, 0, 0, state(rule.stateCount), 0, h(name, 1)), 0.3, name);
  }
});

test('regularisation: r = (λ₂/n) w + (λ₁/n) sgn w, an exact 0 without λ', () => {
  assert.equal(regularisationTerm(-2, 0, 0), 0);
  assert.equal(regularisationTerm(3, 0.5, 0), 1.5);
  assert.equal(regularisationTerm(-3, 0, 0.25), -0.25);
  assert.equal(regularisationTerm(0, 0.5, 0.25), 0);
  // network2.py's L2 step: w ← (1 − ηλ/n) w − (η/m) Σ; η = 0.5, λ/n = 0.1, w = 2, Σ = 0.4, m = 2
  const sgd = getUpdateRule('sgd');
  const w = sgd.apply(2, 0.4, regularisationTerm(2, 0.1, 0), [], 0, h('sgd', 1));
  assert.ok(Math.abs(w - ((1 - 0.5 * 0.1) * 2 - 0.25 * 0.4)) < 1e-15, String(w));
});
