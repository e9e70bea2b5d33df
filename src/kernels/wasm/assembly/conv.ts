// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The loops of a convolutional and a max-pooling layer, for one example (the batch loops
// are in convBatch.ts). A layer's values are planes, one per channel, as network/layers.ts
// stores them (a^l_{c,j,k} at (c·H + j)·W + k), but with each row padded to Wp elements, a
// whole number of vectors, the padding kept at +0; a conv's weights w_{f,c,p,q} likewise at
// ((f·C + c)·K_h + p)·K_wp + q, each field row padded to K_wp (+0).
//
// forward (1), SIMD across a row's columns k:
//   z_{f,j,k} = b_f + Σ_c Σ_{p,q} w_{f,c,p,q} a_{c,j+p,k+q},   a = σ(z);
// max-pooling keeps the first maximum of each window (row-major) and its offset;
// backward, from the error of each *output* position that has one: max-pooling sends δ to one
// position of each window, so the conv layer's δ is visited as a list (the pooled positions'
// offsets), skipping its zeros (3/4 of it, and more where σ' is 0: ReLU). For each such
// (f, j, k) with δ ≠ 0, in SIMD across a field row's q:
//   ∂C/∂b_f += δ,   ∂C/∂w_{f,c,p,·} += δ a_{c,j+p,k+·},   δ^{in}_{c,j+p,k+·} += δ w_{f,c,p,·}
// (the last the full correlation with the flipped kernels, written as the scatter it is).

import { activate, primeTimes } from './dispatch.generated';
import { flush, lanes, madd, zeroFrom } from './simd';

// ---- forward ----

/**
 * Output row j of maps f0..f0+3 (maps past `count` repeat the last one's weights and are not
 * stored), two vectors of columns from v0 (`pair`: else one): z = b + Σ w a, then σ, the lanes
 * at or past Wout set to +0.
 */
@inline function convBlock<T>(aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, b: usize, f0: i32, count: i32, out: usize, hOut: i32, wOut: i32, wpOut: i32, j: i32, v0: i32, pair: bool, act: i32): void {
  const S = <usize>sizeof<T>();
  const L = lanes<T>();
  const mapBytes = <usize>(cIn * kh * kwp) * S;
  const w0 = w + <usize>f0 * mapBytes;
  const w1 = w0 + (count > 1 ? mapBytes : 0);
  const w2 = w0 + <usize>(count > 2 ? 2 : count - 1) * mapBytes;
  const w3 = w0 + <usize>(count > 3 ? 3 : count - 1) * mapBytes;
  let c00 = v128.splat<T>(load<T>(b + <usize>f0 * S));
  let c10 = v128.splat<T>(load<T>(b + <usize>(count > 1 ? f0 + 1 : f0) * S));
  let c20 = v128.splat<T>(load<T>(b + <usize>(count > 2 ? f0 + 2 : f0) * S));
  let c30 = v128.splat<T>(load<T>(b + <usize>(count > 3 ? f0 + 3 : f0) * S));
  let c01 = c00, c11 = c10, c21 = c20, c31 = c30;
  const col = <usize>(v0 * L) * S;
  for (let c = 0; c < cIn; c++) {
    for (let p = 0; p < kh; p++) {
      const row = aIn + <usize>((c * hIn + j + p) * wpIn) * S + col;
      const wr = <usize>((c * kh + p) * kwp) * S;
      for (let q = 0; q < kw; q++) {
        const x0 = v128.load(row + <usize>q * S);
        const x1 = pair ? v128.load(row + <usize>q * S + 16) : x0;
        const o = wr + <usize>q * S;
        let s = v128.load_splat<T>(w0 + o);
        c00 = madd<T>(x0, s, c00);
        if (pair) c01 = madd<T>(x1, s, c01);
        s = v128.load_splat<T>(w1 + o);
        c10 = madd<T>(x0, s, c10);
        if (pair) c11 = madd<T>(x1, s, c11);
        s = v128.load_splat<T>(w2 + o);
        c20 = madd<T>(x0, s, c20);
        if (pair) c21 = madd<T>(x1, s, c21);
        s = v128.load_splat<T>(w3 + o);
        c30 = madd<T>(x0, s, c30);
        if (pair) c31 = madd<T>(x1, s, c31);
      }
    }
  }
  const plane = <usize>(hOut * wpOut) * S;
  const o0 = out + <usize>f0 * plane + <usize>(j * wpOut) * S + col;
  const k0 = v0 * L;
  v128.store(o0, zeroFrom<T>(activate<T>(c00, act), k0, wOut));
  if (pair) v128.store(o0 + 16, zeroFrom<T>(activate<T>(c01, act), k0 + L, wOut));
  if (count > 1) {
    v128.store(o0 + plane, zeroFrom<T>(activate<T>(c10, act), k0, wOut));
    if (pair) v128.store(o0 + plane + 16, zeroFrom<T>(activate<T>(c11, act), k0 + L, wOut));
  }
  if (count > 2) {
    v128.store(o0 + 2 * plane, zeroFrom<T>(activate<T>(c20, act), k0, wOut));
    if (pair) v128.store(o0 + 2 * plane + 16, zeroFrom<T>(activate<T>(c21, act), k0 + L, wOut));
  }
  if (count > 3) {
    v128.store(o0 + 3 * plane, zeroFrom<T>(activate<T>(c30, act), k0, wOut));
    if (pair) v128.store(o0 + 3 * plane + 16, zeroFrom<T>(activate<T>(c31, act), k0 + L, wOut));
  }
}

