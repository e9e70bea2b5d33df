// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The hot loops of the WebAssembly kernels, for one dtype T (f32 → f32x4, f64 → f64x2).
// Everything lives in one linear memory laid out by ../layout.ts: a *plan* (header plus one
// descriptor per thread and layer, holding sizes, row strides and buffer addresses; each
// training thread has its own buffers and its own copy of w^l, b^l for l ≥ 3), the
// parameters, the batch buffers and the resident datasets (kept as lists of each example's
// nonzero inputs: see "layer 2").
//
// Matrices are row-major with rows padded to a multiple of 16 bytes (the *stride*) and the
// padding kept at zero, so every dot product runs over whole vectors with no tail:
//   w^l is n_l × stride_{l-1},  A^l (one row per example) is m × stride_l.
// w^2 is kept transposed (see "layer 2") with stride_2 padded to 64 bytes.
//
// A mini-batch is two *phases* (see "a mini-batch"): most of the forward pass, the inputs
// split in two halves between two threads; then the rest of it, the backward pass and the
// updates, each thread updating the parameters it owns.

// ---- plan layout (mirrored in ../layout.ts) ----
const H_L: usize = 0;
const H_VALUES: usize = 4; // the dataset's 256 values of its bytes, or 0 if its values are of type T
const H_Z: usize = 8; // this plan's partial sums z_0 of layer 2 (z_1 follows at H_ZHALF bytes on)
const H_M: usize = 12;
const H_DATA: usize = 16; // the resident dataset's list table (see "layer 2")
const H_ZHALF: usize = 20; // bytes from the batch's partial sums z_0 to z_1 (see forwardHalf)
const H_TARGETS: usize = 24;
const H_ORDER: usize = 28;
const H_N1: usize = 32; // n_1, the inputs per example
const H_CHUNK: usize = 36;
const H_STEP: usize = 64; // f64: η/m
const H_NEXT: usize = 40; // the next batch's example indices (a guess, for prefetching), or 0
const H_NEXT_M: usize = 44;
const H_DESC: usize = 48; // the descriptors (shared by both plans: see layout.ts)
const H_UNITS: usize = 52; // R if the lists hold k·R, Wt's row offsets in 64-byte units, else 0 (see "layer 2")

// Layer 1's descriptor: D_INF holds this thread's partial sums for inference (two halves of a chunk).
const D_N: usize = 0;
const D_STRIDE: usize = 4;
const D_W: usize = 8;
const D_B: usize = 12;
const D_A: usize = 16;
const D_D: usize = 20;
const D_C: usize = 24;
const D_INF: usize = 28;
const DESC_BYTES: usize = 64;

