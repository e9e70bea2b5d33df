// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The hot loops of the WebAssembly kernels, for one dtype T (f32 → f32x4, f64 → f64x2).
// Everything lives in one linear memory laid out by ../layout.ts: a *plan* (header plus one
// descriptor per thread and layer, holding sizes, row strides, the thread's neuron slice and
// buffer addresses), the parameters, the batch buffers and the resident datasets.
//
// Matrices are row-major with rows padded to a multiple of 16 bytes (the *stride*) and the
// padding kept at zero, so every dot product runs over whole vectors with no tail:
//   w^l is n_l × stride_{l-1},  A^l (one row per example) is m × stride_l.
//
// A mini-batch is a fixed sequence of *phases*; threads run the same phase on disjoint
// neuron slices and meet at a barrier between phases (the JS side does the barrier):
//   phase f < L−2  : forward (1) of hidden layer f+2, own neurons (phase 0 first gathers a^1)
//   phase L−2      : forward of the output layer (every thread, redundantly), δ^L (4),
//                    then δ^{L−1} (5) for own neurons and the updates of w^L (own columns)
//                    and w^{L−1}, b^{L−1} (own rows)
//   phase > L−2    : δ^l (5) for own neurons of l = 2L−3−phase and the update of its rows.
// w^l, b^l for l ≥ 3 are double-buffered (read copy `par`, write copy `par^1`) because other
// threads read their columns (in (5)) during the phase that updates them; w^2, b^2 are
// updated in place (only their owner reads those rows). Every neuron's value is computed by
// the same instruction sequence whichever thread or block computes it, so the result does not
// depend on the thread count, bit for bit.

// ---- plan layout (mirrored in ../layout.ts) ----
const H_L: usize = 0;
const H_T: usize = 4;
const H_PAR: usize = 8;
const H_M: usize = 12;
const H_DATA: usize = 16;
const H_KIND: usize = 20;
const H_TARGETS: usize = 24;
const H_ORDER: usize = 28;
const H_N1: usize = 32; // input row length of the dataset (= n_1)
const H_CHUNK: usize = 36;
const H_STEP: usize = 64; // f64: η/m
const H_SCALE: usize = 72; // f64: inputScale
const H_NEXT: usize = 40; // the next batch's example indices (a guess, for prefetching), or 0
const H_NEXT_M: usize = 44;
const H_LUT: usize = 48; // 256 × 16 bytes: positions of the set bits of each byte (see listNonzeros)
const H_LISTED: usize = 52; // 1: this batch's a^1 lists were made ahead (see prepare); skip gathering
const HEADER_BYTES: usize = 128;

const D_N: usize = 0;
const D_STRIDE: usize = 4;
const D_J0: usize = 8;
const D_J1: usize = 12;
const D_W0: usize = 16;
const D_W1: usize = 20;
const D_B0: usize = 24;
const D_B1: usize = 28;
const D_A: usize = 32;
const D_D: usize = 36;
const D_C: usize = 40;
const D_INF: usize = 44;
const D_LIST: usize = 48; // layer 1: each example's nonzero inputs (see forwardT)
const D_LIST_STRIDE: usize = 52; // bytes per example
const D_ILIST: usize = 56; // layer 1: this thread's lists for one chunk of inference
const DESC_BYTES: usize = 64;

@inline function geti(p: usize): i32 {
  return load<i32>(p);
}
@inline function getu(p: usize): usize {
  return <usize>load<u32>(p);
}
@inline function desc(plan: usize, tid: i32, l: i32): usize {
  const L = geti(plan + H_L);
  return plan + HEADER_BYTES + <usize>(tid * (L + 1) + l) * DESC_BYTES;
}

// ---- vector helpers ----
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}
@inline function vzero<T>(): v128 {
  return v128.splat<T>(<T>0);
}
/** a·b + c: fused with relaxed SIMD, a multiply then an add without it. */
@inline function madd<T>(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return v128.relaxed_madd<T>(a, b, c);
  return v128.add<T>(v128.mul<T>(a, b), c);
}
/** Sum of the lanes, always in the order (x0 + x2) + (x1 + x3) (f32) or x0 + x1 (f64). */
@inline function hsum<T>(v: v128): T {
  if (sizeof<T>() == 4) {
    const s = f32x4.add(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    return <T>(f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1));
  }
  return <T>(f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1));
}
/** Stores the lanes of v (element c onwards, at ptr) whose index lies in [j0, j1). */
@inline function storeMasked<T>(ptr: usize, v: v128, c: i32, j0: i32, j1: i32): void {
  if (c >= j0 && c + lanes<T>() <= j1) {
    v128.store(ptr, v);
    return;
  }
  if (sizeof<T>() == 4) {
    if (c >= j0 && c < j1) store<f32>(ptr, f32x4.extract_lane(v, 0));
    if (c + 1 >= j0 && c + 1 < j1) store<f32>(ptr + 4, f32x4.extract_lane(v, 1));
    if (c + 2 >= j0 && c + 2 < j1) store<f32>(ptr + 8, f32x4.extract_lane(v, 2));
    if (c + 3 >= j0 && c + 3 < j1) store<f32>(ptr + 12, f32x4.extract_lane(v, 3));
  } else {
    if (c >= j0 && c < j1) store<f64>(ptr, f64x2.extract_lane(v, 0));
    if (c + 1 >= j0 && c + 1 < j1) store<f64>(ptr + 8, f64x2.extract_lane(v, 1));
  }
}

// ---- exp and the sigmoid ----
/**
 * e^{−x} for x ≥ 0 (x is |z|). Range reduction e^{−x} = 2^n e^r with n = round(−x/ln 2),
 * |r| ≤ ln2/2 (Cody–Waite split of ln 2), a polynomial for e^r, and 2^n built in the
 * exponent bits. n comes from the "shifter" trick: adding 1.5·2^23 (1.5·2^52) rounds to an
 * integer whose low mantissa bits are n. The argument is clamped so 2^n stays normal.
 * f32: Cephes expf polynomial, ~1e-7 relative. f64: degree-13 Taylor polynomial, whose
 * truncation error on |r| ≤ 0.347 is below 1e-17, so the result is within a few ulp.
 */
