// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// (1) for a dense layer: z = w a + b, then a = σ(z) (the layer's activation), register-blocked 2 neurons × 4 examples.

import { activateRows } from './dispatch.generated';
import { hsum, madd, vzero } from './simd';

// ---- forward: z[n][j] = b[j] + Σ_k w[j][k] a[n][k], register-blocked 2 neurons × 4 examples ----
// `len` is the padded row length in bytes of both w and a (they share stride_{l−1}).

export function fwd2x4<T>(w: usize, a: usize, len: usize, b: usize, out: usize, outStride: usize): void {
  const w1 = w + len;
  const a1 = a + len;
  const a2 = a1 + len;
  const a3 = a2 + len;
  let c00 = vzero<T>(), c01 = vzero<T>(), c02 = vzero<T>(), c03 = vzero<T>();
  let c10 = vzero<T>(), c11 = vzero<T>(), c12 = vzero<T>(), c13 = vzero<T>();
  for (let k: usize = 0; k < len; k += 16) {
    const x0 = v128.load(w + k);
    const x1 = v128.load(w1 + k);
    let y = v128.load(a + k);
    c00 = madd<T>(x0, y, c00);
    c10 = madd<T>(x1, y, c10);
    y = v128.load(a1 + k);
    c01 = madd<T>(x0, y, c01);
    c11 = madd<T>(x1, y, c11);
    y = v128.load(a2 + k);
    c02 = madd<T>(x0, y, c02);
    c12 = madd<T>(x1, y, c12);
    y = v128.load(a3 + k);
    c03 = madd<T>(x0, y, c03);
    c13 = madd<T>(x1, y, c13);
  }
  const S = sizeof<T>();
  const b0 = load<T>(b);
  const b1 = load<T>(b + S);
  store<T>(out, b0 + hsum<T>(c00));
  store<T>(out + S, b1 + hsum<T>(c10));
  out += outStride;
  store<T>(out, b0 + hsum<T>(c01));
  store<T>(out + S, b1 + hsum<T>(c11));
  out += outStride;
  store<T>(out, b0 + hsum<T>(c02));
  store<T>(out + S, b1 + hsum<T>(c12));
  out += outStride;
  store<T>(out, b0 + hsum<T>(c03));
  store<T>(out + S, b1 + hsum<T>(c13));
}

export function fwd2x1<T>(w: usize, a: usize, len: usize, b: usize, out: usize): void {
  const w1 = w + len;
  let c0 = vzero<T>(), c1 = vzero<T>();
  for (let k: usize = 0; k < len; k += 16) {
    const y = v128.load(a + k);
    c0 = madd<T>(v128.load(w + k), y, c0);
    c1 = madd<T>(v128.load(w1 + k), y, c1);
  }
  const S = sizeof<T>();
  store<T>(out, load<T>(b) + hsum<T>(c0));
  store<T>(out + S, load<T>(b + S) + hsum<T>(c1));
}

export function fwd1x4<T>(w: usize, a: usize, len: usize, b: usize, out: usize, outStride: usize): void {
  const a1 = a + len;
  const a2 = a1 + len;
  const a3 = a2 + len;
  let c0 = vzero<T>(), c1 = vzero<T>(), c2 = vzero<T>(), c3 = vzero<T>();
  for (let k: usize = 0; k < len; k += 16) {
    const x = v128.load(w + k);
    c0 = madd<T>(x, v128.load(a + k), c0);
    c1 = madd<T>(x, v128.load(a1 + k), c1);
    c2 = madd<T>(x, v128.load(a2 + k), c2);
    c3 = madd<T>(x, v128.load(a3 + k), c3);
  }
  const b0 = load<T>(b);
  store<T>(out, b0 + hsum<T>(c0));
  store<T>(out + outStride, b0 + hsum<T>(c1));
  store<T>(out + 2 * outStride, b0 + hsum<T>(c2));
  store<T>(out + 3 * outStride, b0 + hsum<T>(c3));
}

export function fwd1x1<T>(w: usize, a: usize, len: usize, b: usize, out: usize): void {
  let c = vzero<T>();
  for (let k: usize = 0; k < len; k += 16) c = madd<T>(v128.load(w + k), v128.load(a + k), c);
  store<T>(out, load<T>(b) + hsum<T>(c));
}

/**
 * (1) for the n neurons of a layer and examples [0, m): z = w a + b into `out` (row stride
 * `outStride` bytes), then a = σ(z) in place, σ the activation of code `act`.
 */
export function forwardLayer<T>(w: usize, b: usize, aIn: usize, len: usize, out: usize, outStride: usize, n: i32, m: i32, act: i32): void {
  const S = <usize>sizeof<T>();
  // Blocks of 4 examples outer: their rows of a stay in L1 while the weight rows stream past.
  let e = 0;
  for (; e + 4 <= m; e += 4) {
    const an = aIn + <usize>e * len;
    const on = out + <usize>e * outStride;
    let j = 0;
    for (; j + 2 <= n; j += 2) fwd2x4<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S, outStride);
    if (j < n) fwd1x4<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S, outStride);
  }
  for (; e < m; e++) {
    const an = aIn + <usize>e * len;
    const on = out + <usize>e * outStride;
    let j = 0;
    for (; j + 2 <= n; j += 2) fwd2x1<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S);
    if (j < n) fwd1x1<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S);
  }
  activateRows<T>(out, outStride, n, m, act);
}