@inline function geti(p: usize): i32 {
  return load<i32>(p);
}
@inline function getu(p: usize): usize {
  return <usize>load<u32>(p);
}
@inline function desc(plan: usize, tid: i32, l: i32): usize {
  const L = geti(plan + H_L);
  return getu(plan + H_DESC) + <usize>(tid * (L + 1) + l) * DESC_BYTES;
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

// ---- constants in memory ----
// V8 builds a splatted constant from a general register wherever it is used (three
// instructions, a dozen times in every sigmoid), so the sigmoid's constants are kept in
// memory, splatted, and read with one load each: `init` writes them, once per memory, from
// CONSTANTS on (below the heap, which leaves the first 1024 bytes unused: ../heap.ts).
const CONSTANTS: usize = 256;
/** Slot `slot` (16 bytes) of T's constants: f32's from CONSTANTS, f64's 384 bytes on. */
@inline function cst<T>(slot: usize): v128 {
  return v128.load(CONSTANTS + (sizeof<T>() == 4 ? 0 : 384) + (slot << 4));
}
const K_CLAMP: usize = 0; // the largest |z| whose e^{−|z|} is a normal number
const K_SHIFTER: usize = 1; // 1.5·2^23 (f32), 1.5·2^52 (f64): rounds to an integer in the low mantissa bits
const K_LOG2E: usize = 2;
const K_LN2_HI: usize = 3; // −ln 2 split in two (Cody–Waite): a high part exact in few bits, and the rest
const K_LN2_LO: usize = 4;
const K_ONE: usize = 5;
const K_BIAS: usize = 6; // the exponent bias in place: 127 << 23 (f32), 1023 << 52 (f64), as integers
const K_LANES: usize = 7; // each lane's index, as integers: (0, 1, 2, 3) or (0, 1)
const K_POLY: usize = 8; // the polynomial for e^r, highest degree first

/** Writes the constants (see "constants in memory"). */
export function init(): void {
  const f = CONSTANTS;
  v128.store(f + (K_CLAMP << 4), f32x4.splat(87.33));
  v128.store(f + (K_SHIFTER << 4), f32x4.splat(12582912.0));
  v128.store(f + (K_LOG2E << 4), f32x4.splat(1.44269504088896341));
  v128.store(f + (K_LN2_HI << 4), f32x4.splat(-0.693359375));
  v128.store(f + (K_LN2_LO << 4), f32x4.splat(2.12194440e-4));
  v128.store(f + (K_ONE << 4), f32x4.splat(1.0));
  v128.store(f + (K_BIAS << 4), i32x4.splat(127 << 23));
  v128.store(f + (K_LANES << 4), i32x4(0, 1, 2, 3));
  // Cephes expf: e^r ≈ 1 + r + r²·p(r), p of degree 5
  const p = f + (K_POLY << 4);
  v128.store(p, f32x4.splat(1.9875691500e-4));
  v128.store(p, f32x4.splat(1.3981999507e-3), 16);
  v128.store(p, f32x4.splat(8.3334519073e-3), 32);
  v128.store(p, f32x4.splat(4.1665795894e-2), 48);
  v128.store(p, f32x4.splat(1.6666665459e-1), 64);
  v128.store(p, f32x4.splat(5.0000001201e-1), 80);
  const d = f + 384;
  v128.store(d + (K_CLAMP << 4), f64x2.splat(708.39));
  v128.store(d + (K_SHIFTER << 4), f64x2.splat(6755399441055744.0));
  v128.store(d + (K_LOG2E << 4), f64x2.splat(1.4426950408889634));
  v128.store(d + (K_LN2_HI << 4), f64x2.splat(-6.93147180369123816490e-1));
  v128.store(d + (K_LN2_LO << 4), f64x2.splat(-1.90821492927058770002e-10));
  v128.store(d + (K_ONE << 4), f64x2.splat(1.0));
  v128.store(d + (K_BIAS << 4), i64x2.splat(<i64>1023 << 52));
  v128.store(d + (K_LANES << 4), i64x2(0, 1));
  // Taylor: e^r ≈ Σ_{i ≤ 13} r^i / i!, from 1/13! down to 1/0!
  const q = d + (K_POLY << 4);
  v128.store(q, f64x2.splat(1.6059043836821613e-10)); // 1/13!
  v128.store(q, f64x2.splat(2.08767569878681e-9), 16); // 1/12!
  v128.store(q, f64x2.splat(2.505210838544172e-8), 32); // 1/11!
  v128.store(q, f64x2.splat(2.755731922398589e-7), 48); // 1/10!
  v128.store(q, f64x2.splat(2.7557319223985893e-6), 64); // 1/9!
  v128.store(q, f64x2.splat(2.48015873015873e-5), 80); // 1/8!
  v128.store(q, f64x2.splat(1.984126984126984e-4), 96); // 1/7!
  v128.store(q, f64x2.splat(1.388888888888889e-3), 112); // 1/6!
  v128.store(q, f64x2.splat(8.333333333333333e-3), 128); // 1/5!
  v128.store(q, f64x2.splat(4.1666666666666664e-2), 144); // 1/4!
  v128.store(q, f64x2.splat(1.6666666666666666e-1), 160); // 1/3!
  v128.store(q, f64x2.splat(0.5), 176); // 1/2!
  v128.store(q, f64x2.splat(1.0), 192); // 1/1!
  v128.store(q, f64x2.splat(1.0), 208); // 1/0!
}

/**
 * v with the lanes of elements c.. that lie at or past n set to +0: for the last vector of a
 * row whose padding is kept at zero (see the layout), so a whole-vector store keeps it so.
 */
@inline function zeroFrom<T>(v: v128, c: i32, n: i32): v128 {
  if (c + lanes<T>() <= n) return v;
  if (sizeof<T>() == 4) return v128.and(v, i32x4.lt_s(cst<T>(K_LANES), i32x4.splat(n - c)));
  return v128.and(v, i64x2.lt_s(cst<T>(K_LANES), i64x2.splat(<i64>(n - c))));
}

// ---- exp and the sigmoid ----
/**
 * e^{−x} for x ≥ 0 (x is |z|). Range reduction e^{−x} = 2^n e^r with n = round(−x/ln 2),
 * |r| ≤ ln2/2 (Cody–Waite split of ln 2), a polynomial for e^r, and 2^n built in the
 * exponent bits. n comes from the "shifter" trick: adding 1.5·2^23 (1.5·2^52) rounds to an
 * integer whose low mantissa bits are n. The argument is clamped so 2^n stays normal.
 * f32: Cephes expf polynomial, ~1e-7 relative. f64: degree-13 Taylor polynomial, whose
 * truncation error on |r| ≤ 0.347 is below 1e-17, so the result is within a few ulp.
 * The constants are in memory (see init).
 */
@inline function expNeg<T>(x: v128): v128 {
  // pmin: one instruction (min's NaN and −0 rules cost eight); x = |z| is never −0, and a NaN x passes through either way
  const y = v128.neg<T>(v128.pmin<T>(x, cst<T>(K_CLAMP)));
  const shifter = cst<T>(K_SHIFTER);
  const t = madd<T>(y, cst<T>(K_LOG2E), shifter);
  const n = v128.sub<T>(t, shifter);
  let r = madd<T>(n, cst<T>(K_LN2_HI), y);
  r = madd<T>(n, cst<T>(K_LN2_LO), r);
  // Horner, written out (a loop here would stay a loop)
  let p = cst<T>(K_POLY);
  p = madd<T>(p, r, cst<T>(K_POLY + 1));
  p = madd<T>(p, r, cst<T>(K_POLY + 2));
  p = madd<T>(p, r, cst<T>(K_POLY + 3));
  p = madd<T>(p, r, cst<T>(K_POLY + 4));
  p = madd<T>(p, r, cst<T>(K_POLY + 5));
  if (sizeof<T>() == 4) {
    p = madd<T>(p, v128.mul<T>(r, r), v128.add<T>(r, cst<T>(K_ONE)));
    return v128.mul<T>(p, i32x4.add(i32x4.shl(t, 23), cst<T>(K_BIAS)));
  }
  p = madd<T>(p, r, cst<T>(K_POLY + 6));
  p = madd<T>(p, r, cst<T>(K_POLY + 7));
  p = madd<T>(p, r, cst<T>(K_POLY + 8));
  p = madd<T>(p, r, cst<T>(K_POLY + 9));
  p = madd<T>(p, r, cst<T>(K_POLY + 10));
  p = madd<T>(p, r, cst<T>(K_POLY + 11));
  p = madd<T>(p, r, cst<T>(K_POLY + 12));
  p = madd<T>(p, r, cst<T>(K_POLY + 13));
  return v128.mul<T>(p, i64x2.add(i64x2.shl(t, 52), cst<T>(K_BIAS)));
}

/** σ(z) = 1/(1 + e^{−z}) for z ≥ 0 and e^{z}/(1 + e^{z}) for z < 0, as the reference: never overflows. */
@inline function sigmoid<T>(z: v128): v128 {
  const e = expNeg<T>(v128.abs<T>(z));
  const one = cst<T>(K_ONE);
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
 * (1) for the n neurons of a layer and examples [0, m): z = w a + b into `out` (row stride
 * `so` bytes), then a = σ(z) in place.
 */
function forwardLayer<T>(w: usize, b: usize, aIn: usize, len: usize, out: usize, so: usize, n: i32, m: i32): void {
  const S = <usize>sizeof<T>();
  // Blocks of 4 examples outer: their rows of a stay in L1 while the weight rows stream past.
  let e = 0;
  for (; e + 4 <= m; e += 4) {
    const an = aIn + <usize>e * len;
    const on = out + <usize>e * so;
    let j = 0;
    for (; j + 2 <= n; j += 2) fwd2x4<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S, so);
    if (j < n) fwd1x4<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S, so);
  }
  for (; e < m; e++) {
    const an = aIn + <usize>e * len;
    const on = out + <usize>e * so;
    let j = 0;
    for (; j + 2 <= n; j += 2) fwd2x1<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S);
    if (j < n) fwd1x1<T>(w + <usize>j * len, an, len, b + <usize>j * S, on + <usize>j * S);
  }
  for (let e = 0; e < m; e++) {
    const row = out + <usize>e * so;
    for (let c = 0; c < n; c += lanes<T>()) {
      const p = row + <usize>c * S;
      v128.store(p, zeroFrom<T>(sigmoid<T>(v128.load(p)), c, n));
    }
  }
}

