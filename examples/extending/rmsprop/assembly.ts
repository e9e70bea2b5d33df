// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Copy to src/kernels/wasm/assembly/updateRules/rmsprop.ts (see ../README.md): RMSprop
// (src/math/updateRules/rmsprop.ts): v ← ρ v + (1 − ρ) g², p ← p − η g / (√v + ε).

import { flush } from '../simd';

/**
 * The new p; stores the new v at `vp`. After the state's address and η come the rule's
 * kernel constants in order: ρ, 1 − ρ, ε. v is stored flushed (../simd.ts: flush): where g
 * is 0 it decays by ρ a step into the subnormal numbers (docs/formulas.md, "Subnormal
 * numbers"); the caller flushes p where it can decay (../rule.ts).
 */
@inline export function rmspropStep<T>(p: v128, g: v128, vp: usize, eta: v128, rho: v128, nrho: v128, eps: v128): v128 {
  const v = flush<T>(v128.add<T>(v128.mul<T>(rho, v128.load(vp)), v128.mul<T>(v128.mul<T>(nrho, g), g)));
  v128.store(vp, v);
  return v128.sub<T>(p, v128.div<T>(v128.mul<T>(eta, g), v128.add<T>(v128.sqrt<T>(v), eps)));
}