@inline function expNeg<T>(x: v128): v128 {
  if (sizeof<T>() == 4) {
    const y = f32x4.neg(f32x4.min(x, f32x4.splat(87.33)));
    const shifter = f32x4.splat(12582912.0);
    const t = madd<f32>(y, f32x4.splat(1.44269504088896341), shifter);
    const n = f32x4.sub(t, shifter);
    let r = madd<f32>(n, f32x4.splat(-0.693359375), y);
    r = madd<f32>(n, f32x4.splat(2.12194440e-4), r);
    let p = f32x4.splat(1.9875691500e-4);
    p = madd<f32>(p, r, f32x4.splat(1.3981999507e-3));
    p = madd<f32>(p, r, f32x4.splat(8.3334519073e-3));
    p = madd<f32>(p, r, f32x4.splat(4.1665795894e-2));
    p = madd<f32>(p, r, f32x4.splat(1.6666665459e-1));
    p = madd<f32>(p, r, f32x4.splat(5.0000001201e-1));
    p = madd<f32>(p, f32x4.mul(r, r), f32x4.add(r, f32x4.splat(1.0)));
    const scale = i32x4.add(i32x4.shl(t, 23), i32x4.splat(127 << 23));
    return f32x4.mul(p, scale);
  }
  const y = f64x2.neg(f64x2.min(x, f64x2.splat(708.39)));
  const shifter = f64x2.splat(6755399441055744.0);
  const t = madd<f64>(y, f64x2.splat(1.4426950408889634), shifter);
  const n = f64x2.sub(t, shifter);
  let r = madd<f64>(n, f64x2.splat(-6.93147180369123816490e-1), y);
  r = madd<f64>(n, f64x2.splat(-1.90821492927058770002e-10), r);
  let p = f64x2.splat(1.6059043836821613e-10); // 1/13!
  p = madd<f64>(p, r, f64x2.splat(2.08767569878681e-9)); // 1/12!
  p = madd<f64>(p, r, f64x2.splat(2.505210838544172e-8)); // 1/11!
  p = madd<f64>(p, r, f64x2.splat(2.755731922398589e-7)); // 1/10!
  p = madd<f64>(p, r, f64x2.splat(2.7557319223985893e-6)); // 1/9!
  p = madd<f64>(p, r, f64x2.splat(2.48015873015873e-5)); // 1/8!
  p = madd<f64>(p, r, f64x2.splat(1.984126984126984e-4)); // 1/7!
  p = madd<f64>(p, r, f64x2.splat(1.388888888888889e-3)); // 1/6!
  p = madd<f64>(p, r, f64x2.splat(8.333333333333333e-3)); // 1/5!
  p = madd<f64>(p, r, f64x2.splat(4.1666666666666664e-2)); // 1/4!
  p = madd<f64>(p, r, f64x2.splat(1.6666666666666666e-1)); // 1/3!
  p = madd<f64>(p, r, f64x2.splat(0.5));
  p = madd<f64>(p, r, f64x2.splat(1.0));
  p = madd<f64>(p, r, f64x2.splat(1.0));
  const scale = i64x2.add(i64x2.shl(t, 52), i64x2.splat(<i64>1023 << 52));
  return f64x2.mul(p, scale);
}

/** σ(z) = 1/(1 + e^{−z}) for z ≥ 0 and e^{z}/(1 + e^{z}) for z < 0, as the reference: never overflows. */
@inline function sigmoid<T>(z: v128): v128 {
  const e = expNeg<T>(v128.abs<T>(z));
  const one = v128.splat<T>(<T>1);
  const r = v128.div<T>(one, v128.add<T>(one, e));
  return v128.bitselect(v128.mul<T>(e, r), r, v128.lt<T>(z, vzero<T>()));
}

// ---- forward: z[n][j] = b[j] + Σ_k w[j][k] a[n][k], register-blocked 2 neurons × 4 examples ----
// `len` is the padded row length in bytes of both w and a (they share stride_{l−1}).

function fwd2x4<T>(w: usize, a: usize, len: usize, b: usize, out: usize, so: usize): void {
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
  out += so;
  store<T>(out, b0 + hsum<T>(c01));
  store<T>(out + S, b1 + hsum<T>(c11));
  out += so;
  store<T>(out, b0 + hsum<T>(c02));
  store<T>(out + S, b1 + hsum<T>(c12));
  out += so;
  store<T>(out, b0 + hsum<T>(c03));
  store<T>(out + S, b1 + hsum<T>(c13));
}

function fwd2x1<T>(w: usize, a: usize, len: usize, b: usize, out: usize): void {
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

function fwd1x4<T>(w: usize, a: usize, len: usize, b: usize, out: usize, so: usize): void {
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
  store<T>(out + so, b0 + hsum<T>(c1));
  store<T>(out + 2 * so, b0 + hsum<T>(c2));
  store<T>(out + 3 * so, b0 + hsum<T>(c3));
}

function fwd1x1<T>(w: usize, a: usize, len: usize, b: usize, out: usize): void {
  let c = vzero<T>();
  for (let k: usize = 0; k < len; k += 16) c = madd<T>(v128.load(w + k), v128.load(a + k), c);
  store<T>(out, load<T>(b) + hsum<T>(c));
}

/**
 * (1) for neurons [j0, j1) of a layer and examples [0, m): z = w a + b into `out`
 * (row stride `so` bytes), then a = σ(z) in place.
 */
function forwardLayer<T>(w: usize, b: usize, aIn: usize, len: usize, out: usize, so: usize, j0: i32, j1: i32, m: i32): void {
  const S = <usize>sizeof<T>();
  // Blocks of 4 examples outer: their rows of a stay in L1 while the weight rows stream past.
  let n = 0;
  for (; n + 4 <= m; n += 4) {
    const an = aIn + <usize>n * len;
    const on = out + <usize>n * so;
    let j = j0;
    for (; j + 2 <= j1; j += 2) fwd2x4<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S, so);
    if (j < j1) fwd1x4<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S, so);
  }
  for (; n < m; n++) {
    const an = aIn + <usize>n * len;
    const on = out + <usize>n * so;
    let j = j0;
    for (; j + 2 <= j1; j += 2) fwd2x1<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S);
    if (j < j1) fwd1x1<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S);
  }
  const first = j0 - (j0 % lanes<T>());
  for (let n = 0; n < m; n++) {
    const row = out + <usize>n * so;
    for (let c = first; c < j1; c += lanes<T>()) {
      const p = row + <usize>c * S;
      storeMasked<T>(p, sigmoid<T>(v128.load(p)), c, j0, j1);
    }
  }
}