// ---- layer 2, stored transposed and sparse in a^1 ----
// w^2 is kept as Wt = (w^2)^T: n_1 rows (one per input k) of stride_2 elements (whole
// 64-byte blocks: 8 or 4 vectors at a time, the padding neurons kept at zero), so that
// input k contributes a^1_k · Wt[k] to a whole vector of neurons at once. Inputs that are
// zero contribute nothing, and most are (MNIST: 150 of 784 pixels per image), so both the
// forward (1) and the update (7) of w^2 visit only an example's nonzero a^1_k.
//
// The inputs are split in two halves, h = 0 for k < n_1/2 and h = 1 for the rest, and
// z^2 = z_0 + z_1 with z_h the sum over half h, each in increasing k (z_0 starting from b^2):
// two threads can then each sum one half, reading (and in the update, writing) only their
// own rows of Wt, and one thread computes exactly the same bits by summing both.
//
// A resident dataset is kept in that form, listed once when it is loaded (../sparse.ts):
// a table of u32 addresses, one per (example r, half h) at 2r + h and one past the last,
// and at each the *sublist* of the example's nonzero inputs in that half: a u32 count, the
// u16 indices k (increasing; or k·R, Wt's row offsets in 64-byte units: see rowAt), and
// from the next 16-byte boundary their values a^1_k. The
// values are of type T (already scaled), or, for a dataset of bytes (MNIST's pixels), the
// bytes themselves (V = u8), which index a table of their 256 scaled values: half the
// memory, and half the cache misses, per example. So a batch gathers nothing: its
// examples' sublists are read where they lie.

/** The dataset row of example n of a batch: order[n] (first + n when order is 0). */
@inline function rowOf(order: usize, first: i32, n: i32): usize {
  return order != 0 ? getu(order + (<usize>n << 2)) : <usize>(first + n);
}

/** Sublist h of example n of a batch. */
@inline function listOf(table: usize, order: usize, first: i32, n: i32, h: i32): usize {
  return getu(table + (((rowOf(order, first, n) << 1) + <usize>h) << 2));
}

/**
 * The sums of layer 2 fetch the lists they will read in groups of LOOKAHEAD examples, one
 * group ahead (touchLists): the examples come in a random order, so each one's lists are
 * cache and TLB misses that the hardware cannot foresee, and touched together their misses
 * overlap. The first group of a batch is touched at the end of the previous batch's sums
 * (touchNext). Touching all of a large batch there flushed the cache (m = 100: 3.6% slower
 * than m = 10); touching one example ahead stalled every example on its misses (14% slower),
 * since a load blocks the instructions after it until it retires (WebAssembly has no prefetch).
 */
const LOOKAHEAD = 8;

/** Loads one byte of every cache line of row r's sublists h0..h1; returns their sum (to keep the loads). */
@inline function touchLists(table: usize, r: usize, h0: i32, h1: i32): u32 {
  const entry = table + (((r << 1) + <usize>h0) << 2);
  const end = getu(entry + (<usize>(h1 - h0 + 1) << 2));
  let sum: u32 = 0;
  for (let q = getu(entry); q < end; q += 64) sum += load<u8>(q);
  return sum;
}

/** Where a sublist of `count` entries keeps its values. */
@inline function valuesOf(list: usize, count: i32): usize {
  return list + ((<usize>(4 + 2 * count) + 15) & ~15);
}

/**
 * Where Wt's row for a sublist's entry k lies, from Wt: k · rowBytes for a list of input
 * indices, or k · 64 for a list of row offsets in 64-byte units (`units`, a constant at each
 * call: the lists hold k·R, R = rowBytes/64, whenever (n_1 − 1)·R fits in 16 bits). The shift
 * leaves V8 one register more than the multiply (whose factor it kept on the stack): layer 2's
 * sums took 16-18% less time, an epoch 5% less ([784, 30, 10], float32, one thread).
 */
@inline function rowAt(k: usize, rowBytes: usize, units: bool): usize {
  return units ? k << 6 : k * rowBytes;
}

/**
 * How a dataset's lists name Wt's rows, as a type parameter K of the loops over them, so that
 * each kind is compiled as a function of its own (a flag passed in and tested in the loops
 * cost 6% of layer 2's sums): RowUnits, offsets k·R in 64-byte units, or Indices, k.
 */
type RowUnits = u32;
type Indices = u16;
@inline function inUnits<K>(): bool {
  return sizeof<K>() == sizeof<RowUnits>();
}

/** The value at `vp` (one of a sublist's), splatted: V = T reads it, V = u8 looks its byte up in `lut`. */
@inline function valueAt<T, V>(vp: usize, lut: usize): v128 {
  if (sizeof<V>() == 1) return v128.load_splat<T>(lut + (<usize>load<u8>(vp) << alignof<T>()));
  return v128.load_splat<T>(vp);
}

/**
 * A partial sum of (1) for layer 2, `vectors` vectors of neurons (at wt, out; up to 8, a
 * constant at each call: see vectorsOf) of one example: z = z_init + Σ_i a^1_{k_i} Wt[k_i]
 * over a sublist's `count` entries (all k_i < limit), in order, from z_init at `init` (0: from
 * zero). Stores z; the sigmoid comes after the halves are added. Each constant gets its own
 * loop, with no test of `vectors` left in it.
 */
