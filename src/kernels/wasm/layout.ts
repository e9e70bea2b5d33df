/**
 * The plans: the blocks of memory that tell the WebAssembly code where everything is.
 * This file is the one definition of their layout: the TypeScript side indexes 32-bit words
 * with these constants, and `npm run build:wasm` (scripts/build-wasm.mjs) writes the same
 * offsets in bytes, `assemblyLayout` below, into assembly/layout.generated.ts for the
 * AssemblyScript, so the two cannot drift (CI rebuilds and compares).
 *
 * Two plans, used by alternate mini-batches, so that the next batch's plan and partial sums
 * can be written while a thread still reads this one's (there is no barrier at the end of a
 * batch). A plan's header (words): L, the values of the resident dataset's bytes (or 0), the
 * plan's partial sums of layer 2 (z_0; z_1 follows), m, the dataset's list table (see
 * sparse.ts), the bytes from z_0 to z_1, the targets, the order, n_1, the inference chunk,
 * the next batch's order and size (a guess, only for prefetching), the descriptors, R if the
 * dataset's lists hold row offsets k·R in 64-byte units instead of indices k (see sparse.ts),
 * the cost's and the update rule's codes; then as float64 η/m and the rule's constants.
 * The descriptors, one 16-word descriptor per (thread, layer l = 0..L) (slot 0 unused, as in
 * Network), shared by both plans:
 * n_l, stride_l (row length padded to 16 bytes; 64 for layer 2), w^l and b^l (w^2 and b^2
 * shared by every thread; for l ≥ 3 each training thread's own copy, updated in place), and
 * the thread's own A^l, δ^l, c^l = −(η/m) δ^l for a batch and A^l for inference.
 * Layer 1 has no A^1 (its activations are the dataset's lists): its inference field holds the
 * thread's partial sums of layer 2 for a chunk.
 *
 * w^2 is stored transposed, Wt = (w^2)^T: n_1 rows of stride_2 elements (see forwardHalf).
 */
export const HEADER_BYTES = 256;
export const DESC_BYTES = 64;

export const H_L = 0;
/** The dataset's 256 values of its bytes, or 0 if its values are of the kernel's type. */
export const H_VALUES = 1;
/** This plan's partial sums z_0 of layer 2 (z_1 follows H_ZHALF bytes on). */
export const H_Z = 2;
export const H_M = 3;
/** The resident dataset's list table (sparse.ts). */
export const H_DATA = 4;
/** Bytes from the batch's partial sums z_0 to z_1. */
export const H_ZHALF = 5;
export const H_TARGETS = 6;
export const H_ORDER = 7;
/** n_1, the inputs per example. */
export const H_N1 = 8;
export const H_CHUNK = 9;
/** The next batch's example indices (a guess, for prefetching), or 0. */
export const H_NEXT = 10;
export const H_NEXT_M = 11;
/** The descriptors (shared by both plans). */
export const H_DESC = 12;
/** R if the lists hold k·R, Wt's row offsets in 64-byte units, else 0 (sparse.ts). */
export const H_UNITS = 13;
/** The cost's code (COST_CODES). */
export const H_COST = 14;
/** The update rule's code (RULE_CODES). */
export const H_RULE = 15;
/** η/m, at this float64 word index (for SGD; −1/m, the gradient's factor, for the other rules). */
export const H_STEP64 = 8;
/**
 * The step's constants of the update rule and the regularisation (float64 word indices):
 * η, λ₂/n, λ₁/n (0: none), μ (momentum, Nesterov) or β₁ (Adam), β₂, ε, 1 − β₁^t, 1 − β₂^t.
 */
export const H_ETA64 = 9;
export const H_L2N64 = 10;
export const H_L1N64 = 11;
export const H_MU64 = 12;
export const H_BETA2_64 = 13;
export const H_EPS64 = 14;
export const H_C1_64 = 15;
export const H_C2_64 = 16;
/**
 * Dropout (training only): 1/(1 − p) at this float64 word index, and as words the masks' seed,
 * the step t, and the threshold floor(p·2³²) below which a neuron's hash drops it (0: no
 * dropout); see src/math/dropout.ts and assembly/dropout.ts.
 */
export const H_DROP_SCALE64 = 17;
export const H_DROP_SEED = 36;
export const H_DROP_T = 37;
export const H_DROP_THRESHOLD = 38;
/**
 * Plain SGD with L2 (and no L1) keeps w^2 as a scalar times a matrix, w^2 = s W̃ (Wt holds
 * W̃^T), so that the decay (1 − ηλ₂/n) of every weight is one multiply of s instead of a pass
 * over w^2 (assembly/layer2Scale.ts). As a word, 1 if the kernel does so; as float64s, the
 * scale s that this batch's forward pass reads, 1/s (z_0 starts from b^2/s, so that
 * z = s (z_0 + z_1) needs no b^2 after phase 0), 1/s' that turns this step's c^2 into W̃'s
 * update (s' the scale after the step), and a factor f; as a word, 1 if the step first
 * folds f into W̃ (W̃ ← f W̃; see wasm/w2Scale.ts).
 */
