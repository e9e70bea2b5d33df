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

import { A_LEAKY_RELU, A_LINEAR, A_RELU, A_SIGMOID, A_TANH } from './layout.generated';
import { activate, primeTimes } from './activation';
import { lanes, madd, vzero, zeroFrom } from './simd';

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

@inline function convForwardWith<T>(aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, b: usize, f: i32, out: usize, hOut: i32, wOut: i32, wpOut: i32, act: i32): void {
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

/** (1) for a conv layer of F maps, one example: its input planes at aIn, its output's at out. */
export function convForward<T>(aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, b: usize, f: i32, out: usize, hOut: i32, wOut: i32, wpOut: i32, act: i32): void {
  if (act == A_RELU) convForwardWith<T>(aIn, hIn, wpIn, cIn, w, kh, kw, kwp, b, f, out, hOut, wOut, wpOut, A_RELU);
  else if (act == A_SIGMOID) convForwardWith<T>(aIn, hIn, wpIn, cIn, w, kh, kw, kwp, b, f, out, hOut, wOut, wpOut, A_SIGMOID);
  else if (act == A_TANH) convForwardWith<T>(aIn, hIn, wpIn, cIn, w, kh, kw, kwp, b, f, out, hOut, wOut, wpOut, A_TANH);
  else if (act == A_LEAKY_RELU) convForwardWith<T>(aIn, hIn, wpIn, cIn, w, kh, kw, kwp, b, f, out, hOut, wOut, wpOut, A_LEAKY_RELU);
  else convForwardWith<T>(aIn, hIn, wpIn, cIn, w, kh, kw, kwp, b, f, out, hOut, wOut, wpOut, A_LINEAR);
}

/**
 * Max-pooling of one example's planes (C of hIn × wIn, rows wpIn apart) in ph × pw windows:
 * each window's first maximum (row-major: a later value replaces it only when larger) into
 * out, and, if `arg` is not 0, its offset in the input (elements) as an i32 at the same place
 * of `arg` as the maximum's in out.
 */
export function poolForward<T>(aIn: usize, hIn: i32, wpIn: i32, c: i32, ph: i32, pw: i32, out: usize, hOut: i32, wOut: i32, wpOut: i32, arg: usize): void {
  const S = <usize>sizeof<T>();
  for (let ch = 0; ch < c; ch++) {
    for (let J = 0; J < hOut; J++) {
      const o = (ch * hOut + J) * wpOut;
      const top = (ch * hIn + J * ph) * wpIn;
      for (let K = 0; K < wOut; K++) {
        let at = top + K * pw;
        let best = load<T>(aIn + <usize>at * S);
        for (let p = 0; p < ph; p++) {
          const r = top + p * wpIn + K * pw;
          for (let q = 0; q < pw; q++) {
            const x = load<T>(aIn + <usize>(r + q) * S);
            if (x > best) {
              best = x;
              at = r + q;
            }
          }
        }
        store<T>(out + <usize>(o + K) * S, best);
        if (arg != 0) store<i32>(arg + (<usize>(o + K) << 2), at);
      }
    }
  }
}

// ---- backward ----

/** δ = raw σ'(z) for one value, σ' from a (the activation's own code: activation.ts). */
@inline function primeOne<T>(raw: T, a: T, act: i32): T {
  return v128.extract_lane<T>(primeTimes<T>(v128.splat<T>(raw), v128.splat<T>(a), act), 0);
}

/**
 * The sums of one error δ of output (f, j, k) (offset `at` in the output planes, δ ≠ 0): into
 * the bias's and the weights' sums at rb, rw, and, if dIn is not 0, into δ^{in}.
 */
@inline function scatterOne<T>(delta: T, at: i32, aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, hOut: i32, wpOut: i32, rw: usize, rb: usize, dIn: usize): void {
  const S = <usize>sizeof<T>();
  const L = lanes<T>();
  const plane = hOut * wpOut;
  const f = at / plane;
  const rest = at - f * plane;
  const j = rest / wpOut;
  const k = rest - j * wpOut;
  store<T>(rb + <usize>f * S, load<T>(rb + <usize>f * S) + delta);
  const s = v128.splat<T>(delta);
  const mapAt = <usize>(f * cIn * kh * kwp) * S;
  for (let c = 0; c < cIn; c++) {
    for (let p = 0; p < kh; p++) {
      const inRow = <usize>(((c * hIn + j + p) * wpIn) + k) * S;
      const wRow = mapAt + <usize>((c * kh + p) * kwp) * S;
      for (let q = 0; q < kwp; q += L) {
        const o = <usize>q * S;
        // the lanes past the field (q ≥ K_w) read the next columns: masked, so R's padding stays +0
        const x = zeroFrom<T>(v128.load(aIn + inRow + o), q, kw);
        v128.store(rw + wRow + o, madd<T>(s, x, v128.load(rw + wRow + o)));
        // (w's padding is +0: the lanes past the field add ±0)
        if (dIn != 0) v128.store(dIn + inRow + o, madd<T>(s, v128.load(w + wRow + o), v128.load(dIn + inRow + o)));
      }
    }
  }
}

@inline function convBackwardWith<T>(raw: usize, arg: usize, positions: i32, wpRaw: i32, wRaw: i32, aOut: usize, aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, hOut: i32, wpOut: i32, rw: usize, rb: usize, dIn: usize, act: i32): void {
  const S = <usize>sizeof<T>();
  for (let i = 0; i < positions; i++) {
    // (the columns past the rows' width are padding: no error)
    if (i % wpRaw >= wRaw) continue;
    const r = load<T>(raw + <usize>i * S);
    if (r == 0) continue;
    const at = arg != 0 ? load<i32>(arg + (<usize>i << 2)) : i;
    const delta = primeOne<T>(r, load<T>(aOut + <usize>at * S), act);
    if (delta == 0) continue;
    scatterOne<T>(delta, at, aIn, hIn, wpIn, cIn, w, kh, kw, kwp, hOut, wpOut, rw, rb, dIn);
  }
}

/**
 * The backward pass of a conv layer for one example. `raw` holds the sums Σ w δ that reach its
 * outputs (before σ'): those of the pool layer above it, `positions` values in rows of wRaw
 * columns padded to wpRaw, routed through `arg` (the pool's maxima's offsets), or, with arg 0,
 * those of its own outputs. δ = raw σ'(z), σ' from a (aOut, the layer's output planes) for the
 * activation `act`. Adds into the sums of ∂C/∂w (rw) and ∂C/∂b (rb) and, if dIn is not 0, into
 * δ^{in}, the sums of the layer below (zeroed by the caller).
 */
export function convBackward<T>(raw: usize, arg: usize, positions: i32, wpRaw: i32, wRaw: i32, aOut: usize, aIn: usize, hIn: i32, wpIn: i32, cIn: i32, w: usize, kh: i32, kw: i32, kwp: i32, hOut: i32, wpOut: i32, rw: usize, rb: usize, dIn: usize, act: i32): void {
  if (act == A_RELU) convBackwardWith<T>(raw, arg, positions, wpRaw, wRaw, aOut, aIn, hIn, wpIn, cIn, w, kh, kw, kwp, hOut, wpOut, rw, rb, dIn, A_RELU);
  else if (act == A_SIGMOID) convBackwardWith<T>(raw, arg, positions, wpRaw, wRaw, aOut, aIn, hIn, wpIn, cIn, w, kh, kw, kwp, hOut, wpOut, rw, rb, dIn, A_SIGMOID);
  else if (act == A_TANH) convBackwardWith<T>(raw, arg, positions, wpRaw, wRaw, aOut, aIn, hIn, wpIn, cIn, w, kh, kw, kwp, hOut, wpOut, rw, rb, dIn, A_TANH);
  else if (act == A_LEAKY_RELU) convBackwardWith<T>(raw, arg, positions, wpRaw, wRaw, aOut, aIn, hIn, wpIn, cIn, w, kh, kw, kwp, hOut, wpOut, rw, rb, dIn, A_LEAKY_RELU);
  else convBackwardWith<T>(raw, arg, positions, wpRaw, wRaw, aOut, aIn, hIn, wpIn, cIn, w, kh, kw, kwp, hOut, wpOut, rw, rb, dIn, A_LINEAR);
}
