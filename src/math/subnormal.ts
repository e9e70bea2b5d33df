/**
 * Subnormal numbers, |x| < the smallest normal number, are flushed to +0 wherever a kernel
 * stores a value (docs/formulas.md: "Subnormal numbers"): on many CPUs (Intel's) every
 * operation that reads or produces one takes a microcode assist of a hundred cycles or more,
 * and WebAssembly cannot set the CPU's flush-to-zero mode, so the kernels do it themselves.
 */

/** The smallest normal number of each dtype: 2^−126 and 2^−1022. */
export const MIN_NORMAL = { float32: 2 ** -126, float64: 2 ** -1022 } as const;

/** x, or +0 when |x| < minNormal (a subnormal number, or ±0); NaN and ±∞ pass through. */
export function flushSubnormal(x: number, minNormal: number): number {
  return Math.abs(x) < minNormal ? 0 : x;
}