@inline function fwdT<T, V>(wt: usize, rowBytes: usize, indices: usize, count: i32, vals: usize, lut: usize, init: usize, out: usize, limit: u32, units: bool, vectors: i32): void {
  let z0 = vzero<T>(), z1 = vzero<T>(), z2 = vzero<T>(), z3 = vzero<T>();
  let z4 = vzero<T>(), z5 = vzero<T>(), z6 = vzero<T>(), z7 = vzero<T>();
  if (init != 0) {
    z0 = v128.load(init);
    if (vectors > 1) z1 = v128.load(init, 16);
    if (vectors > 2) z2 = v128.load(init, 32);
    if (vectors > 3) z3 = v128.load(init, 48);
    if (vectors > 4) z4 = v128.load(init, 64);
    if (vectors > 5) z5 = v128.load(init, 80);
    if (vectors > 6) z6 = v128.load(init, 96);
    if (vectors > 7) z7 = v128.load(init, 112);
  }
  const end = indices + (<usize>count << 1);
  let vp = vals;
  for (let ip = indices; ip < end; ip += 2) {
    const k = <usize>load<u16>(ip);
    const p = wt + rowAt(k, rowBytes, units);
    const s = valueAt<T, V>(vp, lut);
    vp += sizeof<V>();
    z0 = madd<T>(s, v128.load(p), z0);
    if (vectors > 1) z1 = madd<T>(s, v128.load(p, 16), z1);
    if (vectors > 2) z2 = madd<T>(s, v128.load(p, 32), z2);
    if (vectors > 3) z3 = madd<T>(s, v128.load(p, 48), z3);
    // Never taken (k < limit), but it makes z0..z3 live out of the middle of the loop, so V8
    // computes them before loading the next four rows: otherwise it hoists all eight loads
    // above the madds, needs 17 vector registers and spills an accumulator (1.6× slower).
    if (vectors > 4 && <u32>k >= limit) break;
    if (vectors > 4) z4 = madd<T>(s, v128.load(p, 64), z4);
    if (vectors > 5) z5 = madd<T>(s, v128.load(p, 80), z5);
    if (vectors > 6) z6 = madd<T>(s, v128.load(p, 96), z6);
    if (vectors > 7) z7 = madd<T>(s, v128.load(p, 112), z7);
  }
  v128.store(out, z0);
  if (vectors > 1) v128.store(out, z1, 16);
  if (vectors > 2) v128.store(out, z2, 32);
  if (vectors > 3) v128.store(out, z3, 48);
  if (vectors > 4) v128.store(out, z4, 64);
  if (vectors > 5) v128.store(out, z5, 80);
  if (vectors > 6) v128.store(out, z6, 96);
  if (vectors > 7) v128.store(out, z7, 112);
}

/**
 * The vectors of layer 2's neurons (n2 of them, of type T) go through the loops over Wt's
 * rows in blocks of 8 (fwdT, updT) and one last block of 1 to 4, 7 or 8 vectors,
 * so that no vector of only padding is computed where a loop can leave it out: float64 with
 * n2 = 30 (the reference workload) is 15 vectors of neurons in rows of 16, float32 with
 * n2 = 100 is 25 in rows of 28; computing the padding cost them 1/16 and 3/28 of their
 * layer-2 arithmetic. (A rest of 5 or 6 takes a block of 8: a second pass would cost more.)
 * So: the blocks of 8 below `whole`, then `last` vectors (0 to 4, 7 or 8).
 */
@inline function vectorsOf<T>(n2: i32): i32 {
  return (n2 + lanes<T>() - 1) / lanes<T>();
}
@inline function wholeBlocks(vectors: i32): i32 {
  return vectors - vectors % 8;
}
@inline function lastBlock(vectors: i32): i32 {
  const rest = vectors % 8;
  return rest == 5 || rest == 6 ? 8 : rest; // (rows are whole blocks of 4 vectors)
}

/**
 * Half h of (1) for layer 2, examples [0, m) of a batch (their sublists: see listOf): the
 * partial sums z_h into rows of `out` (stride `so` bytes, a whole number of 4-vector blocks,
 * as Wt's rows), from b^2 for h = 0 and from zero for h = 1, for the n2 neurons' vectors
 * (a padding vector past them may be left unwritten: see vectorsOf).
 */
function forwardHalf<T, V, K>(wt: usize, rowBytes: usize, b: usize, limit: u32, n2: i32, h: i32, out: usize, so: usize, m: i32, table: usize, lut: usize, order: usize, first: i32): u32 {
  const units = inUnits<K>();
  const whole = wholeBlocks(vectorsOf<T>(n2));
  const last = lastBlock(vectorsOf<T>(n2));
  let touched: u32 = 0;
  for (let n = 0; n < m; n++) {
    if (n % LOOKAHEAD == 0) {
      const end = min(m, n + 2 * LOOKAHEAD);
      for (let j = n + LOOKAHEAD; j < end; j++) touched += touchLists(table, rowOf(order, first, j), h, h);
    }
    const list = listOf(table, order, first, n, h);
    const count = <i32>load<u32>(list);
    const vals = valuesOf(list, count);
    const o = out + <usize>n * so;
    for (let v = 0; v < whole; v += 8) fwdT<T, V>(wt + (<usize>v << 4), rowBytes, list + 4, count, vals, lut, h == 0 ? b + (<usize>v << 4) : 0, o + (<usize>v << 4), limit, units, 8);
    const x = <usize>whole << 4;
    if (last == 1) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, o + x, limit, units, 1);
    else if (last == 2) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, o + x, limit, units, 2);
    else if (last == 3) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, o + x, limit, units, 3);
    else if (last == 4) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, o + x, limit, units, 4);
    else if (last == 7) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, o + x, limit, units, 7);
    else if (last == 8) fwdT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, h == 0 ? b + x : 0, o + x, limit, units, 8);
  }
  return touched;
}

/** a^2 = σ(z_0 + z_1) for m examples (rows `so` bytes apart in all three), neurons [0, n2). */
function addHalvesSigmoid<T>(z0: usize, z1: usize, out: usize, so: usize, n2: i32, m: i32): void {
  const S = <usize>sizeof<T>();
  for (let n = 0; n < m; n++) {
    const r = <usize>n * so;
    for (let c = 0; c < n2; c += lanes<T>()) {
      const o = r + <usize>c * S;
      v128.store(out + o, zeroFrom<T>(sigmoid<T>(v128.add<T>(v128.load(z0 + o), v128.load(z1 + o))), c, n2));
    }
  }
}

/**
 * One example's share of (7) for w^2, `vectors` vectors of neurons (at wt, c; up to 8, a
 * constant at each call: see vectorsOf): for each entry of a sublist (input k),
 * Wt[k] += a^1_k c, with c = −(η/m) δ^2 of the example held in registers.
 */
