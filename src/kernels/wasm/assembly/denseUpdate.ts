// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// (6) and (7) for a dense layer, in place.

import { flush, lanes, madd, storeMasked } from './simd';

// ---- update: dst[j][k] = src[j][k] + Σ_n c[n][j] a[n][k], with c = −(η/m) δ ----
// Blocked 2 rows × 4 vectors; each element sees the same sequence of madds in every block.
// Stored flushed (simd.ts: flush), once per element a batch: into a gradient buffer that
// starts at 0, a product of a tiny c and a saturated a^{l−1} is often subnormal.

export function upd2x4<T>(src: usize, dst: usize, rowBytes: usize, c: usize, cStride: usize, a: usize, aStride: usize, m: i32): void {
  const S = sizeof<T>();
  const src1 = src + rowBytes;
  let r00 = v128.load(src), r01 = v128.load(src, 16), r02 = v128.load(src, 32), r03 = v128.load(src, 48);
  let r10 = v128.load(src1), r11 = v128.load(src1, 16), r12 = v128.load(src1, 32), r13 = v128.load(src1, 48);
  for (let n = 0; n < m; n++) {
    const s0 = v128.load_splat<T>(c);
    const s1 = v128.load_splat<T>(c + S);
    let y = v128.load(a);
    r00 = madd<T>(s0, y, r00);
    r10 = madd<T>(s1, y, r10);
    y = v128.load(a, 16);
    r01 = madd<T>(s0, y, r01);
    r11 = madd<T>(s1, y, r11);
    y = v128.load(a, 32);
    r02 = madd<T>(s0, y, r02);
    r12 = madd<T>(s1, y, r12);
    y = v128.load(a, 48);
    r03 = madd<T>(s0, y, r03);
    r13 = madd<T>(s1, y, r13);
    c += cStride;
    a += aStride;
  }
  const dst1 = dst + rowBytes;
  v128.store(dst, flush<T>(r00));
  v128.store(dst, flush<T>(r01), 16);
  v128.store(dst, flush<T>(r02), 32);
  v128.store(dst, flush<T>(r03), 48);
  v128.store(dst1, flush<T>(r10));
  v128.store(dst1, flush<T>(r11), 16);
  v128.store(dst1, flush<T>(r12), 32);
  v128.store(dst1, flush<T>(r13), 48);
}

export function upd2x1<T>(src: usize, dst: usize, rowBytes: usize, c: usize, cStride: usize, a: usize, aStride: usize, m: i32): void {
  const S = sizeof<T>();
  let r0 = v128.load(src), r1 = v128.load(src + rowBytes);
  for (let n = 0; n < m; n++) {
    const y = v128.load(a);
    r0 = madd<T>(v128.load_splat<T>(c), y, r0);
    r1 = madd<T>(v128.load_splat<T>(c + S), y, r1);
    c += cStride;
    a += aStride;
  }
  v128.store(dst, flush<T>(r0));
  v128.store(dst + rowBytes, flush<T>(r1));
}

export function upd1x4<T>(src: usize, dst: usize, c: usize, cStride: usize, a: usize, aStride: usize, m: i32): void {
  let r0 = v128.load(src), r1 = v128.load(src, 16), r2 = v128.load(src, 32), r3 = v128.load(src, 48);
  for (let n = 0; n < m; n++) {
    const s = v128.load_splat<T>(c);
    r0 = madd<T>(s, v128.load(a), r0);
    r1 = madd<T>(s, v128.load(a, 16), r1);
    r2 = madd<T>(s, v128.load(a, 32), r2);
    r3 = madd<T>(s, v128.load(a, 48), r3);
    c += cStride;
    a += aStride;
  }
  v128.store(dst, flush<T>(r0));
  v128.store(dst, flush<T>(r1), 16);
  v128.store(dst, flush<T>(r2), 32);
  v128.store(dst, flush<T>(r3), 48);
}

@inline export function upd1x1<T>(src: usize, c: usize, cStride: usize, a: usize, aStride: usize, m: i32): v128 {
  let r = v128.load(src);
  for (let n = 0; n < m; n++) {
    r = madd<T>(v128.load_splat<T>(c), v128.load(a), r);
    c += cStride;
    a += aStride;
  }
  return flush<T>(r);
}

/**
 * Rows [j0, j1), whole vectors [v0, v1) (16-byte units) of a weight matrix. Column blocks
 * are the outer loop so that the batch's block of a (m rows × 64 bytes) stays in L1 while
 * the weight rows stream past it.
 */
export function updateBlock<T>(src: usize, dst: usize, rowBytes: usize, c: usize, cStride: usize, a: usize, aStride: usize, m: i32, j0: i32, j1: i32, v0: i32, v1: i32): void {
  const S = <usize>sizeof<T>();
  let v = v0;
  for (; v + 4 <= v1; v += 4) {
    const o = <usize>v << 4;
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const r = <usize>j * rowBytes + o;
      upd2x4<T>(src + r, dst + r, rowBytes, c + <usize>j * S, cStride, a + o, aStride, m);
    }
    if (j < j1) {
      const r = <usize>j * rowBytes + o;
      upd1x4<T>(src + r, dst + r, c + <usize>j * S, cStride, a + o, aStride, m);
    }
  }
  for (; v < v1; v++) {
    const o = <usize>v << 4;
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const r = <usize>j * rowBytes + o;
      upd2x1<T>(src + r, dst + r, rowBytes, c + <usize>j * S, cStride, a + o, aStride, m);
    }
    if (j < j1) {
      const r = <usize>j * rowBytes + o;
      v128.store(dst + r, upd1x1<T>(src + r, c + <usize>j * S, cStride, a + o, aStride, m));
    }
  }
}

/** (6) b[j] ← b[j] + Σ_n c[n][j] for j in [j0, j1), from `src` into `dst` (the same address: in place). */
export function updateBiases<T>(src: usize, dst: usize, c: usize, cStride: usize, m: i32, j0: i32, j1: i32): void {
  const S = <usize>sizeof<T>();
  for (let ch = j0 - (j0 % lanes<T>()); ch < j1; ch += lanes<T>()) {
    const o = <usize>ch * S;
    let r = v128.load(src + o);
    let p = c + o;
    for (let n = 0; n < m; n++) {
      r = v128.add<T>(r, v128.load(p));
      p += cStride;
    }
    storeMasked<T>(dst + o, flush<T>(r), ch, j0, j1);
  }
}