// ---- layer 2, stored transposed and sparse in a^1 ----
// w^2 is kept as Wt = (w^2)^T: n_1 rows (one per input k) of stride_2 elements, so that
// input k contributes a^1_k · Wt[k] to a whole vector of neurons at once. Inputs that are
// zero contribute nothing, and most are (MNIST: 150 of 784 pixels per image), so both the
// forward (1) and the update (7) of w^2 visit only an example's nonzero a^1_k. Each neuron's
// sum still runs over k in increasing order, and each weight's update over the examples n in
// increasing order, whichever thread or vector block computes it: the result does not depend
// on the thread count, bit for bit, and equals the dense sums with their zero terms left out.

/**
 * The indices k (u16, increasing) of the nonzero values of one dense row of a^1, written
 * from `list`; returns how many. Branch-free: for each 8 values, their nonzero lanes index a
 * table (`lut`, 256 × 16 bytes: the positions of the set bits of each byte) that packs the
 * positions to the front; up to 8 entries past the end are written and ignored.
 */
@inline function listNonzeros<T>(row: usize, n1: i32, list: usize, lut: usize): i32 {
  const S = <usize>sizeof<T>();
  let count = 0;
  for (let k = 0; k < n1; k += 8) {
    const p = row + <usize>k * S;
    let bits: i32;
    if (sizeof<T>() == 4) {
      bits = i32x4.bitmask(f32x4.ne(v128.load(p), vzero<T>())) | (i32x4.bitmask(f32x4.ne(v128.load(p, 16), vzero<T>())) << 4);
    } else {
      bits =
        i64x2.bitmask(f64x2.ne(v128.load(p), vzero<T>())) |
        (i64x2.bitmask(f64x2.ne(v128.load(p, 16), vzero<T>())) << 2) |
        (i64x2.bitmask(f64x2.ne(v128.load(p, 32), vzero<T>())) << 4) |
        (i64x2.bitmask(f64x2.ne(v128.load(p, 48), vzero<T>())) << 6);
    }
    if (k + 8 > n1) bits &= (1 << (n1 - k)) - 1; // the lanes past the row
    const positions = i16x8.extend_low_i8x16_u(v128.load(lut + (<usize>bits << 4)));
    v128.store(list + (<usize>count << 1), i16x8.add(positions, i16x8.splat(<i16>k)));
    count += popcnt(bits);
  }
  // and their values, beside them (the threads that use a list need not read the row)
  const vals = list + valuesOffset(n1) - 4;
  for (let i = 0; i < count; i++) store<T>(vals + <usize>i * S, load<T>(row + <usize>load<u16>(list + (<usize>i << 1)) * S));
  return count;
}

/** Where an example's list keeps the values, in bytes from its start (after the count and the indices). */
@inline function valuesOffset(n1: i32): usize {
  return <usize>(4 + 2 * (n1 + 8) + 15) & ~15;
}

/** Stores σ(z) for the lanes of neurons c.. that lie in [j0, j1). */
@inline function storeSigmoid<T>(p: usize, z: v128, c: i32, j0: i32, j1: i32): void {
  storeMasked<T>(p, sigmoid<T>(z), c, j0, j1);
}

/**
 * 8 vectors of neurons (from element c, at wt, b, out) of one example:
 * a = σ(b + Σ_i a^1_{k_i} Wt[k_i]) over the example's nonzero inputs k_i (all k_i < n1).
 */
function fwdT8<T>(wt: usize, rowBytes: usize, list: usize, count: i32, vals: usize, b: usize, out: usize, c: i32, j0: i32, j1: i32, n1: u32): void {
  const S = <usize>sizeof<T>();
  const W = lanes<T>();
  let z0 = v128.load(b), z1 = v128.load(b, 16), z2 = v128.load(b, 32), z3 = v128.load(b, 48);
  let z4 = v128.load(b, 64), z5 = v128.load(b, 80), z6 = v128.load(b, 96), z7 = v128.load(b, 112);
  for (let i = 0; i < count; i++) {
    const k = <usize>load<u16>(list + (<usize>i << 1));
    const p = wt + k * rowBytes;
    const s = v128.load_splat<T>(vals + <usize>i * S);
    z0 = madd<T>(s, v128.load(p), z0);
    z1 = madd<T>(s, v128.load(p, 16), z1);
    z2 = madd<T>(s, v128.load(p, 32), z2);
    z3 = madd<T>(s, v128.load(p, 48), z3);
    // Never taken (k < n1), but it makes z0..z3 live out of the middle of the loop, so V8
    // computes them before loading the next four rows: otherwise it hoists all eight loads
    // above the madds, needs 17 vector registers and spills an accumulator (1.6× slower).
    if (<u32>k >= n1) break;
    z4 = madd<T>(s, v128.load(p, 64), z4);
    z5 = madd<T>(s, v128.load(p, 80), z5);
    z6 = madd<T>(s, v128.load(p, 96), z6);
    z7 = madd<T>(s, v128.load(p, 112), z7);
  }
  storeSigmoid<T>(out, z0, c, j0, j1);
  storeSigmoid<T>(out + 16, z1, c + W, j0, j1);
  storeSigmoid<T>(out + 32, z2, c + 2 * W, j0, j1);
  storeSigmoid<T>(out + 48, z3, c + 3 * W, j0, j1);
  storeSigmoid<T>(out + 64, z4, c + 4 * W, j0, j1);
  storeSigmoid<T>(out + 80, z5, c + 5 * W, j0, j1);
  storeSigmoid<T>(out + 96, z6, c + 6 * W, j0, j1);
  storeSigmoid<T>(out + 112, z7, c + 7 * W, j0, j1);
}