export const H_W2_SCALED = 39;
export const H_W2_SCALE64 = 20;
export const H_W2_INVERSE64 = 21;
export const H_W2_FOLD_FACTOR64 = 22;
export const H_W2_BIAS_FACTOR64 = 23;
export const H_W2_FOLD = 48; // (words 40–47 are the four float64s above)
/**
 * A plan for a network with conv and pool layers (convolution.ts; assembly/convBatch.ts):
 * 1 if it is one (the exports dispatch on it), the address of its layer table (one GEOM_BYTES
 * entry per layer l = 0..L: the fields G_* below) and of its two half-plans: copies of this
 * header whose m and order are the first and the second half of the batch (each thread's
 * share of a mini-batch: see convBatch.ts).
 */
export const H_CONV = 49;
export const H_GEOM = 50;
export const H_HALVES = 51;

export const D_N = 0;
export const D_STRIDE = 1;
export const D_W = 2;
export const D_B = 3;
export const D_A = 4;
export const D_D = 5;
export const D_C = 6;
export const D_INF = 7;
/** Layer l's activation's code (ACTIVATION_CODES). */
export const D_ACT = 8;
/**
 * For the rules other than SGD: the gradient Σ_x ∂C_x/∂w^l / m (in w^l's layout: transposed for
 * l = 2) and the rule's state (velocity; Adam's two moments), then the same for b^l; 0 if none.
 */
export const D_GW = 9;
export const D_S1W = 10;
export const D_S2W = 11;
export const D_GB = 12;
export const D_S1B = 13;
export const D_S2B = 14;
/** With dropout, for a hidden layer: σ'(z) times the neuron's dropout factor (1/(1 − p) or 0), per example. */
export const D_P = 15;

/**
 * A conv plan's layer table: per layer, its type (G_TYPE: 0 dense, 1 conv, 2 pool), its input's
 * and its output's height, width and channels, its field (conv) or window (pool), the padded
 * row lengths (elements) of its input's and its output's planes and of a conv's weight rows,
 * and the addresses of the two halves' gradient sums R (w, then b) for this plan (convBatch.ts).
 */
export const GEOM_BYTES = 64;
export const G_TYPE = 0;
export const G_HIN = 1;
export const G_WIN = 2;
export const G_CIN = 3;
export const G_HOUT = 4;
export const G_WOUT = 5;
export const G_COUT = 6;
export const G_KH = 7;
export const G_KW = 8;
export const G_WPIN = 9;
export const G_WPOUT = 10;
export const G_KWP = 11;
export const G_RW0 = 12;
export const G_RB0 = 13;
export const G_RW1 = 14;
export const G_RB1 = 15;
export const LAYER_CODES = { dense: 0, conv: 1, pool: 2 } as const;

/**
 * The codes the WebAssembly code dispatches on, chosen when a kernel is made: one per
 * activation (assembly/activations/, a file each) and one per cost (assembly/costs/). The
 * switch on a code sits outside the loops (each code gets its own copy of a loop's body).
 */
export const ACTIVATION_CODES = { sigmoid: 0, tanh: 1, relu: 2, 'leaky-relu': 3, linear: 4, softmax: 5 } as const;
export const COST_CODES = { quadratic: 0, 'cross-entropy': 1, 'log-likelihood': 2 } as const;
/** The update rules' codes (assembly/updateRules/, a file each). */
export const RULE_CODES = { sgd: 0, momentum: 1, nesterov: 2, adam: 3 } as const;

/**
 * Where the WebAssembly code keeps its splatted constants (assembly/simd.ts), below the
 * heap's first block (heap.ts leaves the first 1024 bytes unused).
 */
export const CONSTANTS_ADDRESS = 256;

/**
 * The layout in bytes, as the AssemblyScript reads it (assembly/layout.generated.ts is
 * written from this object: each key becomes a `usize` constant).
 */
