// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Plain gradient descent, p ← p − η g with g = Σ/m + r. The −(η/m) Σ part is fused into the
// update loops (denseUpdate.ts, layer2Update.ts: w + Σ_x c_x a_x with c = −(η/m) δ), which
// is all an unregularised step does (its bits unchanged); with L2 or L1 the −η r part is a
// pass of its own over the weights first (from the weights before the step, as r is).

import { regularisationTerm } from './regularisation';

/**
 * p − η g for one vector: the rule's step as applyRule would take it (../dispatch.generated.ts:
 * ruleStep). The kernels never call it: SGD's Σ part is fused, as above, and its r part is
 * sgdRegularised; it is here so that every rule has its step, and SGD could run unfused.
 */
@inline export function sgdStep<T>(p: v128, g: v128, eta: v128): v128 {
  return v128.sub<T>(p, v128.mul<T>(eta, g));
}

/** w − η r for one vector of weights. */
@inline export function sgdRegularised<T>(w: v128, eta: v128, l2n: v128, l1n: v128, l1: bool): v128 {
  return v128.sub<T>(w, v128.mul<T>(eta, regularisationTerm<T>(w, l2n, l1n, l1)));
}