/** (1) for a conv layer of F maps, one example: its input planes at aIn, its output's at out; the activation of code `act` (a constant: dispatch.generated.ts's convForward calls it once per code). */
@inline export function convForwardWith<T>(aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, b: usize, f: i32, out: usize, hOut: i32, wOut: i32, wpOut: i32, act: i32): void {
  const vectors = wpOut / lanes<T>();
  for (let f0 = 0; f0 < f; f0 += 4) {
    const count = min(4, f - f0);
    for (let j = 0; j < hOut; j++) {
      let v = 0;
      for (; v + 2 <= vectors; v += 2) convBlock<T>(aIn, hIn, wpIn, cIn, w, kh, kw, kwp, b, f0, count, out, hOut, wOut, wpOut, j, v, true, act);
      if (v < vectors) convBlock<T>(aIn, hIn, wpIn, cIn, w, kh, kw, kwp, b, f0, count, out, hOut, wOut, wpOut, j, v, false, act);
    }
  }
}

/**
 * Max-pooling of one example's planes (C of hIn × wIn, rows wpIn apart) in ph × pw windows:
 * each window's first maximum (row-major: a later value replaces it only when larger) into
 * out, and, if `arg` is not 0, where it lies in its plane, row << 16 | column, as an i32 at the
 * same place of `arg` as the maximum's in out (the conv layer below routes its δ by it).
 */
export function poolForward<T>(aIn: usize, hIn: i32, wpIn: i32, c: i32, ph: i32, pw: i32, out: usize, hOut: i32, wOut: i32, wpOut: i32, arg: usize): void {
  const S = <usize>sizeof<T>();
  for (let ch = 0; ch < c; ch++) {
    const plane = aIn + <usize>(ch * hIn * wpIn) * S;
    for (let J = 0; J < hOut; J++) {
      const o = (ch * hOut + J) * wpOut;
      for (let K = 0; K < wOut; K++) {
        let best = load<T>(plane + <usize>(J * ph * wpIn + K * pw) * S);
        let at = (J * ph) << 16 | (K * pw);
        for (let p = 0; p < ph; p++) {
          const r = J * ph + p;
          for (let q = 0; q < pw; q++) {
            const x = load<T>(plane + <usize>(r * wpIn + K * pw + q) * S);
            // (no branch: which value is larger is as good as random)
            const larger = x > best;
            best = select<T>(x, best, larger);
            at = select<i32>(r << 16 | (K * pw + q), at, larger);
          }
        }
        store<T>(out + <usize>(o + K) * S, best);
        if (arg != 0) store<i32>(arg + (<usize>(o + K) << 2), at);
      }
    }
  }
}

// ---- backward ----

