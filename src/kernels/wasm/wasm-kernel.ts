import type { Network } from '../../network/network.ts';
import type { Dataset, FloatArray, Kernel, KernelFactory, KernelSpec, KernelSpecInput, ResidentDataset, UpdateState } from '../kernel.ts';
import { normalizeSpec } from '../spec.ts';
import { planCodes } from './codes.ts';
import { Heap } from './heap.ts';
import {
  D_A, D_ACT, D_B, D_GB, D_GW, D_P, D_S1B, D_S1W, D_S2B, D_S2W, H_DROP_SCALE64, H_DROP_SEED, H_DROP_T, H_DROP_THRESHOLD, H_RULE, RULE_CODES, D_C, D_D, D_INF, D_N, D_STRIDE, D_W, DESC_BYTES, HEADER_BYTES, H_CHUNK, H_DATA, H_L, H_M, H_N1, H_NEXT,
  H_COST, H_DESC, H_NEXT_M, H_ORDER, H_TARGETS, H_UNITS, H_VALUES, H_Z, H_ZHALF, INFER_CHUNK, descIndex, paddedStride,
  H_W2_BIAS_FACTOR64, H_W2_FOLD, H_W2_FOLD_FACTOR64, H_W2_INVERSE64, H_W2_SCALE64, H_W2_SCALED,
} from './layout.ts';
import { compileVariant, instantiateKernel, supportsVariant, type ModuleVariant } from './modules.ts';
import { ruleSettingsOf, stateCount, writeStepConstants } from './rules.ts';
import { singleThreadRunner, type BatchRunner, type WasmContext } from './runner.ts';
import { bitPositionTable, listDataset, type Listed, type ListingContext } from './sparse.ts';
import { keepsW2Scaled, w2ScaleStep } from './w2Scale.ts';
import { readMatrix, writeMatrix, type MatrixPlace } from './matrices.ts';

/**
 * The WebAssembly SIMD kernels. Parameters, work buffers and resident datasets live in the
 * module's linear memory; `trainBatch` is one call into WebAssembly per mini-batch (forward,
 * backward and update), and `feedforwardDataset` one call per request. See assembly/kernel.ts
 * for the loops, layout.ts for the memory plan and sparse.ts for how datasets are kept.
 *
 * The same code drives several threads (src/node/threads): a `BatchRunner` runs the two
 * phases of a batch on all of them (two threads each take a half of layer 2's inputs, then
 * each finishes every example and updates the parameters it owns: see assembly/kernel.ts).
 * With one thread the runner is a plain call.
 */

export interface WasmKernelOptions {
  readonly name: string;
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly threads?: number;
  /** Words of shared memory the runner synchronises its threads through (none for one thread). */
  readonly controlWords?: number;
  /** Defaults to the single-thread runner. */
  readonly runner?: (context: WasmContext) => BatchRunner | Promise<BatchRunner>;
}

interface Resident extends ResidentDataset {
  /** Its lists (sparse.ts). */
  lists: Listed;
  targets: number;
  released: boolean;
}

export { singleThreadRunner, type BatchRunner, type WasmContext } from './runner.ts';

/** Why the WebAssembly code cannot run `spec`, naming the configuration (codes.ts: planCodes), or undefined when it can. */
export function wasmUnsupported(spec: KernelSpec): string | undefined {
  const codes = planCodes(spec);
  return typeof codes === 'string' ? codes : undefined;
}

/** The specs the WebAssembly code computes (codes.ts: planCodes says which, and why not). */
export function wasmSupportsSpec(spec: KernelSpec): boolean {
  return typeof planCodes(spec) !== 'string';
}