function fwdT4<T>(wt: usize, rowBytes: usize, list: usize, count: i32, vals: usize, b: usize, out: usize, c: i32, j0: i32, j1: i32): void {
  const S = <usize>sizeof<T>();
  const W = lanes<T>();
  let z0 = v128.load(b), z1 = v128.load(b, 16), z2 = v128.load(b, 32), z3 = v128.load(b, 48);
  for (let i = 0; i < count; i++) {
    const k = <usize>load<u16>(list + (<usize>i << 1));
    const p = wt + k * rowBytes;
    const s = v128.load_splat<T>(vals + <usize>i * S);
    z0 = madd<T>(s, v128.load(p), z0);
    z1 = madd<T>(s, v128.load(p, 16), z1);
    z2 = madd<T>(s, v128.load(p, 32), z2);
    z3 = madd<T>(s, v128.load(p, 48), z3);
  }
  storeSigmoid<T>(out, z0, c, j0, j1);
  storeSigmoid<T>(out + 16, z1, c + W, j0, j1);
  storeSigmoid<T>(out + 32, z2, c + 2 * W, j0, j1);
  storeSigmoid<T>(out + 48, z3, c + 3 * W, j0, j1);
}

/**
 * (1) for layer 2, neurons [j0, j1) (j0 vector-aligned), examples [0, m): a^2 = σ(w^2 a^1 + b^2)
 * from Wt, into rows of `out` (stride `so` bytes). Leaves each example's list of nonzero
 * inputs in `lists` (rows `ls` bytes: a u32 count, the u16 indices, their values) for the
 * update; or, when `listed`, uses the lists made ahead (see prepare).
 */
function forwardT<T>(wt: usize, rowBytes: usize, b: usize, a1: usize, sIn: usize, n1: i32, out: usize, so: usize, j0: i32, j1: i32, m: i32, lists: usize, ls: usize, lut: usize, listed: bool): void {
  const W = lanes<T>();
  const v0 = j0 / W;
  const v1 = (j1 + W - 1) / W;
  for (let n = 0; n < m; n++) {
    const list = lists + <usize>n * ls;
    if (!listed) store<u32>(list, listNonzeros<T>(a1 + <usize>n * sIn, n1, list + 4, lut));
    const count = <i32>load<u32>(list);
    const row = list + valuesOffset(n1);
    const o = out + <usize>n * so;
    let v = v0;
    for (; v + 8 <= v1; v += 8) fwdT8<T>(wt + (<usize>v << 4), rowBytes, list + 4, count, row, b + (<usize>v << 4), o + (<usize>v << 4), v * W, j0, j1, <u32>n1);
    // The last 1-4 vectors in a block of 4: those past v1 read the next columns (or the row's
    // slack) and are not stored; the lanes kept see the same madds as in any other block.
    for (; v < v1; v += 4) fwdT4<T>(wt + (<usize>v << 4), rowBytes, list + 4, count, row, b + (<usize>v << 4), o + (<usize>v << 4), v * W, j0, j1);
  }
}

/**
 * One example's share of (7) for w^2, 8 vectors of neurons (at wt, c): for each of its
 * nonzero inputs k in [k0, k1), Wt[k] += a^1_k c, with c = −(η/m) δ^2 of the example held in
 * registers.
 */
function updT8<T>(wt: usize, rowBytes: usize, list: usize, count: i32, vals: usize, c: usize, k0: u32, span: u32): void {
  const S = <usize>sizeof<T>();
  const c0 = v128.load(c), c1 = v128.load(c, 16), c2 = v128.load(c, 32), c3 = v128.load(c, 48);
  const c4 = v128.load(c, 64), c5 = v128.load(c, 80), c6 = v128.load(c, 96), c7 = v128.load(c, 112);
  for (let i = 0; i < count; i++) {
    const k = <u32>load<u16>(list + (<usize>i << 1));
    if (k - k0 >= span) continue;
    const p = wt + <usize>k * rowBytes;
    const s = v128.load_splat<T>(vals + <usize>i * S);
    v128.store(p, madd<T>(s, c0, v128.load(p)));
    v128.store(p, madd<T>(s, c1, v128.load(p, 16)), 16);
    v128.store(p, madd<T>(s, c2, v128.load(p, 32)), 32);
    v128.store(p, madd<T>(s, c3, v128.load(p, 48)), 48);
    v128.store(p, madd<T>(s, c4, v128.load(p, 64)), 64);
    v128.store(p, madd<T>(s, c5, v128.load(p, 80)), 80);
    v128.store(p, madd<T>(s, c6, v128.load(p, 96)), 96);
    v128.store(p, madd<T>(s, c7, v128.load(p, 112)), 112);
  }
}

function updT4<T>(wt: usize, rowBytes: usize, list: usize, count: i32, vals: usize, c: usize, k0: u32, span: u32): void {
  const S = <usize>sizeof<T>();
  const c0 = v128.load(c), c1 = v128.load(c, 16), c2 = v128.load(c, 32), c3 = v128.load(c, 48);
  for (let i = 0; i < count; i++) {
    const k = <u32>load<u16>(list + (<usize>i << 1));
    if (k - k0 >= span) continue;
    const p = wt + <usize>k * rowBytes;
    const s = v128.load_splat<T>(vals + <usize>i * S);
    v128.store(p, madd<T>(s, c0, v128.load(p)));
    v128.store(p, madd<T>(s, c1, v128.load(p, 16)), 16);
    v128.store(p, madd<T>(s, c2, v128.load(p, 32)), 32);
    v128.store(p, madd<T>(s, c3, v128.load(p, 48)), 48);
  }
}

function updT1<T>(wt: usize, rowBytes: usize, list: usize, count: i32, vals: usize, c: usize, k0: u32, span: u32): void {
  const S = <usize>sizeof<T>();
  const c0 = v128.load(c);
  for (let i = 0; i < count; i++) {
    const k = <u32>load<u16>(list + (<usize>i << 1));
    if (k - k0 >= span) continue;
    const p = wt + <usize>k * rowBytes;
    v128.store(p, madd<T>(v128.load_splat<T>(vals + <usize>i * S), c0, v128.load(p)));
  }
}

