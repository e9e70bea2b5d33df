// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The update rules by code (../layout.ts: RULE_CODES; one file each in updateRules/), apart
// from the gradients: SGD keeps the fused update (c = −(η/m) δ added straight into the
// weights) and, with L2 or L1, first takes −η r in a pass of its own (regularise); the other
// rules have the same loops add c = δ/m into a gradient buffer G (../layout.ts: D_GW, D_GB),
// and then one pass per parameter array (applyRuleFor, called once per code by
// dispatch.generated.ts: applyRule) turns (p, G, state) into the new p and
// state and zeroes G; momentum (μ ≠ 0) adds into its velocity instead (fusedMomentum, below).
// Each thread runs both passes over the parameters it owns. The values that decay are stored
// flushed (simd.ts: flush): a velocity or a moment whose gradient is 0 decays by μ (β₁, β₂)
// a step and reaches the subnormal numbers after ~830 steps in float32 (~6,700 in float64),
// and L2 decays a weight whose input is always 0 the same way, so the parameters are flushed
// when regularised. Without L2 or L1 a parameter p + Δ stays normal (a sum is subnormal only
// if an addend is below 2^−103 in float32, 2^−969 in float64), and the flush would cost a
// quarter of momentum's pass.

import { H_ETA, H_L1N, H_L2N, H_MU, H_RULE, H_RULE_K, R_MOMENTUM } from './layout.generated';
import { ruleStep } from './dispatch.generated';
import { decayMomentumStep, fusedMomentumStep } from './updateRules/momentum';
import { regularisationTerm } from './updateRules/regularisation';
import { sgdRegularised } from './updateRules/sgd';
import { flush, lanes, vzero } from './simd';

@inline function splatOf<T>(plan: usize, field: usize): v128 {
  return v128.splat<T>(<T>load<f64>(plan + field));
}

/** Does the plan regularise the weights (λ₂ or λ₁ nonzero)? */
@inline export function regularises(plan: usize): bool {
  return load<f64>(plan + H_L2N) != 0 || load<f64>(plan + H_L1N) != 0;
}

@inline function regulariseWith<T>(plan: usize, w: usize, bytes: usize, l1: bool): void {
  const eta = splatOf<T>(plan, H_ETA);
  const l2n = splatOf<T>(plan, H_L2N);
  const l1n = splatOf<T>(plan, H_L1N);
  for (let o: usize = 0; o < bytes; o += 16) v128.store(w + o, flush<T>(sgdRegularised<T>(v128.load(w + o), eta, l2n, l1n, l1)));
}

/** SGD's w ← w − η r over `bytes` of weights at w (before the fused −(η/m) Σ). */
export function regularise<T>(plan: usize, w: usize, bytes: usize): void {
  if (load<f64>(plan + H_L1N) != 0) regulariseWith<T>(plan, w, bytes, true);
  else regulariseWith<T>(plan, w, bytes, false);
}

/**
 * The bytes of a row of n values of T that hold them: whole vectors, without the padding past
 * them (kept at 0, which every rule leaves at 0: the passes skip it).
 */
@inline export function usedBytes<T>(n: i32): usize {
  return <usize>((n + lanes<T>() - 1) / lanes<T>()) << 4;
}

/**
 * The loop of applyRule for the rule of code `rule` (a constant: its step is inlined, with no
 * test in the loop). The rule's kernel constants (src/math/updateRules: kernelConstants,
 * written each step into the plan's RULE_K slots) are splatted once, before the loop, all ten
 * of them: the step reads those it has, the others are dead code.
 */
