// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Copy to src/kernels/wasm/assembly/activations/softplus.ts (see ../README.md): softplus
// σ(z) = ln(1 + e^z) of a vector, and acc ⊙ σ'(z) from a = σ(z) (the kernels keep a, not z).
// Vector arithmetic and ../exp.ts only: the kernels' modules have no data of their own (no
// lookup tables, as the standard library's Math.log would bring, in the memory the heap owns).

import { expNeg } from '../exp';
import { flush, vzero } from '../simd';

/**
 * σ(z) = max(z, 0) + ln(1 + u), u = e^{−|z|} ∈ (0, 1]: ln(1 + u) = 2 atanh s with
 * s = u/(2 + u) ≤ 1/3, the series 2s Σ_k s^{2k}/(2k + 1) to k = 17 (its next term is below
 * 2^−55 of the sum: float64's precision too). Flushed (../simd.ts: flush): no kernel stores a
 * subnormal number (docs/formulas.md, "Subnormal numbers").
 */
@inline export function softplus<T>(z: v128): v128 {
  const one = v128.splat<T>(<T>1);
  const u = expNeg<T>(v128.abs<T>(z));
  const s = v128.div<T>(u, v128.add<T>(v128.add<T>(one, one), u));
  const s2 = v128.mul<T>(s, s);
  let p = v128.splat<T>(<T>(1.0 / 35));
  for (let k = 16; k >= 0; k--) p = v128.add<T>(v128.mul<T>(p, s2), v128.splat<T>(<T>(1.0 / <f64>(2 * k + 1))));
  const log1pU = v128.mul<T>(v128.add<T>(s, s), p);
  return flush<T>(v128.add<T>(v128.pmax<T>(vzero<T>(), z), log1pU));
}

/**
 * acc ⊙ σ'(z), with σ'(z) = 1/(1 + e^{−z}) from a = σ(z): e^a = 1 + e^z, so σ'(z) = e^z / (1 + e^z)
 * = 1 − e^{−a} (a ≥ 0; expNeg is e^{−x} for x ≥ 0).
 */
@inline export function softplusTimes<T>(acc: v128, a: v128): v128 {
  return v128.mul<T>(acc, v128.sub<T>(v128.splat<T>(<T>1), expNeg<T>(a)));
}
