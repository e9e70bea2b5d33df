// @ts-nocheck  (AssemblyScript, not TypeScript: compiled by scripts/build-wasm.mjs with asc)
//
// The hot loops of the WebAssembly kernels, for one dtype T (f32 → f32x4, f64 → f64x2).
// Everything lives in one linear memory laid out by ../layout.ts: a *plan* (header plus one
// descriptor per thread and layer, holding sizes, row strides and buffer addresses; each
// training thread has its own buffers and its own copy of w^l, b^l for l ≥ 3), the
// parameters, the batch buffers and the resident datasets (kept as lists of each example's
// nonzero inputs: see layer2Lists.ts).
//
// Matrices are row-major with rows padded to a multiple of 16 bytes (the *stride*) and the
// padding kept at zero, so every dot product runs over whole vectors with no tail:
//   w^l is n_l × stride_{l-1},  A^l (one row per example) is m × stride_l.
// w^2 is kept transposed (layer2Lists.ts) with stride_2 padded to 64 bytes.
//
// A mini-batch is two *phases* (batch.ts): most of the forward pass, the inputs
// split in two halves between two threads; then the rest of it, the backward pass and the
// updates, each thread updating the parameters it owns.
//
// This file holds the exports alone; the code is in one file a section, in the order a
// reader meets it:
//   layout.generated.ts  the plan's byte offsets (written from ../layout.ts by build:wasm)
//   memory.ts            reading the plan and its descriptors
//   simd.ts              vector helpers, and the constants kept in memory
//   exp.ts               e^{−x} for vectors
//   activations/         one file per activation σ (and σ' from a): sigmoid, tanh, relu, leakyRelu, linear, softmax
//   activation.ts        the activations' pass over a layer's rows, for one code (../layout.ts: ACTIVATION_CODES)
//   dispatch.generated.ts  every switch on an activation's, a cost's or a rule's code, outside the loops
//                        (written by build:wasm from the registries: scripts/dispatch.mjs)
//   costs/               one file per cost's δ^L: quadratic, crossEntropy, logLikelihood
//   dense.ts             (1) for a dense layer
//   layer2Lists.ts       layer 2 stored transposed, and a resident dataset's lists of nonzero inputs
//   layer2Forward.ts     (1) for layer 2 from the lists
//   deltas.ts            (4) δ^L and (5) δ^l
//   denseUpdate.ts       (6), (7) for a dense layer
//   layer2Update.ts      (7) for w^2 from the lists
//   listing.ts           listing a dataset's nonzero inputs when it is loaded
//   batch.ts             a mini-batch in two phases on one or two threads, and inference
//   conv.ts              (1) and the backward pass of a conv layer, and max-pooling, for one example
//   convBatch.ts         a mini-batch and inference for a network with conv and pool layers
//                        (a plan with H_CONV set: the exports below dispatch on it)


import { inferRange, trainPhase } from './batch';
import { convInferRange, convTrainPhase } from './convBatch';
import { H_CONV } from './layout.generated';
import { countNonzeros, writeLists } from './listing';
export { init } from './simd';

// ---- exports ----

/** The phases of a mini-batch; the threads meet at a barrier after each but the last. */
const PHASES: i32 = 2;
export function phaseCount(): i32 {
  return PHASES;
}

/** Is the plan a conv network's (convBatch.ts)? */
@inline function isConv(plan: usize): bool {
  return load<i32>(plan + H_CONV) != 0;
}
@inline function phaseOf<T>(plan: usize, part: i32, parts: i32, phase: i32): void {
  if (isConv(plan)) convTrainPhase<T>(plan, part, parts, phase);
  else trainPhase<T>(plan, part, parts, phase);
}
export function trainPhase_f32(plan: usize, part: i32, parts: i32, phase: i32): void {
  phaseOf<f32>(plan, part, parts, phase);
}
export function trainPhase_f64(plan: usize, part: i32, parts: i32, phase: i32): void {
  phaseOf<f64>(plan, part, parts, phase);
}
/** One whole mini-batch on one thread: one call from JS. */
export function trainBatch_f32(plan: usize): void {
  for (let p = 0; p < PHASES; p++) phaseOf<f32>(plan, 0, 1, p);
}
export function trainBatch_f64(plan: usize): void {
  for (let p = 0; p < PHASES; p++) phaseOf<f64>(plan, 0, 1, p);
}
export function infer_f32(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  if (isConv(plan)) convInferRange<f32>(plan, tid, first, count, out);
  else inferRange<f32>(plan, tid, first, count, out);
}
export function infer_f64(plan: usize, tid: i32, first: i32, count: i32, out: usize): void {
  if (isConv(plan)) convInferRange<f64>(plan, tid, first, count, out);
  else inferRange<f64>(plan, tid, first, count, out);
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