/**
 * (7) for w^2: rows [k0, k1) and whole vectors [v0, v1) of Wt, from `src` into `dst` (the same
 * address when updated in place; otherwise those rows are copied first), example by example
 * in order, from the lists forwardT left.
 */
function updateT<T>(src: usize, dst: usize, rowBytes: usize, c: usize, sc: usize, n1: i32, lists: usize, ls: usize, m: i32, k0: i32, k1: i32, v0: i32, v1: i32): void {
  if (v0 >= v1 || k0 >= k1) return;
  if (src != dst) {
    for (let k = k0; k < k1; k++) memory.copy(dst + <usize>k * rowBytes + (<usize>v0 << 4), src + <usize>k * rowBytes + (<usize>v0 << 4), <usize>(v1 - v0) << 4);
  }
  const span = <u32>(k1 - k0);
  for (let n = 0; n < m; n++) {
    const list = lists + <usize>n * ls;
    const count = <i32>load<u32>(list);
    const row = list + valuesOffset(n1);
    const cn = c + <usize>n * sc;
    let v = v0;
    for (; v + 8 <= v1; v += 8) updT8<T>(dst + (<usize>v << 4), rowBytes, list + 4, count, row, cn + (<usize>v << 4), <u32>k0, span);
    if (v + 4 <= v1) {
      updT4<T>(dst + (<usize>v << 4), rowBytes, list + 4, count, row, cn + (<usize>v << 4), <u32>k0, span);
      v += 4;
    }
    for (; v < v1; v++) updT1<T>(dst + (<usize>v << 4), rowBytes, list + 4, count, row, cn + (<usize>v << 4), <u32>k0, span);
  }
}

// ---- update: dst[j][k] = src[j][k] + Σ_n c[n][j] a[n][k], with c = −(η/m) δ ----
// Blocked 2 rows × 4 vectors; each element sees the same sequence of madds in every block.

function upd2x4<T>(src: usize, dst: usize, rowBytes: usize, c: usize, sc: usize, a: usize, sa: usize, m: i32): void {
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
    c += sc;
    a += sa;
  }
  const dst1 = dst + rowBytes;
  v128.store(dst, r00);
  v128.store(dst, r01, 16);
  v128.store(dst, r02, 32);
  v128.store(dst, r03, 48);
  v128.store(dst1, r10);
  v128.store(dst1, r11, 16);
  v128.store(dst1, r12, 32);
  v128.store(dst1, r13, 48);
}

function upd2x1<T>(src: usize, dst: usize, rowBytes: usize, c: usize, sc: usize, a: usize, sa: usize, m: i32): void {
  const S = sizeof<T>();
  let r0 = v128.load(src), r1 = v128.load(src + rowBytes);
  for (let n = 0; n < m; n++) {
    const y = v128.load(a);
    r0 = madd<T>(v128.load_splat<T>(c), y, r0);
    r1 = madd<T>(v128.load_splat<T>(c + S), y, r1);
    c += sc;
    a += sa;
  }
  v128.store(dst, r0);
  v128.store(dst + rowBytes, r1);
}

function upd1x4<T>(src: usize, dst: usize, c: usize, sc: usize, a: usize, sa: usize, m: i32): void {
  let r0 = v128.load(src), r1 = v128.load(src, 16), r2 = v128.load(src, 32), r3 = v128.load(src, 48);
  for (let n = 0; n < m; n++) {
    const s = v128.load_splat<T>(c);
    r0 = madd<T>(s, v128.load(a), r0);
    r1 = madd<T>(s, v128.load(a, 16), r1);
    r2 = madd<T>(s, v128.load(a, 32), r2);
    r3 = madd<T>(s, v128.load(a, 48), r3);
    c += sc;
    a += sa;
  }
  v128.store(dst, r0);
  v128.store(dst, r1, 16);
  v128.store(dst, r2, 32);
  v128.store(dst, r3, 48);
}

@inline function upd1x1<T>(src: usize, c: usize, sc: usize, a: usize, sa: usize, m: i32): v128 {
  let r = v128.load(src);
  for (let n = 0; n < m; n++) {
    r = madd<T>(v128.load_splat<T>(c), v128.load(a), r);
    c += sc;
    a += sa;
  }
  return r;
}

/**
 * Rows [j0, j1), whole vectors [v0, v1) (16-byte units) of a weight matrix. Column blocks
 * are the outer loop so that the batch's block of a (m rows × 64 bytes) stays in L1 while
 * the weight rows stream past it.
 */
function updateBlock<T>(src: usize, dst: usize, rowBytes: usize, c: usize, sc: usize, a: usize, sa: usize, m: i32, j0: i32, j1: i32, v0: i32, v1: i32): void {
  const S = <usize>sizeof<T>();
  let v = v0;
  for (; v + 4 <= v1; v += 4) {
    const o = <usize>v << 4;
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const r = <usize>j * rowBytes + o;
      upd2x4<T>(src + r, dst + r, rowBytes, c + <usize>j * S, sc, a + o, sa, m);
    }
    if (j < j1) {
      const r = <usize>j * rowBytes + o;
      upd1x4<T>(src + r, dst + r, c + <usize>j * S, sc, a + o, sa, m);
    }
  }
  for (; v < v1; v++) {
    const o = <usize>v << 4;
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const r = <usize>j * rowBytes + o;
      upd2x1<T>(src + r, dst + r, rowBytes, c + <usize>j * S, sc, a + o, sa, m);
    }
    if (j < j1) {
      const r = <usize>j * rowBytes + o;
      v128.store(dst + r, upd1x1<T>(src + r, c + <usize>j * S, sc, a + o, sa, m));
    }
  }
}