@inline function applyRuleWith<T>(plan: usize, p: usize, g: usize, s1: usize, s2: usize, bytes: usize, rowBytes: usize, used: usize, weights: bool, rule: i32, l1: bool): void {
  const eta = splatOf<T>(plan, H_ETA);
  const k0 = splatOf<T>(plan, H_RULE_K);
  const k1 = splatOf<T>(plan, H_RULE_K + 8);
  const k2 = splatOf<T>(plan, H_RULE_K + 16);
  const k3 = splatOf<T>(plan, H_RULE_K + 24);
  const k4 = splatOf<T>(plan, H_RULE_K + 32);
  const k5 = splatOf<T>(plan, H_RULE_K + 40);
  const k6 = splatOf<T>(plan, H_RULE_K + 48);
  const k7 = splatOf<T>(plan, H_RULE_K + 56);
  const k8 = splatOf<T>(plan, H_RULE_K + 64);
  const k9 = splatOf<T>(plan, H_RULE_K + 72);
  const l2n = weights ? splatOf<T>(plan, H_L2N) : vzero<T>();
  const l1n = weights ? splatOf<T>(plan, H_L1N) : vzero<T>();
  const zero = vzero<T>();
  for (let row: usize = 0; row < bytes; row += rowBytes) {
    const end = row + used;
    for (let o = row; o < end; o += 16) {
      const w = v128.load(p + o);
      const grad = v128.load(g + o);
      v128.store(g + o, zero);
      const gr = weights ? v128.add<T>(grad, regularisationTerm<T>(w, l2n, l1n, l1)) : grad;
      const next = ruleStep<T>(w, gr, s1 + o, s2 + o, eta, k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, rule);
      v128.store(p + o, weights ? flush<T>(next) : next);
    }
  }
}

/**
 * p ← rule(p, g = G + r, state) over `bytes` of parameters at p, their gradient G at g (then
 * zeroed) and state at s1, s2 (Adam's second moment; 0 for the other rules), in rows of
 * `rowBytes` of which the first `used` hold values (usedBytes); r only for weights
 * (`weights`), none for biases. One read and one write of each array, no other pass. For the
 * rule of code `rule`, a constant: dispatch.generated.ts's applyRule calls it once per code.
 */
@inline export function applyRuleFor<T>(plan: usize, rule: i32, p: usize, g: usize, s1: usize, s2: usize, bytes: usize, rowBytes: usize, used: usize, weights: bool): void {
  const l1 = weights && load<f64>(plan + H_L1N) != 0;
  const reg = weights && (l1 || load<f64>(plan + H_L2N) != 0);
  if (l1) applyRuleWith<T>(plan, p, g, s1, s2, bytes, rowBytes, used, true, rule, true);
  else applyRuleWith<T>(plan, p, g, s1, s2, bytes, rowBytes, used, reg, rule, false);
}

/**
 * Momentum (μ ≠ 0) skips the gradient buffer: the update loops add c/μ a, with c/μ =
 * −(η/(mμ)) δ (the plan's step: ../rules.ts), straight into the velocity, and one pass then
 * reads and writes v and w (two arrays where applyRule reads three and writes three: that
 * pass is most of a momentum step's extra cost, at the speed of memory).
 */
@inline export function fusedMomentum(plan: usize): bool {
  return load<i32>(plan + H_RULE) == R_MOMENTUM && load<f64>(plan + H_MU) != 0;
}

@inline function finishMomentumWith<T>(plan: usize, p: usize, v: usize, bytes: usize, rowBytes: usize, used: usize, reg: bool, l1: bool): void {
  const eta = splatOf<T>(plan, H_ETA);
  const mu = splatOf<T>(plan, H_MU);
  const l2n = splatOf<T>(plan, H_L2N);
  const l1n = splatOf<T>(plan, H_L1N);
  for (let row: usize = 0; row < bytes; row += rowBytes) {
    const end = row + used;
    for (let o = row; o < end; o += 16) {
      const w = v128.load(p + o);
      if (reg) {
        const next = fusedMomentumStep<T>(w, v + o, v128.mul<T>(eta, regularisationTerm<T>(w, l2n, l1n, l1)), mu);
        v128.store(p + o, flush<T>(next));
      } else {
        v128.store(p + o, decayMomentumStep<T>(w, v + o, mu));
      }
    }
  }
}

/**
 * v ← μ v − η r, p ← p + v over `bytes` of parameters at p, velocity at v (r only for
 * `weights`), in rows of `rowBytes` of which the first `used` hold values (usedBytes).
 */
export function finishMomentum<T>(plan: usize, p: usize, v: usize, bytes: usize, rowBytes: usize, used: usize, weights: bool): void {
  const l1 = weights && load<f64>(plan + H_L1N) != 0;
  const reg = weights && (l1 || load<f64>(plan + H_L2N) != 0);
  if (l1) finishMomentumWith<T>(plan, p, v, bytes, rowBytes, used, true, true);
  else if (reg) finishMomentumWith<T>(plan, p, v, bytes, rowBytes, used, true, false);
  else finishMomentumWith<T>(plan, p, v, bytes, rowBytes, used, false, false);
}