@inline function updT<T, V>(wt: usize, rowBytes: usize, indices: usize, count: i32, vals: usize, lut: usize, c: usize, units: bool, vectors: i32): void {
  const c0 = v128.load(c);
  const c1 = vectors > 1 ? v128.load(c, 16) : vzero<T>();
  const c2 = vectors > 2 ? v128.load(c, 32) : vzero<T>();
  const c3 = vectors > 3 ? v128.load(c, 48) : vzero<T>();
  const c4 = vectors > 4 ? v128.load(c, 64) : vzero<T>();
  const c5 = vectors > 5 ? v128.load(c, 80) : vzero<T>();
  const c6 = vectors > 6 ? v128.load(c, 96) : vzero<T>();
  const c7 = vectors > 7 ? v128.load(c, 112) : vzero<T>();
  const end = indices + (<usize>count << 1);
  let vp = vals;
  for (let ip = indices; ip < end; ip += 2) {
    const p = wt + rowAt(<usize>load<u16>(ip), rowBytes, units);
    const s = valueAt<T, V>(vp, lut);
    vp += sizeof<V>();
    v128.store(p, madd<T>(s, c0, v128.load(p)));
    if (vectors > 1) v128.store(p, madd<T>(s, c1, v128.load(p, 16)), 16);
    if (vectors > 2) v128.store(p, madd<T>(s, c2, v128.load(p, 32)), 32);
    if (vectors > 3) v128.store(p, madd<T>(s, c3, v128.load(p, 48)), 48);
    if (vectors > 4) v128.store(p, madd<T>(s, c4, v128.load(p, 64)), 64);
    if (vectors > 5) v128.store(p, madd<T>(s, c5, v128.load(p, 80)), 80);
    if (vectors > 6) v128.store(p, madd<T>(s, c6, v128.load(p, 96)), 96);
    if (vectors > 7) v128.store(p, madd<T>(s, c7, v128.load(p, 112)), 112);
  }
}

/**
 * (7) for w^2, in place: the rows of Wt (inputs) in half h, the n2 neurons' vectors (see
 * vectorsOf), example by example in order, from the batch's sublists. Wt's rows are whole
 * 4-vector blocks (see layout.ts).
 */
function updateHalf<T, V, K>(wt: usize, rowBytes: usize, n2: i32, c: usize, sc: usize, m: i32, table: usize, lut: usize, order: usize, h: i32): void {
  const units = inUnits<K>();
  const whole = wholeBlocks(vectorsOf<T>(n2));
  const last = lastBlock(vectorsOf<T>(n2));
  for (let n = 0; n < m; n++) {
    const list = listOf(table, order, 0, n, h);
    const count = <i32>load<u32>(list);
    const vals = valuesOf(list, count);
    const cn = c + <usize>n * sc;
    for (let v = 0; v < whole; v += 8) updT<T, V>(wt + (<usize>v << 4), rowBytes, list + 4, count, vals, lut, cn + (<usize>v << 4), units, 8);
    const x = <usize>whole << 4;
    if (last == 1) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 1);
    else if (last == 2) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 2);
    else if (last == 3) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 3);
    else if (last == 4) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 4);
    else if (last == 7) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 7);
    else if (last == 8) updT<T, V>(wt + x, rowBytes, list + 4, count, vals, lut, cn + x, units, 8);
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

/** (6) b[j] ← b[j] + Σ_n c[n][j] for j in [j0, j1), from `src` into `dst` (the same address: in place). */
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
  for (let e = 0; e < m; e++) {
    const y = targets + getu(order + (<usize>e << 2)) * <usize>nL * S;
    const row = <usize>e * sl;
    for (let ch = 0; ch < nL; ch += lanes<T>()) {
      const o = <usize>ch * S;
      const a = v128.load(aL + row + o);
      const delta = zeroFrom<T>(v128.mul<T>(v128.mul<T>(v128.sub<T>(a, v128.load(y + o)), a), v128.sub<T>(one, a)), ch, nL);
      v128.store(d + row + o, delta);
      v128.store(c + row + o, v128.mul<T>(delta, negStep));
    }
  }
}

/**
 * The end of (5) for one vector of neurons (element ch on; a, d, c its addresses in the
 * example's rows): δ = acc ⊙ σ'(z) with σ' = a(1 − a), and c = −(η/m) δ; lanes at or past n stay +0.
 */
@inline function storeDelta<T>(acc: v128, a: usize, d: usize, c: usize, ch: i32, n: i32, negStep: v128): void {
  const x = v128.load(a);
  const delta = zeroFrom<T>(v128.mul<T>(acc, v128.mul<T>(x, v128.sub<T>(v128.splat<T>(<T>1), x))), ch, n);
  v128.store(d, delta);
  v128.store(c, v128.mul<T>(delta, negStep));
}

/**
 * (5) δ^l_j = (Σ_i w^{l+1}_{ij} δ^{l+1}_i) σ'(z^l_j) for the n neurons of layer l, from the
 * weights before this step's update; c = −(η/m) δ. Row i of w^{l+1} runs over layer l's
 * neurons, so the sum goes down the rows (i increasing) with 4 vectors of neurons in registers.
 */
function hiddenDelta<T>(wNext: usize, nNext: i32, dNext: usize, sNext: usize, aL: usize, sl: usize, n: i32, d: usize, c: usize, m: i32, negStep: v128): void {
  const S = <usize>sizeof<T>();
  const L = lanes<T>();
  const vectors = <i32>(sl >> 4);
  for (let e = 0; e < m; e++) {
    const row = <usize>e * sl;
    const dn = dNext + <usize>e * sNext;
    let v = 0;
    for (; v + 4 <= vectors; v += 4) {
      const o = <usize>v << 4;
      let a0 = vzero<T>(), a1 = vzero<T>(), a2 = vzero<T>(), a3 = vzero<T>();
      let wp = wNext + o;
      for (let i = 0; i < nNext; i++) {
        const s = v128.load_splat<T>(dn + <usize>i * S);
        a0 = madd<T>(v128.load(wp), s, a0);
        a1 = madd<T>(v128.load(wp, 16), s, a1);
        a2 = madd<T>(v128.load(wp, 32), s, a2);
        a3 = madd<T>(v128.load(wp, 48), s, a3);
        wp += sl;
      }
      const r = row + o;
      const ch = v * L;
      storeDelta<T>(a0, aL + r, d + r, c + r, ch, n, negStep);
      storeDelta<T>(a1, aL + r + 16, d + r + 16, c + r + 16, ch + L, n, negStep);
      storeDelta<T>(a2, aL + r + 32, d + r + 32, c + r + 32, ch + 2 * L, n, negStep);
      storeDelta<T>(a3, aL + r + 48, d + r + 48, c + r + 48, ch + 3 * L, n, negStep);
    }
    for (; v < vectors; v++) {
      const o = <usize>v << 4;
      let acc = vzero<T>();
      let wp = wNext + o;
      for (let i = 0; i < nNext; i++) {
        acc = madd<T>(v128.load(wp), v128.load_splat<T>(dn + <usize>i * S), acc);
        wp += sl;
      }
      const r = row + o;
      storeDelta<T>(acc, aL + r, d + r, c + r, v * L, n, negStep);
    }
  }
}

