import { activationForms, layerActivationNames } from '../../math/activations/index.ts';
import { costNames } from '../../math/costs/index.ts';
import { updateRuleNames } from '../../math/updateRules/index.ts';

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

/** A field of a plan: a 32-bit word, or `count` float64s (8-byte aligned). */
type Field = readonly [name: string, kind: 'word' | 'f64', count?: number];

/**
 * The header's fields, in memory order: the one list from which every word index, float64
 * index and byte offset below is computed (fieldsAt), so that no two fields can overlap.
 */
const HEADER_FIELDS = [
  ['L', 'word'],
  /** The dataset's 256 values of its bytes, or 0 if its values are of the kernel's type. */
  ['VALUES', 'word'],
  /** This plan's partial sums z_0 of layer 2 (z_1 follows ZHALF bytes on). */
  ['Z', 'word'],
  ['M', 'word'],
  /** The resident dataset's list table (sparse.ts). */
  ['DATA', 'word'],
  /** Bytes from the batch's partial sums z_0 to z_1. */
  ['ZHALF', 'word'],
  ['TARGETS', 'word'],
  ['ORDER', 'word'],
  /** n_1, the inputs per example. */
  ['N1', 'word'],
  ['CHUNK', 'word'],
  /** The next batch's example indices (a guess, for prefetching), or 0. */
  ['NEXT', 'word'],
  ['NEXT_M', 'word'],
  /** The descriptors (shared by both plans). */
  ['DESC', 'word'],
  /** R if the lists hold k·R, Wt's row offsets in 64-byte units, else 0 (sparse.ts). */
  ['UNITS', 'word'],
  /** The cost's code (COST_CODES). */
  ['COST', 'word'],
  /** The update rule's code (RULE_CODES). */
  ['RULE', 'word'],
  /** η/m (for SGD; η/(mμ) for momentum, −1/m, the gradient's factor, for the other rules: rules.ts). */
  ['STEP', 'f64'],
  /** The step's constants of every rule and of the regularisation: η, λ₂/n, λ₁/n (0: none). */
  ['ETA', 'f64'],
  ['L2N', 'f64'],
  ['L1N', 'f64'],
  /** The update rule's own constants, as its definition's kernelConstants lists them (src/math/updateRules). */
  ['RULE_K', 'f64', 10],
  /**
   * Dropout (training only): 1/(1 − p), and as words the masks' seed, the step t, and the
   * threshold floor(p·2³²) below which a neuron's hash drops it (0: no dropout); see
   * src/math/dropout.ts and assembly/dropout.ts.
   */
  ['DROP_SCALE', 'f64'],
  /**
   * Plain SGD with L2 (and no L1) keeps w^2 as a scalar times a matrix, w^2 = s W̃ (Wt holds
   * W̃^T), so that the decay (1 − ηλ₂/n) of every weight is one multiply of s instead of a pass
   * over w^2 (assembly/layer2Scale.ts). As float64s, the scale s that this batch's forward pass
   * reads, 1/s (z_0 starts from b^2/s, so that z = s (z_0 + z_1) needs no b^2 after phase 0),
   * 1/s' that turns this step's c^2 into W̃'s update (s' the scale after the step), and a
   * factor f; as words, 1 if the kernel does so, and 1 if the step first folds f into W̃
   * (W̃ ← f W̃; see wasm/w2Scale.ts).
   */
  ['W2_SCALE', 'f64'],
  ['W2_INVERSE', 'f64'],
  ['W2_FOLD_FACTOR', 'f64'],
  ['W2_BIAS_FACTOR', 'f64'],
  ['DROP_SEED', 'word'],
  ['DROP_T', 'word'],
  ['DROP_THRESHOLD', 'word'],
  ['W2_SCALED', 'word'],
  ['W2_FOLD', 'word'],
  /**
   * A plan for a network with conv and pool layers (convolution.ts; assembly/convBatch.ts):
   * 1 if it is one (the exports dispatch on it), the address of its layer table (one GEOM_BYTES
   * entry per layer l = 0..L: GEOM_FIELDS below) and of its two half-plans: copies of this
   * header whose m and order are the first and the second half of the batch (each thread's
   * share of a mini-batch: see convBatch.ts).
   */
  ['CONV', 'word'],
  ['GEOM', 'word'],
  ['HALVES', 'word'],
] as const satisfies readonly Field[];

/** A descriptor's fields (all words), one descriptor per (thread, layer). */
const DESCRIPTOR_FIELDS = [
  ['N', 'word'],
  ['STRIDE', 'word'],
  ['W', 'word'],
  ['B', 'word'],
  ['A', 'word'],
  ['D', 'word'],
  ['C', 'word'],
  ['INF', 'word'],
  /** Layer l's activation's code (ACTIVATION_CODES). */
  ['ACT', 'word'],
  /**
   * For the rules other than SGD: the gradient Σ_x ∂C_x/∂w^l / m (in w^l's layout: transposed for
   * l = 2) and the rule's state (velocity; Adam's two moments), then the same for b^l; 0 if none.
   */
  ['GW', 'word'],
  ['S1W', 'word'],
  ['S2W', 'word'],
  ['GB', 'word'],
  ['S1B', 'word'],
  ['S2B', 'word'],
  /** With dropout, for a hidden layer: σ'(z) times the neuron's dropout factor (1/(1 − p) or 0), per example. */
  ['P', 'word'],
] as const satisfies readonly Field[];