/** Rows [j0, j1), columns [k0, k1) (elements; need not be vector-aligned) of a weight matrix. */
function updateColumns<T>(src: usize, dst: usize, rowBytes: usize, c: usize, sc: usize, a: usize, sa: usize, m: i32, j0: i32, j1: i32, k0: i32, k1: i32): void {
  if (k0 >= k1) return;
  const S = <usize>sizeof<T>();
  const W = lanes<T>();
  const vA = (k0 + W - 1) / W; // first whole vector
  const vB = k1 / W; // end of whole vectors
  if (vA < vB) updateBlock<T>(src, dst, rowBytes, c, sc, a, sa, m, j0, j1, vA, vB);
  // the partial vectors at either end, stored lane by lane
  const head = k0 - (k0 % W);
  const tail = vB * W;
  for (let j = j0; j < j1; j++) {
    const rs = src + <usize>j * rowBytes;
    const rd = dst + <usize>j * rowBytes;
    const cj = c + <usize>j * S;
    if (head < k0 || vA >= vB) {
      const o = <usize>head * S;
      storeMasked<T>(rd + o, upd1x1<T>(rs + o, cj, sc, a + o, sa, m), head, k0, k1);
    }
    if (tail < k1 && tail > head) {
      const o = <usize>tail * S;
      storeMasked<T>(rd + o, upd1x1<T>(rs + o, cj, sc, a + o, sa, m), tail, k0, k1);
    }
  }
}

/** (6) b[j] ← b[j] + Σ_n c[n][j] for j in [j0, j1). */
function updateBiases<T>(src: usize, dst: usize, c: usize, sc: usize, m: i32, j0: i32, j1: i32): void {
  const S = <usize>sizeof<T>();
  for (let ch = j0 - (j0 % lanes<T>()); ch < j1; ch += lanes<T>()) {
    const o = <usize>ch * S;
    let r = v128.load(src + o);
    let p = c + o;
    for (let n = 0; n < m; n++) {
      r = v128.add<T>(r, v128.load(p));
      p += sc;
    }
    storeMasked<T>(dst + o, r, ch, j0, j1);
  }
}

// ---- errors ----

/** (4) δ^L = (a^L − y) ⊙ σ'(z^L) with σ' = a(1 − a), for every output neuron; c = −(η/m) δ. */
function outputDelta<T>(aL: usize, sl: usize, nL: i32, d: usize, c: usize, targets: usize, order: usize, m: i32, negStep: v128): void {
  const S = <usize>sizeof<T>();
  const one = v128.splat<T>(<T>1);
  for (let n = 0; n < m; n++) {
    const y = targets + getu(order + (<usize>n << 2)) * <usize>nL * S;
    const row = <usize>n * sl;
    for (let ch = 0; ch < nL; ch += lanes<T>()) {
      const o = <usize>ch * S;
      const a = v128.load(aL + row + o);
      const delta = v128.mul<T>(v128.mul<T>(v128.sub<T>(a, v128.load(y + o)), a), v128.sub<T>(one, a));
      storeMasked<T>(d + row + o, delta, ch, 0, nL);
      storeMasked<T>(c + row + o, v128.mul<T>(delta, negStep), ch, 0, nL);
    }
  }
}

/**
 * (5) δ^l_j = (Σ_i w^{l+1}_{ij} δ^{l+1}_i) σ'(z^l_j) for j in [j0, j1), from the weights before
 * this step's update; c = −(η/m) δ.
 */
function hiddenDelta<T>(wNext: usize, nNext: i32, dNext: usize, sNext: usize, aL: usize, sl: usize, d: usize, c: usize, m: i32, j0: i32, j1: i32, negStep: v128): void {
  const S = <usize>sizeof<T>();
  const one = v128.splat<T>(<T>1);
  for (let n = 0; n < m; n++) {
    const row = <usize>n * sl;
    const dn = dNext + <usize>n * sNext;
    for (let ch = j0 - (j0 % lanes<T>()); ch < j1; ch += lanes<T>()) {
      const o = <usize>ch * S;
      let acc = vzero<T>();
      let wp = wNext + o;
      for (let i = 0; i < nNext; i++) {
        acc = madd<T>(v128.load(wp), v128.load_splat<T>(dn + <usize>i * S), acc);
        wp += sl;
      }
      const a = v128.load(aL + row + o);
      const delta = v128.mul<T>(acc, v128.mul<T>(a, v128.sub<T>(one, a)));
      storeMasked<T>(d + row + o, delta, ch, j0, j1);
      storeMasked<T>(c + row + o, v128.mul<T>(delta, negStep), ch, j0, j1);
    }
  }
}

// ---- inputs ----

/**
 * a^1 for m examples: rows order[n] (or first + n when order is 0) of the dataset, times
 * inputScale, into rows of stride `stride` elements with zero padding. Bytes (kind 0) are
 * widened to T in registers: the dataset stays one byte a pixel.
 */
function gather<T>(a1: usize, stride: i32, n1: i32, data: usize, kind: i32, order: usize, first: i32, m: i32, scale: f64): void {
  const S = <usize>sizeof<T>();
  const rowBytes = <usize>stride * S;
  const vs = v128.splat<T>(<T>scale);
  for (let n = 0; n < m; n++) {
    const r = order != 0 ? getu(order + (<usize>n << 2)) : <usize>(first + n);
    const dst = a1 + <usize>n * rowBytes;
    if (kind == 0) {
      const src = data + r * <usize>n1;
      // 16 bytes at a time; the last block may run past n1 (into padding and the next row,
      // rewritten next), the padding is zeroed below.
      for (let k = 0; k < n1; k += 16) {
        const bytes = v128.load(src + <usize>k);
        const lo = i16x8.extend_low_i8x16_u(bytes);
        const hi = i16x8.extend_high_i8x16_u(bytes);
        const q0 = i32x4.extend_low_i16x8_u(lo);
        const q1 = i32x4.extend_high_i16x8_u(lo);
        const q2 = i32x4.extend_low_i16x8_u(hi);
        const q3 = i32x4.extend_high_i16x8_u(hi);
        const p = dst + <usize>k * S;
        if (sizeof<T>() == 4) {
          v128.store(p, f32x4.mul(f32x4.convert_i32x4_u(q0), vs));
          v128.store(p, f32x4.mul(f32x4.convert_i32x4_u(q1), vs), 16);
          v128.store(p, f32x4.mul(f32x4.convert_i32x4_u(q2), vs), 32);
          v128.store(p, f32x4.mul(f32x4.convert_i32x4_u(q3), vs), 48);
        } else {
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(q0), vs));
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q0, q0, 2, 3, 2, 3)), vs), 16);
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(q1), vs), 32);
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q1, q1, 2, 3, 2, 3)), vs), 48);
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(q2), vs), 64);
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q2, q2, 2, 3, 2, 3)), vs), 80);
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(q3), vs), 96);
          v128.store(p, f64x2.mul(f64x2.convert_low_i32x4_u(i32x4.shuffle(q3, q3, 2, 3, 2, 3)), vs), 112);
        }
      }
    } else {
      memory.copy(dst, data + r * <usize>n1 * S, <usize>n1 * S);
      if (scale != 1) {
        for (let k = 0; k < n1; k += lanes<T>()) {
          const p = dst + <usize>k * S;
          v128.store(p, v128.mul<T>(v128.load(p), vs));
        }
      }
    }
    for (let k = n1; k < stride; k++) store<T>(dst + <usize>k * S, <T>0);
  }
}

