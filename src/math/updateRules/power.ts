/**
 * x^t for a whole t ≥ 0 by squaring: multiplications only, which every engine rounds alike
 * (Math.pow may differ by an ulp between V8 versions, and the kernels must give the same bits
 * in Node and the browser, and as the reference).
 */
export function power(x: number, t: number): number {
  let result = 1;
  let base = x;
  for (let e = Math.floor(t); e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result *= base;
    base *= base;
  }
  return result;
}