export const assemblyLayout = {
  H_L: H_L * 4,
  H_VALUES: H_VALUES * 4,
  H_Z: H_Z * 4,
  H_M: H_M * 4,
  H_DATA: H_DATA * 4,
  H_ZHALF: H_ZHALF * 4,
  H_TARGETS: H_TARGETS * 4,
  H_ORDER: H_ORDER * 4,
  H_N1: H_N1 * 4,
  H_CHUNK: H_CHUNK * 4,
  H_STEP: H_STEP64 * 8,
  H_NEXT: H_NEXT * 4,
  H_NEXT_M: H_NEXT_M * 4,
  H_DESC: H_DESC * 4,
  H_UNITS: H_UNITS * 4,
  H_COST: H_COST * 4,
  H_RULE: H_RULE * 4,
  H_ETA: H_ETA64 * 8,
  H_L2N: H_L2N64 * 8,
  H_L1N: H_L1N64 * 8,
  H_MU: H_MU64 * 8,
  H_BETA2: H_BETA2_64 * 8,
  H_EPS: H_EPS64 * 8,
  H_C1: H_C1_64 * 8,
  H_C2: H_C2_64 * 8,
  H_DROP_SCALE: H_DROP_SCALE64 * 8,
  H_DROP_SEED: H_DROP_SEED * 4,
  H_DROP_T: H_DROP_T * 4,
  H_DROP_THRESHOLD: H_DROP_THRESHOLD * 4,
  H_W2_SCALED: H_W2_SCALED * 4,
  H_W2_SCALE: H_W2_SCALE64 * 8,
  H_W2_FOLD: H_W2_FOLD * 4,
  H_CONV: H_CONV * 4,
  H_GEOM: H_GEOM * 4,
  H_HALVES: H_HALVES * 4,
  H_W2_FOLD_FACTOR: H_W2_FOLD_FACTOR64 * 8,
  H_W2_BIAS_FACTOR: H_W2_BIAS_FACTOR64 * 8,
  H_W2_INVERSE: H_W2_INVERSE64 * 8,
  D_N: D_N * 4,
  D_STRIDE: D_STRIDE * 4,
  D_W: D_W * 4,
  D_B: D_B * 4,
  D_A: D_A * 4,
  D_D: D_D * 4,
  D_C: D_C * 4,
  D_INF: D_INF * 4,
  D_ACT: D_ACT * 4,
  D_GW: D_GW * 4,
  D_S1W: D_S1W * 4,
  D_S2W: D_S2W * 4,
  D_GB: D_GB * 4,
  D_S1B: D_S1B * 4,
  D_S2B: D_S2B * 4,
  D_P: D_P * 4,
  DESC_BYTES,
  HEADER_BYTES,
  CONSTANTS_ADDRESS,
  GEOM_BYTES,
  G_TYPE: G_TYPE * 4,
  G_HIN: G_HIN * 4,
  G_WIN: G_WIN * 4,
  G_CIN: G_CIN * 4,
  G_HOUT: G_HOUT * 4,
  G_WOUT: G_WOUT * 4,
  G_COUT: G_COUT * 4,
  G_KH: G_KH * 4,
  G_KW: G_KW * 4,
  G_WPIN: G_WPIN * 4,
  G_WPOUT: G_WPOUT * 4,
  G_KWP: G_KWP * 4,
  G_RW0: G_RW0 * 4,
  G_RB0: G_RB0 * 4,
  G_RW1: G_RW1 * 4,
  G_RB1: G_RB1 * 4,
} as const;

/** The codes, as the AssemblyScript reads them (each key becomes an `i32` constant in assembly/layout.generated.ts). */
export const assemblyCodes = {
  A_SIGMOID: ACTIVATION_CODES.sigmoid,
  A_TANH: ACTIVATION_CODES.tanh,
  A_RELU: ACTIVATION_CODES.relu,
  A_LEAKY_RELU: ACTIVATION_CODES['leaky-relu'],
  A_LINEAR: ACTIVATION_CODES.linear,
  A_SOFTMAX: ACTIVATION_CODES.softmax,
  A_FACTOR: -1,
  C_QUADRATIC: COST_CODES.quadratic,
  C_CROSS_ENTROPY: COST_CODES['cross-entropy'],
  C_LOG_LIKELIHOOD: COST_CODES['log-likelihood'],
  R_SGD: RULE_CODES.sgd,
  R_MOMENTUM: RULE_CODES.momentum,
  R_NESTEROV: RULE_CODES.nesterov,
  R_ADAM: RULE_CODES.adam,
  L_DENSE: LAYER_CODES.dense,
  L_CONV: LAYER_CODES.conv,
  L_POOL: LAYER_CODES.pool,
} as const;

/** Examples per inference chunk: keeps a chunk's activations in the L1/L2 caches. */
export const INFER_CHUNK = 64;

/**
 * Row length in elements of layer l's activations (and of w^{l+1}'s rows), padded to whole
 * 16-byte vectors. Layer 2's to whole 64-byte blocks, since Wt's rows are updated 4 or 8
 * vectors at a time (assembly/kernel.ts: updateHalf); the output layer's (L) too, since its
 * rows are written by the thread that owns the example and no two threads should write one
 * cache line (it is no row of any weight matrix, so the padding costs no arithmetic).
 */
export function paddedStride(n: number, bytesPerElement: number, layer: number, L: number): number {
  const lanes = (layer === 2 || layer === L ? 64 : 16) / bytesPerElement;
  return Math.ceil(n / lanes) * lanes;
}

/** Word index of field `field` of the descriptor of (thread, layer), the descriptors at `descriptors`. */
export function descIndex(descriptors: number, L: number, thread: number, layer: number, field: number): number {
  return (descriptors + (thread * (L + 1) + layer) * DESC_BYTES) / 4 + field;
}