// ---- phases ----

/** (1) for neurons [j0, j1) of layer l, from A^{l−1} (`aIn`) into `out`. */
function forwardSlice<T>(plan: usize, tid: i32, l: i32, par: i32, m: i32, aIn: usize, out: usize, j0: i32, j1: i32, lists: usize, listed: bool): void {
  const S = <usize>sizeof<T>();
  const d = desc(plan, tid, l);
  const dp = desc(plan, tid, l - 1);
  const w = getu(d + (par ? D_W1 : D_W0));
  const b = getu(d + (par ? D_B1 : D_B0));
  const len = <usize>geti(dp + D_STRIDE) * S;
  const so = <usize>geti(d + D_STRIDE) * S;
  if (l == 2) {
    forwardT<T>(w, so, b, aIn, len, geti(dp + D_N), out, so, j0, j1, m, lists, getu(dp + D_LIST_STRIDE), getu(plan + H_LUT), listed);
  } else {
    forwardLayer<T>(w, b, aIn, len, out, so, j0, j1, m);
  }
}

function forwardOwn<T>(plan: usize, tid: i32, l: i32, par: i32, m: i32): void {
  const d = desc(plan, tid, l);
  const dp = desc(plan, tid, l - 1);
  forwardSlice<T>(plan, tid, l, par, m, getu(dp + D_A), getu(d + D_A), geti(d + D_J0), geti(d + D_J1), getu(dp + D_LIST), geti(plan + H_LISTED) != 0);
}

/**
 * Loads one byte of every cache line of the rows (inputs and targets) that the next batch
 * will probably gather, so that their misses (cache and TLB: the examples are visited in a
 * random order) overlap here, many at a time, instead of one row after another in gather.
 */
function touchNext<T>(plan: usize, tid: i32): void {
  const count = geti(plan + H_NEXT_M);
  if (count == 0) return;
  const next = getu(plan + H_NEXT);
  const S = <usize>sizeof<T>();
  const rowBytes = <usize>geti(plan + H_N1) * (geti(plan + H_KIND) == 0 ? 1 : S);
  const data = getu(plan + H_DATA);
  const targets = getu(plan + H_TARGETS);
  const targetBytes = <usize>geti(desc(plan, tid, geti(plan + H_L)) + D_N) * S;
  let sum: u32 = 0;
  for (let i = 0; i < count; i++) {
    const r = getu(next + (<usize>i << 2));
    const p = data + r * rowBytes;
    for (let o: usize = 0; o < rowBytes; o += 64) sum += load<u8>(p + o);
    sum += load<u8>(p + rowBytes - 1);
    sum += load<u8>(targets + r * targetBytes);
  }
  store<u32>(desc(plan, tid, 0), sum); // this thread's unused descriptor: keeps the loads alive
}

function gatherBatch<T>(plan: usize, tid: i32, m: i32): void {
  const d1 = desc(plan, tid, 1);
  gather<T>(getu(d1 + D_A), geti(d1 + D_STRIDE), geti(plan + H_N1), getu(plan + H_DATA), geti(plan + H_KIND), getu(plan + H_ORDER), 0, m, load<f64>(plan + H_SCALE));
}

/** δ^l and the update of w^l, b^l for this thread's neurons of hidden layer l (2 ≤ l < L). */
function backwardOwn<T>(plan: usize, tid: i32, l: i32, par: i32, m: i32, negStep: v128): void {
  const S = <usize>sizeof<T>();
  const d = desc(plan, tid, l);
  const dn = desc(plan, tid, l + 1);
  const dp = desc(plan, tid, l - 1);
  const sl = <usize>geti(d + D_STRIDE) * S;
  const j0 = geti(d + D_J0);
  const j1 = geti(d + D_J1);
  const delta = getu(d + D_D);
  const c = getu(d + D_C);
  hiddenDelta<T>(getu(dn + (par ? D_W1 : D_W0)), geti(dn + D_N), getu(dn + D_D), <usize>geti(dn + D_STRIDE) * S, getu(d + D_A), sl, delta, c, m, j0, j1, negStep);
  const rowBytes = <usize>geti(dp + D_STRIDE) * S;
  const wSrc = getu(d + (par ? D_W1 : D_W0));
  const wDst = getu(d + (par ? D_W0 : D_W1));
  if (l == 2) {
    const W = lanes<T>();
    updateT<T>(wSrc, wDst, sl, c, sl, geti(dp + D_N), getu(dp + D_LIST), getu(dp + D_LIST_STRIDE), m, 0, geti(dp + D_N), j0 / W, (j1 + W - 1) / W);
  } else {
    updateBlock<T>(wSrc, wDst, rowBytes, c, sl, getu(dp + D_A), rowBytes, m, j0, j1, 0, <i32>(rowBytes >> 4));
  }
  updateBiases<T>(getu(d + (par ? D_B1 : D_B0)), getu(d + (par ? D_B0 : D_B1)), c, sl, m, j0, j1);
}