export async function createWasmKernelWith(input: KernelSpecInput, options: WasmKernelOptions): Promise<Kernel> {
  const spec = normalizeSpec(input);
  const { sizes, dtype } = spec;
  const codes = planCodes(spec);
  if (typeof codes === 'string') throw new RangeError(`the WebAssembly kernels cannot run ${codes}`);
  const L = sizes.length;
  const T = options.threads ?? 1;
  const S: 4 | 8 = dtype === 'float32' ? 4 : 8;
  const { memory, module } = options;
  const heap = new Heap(memory);
  const exports = instantiateKernel(module, memory);
  exports.init(); // (the workers share this memory, so it is written once)
  const strides = [0, ...sizes.map((n, i) => paddedStride(n, S, i + 1, L))];
  const n = [0, ...sizes];

  let i32 = new Int32Array(memory.buffer);
  let u32 = new Uint32Array(memory.buffer);
  let f64 = new Float64Array(memory.buffer);
  let floats: FloatArray = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  let viewedBuffer = memory.buffer;
  let viewedLength = memory.buffer.byteLength;
  /** Views over the memory, rebuilt after it grows (growing detaches or outgrows the old ones). */
  const views = (): void => {
    const buffer = memory.buffer;
    if (buffer === viewedBuffer && buffer.byteLength === viewedLength) return;
    viewedBuffer = buffer;
    viewedLength = buffer.byteLength;
    i32 = new Int32Array(buffer);
    u32 = new Uint32Array(buffer);
    f64 = new Float64Array(buffer);
    floats = dtype === 'float32' ? new Float32Array(buffer) : new Float64Array(buffer);
  };

  // Two plans, for alternate batches (see layout.ts), and one descriptor set per thread: they
  // share the parameters and differ in their inference buffers.
  const plans = [heap.alloc(HEADER_BYTES), heap.alloc(HEADER_BYTES)];
  const descriptors = heap.alloc(T * (L + 1) * DESC_BYTES);
  const control = options.controlWords ? heap.alloc(options.controlWords * 4) : 0;
  const at = (thread: number, layer: number, field: number): number => descIndex(descriptors, L, thread, layer, field);
  /** Sets word `word` of both plans' headers. */
  const setHeader = (word: number, value: number): void => {
    for (const plan of plans) i32[plan / 4 + word] = value;
  };
  /** Sets field `field` of layer l's descriptor in every thread's set. */
  const setField = (l: number, field: number, value: number): void => {
    for (let t = 0; t < T; t++) i32[at(t, l, field)] = value;
  };

  // Parameters, updated in place. w^2 and b^2 once, shared (each of two threads updates the
  // rows of w^2 in its half of the inputs); w^l, b^l for l ≥ 3 once per training thread (at
  // most two: see "a mini-batch" in assembly/kernel.ts), each updated by its own thread with
  // the same bits; threads beyond those use thread 0's copy (for inference).
  // w^2 is stored transposed: n_1 rows of stride_2 (row k holds w^2_{jk} for every j).
  const trainers = Math.min(T, 2);
  /** weights[l][t], biases[l][t]: thread t's copy of w^l, b^l (the same address for every t when l = 2). */
  const weights: number[][] = [[], []];
  const biases: number[][] = [[], []];
  for (let l = 2; l <= L; l++) {
    const wBytes = l === 2 ? n[1] * strides[2] * S : n[l] * strides[l - 1] * S;
    const bBytes = strides[l] * S;
    const copies = l === 2 ? 1 : trainers;
    const w = Array.from({ length: copies }, () => heap.alloc(wBytes));
    const b = Array.from({ length: copies }, () => heap.alloc(bBytes));
    weights.push(Array.from({ length: T }, (_, t) => w[t < copies ? t : 0]));
    biases.push(Array.from({ length: T }, (_, t) => b[t < copies ? t : 0]));
  }
  // The update rule's gradients G and state (other rules than SGD): per parameter array and
  // copy, in its layout (see layout.ts: D_GW): [G, S1, S2] for w at gradients[l][copy], for b at biasGradients[l][copy].
  const settings = ruleSettingsOf(spec);
  const dropout = (spec as KernelSpec & { readonly dropout?: number }).dropout ?? 0;
  /** floor(p·2³²): a neuron whose mask hash is below it is dropped (src/math/dropout.ts). */
  const dropThreshold = Math.min(Math.floor(dropout * 4294967296), 4294967295);
  const states = stateCount(settings.rule);
  const gradients: number[][][] = [[], []];
  const biasGradients: number[][][] = [[], []];
  for (let l = 2; l <= L; l++) {
    const wBytes = l === 2 ? n[1] * strides[2] * S : n[l] * strides[l - 1] * S;
    const copies = l === 2 ? 1 : trainers;
    const arrays = (bytes: number): number[][] =>
      Array.from({ length: copies }, () => Array.from({ length: 3 }, (_, i) => (states > 0 && i <= states ? heap.alloc(bytes) : 0)));
    gradients.push(arrays(wBytes));
    biasGradients.push(arrays(strides[l] * S));
  }
  // Inference buffers: one chunk of examples per thread and layer; for layer 1 the chunk's
  // partial sums of layer 2 (two halves).
  const inferBuffers: number[][] = [];
  for (let t = 0; t < T; t++) {
    const row: number[] = [0, heap.alloc(2 * INFER_CHUNK * strides[2] * S)];
    for (let l = 2; l <= L; l++) row.push(heap.alloc(INFER_CHUNK * strides[l] * S));
    inferBuffers.push(row);
  }
  // The lists hold Wt's row offsets in 64-byte units (k·R) where they fit in 16 bits, else
  // the indices k (see sparse.ts and rowAt in assembly/kernel.ts).
  const rowUnits = (strides[2] * S) / 64;
  const units = (sizes[0] - 1) * rowUnits <= 0xffff ? rowUnits : 0;
  const listing: ListingContext = { heap, exports, bytesPerElement: S, lut: heap.alloc(256 * 16), rowUnits: units };
  new Uint8Array(memory.buffer, listing.lut, 256 * 16).set(bitPositionTable());

  views();
  setHeader(H_L, L);
  setHeader(H_CHUNK, INFER_CHUNK);
  setHeader(H_N1, sizes[0]);
  setHeader(H_DESC, descriptors);
  setHeader(H_UNITS, units);
  setHeader(H_COST, codes.cost);
  setHeader(H_RULE, RULE_CODES[settings.rule]);
  const scaledW2 = keepsW2Scaled(settings);
  setHeader(H_W2_SCALED, scaledW2 ? 1 : 0);
  /** w^2 = w2Scale · W̃, Wt holding W̃^T (w2Scale.ts; always 1 unless scaledW2). */
  let w2Scale = 1;
  for (let l = 1; l <= L; l++) {
    setField(l, D_N, n[l]);
    setField(l, D_ACT, codes.activations[l] ?? 0);
    setField(l, D_STRIDE, strides[l]);
    for (let t = 0; t < T; t++) {
      if (l >= 2) {
        i32[at(t, l, D_W)] = weights[l][t];
        i32[at(t, l, D_B)] = biases[l][t];
      }
      i32[at(t, l, D_INF)] = inferBuffers[t][l];
      if (l >= 2) {
        const copy = l === 2 || t >= trainers ? 0 : t;
        const [gw, s1w, s2w] = gradients[l][copy];
        const [gb, s1b, s2b] = biasGradients[l][copy];
        i32[at(t, l, D_GW)] = gw;
        i32[at(t, l, D_S1W)] = s1w;
        i32[at(t, l, D_S2W)] = s2w;
        i32[at(t, l, D_GB)] = gb;
        i32[at(t, l, D_S1B)] = s1b;
        i32[at(t, l, D_S2B)] = s2b;
      }
    }
  }

  // Batch buffers, grown to the largest mini-batch seen: each plan's partial sums of layer 2
  // (written by two threads at once, read by both), and each training thread's own A^l, δ^l,
  // c^l (every thread computes every example: see "a mini-batch" in assembly/kernel.ts).
  let capacity = 0;
  let batchBlocks: number[] = [];
  /** The slow path of ensureCapacity, apart: its closures would otherwise be allocated on every call. */
  const growBatchBuffers = (m: number): void => {
    runner.settle();
    for (const p of batchBlocks) heap.release(p);
    batchBlocks = [];
    capacity = Math.max(m, 2 * capacity);
    const block = (bytes: number): number => {
      const p = heap.alloc(bytes);
      batchBlocks.push(p);
      return p;
    };
    // each plan its own order and guess at the next batch's
    const orders = plans.map(() => [block(capacity * 4), block(capacity * 4)]);
    // z_0 and z_1 on separate cache lines: two threads write them at once. One pair per
    // plan: a thread may begin the next batch's sums while the other still reads this one's.
    const half = Math.ceil((capacity * strides[2] * S) / 64) * 64;
    const partialSums = plans.map(() => block(2 * half));
    const buffers: number[][][] = []; // [thread][l] → [A, δ, c]
    for (let t = 0; t < trainers; t++) {
      const own: number[][] = [];
      for (let l = 2; l <= L; l++) {
        const bytes = capacity * strides[l] * S;
        // with dropout a hidden layer's P too (layout.ts: D_P)
        own[l] = [block(bytes), block(bytes), block(bytes), dropout > 0 && l < L ? block(bytes) : 0];
      }
      buffers.push(own);
    }
    views();
    for (let t = 0; t < T; t++) {
      for (let l = 2; l <= L; l++) {
        // threads beyond the trainers never train; their fields point at thread 0's
        const [a, d, c, p] = buffers[t < trainers ? t : 0][l];
        i32[at(t, l, D_P)] = p;
        i32[at(t, l, D_A)] = a;
        i32[at(t, l, D_D)] = d;
        i32[at(t, l, D_C)] = c;
      }
    }
    setHeader(H_ZHALF, half);
    plans.forEach((plan, parity) => {
      i32[plan / 4 + H_Z] = partialSums[parity];
      i32[plan / 4 + H_ORDER] = orders[parity][0];
      i32[plan / 4 + H_NEXT] = orders[parity][1];
    });
  };
  const ensureCapacity = (m: number): void => {
    if (m > capacity) growBatchBuffers(m);
  };

  let outBlock = 0;
  let outCapacity = 0;

  const syncCopies = (): void => {
    const bytes = new Uint8Array(memory.buffer);
    for (let l = 3; l <= L; l++) {
      for (let t = 1; t < trainers; t++) {
        bytes.copyWithin(weights[l][t], weights[l][0], weights[l][0] + n[l] * strides[l - 1] * S);
        bytes.copyWithin(biases[l][t], biases[l][0], biases[l][0] + strides[l] * S);
        for (let i = 1; i <= states; i++) {
          bytes.copyWithin(gradients[l][t][i], gradients[l][0][i], gradients[l][0][i] + n[l] * strides[l - 1] * S);
          bytes.copyWithin(biasGradients[l][t][i], biasGradients[l][0][i], biasGradients[l][0][i] + strides[l] * S);
        }
      }
    }
  };
  const context: WasmContext = { module, memory, exports, dtype, threads: T, outputSize: sizes[L - 1], control, layers: L, syncCopies };
  const runner = await (options.runner ?? singleThreadRunner)(context);

  ensureCapacity(16);

  /** The parity of the next batch, hence its plan. */
  let parity = 0;

  const residents = new WeakSet<ResidentDataset>();
  /** Points the plan at `data`. */
  const useDataset = (data: ResidentDataset, plan: number): Resident => {
    const resident = data as Resident;
    if (!residents.has(data) || resident.released) {
      throw new Error('this dataset is not resident in this kernel (released, or loaded by another kernel)');
    }
    const h = plan / 4;
    i32[h + H_DATA] = resident.lists.table;
    i32[h + H_VALUES] = resident.lists.values;
    i32[h + H_TARGETS] = resident.targets;
    return resident;
  };

  let disposed = false;
  let stepsTaken = 0;
  const round = dtype === 'float32' ? Math.fround : (x: number): number => x;
  /** Where w^l (or an array shaped like it) at byte address `address` lies: see matrices.ts. */
  const placeOf = (l: number, address: number): MatrixPlace => ({ at: address / S, rows: n[l], cols: n[l - 1], stride: strides[l === 2 ? 2 : l - 1], transposed: l === 2 });
  /** W̃ (w^2 itself unless scaledW2), row-major like w^2. */
  const readW2 = (): Float64Array => readMatrix(floats, placeOf(2, weights[2][0]));
  const writeW2 = (w: ArrayLike<number>): void => writeMatrix(floats, placeOf(2, weights[2][0]), w);

  return {
    name: options.name,
    spec,

    getUpdateState(): UpdateState {
      runner.settle();
      views();
      // state array i (1-based in the [G, S1, S2] triples) of every layer, from the first copy (the copies are equal)
      const read = (i: number, bias: boolean): Float64Array[] => [
        new Float64Array(0),
        new Float64Array(0),
        ...Array.from({ length: L - 1 }, (_, li) => {
          const l = li + 2;
          if (bias) return Float64Array.from(floats.subarray(biasGradients[l][0][i] / S, biasGradients[l][0][i] / S + n[l]));
          return readMatrix(floats, placeOf(l, gradients[l][0][i]));
        }),
      ];
      return {
        rule: settings.rule,
        steps: stepsTaken,
        weights: Array.from({ length: states }, (_, s) => read(s + 1, false)),
        biases: Array.from({ length: states }, (_, s) => read(s + 1, true)),
        ...(scaledW2 ? { w2Scaled: { scale: w2Scale, weights: readW2() } } : {}),
      };
    },

    setUpdateState(state: UpdateState): void {
      if (state.rule !== settings.rule) throw new RangeError(`update state is for ${state.rule}; this kernel runs ${settings.rule}`);
      runner.settle();
      views();
      for (let s = 0; s < states; s++) {
        for (let l = 2; l <= L; l++) {
          const w = state.weights[s]?.[l];
          const b = state.biases[s]?.[l];
          if (w?.length !== n[l] * n[l - 1] || b?.length !== n[l]) throw new RangeError(`update state array ${s} of layer ${l} does not have the network's shape`);
          // every thread's copy holds the same state
          for (const copy of gradients[l]) writeMatrix(floats, placeOf(l, copy[s + 1]), w);
          for (const copy of biasGradients[l]) floats.set(b, copy[s + 1] / S);
        }
      }
      stepsTaken = state.steps;
      if (scaledW2 && state.w2Scaled !== undefined) {
        if (state.w2Scaled.weights.length !== n[2] * n[1] || !(state.w2Scaled.scale > 0)) throw new RangeError("update state w2Scaled does not have the network's shape");
        writeW2(state.w2Scaled.weights);
        w2Scale = state.w2Scaled.scale;
      }
    },

    setParameters(network: Network): void {
      runner.settle();
      views();
      for (let l = 2; l <= L; l++) {
        for (const copy of new Set(weights[l])) writeMatrix(floats, placeOf(l, copy), network.weights[l]);
        for (const copy of new Set(biases[l])) floats.set(network.biases[l], copy / S);
      }
      w2Scale = 1;
    },

    getParameters(network: Network): void {
      runner.settle();
      views();
      for (let l = 2; l <= L; l++) {
        const w = network.weights[l];
        w.set(readMatrix(floats, placeOf(l, weights[l][0])));
        // w^2 = s W̃, rounded to the dtype as a step would round it
        if (l === 2 && w2Scale !== 1) for (let i = 0; i < w.length; i++) w[i] = round(w2Scale * w[i]);
        const bp = biases[l][0] / S;
        network.biases[l].set(floats.subarray(bp, bp + n[l]));
      }
    },

    loadDataset(dataset: Dataset): ResidentDataset {
      if (dataset.inputSize !== sizes[0] || dataset.outputSize !== sizes[L - 1]) {
        throw new RangeError(
          `dataset has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs; the network needs ${sizes[0]} and ${sizes[L - 1]}`,
        );
      }
      if (dataset.inputs.length !== dataset.count * dataset.inputSize || dataset.targets.length !== dataset.count * dataset.outputSize) {
        throw new RangeError(
          `dataset of ${dataset.count} examples needs ${dataset.count * dataset.inputSize} inputs and ${dataset.count * dataset.outputSize} targets, got ${dataset.inputs.length} and ${dataset.targets.length}`,
        );
      }
      runner.settle(); // the memory may grow
      const lists = listDataset(dataset, listing);
      const targets = heap.alloc(dataset.targets.length * S);
      views();
      floats.set(dataset.targets, targets / S);
      const resident: Resident = {
        count: dataset.count,
        dataset,
        lists,
        targets,
        released: false,
        release() {
          if (resident.released) return;
          resident.released = true;
          runner.settle();
          heap.release(lists.block);
          heap.release(targets);
        },
      };
      residents.add(resident);
      return resident;
    },

    trainBatch(data, indices, start, m, step): void {
      if (m <= 0) return;
      ensureCapacity(m);
      views();
      // This batch's plan: the other threads may still be finishing the last batch, from the other one.
      const plan = plans[parity];
      const h = plan / 4;
      const resident = useDataset(data, plan);
      const count = resident.count;
      const o = i32[h + H_ORDER] / 4;
      for (let i = 0; i < m; i++) {
        const index = indices[start + i];
        if (!(index < count)) throw new RangeError(`order[${start + i}] = ${index} is not an example index below ${count}`);
        u32[o + i] = index;
      }
      // The examples the next call will probably read (the next m of `indices`), for prefetching.
      const next0 = i32[h + H_NEXT] / 4;
      let guessed = 0;
      for (let i = start + m; guessed < m && i < indices.length && indices[i] < count; i++) u32[next0 + guessed++] = indices[i];
      i32[h + H_NEXT_M] = guessed;
      i32[h + H_M] = m;
      // (η alone: n = the dataset's size, t = this kernel's steps + 1; see kernel.ts: TrainStep)
      const given = (typeof step === 'number' ? { learningRate: step } : step) as { learningRate: number; trainingSize?: number; t?: number; dropoutSeed?: number };
      const t = given.t ?? stepsTaken + 1;
      writeStepConstants(f64, h / 2, settings, given.learningRate, m, given.trainingSize ?? count, t);
      u32[h + H_DROP_THRESHOLD] = dropThreshold;
      u32[h + H_DROP_SEED] = given.dropoutSeed ?? 0;
      u32[h + H_DROP_T] = t;
      f64[h / 2 + H_DROP_SCALE64] = 1 / (1 - dropout);
      if (scaledW2) {
        const w2 = w2ScaleStep(w2Scale, 1 - given.learningRate * (settings.l2 / (given.trainingSize ?? count)));
        f64[h / 2 + H_W2_SCALE64] = w2.scale;
        f64[h / 2 + H_W2_BIAS_FACTOR64] = 1 / w2.scale;
        f64[h / 2 + H_W2_INVERSE64] = w2.inverse;
        f64[h / 2 + H_W2_FOLD_FACTOR64] = w2.foldFactor;
        i32[h + H_W2_FOLD] = w2.fold ? 1 : 0;
        w2Scale = w2.next;
      }
      stepsTaken = t;
      runner.train(plan);
      parity ^= 1;
    },

    feedforwardDataset(data, out, first = 0, count = data.count - first): void {
      if (first < 0 || count < 0 || first + count > data.count) {
        throw new RangeError(`examples [${first}, ${first + count}) are not within the dataset's ${data.count}`);
      }
      const nL = sizes[L - 1];
      if (out.length < count * nL) throw new RangeError(`out holds ${out.length} values; ${count} examples need ${count * nL}`);
      if (count === 0) return;
      runner.settle(); // the last batch's update, and the memory may grow
      if (count * nL > outCapacity) {
        if (outBlock !== 0) heap.release(outBlock);
        outCapacity = count * nL;
        outBlock = heap.alloc(outCapacity * S);
      }
      views();
      const plan = plans[parity];
      useDataset(data, plan);
      f64[plan / 8 + H_W2_SCALE64] = w2Scale;
      f64[plan / 8 + H_W2_BIAS_FACTOR64] = 1 / w2Scale;
      runner.infer(plan, first, count, outBlock);
      views();
      out.set(floats.subarray(outBlock / S, outBlock / S + count * nL));
    },

    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      runner.settle();
      await runner.dispose();
    },
  };
}

const variantName: Record<'simd' | 'relaxedSimd', string> = { simd: 'wasm-simd', relaxedSimd: 'wasm-relaxed-simd' };

/** A single-thread WebAssembly kernel with its own (unshared) memory. */
export async function createWasmKernel(spec: KernelSpecInput, variant: 'simd' | 'relaxedSimd'): Promise<Kernel> {
  const module = await compileVariant(variant);
  const memory = new WebAssembly.Memory({ initial: 16 });
  return createWasmKernelWith(spec, { name: variantName[variant], module, memory });
}

function factory(variant: 'simd' | 'relaxedSimd'): KernelFactory {
  return {
    name: variantName[variant],
    supports: (spec) => wasmSupportsSpec(spec) && supportsVariant(variant as ModuleVariant),
    unsupported: (spec) => wasmUnsupported(spec) ?? (supportsVariant(variant as ModuleVariant) ? undefined : `this engine has no ${variantName[variant]}`),
    create: (spec) => createWasmKernel(spec, variant),
  };
}

export const wasmSimdKernelFactory = factory('simd');
export const wasmRelaxedSimdKernelFactory = factory('relaxedSimd');