/**
 * A conv plan's layer table: per layer, its type (TYPE: LAYER_CODES), its input's and its
 * output's height, width and channels, its field (conv) or window (pool), the padded row
 * lengths (elements) of its input's and its output's planes and of a conv's weight rows, and
 * the addresses of the two halves' gradient sums R (w, then b) for this plan (convBatch.ts).
 */
const GEOM_FIELDS = [
  ['TYPE', 'word'],
  ['HIN', 'word'],
  ['WIN', 'word'],
  ['CIN', 'word'],
  ['HOUT', 'word'],
  ['WOUT', 'word'],
  ['COUT', 'word'],
  ['KH', 'word'],
  ['KW', 'word'],
  ['WPIN', 'word'],
  ['WPOUT', 'word'],
  ['KWP', 'word'],
  ['RW0', 'word'],
  ['RB0', 'word'],
  ['RW1', 'word'],
  ['RB1', 'word'],
] as const satisfies readonly Field[];
export const GEOM_BYTES = 64;
export const LAYER_CODES = { dense: 0, conv: 1, pool: 2 } as const;

/** Each field's byte offset, in order, f64s aligned to 8 bytes; throws if the fields outgrow `bytes`. */
function fieldsAt<F extends readonly Field[]>(fields: F, bytes: number, what: string): Record<F[number][0], number> {
  const at: Record<string, number> = {};
  let offset = 0;
  for (const [name, kind, count = 1] of fields) {
    if (kind === 'f64') offset = Math.ceil(offset / 8) * 8;
    at[name] = offset;
    offset += (kind === 'f64' ? 8 : 4) * count;
  }
  if (offset > bytes) throw new Error(`the ${what}'s fields take ${offset} bytes, more than its ${bytes}`);
  return at as Record<F[number][0], number>;
}

/** Byte offsets of the header's and a descriptor's fields. */
export const HEADER = fieldsAt(HEADER_FIELDS, HEADER_BYTES, 'header');
export const DESCRIPTOR = fieldsAt(DESCRIPTOR_FIELDS, DESC_BYTES, 'descriptor');
export const GEOM = fieldsAt(GEOM_FIELDS, GEOM_BYTES, 'layer table entry');

// Word indices (32-bit fields) and float64 indices (…64) into a plan, for the TypeScript side.
export const H_L = HEADER.L / 4;
export const H_VALUES = HEADER.VALUES / 4;
export const H_Z = HEADER.Z / 4;
export const H_M = HEADER.M / 4;
export const H_DATA = HEADER.DATA / 4;
export const H_ZHALF = HEADER.ZHALF / 4;
export const H_TARGETS = HEADER.TARGETS / 4;
export const H_ORDER = HEADER.ORDER / 4;
export const H_N1 = HEADER.N1 / 4;
export const H_CHUNK = HEADER.CHUNK / 4;
export const H_NEXT = HEADER.NEXT / 4;
export const H_NEXT_M = HEADER.NEXT_M / 4;
export const H_DESC = HEADER.DESC / 4;
export const H_UNITS = HEADER.UNITS / 4;
export const H_COST = HEADER.COST / 4;
export const H_RULE = HEADER.RULE / 4;
export const H_STEP64 = HEADER.STEP / 8;
export const H_ETA64 = HEADER.ETA / 8;
export const H_L2N64 = HEADER.L2N / 8;
export const H_L1N64 = HEADER.L1N / 8;
/** The first of the rule's constants (src/math/updateRules: kernelConstants), and how many there may be. */
export const H_RULE_K64 = HEADER.RULE_K / 8;
export const RULE_CONSTANTS: number = HEADER_FIELDS.find(([name]) => name === 'RULE_K')![2] ?? 1;
export const H_DROP_SCALE64 = HEADER.DROP_SCALE / 8;
export const H_DROP_SEED = HEADER.DROP_SEED / 4;
export const H_DROP_T = HEADER.DROP_T / 4;
export const H_DROP_THRESHOLD = HEADER.DROP_THRESHOLD / 4;
export const H_W2_SCALED = HEADER.W2_SCALED / 4;
export const H_W2_SCALE64 = HEADER.W2_SCALE / 8;
export const H_W2_INVERSE64 = HEADER.W2_INVERSE / 8;
export const H_W2_FOLD_FACTOR64 = HEADER.W2_FOLD_FACTOR / 8;
export const H_W2_BIAS_FACTOR64 = HEADER.W2_BIAS_FACTOR / 8;
export const H_W2_FOLD = HEADER.W2_FOLD / 4;
export const H_CONV = HEADER.CONV / 4;
export const H_GEOM = HEADER.GEOM / 4;
export const H_HALVES = HEADER.HALVES / 4;

