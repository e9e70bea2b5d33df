// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// Copy to src/kernels/wasm/assembly/activations/softplus.ts (see ../README.md): softplus
// σ(z) = ln(1 + e^z) of a vector, and acc ⊙ σ'(z) from a = σ(z) (the kernels keep a, not z).

import { expNeg } from '../exp';
import { flush } from '../simd';

/** ln(1 + e^z) = max(z, 0) + ln(1 + e^{−|z|}) for one value, in float64 (WebAssembly has no vector logarithm). */
@inline function softplusOne<T>(z: T): T {
  const x = <f64>z;
  return <T>(max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))));
}

/**
 * σ(z), lane by lane; flushed (../simd.ts: flush), since for z below about −87 (float32) ln(1 + e^z) ≈ e^z is
 * subnormal, and no kernel stores a subnormal number (docs/formulas.md, "Subnormal numbers").
 */
@inline export function softplus<T>(z: v128): v128 {
  let a = v128.splat<T>(softplusOne<T>(v128.extract_lane<T>(z, 0)));
  a = v128.replace_lane<T>(a, 1, softplusOne<T>(v128.extract_lane<T>(z, 1)));
  if (sizeof<T>() == 4) {
    a = v128.replace_lane<T>(a, 2, softplusOne<T>(v128.extract_lane<T>(z, 2)));
    a = v128.replace_lane<T>(a, 3, softplusOne<T>(v128.extract_lane<T>(z, 3)));
  }
  return flush<T>(a);
}

/**
 * acc ⊙ σ'(z), with σ'(z) = 1/(1 + e^{−z}) from a = σ(z): e^a = 1 + e^z, so σ'(z) = e^z / (1 + e^z)
 * = 1 − e^{−a} (a ≥ 0; expNeg is e^{−x} for x ≥ 0).
 */
@inline export function softplusTimes<T>(acc: v128, a: v128): v128 {
  return v128.mul<T>(acc, v128.sub<T>(v128.splat<T>(<T>1), expNeg<T>(a)));
}