// ---- listing a dataset's inputs, once, when it is loaded (see "layer 2" and ../sparse.ts) ----

/**
 * a^1 of row r of a dense block of rows (bytes, kind 0, or values of T, kind 1), times
 * `scale`, into `dst` (n1 values of T, zero-padded to a whole vector). Bytes are widened to
 * T in registers; the product is rounded to T as every later use of the value expects.
 */
function scaledRow<T>(dst: usize, data: usize, kind: i32, n1: i32, r: i32, scale: T): void {
  const S = <usize>sizeof<T>();
  const vs = v128.splat<T>(scale);
  if (kind == 0) {
    const src = data + <usize>r * <usize>n1;
    // 16 bytes at a time; the last block may read past the row (into the next, or the block's slack)
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
    const src = data + <usize>r * <usize>n1 * S;
    for (let k = 0; k < n1; k += lanes<T>()) {
      const o = <usize>k * S;
      v128.store(dst + o, v128.mul<T>(v128.load(src + o), vs));
    }
  }
  for (let k = n1; k < ((n1 + 15) & ~15); k++) store<T>(dst + <usize>k * S, <T>0);
}

/** Bit i set where value i of 8 values of T at p is nonzero. */
@inline function nonzeroBits<T>(p: usize): i32 {
  if (sizeof<T>() == 4) {
    return i32x4.bitmask(f32x4.ne(v128.load(p), vzero<T>())) | (i32x4.bitmask(f32x4.ne(v128.load(p, 16), vzero<T>())) << 4);
  }
  return (
    i64x2.bitmask(f64x2.ne(v128.load(p), vzero<T>())) |
    (i64x2.bitmask(f64x2.ne(v128.load(p, 16), vzero<T>())) << 2) |
    (i64x2.bitmask(f64x2.ne(v128.load(p, 32), vzero<T>())) << 4) |
    (i64x2.bitmask(f64x2.ne(v128.load(p, 48), vzero<T>())) << 6)
  );
}

/** The first input of half h (see "layer 2"): 0, or n1/2 rounded down. */
@inline function halfStart(n1: i32, h: i32): i32 {
  return h == 0 ? 0 : n1 >> 1;
}

/** Bits of nonzeroBits for the 8 values from k that lie in [k0, k1). */
@inline function bitsWithin<T>(scratch: usize, k: i32, k0: i32, k1: i32): i32 {
  let bits = nonzeroBits<T>(scratch + <usize>k * sizeof<T>());
  if (k < k0) bits &= ~((1 << (k0 - k)) - 1);
  if (k + 8 > k1) bits &= (1 << (k1 - k)) - 1;
  return bits;
}

/**
 * counts[2r + h] = the number of nonzero a^1_k in half h of each row r in [0, rows) of a dense
 * block (see scaledRow and "layer 2").
 */
function countNonzeros<T>(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, counts: usize, scratch: usize): void {
  for (let r = 0; r < rows; r++) {
    scaledRow<T>(scratch, data, kind, n1, r, <T>scale);
    for (let h = 0; h < 2; h++) {
      const k0 = halfStart(n1, h);
      const k1 = h == 0 ? halfStart(n1, 1) : n1;
      let count = 0;
      for (let k = k0 & ~7; k < k1; k += 8) count += popcnt(bitsWithin<T>(scratch, k, k0, k1));
      store<u32>(counts + (<usize>(2 * r + h) << 2), count);
    }
  }
}

/**
 * Writes the sublists of each row r in [0, rows) of a dense block at the addresses
 * table[2r + h]: the count, the indices of the nonzero values (branch-free: each 8 values'
 * nonzero bits index a table, `lut`, 256 × 16 bytes of the positions of the set bits of a
 * byte, that packs them to the front; up to 8 indices past the end are written and then
 * overwritten by the values or the next sublist, written after), and the values: of type T,
 * or (kind 0, bytes) the bytes themselves; then, if `units` (R) is not 0, each index k
 * becomes k·R (see rowAt).
 */
function writeLists<T>(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, table: usize, scratch: usize, lut: usize, units: i32): void {
  const S = <usize>sizeof<T>();
  for (let r = 0; r < rows; r++) {
    scaledRow<T>(scratch, data, kind, n1, r, <T>scale);
    for (let h = 0; h < 2; h++) {
      const k0 = halfStart(n1, h);
      const k1 = h == 0 ? halfStart(n1, 1) : n1;
      const list = getu(table + (<usize>(2 * r + h) << 2));
      const indices = list + 4;
      let count = 0;
      for (let k = k0 & ~7; k < k1; k += 8) {
        const bits = bitsWithin<T>(scratch, k, k0, k1);
        const positions = i16x8.extend_low_i8x16_u(v128.load(lut + (<usize>bits << 4)));
        v128.store(indices + (<usize>count << 1), i16x8.add(positions, i16x8.splat(<i16>k)));
        count += popcnt(bits);
      }
      store<u32>(list, count);
      const vals = valuesOf(list, count);
      for (let i = 0; i < count; i++) {
        const at = indices + (<usize>i << 1);
        const k = <usize>load<u16>(at);
        if (kind == 0) store<u8>(vals + <usize>i, load<u8>(data + <usize>r * <usize>n1 + k));
        else store<T>(vals + <usize>i * S, load<T>(scratch + k * S));
        if (units != 0) store<u16>(at, <u16>(k * <usize>units)); // Wt's row offset in 64-byte units (see rowAt)
      }
    }
  }
}