export const D_N = DESCRIPTOR.N / 4;
export const D_STRIDE = DESCRIPTOR.STRIDE / 4;
export const D_W = DESCRIPTOR.W / 4;
export const D_B = DESCRIPTOR.B / 4;
export const D_A = DESCRIPTOR.A / 4;
export const D_D = DESCRIPTOR.D / 4;
export const D_C = DESCRIPTOR.C / 4;
export const D_INF = DESCRIPTOR.INF / 4;
export const D_ACT = DESCRIPTOR.ACT / 4;
export const D_GW = DESCRIPTOR.GW / 4;
export const D_S1W = DESCRIPTOR.S1W / 4;
export const D_S2W = DESCRIPTOR.S2W / 4;
export const D_GB = DESCRIPTOR.GB / 4;
export const D_S1B = DESCRIPTOR.S1B / 4;
export const D_S2B = DESCRIPTOR.S2B / 4;
export const D_P = DESCRIPTOR.P / 4;

export const G_TYPE = GEOM.TYPE / 4;
export const G_HIN = GEOM.HIN / 4;
export const G_WIN = GEOM.WIN / 4;
export const G_CIN = GEOM.CIN / 4;
export const G_HOUT = GEOM.HOUT / 4;
export const G_WOUT = GEOM.WOUT / 4;
export const G_COUT = GEOM.COUT / 4;
export const G_KH = GEOM.KH / 4;
export const G_KW = GEOM.KW / 4;
export const G_WPIN = GEOM.WPIN / 4;
export const G_WPOUT = GEOM.WPOUT / 4;
export const G_KWP = GEOM.KWP / 4;
export const G_RW0 = GEOM.RW0 / 4;
export const G_RB0 = GEOM.RB0 / 4;
export const G_RW1 = GEOM.RW1 / 4;
export const G_RB1 = GEOM.RB1 / 4;

/**
 * The codes the WebAssembly code dispatches on, chosen when a kernel is made: an activation's,
 * a cost's and an update rule's index in its registry (src/math: definitions.generated.ts),
 * each with a file in assembly/activations/, assembly/costs/, assembly/updateRules/. The
 * switch on a code sits outside the loops (each code gets its own copy of a loop's body).
 */
const codesOf = <N extends string>(names: readonly N[]): Readonly<Record<N, number>> => Object.fromEntries(names.map((name, code) => [name, code])) as Record<N, number>;
export const ACTIVATION_CODES = codesOf(layerActivationNames);
export const COST_CODES = codesOf(costNames);
export const RULE_CODES = codesOf(updateRuleNames);

/**
 * Where the WebAssembly code keeps its splatted constants (assembly/simd.ts), below the
 * heap's first block (heap.ts leaves the first 1024 bytes unused).
 */
export const CONSTANTS_ADDRESS = 256;

/** 'leaky-relu' → 'LEAKY_RELU', the AssemblyScript's spelling of a name in a constant's. */
export const constantCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toUpperCase();

/**
 * The layout in bytes, as the AssemblyScript reads it (assembly/layout.generated.ts is
 * written from this object: each key becomes a `usize` constant): H_<field> and D_<field>.
 */
export const assemblyLayout: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(HEADER).map(([name, bytes]) => [`H_${name}`, bytes])),
  // momentum's μ, its first kernel constant, which rule.ts's fused momentum reads
  H_MU: HEADER.RULE_K,
  ...Object.fromEntries(Object.entries(DESCRIPTOR).map(([name, bytes]) => [`D_${name}`, bytes])),
  DESC_BYTES,
  HEADER_BYTES,
  CONSTANTS_ADDRESS,
  GEOM_BYTES,
  ...Object.fromEntries(Object.entries(GEOM).map(([name, bytes]) => [`G_${name}`, bytes])),
};

/**
 * The codes, as the AssemblyScript reads them (each key becomes an `i32` constant in
 * assembly/layout.generated.ts): A_<activation>, C_<cost>, R_<rule>, and A_FACTOR (dropout's
 * σ' times the neuron's factor, see assembly/dropout.ts).
 */
export const assemblyCodes: Readonly<Record<string, number>> = {
  ...Object.fromEntries(Object.entries(ACTIVATION_CODES).map(([name, code]) => [`A_${constantCase(name)}`, code])),
  A_FACTOR: -1,
  ...Object.fromEntries(Object.entries(COST_CODES).map(([name, code]) => [`C_${constantCase(name)}`, code])),
  ...Object.fromEntries(Object.entries(RULE_CODES).map(([name, code]) => [`R_${constantCase(name)}`, code])),
  ...Object.fromEntries(Object.entries(LAYER_CODES).map(([name, code]) => [`L_${constantCase(name)}`, code])),
};

/**
 * The definitions' constants, written once in TypeScript (e.g. leaky ReLU's slope), as the
 * AssemblyScript reads them (each becomes an `f64` constant <NAME>_<KEY> in assembly/layout.generated.ts).
 */
export const assemblyConstants: Readonly<Record<string, number>> = Object.fromEntries(
  layerActivationNames.flatMap((name) => Object.entries(activationForms(name).constants ?? {}).map(([key, value]) => [`${constantCase(name)}_${key}`, value])),
);

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