function trainPhase<T>(plan: usize, tid: i32, phase: i32): void {
  const S = <usize>sizeof<T>();
  const L = geti(plan + H_L);
  const par = geti(plan + H_PAR) & 1;
  const m = geti(plan + H_M);
  const negStep = v128.splat<T>(<T>-load<f64>(plan + H_STEP));
  if (phase == 0) touchNext<T>(plan, tid);
  if (phase < L - 2) {
    if (phase == 0 && geti(plan + H_LISTED) == 0) gatherBatch<T>(plan, tid, m);
    forwardOwn<T>(plan, tid, phase + 2, par, m);
    return;
  }
  if (phase == L - 2) {
    if (L == 2) gatherBatch<T>(plan, tid, m);
    forwardOwn<T>(plan, tid, L, par, m); // the output layer's slice is all of it
    const d = desc(plan, tid, L);
    const dp = desc(plan, tid, L - 1);
    const nL = geti(d + D_N);
    const sl = <usize>geti(d + D_STRIDE) * S;
    const c = getu(d + D_C);
    outputDelta<T>(getu(d + D_A), sl, nL, getu(d + D_D), c, getu(plan + H_TARGETS), getu(plan + H_ORDER), m, negStep);
    if (L >= 3) backwardOwn<T>(plan, tid, L - 1, par, m, negStep);
    // w^L: this thread's columns (its neurons of layer L−1), from the read copy into the write copy.
    const rowBytes = <usize>geti(dp + D_STRIDE) * S;
    const wSrc = getu(d + (par ? D_W1 : D_W0));
    const wDst = getu(d + (par ? D_W0 : D_W1));
    if (L == 2) {
      // Wt's rows are the inputs: this thread's rows, all neurons
      updateT<T>(wSrc, wDst, sl, c, sl, geti(dp + D_N), getu(dp + D_LIST), getu(dp + D_LIST_STRIDE), m, geti(dp + D_J0), geti(dp + D_J1), 0, <i32>(sl >> 4));
    } else {
      updateColumns<T>(wSrc, wDst, rowBytes, c, sl, getu(dp + D_A), rowBytes, m, 0, nL, geti(dp + D_J0), geti(dp + D_J1));
    }
    // b^L: thread 0, or the descriptor set T that covers every neuron (one participant, serially)
    if (tid == 0 || tid == geti(plan + H_T)) updateBiases<T>(getu(d + (par ? D_B1 : D_B0)), getu(d + (par ? D_B0 : D_B1)), c, sl, m, 0, nL);
    return;
  }
  backwardOwn<T>(plan, tid, 2 * L - 3 - phase, par, m, negStep);
}

/** The number of phases of a mini-batch: max(1, 2L − 4). */
export function phaseCount(plan: usize): i32 {
  const L = geti(plan + H_L);
  return L > 2 ? 2 * L - 4 : 1;
}

/** Inference on examples [first, first + count) by one thread, with its own buffers; a^L rows go to out. */
function inferRange<T>(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  const S = <usize>sizeof<T>();
  const L = geti(plan + H_L);
  const par = geti(plan + H_PAR) & 1;
  const chunk = geti(plan + H_CHUNK);
  const d1 = desc(plan, tid, 1);
  const dL = desc(plan, tid, L);
  const nL = geti(dL + D_N);
  const outRow = <usize>nL * S;
  for (let done = 0; done < count; done += chunk) {
    const m = min(chunk, count - done);
    gather<T>(getu(d1 + D_INF), geti(d1 + D_STRIDE), geti(plan + H_N1), getu(plan + H_DATA), geti(plan + H_KIND), 0, first + done, m, load<f64>(plan + H_SCALE));
    for (let l = 2; l <= L; l++) {
      forwardSlice<T>(plan, tid, l, par, m, getu(desc(plan, tid, l - 1) + D_INF), getu(desc(plan, tid, l) + D_INF), 0, geti(desc(plan, tid, l) + D_N), getu(d1 + D_ILIST), false);
    }
    const aL = getu(dL + D_INF);
    const sL = <usize>geti(dL + D_STRIDE) * S;
    for (let n = 0; n < m; n++) memory.copy(out + <usize>(done + n) * outRow, aL + <usize>n * sL, outRow);
  }
}

// ---- exports ----

export function trainPhase_f32(plan: usize, tid: i32, phase: i32): void {
  trainPhase<f32>(plan, tid, phase);
}
export function trainPhase_f64(plan: usize, tid: i32, phase: i32): void {
  trainPhase<f64>(plan, tid, phase);
}
/** One whole mini-batch on one thread: one call from JS. */
export function trainBatch_f32(plan: usize): void {
  const p = phaseCount(plan);
  for (let i = 0; i < p; i++) trainPhase<f32>(plan, 0, i);
}
export function trainBatch_f64(plan: usize): void {
  const p = phaseCount(plan);
  for (let i = 0; i < p; i++) trainPhase<f64>(plan, 0, i);
}
export function infer_f32(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  inferRange<f32>(plan, tid, first, count, out);
}
export function infer_f64(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  inferRange<f64>(plan, tid, first, count, out);
}

/**
 * Gathers a^1 for m examples (rows order[0..m) of the dataset in the plan) into `a1` and makes
 * their lists of nonzero inputs in `lists`, ahead of the batch that will use them: a helper
 * thread does this for the next batch while the current one trains (see the threads kernel).
 */
function prepare<T>(plan: usize, order: usize, m: i32, a1: usize, lists: usize): void {
  const d1 = desc(plan, 0, 1);
  const stride = geti(d1 + D_STRIDE);
  const n1 = geti(plan + H_N1);
  gather<T>(a1, stride, n1, getu(plan + H_DATA), geti(plan + H_KIND), order, 0, m, load<f64>(plan + H_SCALE));
  const ls = getu(d1 + D_LIST_STRIDE);
  const sIn = <usize>stride * sizeof<T>();
  for (let n = 0; n < m; n++) {
    const list = lists + <usize>n * ls;
    store<u32>(list, listNonzeros<T>(a1 + <usize>n * sIn, n1, list + 4, getu(plan + H_LUT)));
  }
}
export function prepare_f32(plan: usize, order: usize, m: i32, a1: usize, lists: usize): void {
  prepare<f32>(plan, order, m, a1, lists);
}
export function prepare_f64(plan: usize, order: usize, m: i32, a1: usize, lists: usize): void {
  prepare<f64>(plan, order, m, a1, lists);
}