// ---- a mini-batch, on `parts` threads (one: parts = 1) ----
// Phase 0: the partial sums z_0, z_1 of layer 2 (see forwardHalf), half h on part h (both on
//   a single part). This is most of the forward pass, and each half reads only its own rows
//   of Wt, which the same part updates in phase 1: Wt never moves between the cores' caches.
// Phase 1, on each part, for every example of the batch: a^2 = σ(z_0 + z_1), the forward
//   pass (1) through the other layers, δ^L (4), δ^l (5) down to l = 2 and c^l = −(η/m) δ^l,
//   into the part's own buffers; then the updates (6), (7) of what the part owns: the rows of
//   Wt in its half of the inputs, b^2 (part 0), and its own copy of every w^l, b^l for l ≥ 3.
// So the threads meet once a batch, at a barrier after phase 0, and the only data that moves
// between the cores is the other half's partial sums: the two parts compute the small layers'
// forward and backward passes twice (cheaper, at m = 10, than a second barrier and the cache
// lines of examples and weights that sharing them out would move) and keep identical copies
// of w^l, b^l (l ≥ 3), since they apply the same updates to the same values. There is no
// barrier after phase 1 either: a part goes on to the next batch's phase 0, which reads only
// what it updated itself, while the other finishes (the batches alternate between two plans,
// each with its own partial sums, so the next batch's are written while this one's are still
// read; see layout.ts). Parts beyond two do nothing here (they share inference): the halves
// fix the work at two. An example's values are computed by the same instructions whichever
// part computes them, and each parameter's update sums over the examples in increasing order
// on one part, so the result is the same, bit for bit, for any number of parts.

/** Does part `part` of `parts` compute half h of layer 2? */
@inline function ownsHalf(part: i32, parts: i32, h: i32): bool {
  return parts == 1 || part == h;
}

/**
 * (1) through layers 3..L for examples [n0, n0 + m) from their rows of a^2, with thread tid's
 * parameters and its buffers in field `field` (D_A or D_INF) of its descriptors.
 */
function forwardRest<T>(plan: usize, tid: i32, field: usize, n0: i32, m: i32): void {
  const S = <usize>sizeof<T>();
  const L = geti(plan + H_L);
  for (let l = 3; l <= L; l++) {
    const d = desc(plan, tid, l);
    const dp = desc(plan, tid, l - 1);
    const len = <usize>geti(dp + D_STRIDE) * S;
    const so = <usize>geti(d + D_STRIDE) * S;
    forwardLayer<T>(getu(d + D_W), getu(d + D_B), getu(dp + field) + <usize>n0 * len, len, getu(d + field) + <usize>n0 * so, so, geti(d + D_N), m);
  }
}

/**
 * The first half of phase 1 on thread tid, for every example of the batch, into its own
 * buffers: a^2 = σ(z_0 + z_1), the rest of the forward pass and every δ.
 */
function finishExamples<T>(plan: usize, tid: i32): void {
  const S = <usize>sizeof<T>();
  const L = geti(plan + H_L);
  const m = geti(plan + H_M);
  const order = getu(plan + H_ORDER);
  const negStep = v128.splat<T>(<T>-load<f64>(plan + H_STEP));
  const d2 = desc(plan, tid, 2);
  const s2 = <usize>geti(d2 + D_STRIDE) * S;
  const z = getu(plan + H_Z);
  addHalvesSigmoid<T>(z, z + getu(plan + H_ZHALF), getu(d2 + D_A), s2, geti(d2 + D_N), m);
  forwardRest<T>(plan, tid, D_A, 0, m);
  const dL = desc(plan, tid, L);
  const sL = <usize>geti(dL + D_STRIDE) * S;
  outputDelta<T>(getu(dL + D_A), sL, geti(dL + D_N), getu(dL + D_D), getu(dL + D_C), getu(plan + H_TARGETS), order, m, negStep);
  for (let l = L - 1; l >= 2; l--) {
    const d = desc(plan, tid, l);
    const dn = desc(plan, tid, l + 1);
    const sl = <usize>geti(d + D_STRIDE) * S;
    const sn = <usize>geti(dn + D_STRIDE) * S;
    hiddenDelta<T>(getu(dn + D_W), geti(dn + D_N), getu(dn + D_D), sn, getu(d + D_A), sl, geti(d + D_N), getu(d + D_D), getu(d + D_C), m, negStep);
  }
}

/**
 * The second half of phase 1 on part `part`, over the whole batch, in place: (7) for the rows
 * of Wt in its half of the inputs (all of them for one part), (6) for b^2 on part 0, and (6),
 * (7) for every w^l, b^l with l ≥ 3: the part's own copy, from its own δ.
 */
function updateOwn<T>(plan: usize, part: i32, parts: i32): void {
  const S = <usize>sizeof<T>();
  const L = geti(plan + H_L);
  const m = geti(plan + H_M);
  const order = getu(plan + H_ORDER);
  const d2 = desc(plan, part, 2);
  const s2 = <usize>geti(d2 + D_STRIDE) * S;
  const lut = getu(plan + H_VALUES);
  for (let h = 0; h < 2; h++) {
    if (!ownsHalf(part, parts, h)) continue;
    const wt = getu(d2 + D_W);
    const n2 = geti(d2 + D_N);
    const c = getu(d2 + D_C);
    const table = getu(plan + H_DATA);
    // four copies of the loops: bytes or values, row offsets in units or indices (see rowAt)
    if (geti(plan + H_UNITS) != 0) {
      if (lut != 0) updateHalf<T, u8, RowUnits>(wt, s2, n2, c, s2, m, table, lut, order, h);
      else updateHalf<T, T, RowUnits>(wt, s2, n2, c, s2, m, table, 0, order, h);
    } else {
      if (lut != 0) updateHalf<T, u8, Indices>(wt, s2, n2, c, s2, m, table, lut, order, h);
      else updateHalf<T, T, Indices>(wt, s2, n2, c, s2, m, table, 0, order, h);
    }
  }
  // b^2 on part 0 alone: only part 0 reads it while training (phase 0, half 0)
  if (part == 0) updateBiases<T>(getu(d2 + D_B), getu(d2 + D_B), getu(d2 + D_C), s2, m, 0, geti(d2 + D_N));
  for (let l = 3; l <= L; l++) {
    const d = desc(plan, part, l);
    const dp = desc(plan, part, l - 1);
    const n = geti(d + D_N);
    const sl = <usize>geti(d + D_STRIDE) * S;
    const c = getu(d + D_C);
    const rowBytes = <usize>geti(dp + D_STRIDE) * S;
    const w = getu(d + D_W);
    updateBlock<T>(w, w, rowBytes, c, sl, getu(dp + D_A), rowBytes, m, 0, n, 0, <i32>(rowBytes >> 4));
    updateBiases<T>(getu(d + D_B), getu(d + D_B), c, sl, m, 0, n);
  }
}

/**
 * Touches (see touchLists) the sublists in half h0..h1 of the first LOOKAHEAD examples that
 * the next batch will probably read, and the targets of all of them, so that their misses
 * overlap here, many at a time, instead of one list after another.
 */