/** δ = raw σ'(z) for one value, σ' from a (the activation's own code: dispatch.generated.ts, primeTimes), a subnormal flushed to +0. */
@inline function primeOne<T>(raw: T, a: T, act: i32): T {
  return v128.extract_lane<T>(flush<T>(primeTimes<T>(v128.splat<T>(raw), v128.splat<T>(a), act)), 0);
}
/** x, or +0 if it is subnormal (simd.ts: flush). */
@inline function flushOne<T>(x: T): T {
  return v128.extract_lane<T>(flush<T>(v128.splat<T>(x)), 0);
}

/**
 * Lists one example's nonzero errors of a conv layer of F maps, map by map: δ at `deltas`, the
 * position's offset j·Wp_in + k in the input's planes at `offsets`, and where each map's run
 * starts at `starts` (F + 1 i32s). `raw` holds the sums Σ w δ that reach the layer's outputs
 * (before σ'): those of the pool above it (hRaw × wRaw per map, rows wpRaw apart), routed by
 * `arg` (poolForward's row << 16 | column), or, with arg 0, those of its own outputs. For the
 * activation of code `act` (a constant: dispatch.generated.ts's listDeltas calls it once per code).
 */
@inline export function listDeltasWith<T>(raw: usize, arg: usize, hRaw: i32, wRaw: i32, wpRaw: i32, aOut: usize, f: i32, hOut: i32, wpOut: i32, wpIn: i32, deltas: usize, offsets: usize, starts: usize, act: i32): void {
  const S = <usize>sizeof<T>();
  let n = 0;
  for (let map = 0; map < f; map++) {
    store<i32>(starts + (<usize>map << 2), n);
    for (let J = 0; J < hRaw; J++) {
      const row = (map * hRaw + J) * wpRaw;
      for (let K = 0; K < wRaw; K++) {
        const r = load<T>(raw + <usize>(row + K) * S);
        if (r == 0) continue;
        let j = J;
        let k = K;
        if (arg != 0) {
          const packed = load<i32>(arg + (<usize>(row + K) << 2));
          j = packed >> 16;
          k = packed & 0xffff;
        }
        const delta = primeOne<T>(r, load<T>(aOut + <usize>((map * hOut + j) * wpOut + k) * S), act);
        if (delta == 0) continue;
        store<T>(deltas + <usize>n * S, delta);
        store<i32>(offsets + (<usize>n << 2), j * wpIn + k);
        n++;
      }
    }
  }
  store<i32>(starts + (<usize>f << 2), n);
}

/**
 * Field rows (f, c, p) and, if `two`, (f, c, p + 1), vectors q0 and q0 + L (`pair`; else q0
 * alone), over map f's listed errors: the sums of ∂C/∂w in registers, δ a added error by error;
 * and δ^{in} += δ w (dIn ≠ 0), w in registers. Two rows a pass share each error's δ and offset.
 * The lanes past the field (q ≥ K_w) sum the next columns' values: stored as +0. The sums are
 * stored flushed (simd.ts: flush), once per row and example; δ^{in}'s partial sums are not
 * (three more operations on each of this loop's stores): convBackward flushes them after.
 */