function touchNext<T>(plan: usize, tid: i32, h0: i32, h1: i32): u32 {
  const count = geti(plan + H_NEXT_M);
  const next = getu(plan + H_NEXT);
  const table = getu(plan + H_DATA);
  const targets = getu(plan + H_TARGETS);
  const targetBytes = <usize>geti(desc(plan, tid, geti(plan + H_L)) + D_N) * sizeof<T>();
  let sum: u32 = 0;
  for (let i = 0; i < count; i++) {
    const r = getu(next + (<usize>i << 2));
    if (i < LOOKAHEAD) sum += touchLists(table, r, h0, h1);
    sum += load<u8>(targets + r * targetBytes);
  }
  return sum;
}

/** forwardHalf for the plan's dataset, with its kind of values. */
function forwardHalfOf<T>(plan: usize, h: i32, out: usize, so: usize, m: i32, order: usize, first: i32): u32 {
  const d2 = desc(plan, 0, 2);
  const lut = getu(plan + H_VALUES);
  const wt = getu(d2 + D_W);
  const rowBytes = <usize>geti(d2 + D_STRIDE) * sizeof<T>();
  const b = getu(d2 + D_B);
  const n1 = geti(plan + H_N1);
  const table = getu(plan + H_DATA);
  const n2 = geti(d2 + D_N);
  // four copies of the loops: bytes or values, row offsets in units or indices (see rowAt)
  const units = geti(plan + H_UNITS);
  if (units != 0) {
    const limit = <u32>(n1 * units);
    if (lut != 0) return forwardHalf<T, u8, RowUnits>(wt, rowBytes, b, limit, n2, h, out, so, m, table, lut, order, first);
    return forwardHalf<T, T, RowUnits>(wt, rowBytes, b, limit, n2, h, out, so, m, table, 0, order, first);
  }
  if (lut != 0) return forwardHalf<T, u8, Indices>(wt, rowBytes, b, <u32>n1, n2, h, out, so, m, table, lut, order, first);
  return forwardHalf<T, T, Indices>(wt, rowBytes, b, <u32>n1, n2, h, out, so, m, table, 0, order, first);
}

function trainPhase<T>(plan: usize, part: i32, parts: i32, phase: i32): void {
  if (part >= 2) return; // (see "a mini-batch")
  const S = <usize>sizeof<T>();
  const m = geti(plan + H_M);
  if (phase == 0) {
    const s2 = <usize>geti(desc(plan, 0, 2) + D_STRIDE) * S;
    let touched: u32 = 0;
    for (let h = 0; h < 2; h++) {
      if (!ownsHalf(part, parts, h)) continue;
      const out = getu(plan + H_Z) + (h == 0 ? 0 : getu(plan + H_ZHALF));
      touched += forwardHalfOf<T>(plan, h, out, s2, m, getu(plan + H_ORDER), 0);
    }
    // the next batch's sublists for the halves this part sums (it reads only those)
    touched += parts == 1 ? touchNext<T>(plan, 0, 0, 1) : touchNext<T>(plan, part, part, part);
    store<u32>(desc(plan, part, 0), touched); // this thread's unused descriptor: keeps the loads alive
  } else {
    finishExamples<T>(plan, part);
    updateOwn<T>(plan, part, parts);
  }
}

/** Inference on examples [first, first + count) by one thread, with its own buffers; a^L rows go to out. */
function inferRange<T>(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  const S = <usize>sizeof<T>();
  const L = geti(plan + H_L);
  const chunk = geti(plan + H_CHUNK);
  const d1 = desc(plan, tid, 1);
  const d2 = desc(plan, tid, 2);
  const dL = desc(plan, tid, L);
  const s2 = <usize>geti(d2 + D_STRIDE) * S;
  const half = <usize>chunk * s2;
  const z = getu(d1 + D_INF);
  const outRow = <usize>geti(dL + D_N) * S;
  const sL = <usize>geti(dL + D_STRIDE) * S;
  for (let done = 0; done < count; done += chunk) {
    const m = min(chunk, count - done);
    let touched: u32 = 0;
    for (let h = 0; h < 2; h++) touched += forwardHalfOf<T>(plan, h, z + (h == 0 ? 0 : half), s2, m, 0, first + done);
    store<u32>(desc(plan, tid, 0), touched);
    addHalvesSigmoid<T>(z, z + half, getu(d2 + D_INF), s2, geti(d2 + D_N), m);
    forwardRest<T>(plan, tid, D_INF, 0, m);
    const aL = getu(dL + D_INF);
    for (let n = 0; n < m; n++) memory.copy(out + <usize>(done + n) * outRow, aL + <usize>n * sL, outRow);
  }
}

// ---- exports ----

/** The phases of a mini-batch; the threads meet at a barrier after each but the last. */
const PHASES: i32 = 2;
export function phaseCount(): i32 {
  return PHASES;
}

export function trainPhase_f32(plan: usize, part: i32, parts: i32, phase: i32): void {
  trainPhase<f32>(plan, part, parts, phase);
}
export function trainPhase_f64(plan: usize, part: i32, parts: i32, phase: i32): void {
  trainPhase<f64>(plan, part, parts, phase);
}
/** One whole mini-batch on one thread: one call from JS. */
export function trainBatch_f32(plan: usize): void {
  for (let p = 0; p < PHASES; p++) trainPhase<f32>(plan, 0, 1, p);
}
export function trainBatch_f64(plan: usize): void {
  for (let p = 0; p < PHASES; p++) trainPhase<f64>(plan, 0, 1, p);
}
export function infer_f32(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  inferRange<f32>(plan, tid, first, count, out);
}
export function infer_f64(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  inferRange<f64>(plan, tid, first, count, out);
}
export function countNonzeros_f32(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, counts: usize, scratch: usize): void {
  countNonzeros<f32>(data, kind, n1, rows, scale, counts, scratch);
}
export function countNonzeros_f64(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, counts: usize, scratch: usize): void {
  countNonzeros<f64>(data, kind, n1, rows, scale, counts, scratch);
}
export function writeLists_f32(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, table: usize, scratch: usize, lut: usize, units: i32): void {
  writeLists<f32>(data, kind, n1, rows, scale, table, scratch, lut, units);
}
export function writeLists_f64(data: usize, kind: i32, n1: i32, rows: i32, scale: f64, table: usize, scratch: usize, lut: usize, units: i32): void {
  writeLists<f64>(data, kind, n1, rows, scale, table, scratch, lut, units);
}