@inline function fieldRows<T>(e0: i32, e1: i32, deltas: usize, offsets: usize, aRow: usize, wRow: usize, rRow: usize, dRow: usize, inStep: usize, wStep: usize, q0: i32, kw: i32, pair: bool, two: bool): void {
  const S = <usize>sizeof<T>();
  const o = <usize>q0 * S;
  const r = rRow + o;
  const ww = wRow + o;
  let r0 = v128.load(r);
  let r1 = pair ? v128.load(r, 16) : r0;
  let r2 = two ? v128.load(r + wStep) : r0;
  let r3 = two && pair ? v128.load(r + wStep, 16) : r0;
  const w0 = v128.load(ww);
  const w1 = pair ? v128.load(ww, 16) : w0;
  const w2 = two ? v128.load(ww + wStep) : w0;
  const w3 = two && pair ? v128.load(ww + wStep, 16) : w0;
  const a = aRow + o;
  const d = dRow + o;
  for (let e = e0; e < e1; e++) {
    const s = v128.load_splat<T>(deltas + <usize>e * S);
    const at = <usize>load<i32>(offsets + (<usize>e << 2)) * S;
    r0 = madd<T>(s, v128.load(a + at), r0);
    if (pair) r1 = madd<T>(s, v128.load(a + at, 16), r1);
    if (two) {
      r2 = madd<T>(s, v128.load(a + at + inStep), r2);
      if (pair) r3 = madd<T>(s, v128.load(a + at + inStep, 16), r3);
    }
    if (dRow != 0) {
      v128.store(d + at, madd<T>(s, w0, v128.load(d + at)));
      if (pair) v128.store(d + at, madd<T>(s, w1, v128.load(d + at, 16)), 16);
      if (two) {
        v128.store(d + at + inStep, madd<T>(s, w2, v128.load(d + at + inStep)));
        if (pair) v128.store(d + at + inStep, madd<T>(s, w3, v128.load(d + at + inStep, 16)), 16);
      }
    }
  }
  const L = lanes<T>();
  v128.store(r, flush<T>(zeroFrom<T>(r0, q0, kw)));
  if (pair) v128.store(r, flush<T>(zeroFrom<T>(r1, q0 + L, kw)), 16);
  if (two) {
    v128.store(r + wStep, flush<T>(zeroFrom<T>(r2, q0, kw)));
    if (pair) v128.store(r + wStep, flush<T>(zeroFrom<T>(r3, q0 + L, kw)), 16);
  }
}

/** fieldRows for rows p (and p + 1 if `two`) over every vector of a field row. */
@inline function fieldRowsAll<T>(e0: i32, e1: i32, deltas: usize, offsets: usize, aRow: usize, wRow: usize, rRow: usize, dRow: usize, inStep: usize, wStep: usize, kw: i32, kwp: i32, two: bool): void {
  const L = lanes<T>();
  let q0 = 0;
  for (; q0 + 2 * L <= kwp; q0 += 2 * L) fieldRows<T>(e0, e1, deltas, offsets, aRow, wRow, rRow, dRow, inStep, wStep, q0, kw, true, two);
  if (q0 < kwp) fieldRows<T>(e0, e1, deltas, offsets, aRow, wRow, rRow, dRow, inStep, wStep, q0, kw, false, two);
}

/**
 * The sums of one example's listed errors (listDeltas) of a conv layer: ∂C/∂b_f += δ, and
 * for each field row (f, c, p): ∂C/∂w_{f,c,p,·} += δ a_{c,j+p,k+·} and, if dIn is not 0,
 * δ^{in}_{c,j+p,k+·} += δ w_{f,c,p,·} (w's padding is +0: the lanes past the field add ±0),
 * its dInBytes then flushed.
 */
export function convBackward<T>(deltas: usize, offsets: usize, starts: usize, aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, f: i32, rw: usize, rb: usize, dIn: usize, dInBytes: usize): void {
  const S = <usize>sizeof<T>();
  for (let map = 0; map < f; map++) {
    const e0 = load<i32>(starts + (<usize>map << 2));
    const e1 = load<i32>(starts + (<usize>(map + 1) << 2));
    if (e0 == e1) continue;
    let b = load<T>(rb + <usize>map * S);
    for (let e = e0; e < e1; e++) b += load<T>(deltas + <usize>e * S);
    store<T>(rb + <usize>map * S, flushOne<T>(b));
    for (let c = 0; c < cIn; c++) {
      for (let p = 0; p < kh; p += 2) {
        const inRow = <usize>((c * hIn + p) * wpIn) * S;
        const row = <usize>(((map * cIn + c) * kh + p) * kwp) * S;
        const dRow = dIn != 0 ? dIn + inRow : 0;
        const inStep = <usize>wpIn * S;
        const wStep = <usize>kwp * S;
        if (p + 1 < kh) fieldRowsAll<T>(e0, e1, deltas, offsets, aIn + inRow, w + row, rw + row, dRow, inStep, wStep, kw, kwp, true);
        else fieldRowsAll<T>(e0, e1, deltas, offsets, aIn + inRow, w + row, rw + row, dRow, inStep, wStep, kw, kwp, false);
      }
    }
  }
  if (dIn != 0) for (let o: usize = 0; o < dInBytes; o += 16) v128.store(dIn + o, flush<T>(v128.load(dIn + o)));
}
