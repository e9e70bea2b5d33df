import type { Network } from '../../network/network.ts';
import type { Dataset, DType, FloatArray, Kernel, KernelFactory, KernelSpec, ResidentDataset } from '../kernel.ts';
import { Heap } from './heap.ts';
import {
  D_A, D_B0, D_B1, D_C, D_D, D_ILIST, D_INF, D_J0, D_J1, D_LIST, D_LIST_STRIDE, D_N, D_STRIDE, D_W0, D_W1, DESC_BYTES,
  HEADER_BYTES, H_CHUNK, H_DATA, H_KIND, H_L, H_LISTED, H_LUT, H_M, H_N1, H_NEXT, H_NEXT_M, H_ORDER, H_PAR, H_SCALE64, H_STEP64,
  H_T, H_TARGETS, INFER_CHUNK, KIND_BYTES, KIND_FLOATS, bitPositionTable, descIndex, listStride, paddedStride, slice,
  vectorSlice,
} from './layout.ts';
import { compileVariant, instantiateKernel, supportsVariant, type KernelExports, type ModuleVariant } from './modules.ts';

/**
 * The WebAssembly SIMD kernels. Parameters, work buffers and resident datasets live in the
 * module's linear memory; `trainBatch` is one call into WebAssembly per mini-batch (forward,
 * backward and update), and `feedforwardDataset` one call per request. See assembly/kernel.ts
 * for the loops and layout.ts for the memory plan.
 *
 * The same code drives several threads (src/node/threads): the plan gives each thread a
 * slice of every hidden layer's neurons, and a `BatchRunner` runs the phases of a batch on
 * all of them. With one thread the runner is a plain call.
 */

/** What a runner needs to drive the kernel's WebAssembly code on its threads. */
export interface WasmContext {
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: KernelExports;
  readonly dtype: DType;
  readonly threads: number;
  /** n_L: values per output row. */
  readonly outputSize: number;
  /** Address of the plan. */
  readonly plan: number;
  /** Address of a zeroed 256-byte block the runner may use for synchronisation. */
  readonly control: number;
  /**
   * The thread index whose descriptors cover every neuron (with thread 0's private buffers):
   * one participant running it does the whole batch, exactly as a one-thread kernel would.
   * `threads` when there are several, else 0.
   */
  readonly wholeThread: number;
  /** L, the number of layers. */
  readonly layers: number;
}

/** A request to gather and list m examples ahead (see assembly/kernel.ts: prepare). */
export interface Prepare {
  readonly order: number;
  readonly m: number;
  readonly a1: number;
  readonly lists: number;
}

/** Runs one mini-batch, or one inference request, on every thread; returns when all are done. */
export interface BatchRunner {
  train(): void;
  /**
   * If present (a helper thread), trains instead of `train`: once the helper is idle, calls
   * `setup(ahead)`, runs the batch, and meanwhile (if `ahead`) has the helper prepare the
   * next batch as `setup` asked; returns whether it did.
   */
  trainAhead?(setup: (ahead: boolean) => Prepare | undefined): boolean;
  /** Waits until the helper is idle. */
  settle?(): void;
  /** Inference on examples [first, first + count), a^L rows written from address `out`. */
  infer(first: number, count: number, out: number): void;
  dispose(): void | Promise<void>;
}

export interface WasmKernelOptions {
  readonly name: string;
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly threads?: number;
  /** Defaults to the single-thread runner. */
  readonly runner?: (context: WasmContext) => BatchRunner | Promise<BatchRunner>;
}

interface Resident extends ResidentDataset {
  inputs: number;
  kind: number;
  targets: number;
  released: boolean;
}

/** The specs the WebAssembly code computes: its loops inline the sigmoid and the quadratic cost. */
export function wasmSupportsSpec(spec: KernelSpec): boolean {
  // (inputs are indexed by 16 bits in the sparse layer 2)
  return spec.activation === 'sigmoid' && spec.cost === 'quadratic' && spec.sizes.length >= 2 && spec.sizes[0] <= 65536;
}

export function singleThreadRunner(context: WasmContext): BatchRunner {
  const { exports, plan } = context;
  const train = context.dtype === 'float32' ? exports.trainBatch_f32 : exports.trainBatch_f64;
  const infer = context.dtype === 'float32' ? exports.infer_f32 : exports.infer_f64;
  return {
    train: () => train(plan),
    infer: (first, count, out) => infer(plan, 0, first, count, out),
    dispose() {},
  };
}

export async function createWasmKernelWith(spec: KernelSpec, options: WasmKernelOptions): Promise<Kernel> {
  const { sizes, dtype } = spec;
  const L = sizes.length;
  const T = options.threads ?? 1;
  const S = dtype === 'float32' ? 4 : 8;
  const { memory, module } = options;
  const heap = new Heap(memory);
  const exports = instantiateKernel(module, memory);
  const strides = [0, ...sizes.map((n) => paddedStride(n, S))];
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

  // One descriptor set per thread, plus (with several) a set W = T covering every neuron.
  const W = T > 1 ? T : 0;
  const sets = T > 1 ? T + 1 : 1;
  const plan = heap.alloc(HEADER_BYTES + sets * (L + 1) * DESC_BYTES);
  const control = heap.alloc(256);
  const at = (thread: number, layer: number, field: number): number => descIndex(plan, L, thread, layer, field);

  // Parameters. w^l, b^l for l ≥ 3 (and for l = 2 when it is the output layer) have two
  // copies: other threads read their columns while their owners write the update.
  // w^2 is stored transposed: n_1 rows of stride_2 (row k holds w^2_{jk} for every j).
  const weights: [number, number][] = [[0, 0], [0, 0]];
  const biases: [number, number][] = [[0, 0], [0, 0]];
  for (let l = 2; l <= L; l++) {
    const doubled = l >= 3 || L === 2;
    const wBytes = l === 2 ? n[1] * strides[2] * S : n[l] * strides[l - 1] * S;
    const bBytes = strides[l] * S;
    const w0 = heap.alloc(wBytes);
    const b0 = heap.alloc(bBytes);
    weights.push([w0, doubled ? heap.alloc(wBytes) : w0]);
    biases.push([b0, doubled ? heap.alloc(bBytes) : b0]);
  }
  // Inference buffers: one chunk of examples per thread and layer.
  const inferBuffers: number[][] = [];
  for (let t = 0; t < T; t++) {
    const row: number[] = [0];
    for (let l = 1; l <= L; l++) row.push(heap.alloc(INFER_CHUNK * strides[l] * S));
    row.push(heap.alloc(INFER_CHUNK * listStride(n[1], S)));
    inferBuffers.push(row);
  }
  const lut = heap.alloc(256 * 16);

  views();
  i32[plan / 4 + H_L] = L;
  i32[plan / 4 + H_T] = T;
  i32[plan / 4 + H_CHUNK] = INFER_CHUNK;
  for (let t = 0; t < sets; t++) {
    const whole = t === W;
    for (let l = 1; l <= L; l++) {
      // Hidden layers (and the inputs, whose slices share out w^2's columns when L = 2) are
      // split among the threads; every thread computes the whole output layer.
      const [j0, j1] = l === L || whole ? [0, n[l]] : l === 1 ? slice(n[l], T, t) : vectorSlice(n[l], 16 / S, T, t);
      i32[at(t, l, D_N)] = n[l];
      i32[at(t, l, D_STRIDE)] = strides[l];
      i32[at(t, l, D_J0)] = j0;
      i32[at(t, l, D_J1)] = j1;
      if (l >= 2) {
        i32[at(t, l, D_W0)] = weights[l][0];
        i32[at(t, l, D_W1)] = weights[l][1];
        i32[at(t, l, D_B0)] = biases[l][0];
        i32[at(t, l, D_B1)] = biases[l][1];
      }
      i32[at(t, l, D_INF)] = inferBuffers[whole ? 0 : t][l];
    }
    i32[at(t, 1, D_ILIST)] = inferBuffers[whole ? 0 : t][L + 1];
    i32[at(t, 1, D_LIST_STRIDE)] = listStride(n[1], S);
  }
  i32[plan / 4 + H_LUT] = lut;
  new Uint8Array(memory.buffer, lut, 256 * 16).set(bitPositionTable());

  // Batch buffers, grown to the largest mini-batch seen. Shared by the threads for hidden
  // layers; one per thread for a^1 (each gathers the whole batch) and the output layer
  // (each computes all of it).
  let capacity = 0;
  let batchBlocks: number[] = [];
  let order = 0;
  let nextOrder = 0;
  const ensureCapacity = (m: number): void => {
    if (m <= capacity) return;
    quiesce(); // the helper may be writing into a slot
    pending = undefined;
    for (const p of batchBlocks) heap.release(p);
    batchBlocks = [];
    capacity = Math.max(m, 2 * capacity);
    const block = (bytes: number): number => {
      const p = heap.alloc(bytes);
      batchBlocks.push(p);
      return p;
    };
    order = block(capacity * 4);
    nextOrder = block(capacity * 4);
    for (let l = 2; l < L; l++) {
      const bytes = capacity * strides[l] * S;
      const a = block(bytes), d = block(bytes), c = block(bytes);
      views();
      for (let t = 0; t < sets; t++) {
        i32[at(t, l, D_A)] = a;
        i32[at(t, l, D_D)] = d;
        i32[at(t, l, D_C)] = c;
      }
    }
    for (let t = 0; t < T; t++) {
      const a1 = block(capacity * strides[1] * S);
      const lists = block(capacity * listStride(n[1], S));
      const bytes = capacity * strides[L] * S;
      const a = block(bytes), d = block(bytes), c = block(bytes);
      views();
      i32[at(t, 1, D_A)] = a1;
      i32[at(t, 1, D_LIST)] = lists;
      i32[at(t, L, D_A)] = a;
      i32[at(t, L, D_D)] = d;
      i32[at(t, L, D_C)] = c;
    }
    if (W > 0) for (const field of [D_A, D_D, D_C]) i32[at(W, L, field)] = i32[at(0, L, field)];
    if (W > 0) for (const field of [D_A, D_LIST]) i32[at(W, 1, field)] = i32[at(0, 1, field)];
    slots = !ahead ? [] : [0, 1].map(() => ({ a1: block(capacity * strides[1] * S), lists: block(capacity * listStride(n[1], S)), order: block(capacity * 4) }));
    views();
    i32[plan / 4 + H_ORDER] = order;
    i32[plan / 4 + H_NEXT] = nextOrder;
  };

  let outBlock = 0;
  let outCapacity = 0;

  const context: WasmContext = { module, memory, exports, dtype, threads: T, outputSize: sizes[L - 1], plan, control, wholeThread: W, layers: L };
  const runner = await (options.runner ?? singleThreadRunner)(context);
  // With a helper thread, a^1 and its lists for the next batch are made ahead into one of two
  // slots while this batch trains from the other.
  const ahead = runner.trainAhead !== undefined;
  interface Slot { a1: number; lists: number; order: number }
  let slots: Slot[] = [];
  let pending: { resident: Resident; m: number; indices: Uint32Array; slot: number } | undefined;
  /**
   * Waits until a helper thread preparing the next batch ahead is idle. Everything that changes
   * what it reads (the plan's dataset, a block it gathers from) or the memory itself (a grow, a
   * release) comes after this: otherwise the helper could gather a training batch's rows from
   * the test set, past the end of memory (found by a Ctrl-C test: the worker trapped and the
   * caller waited for it forever).
   */
  const quiesce = (): void => {
    if (ahead) runner.settle?.();
  };

  ensureCapacity(16);

  const parity = (): number => i32[plan / 4 + H_PAR] & 1;

  const residents = new WeakSet<ResidentDataset>();
  const useDataset = (data: ResidentDataset): Resident => {
    const resident = data as Resident;
    if (!residents.has(data) || resident.released) {
      throw new Error('this dataset is not resident in this kernel (released, or loaded by another kernel)');
    }
    const h = plan / 4;
    // A helper preparing the next batch reads the dataset from the plan: let it finish first.
    if (i32[h + H_DATA] !== resident.inputs) quiesce();
    i32[h + H_DATA] = resident.inputs;
    i32[h + H_KIND] = resident.kind;
    i32[h + H_TARGETS] = resident.targets;
    i32[h + H_N1] = sizes[0];
    f64[h / 2 + H_SCALE64] = resident.dataset.inputScale;
    return resident;
  };

  let disposed = false;

  return {
    name: options.name,
    spec,

    setParameters(network: Network): void {
      views();
      for (let l = 2; l <= L; l++) {
        const w = network.weights[l];
        const b = network.biases[l];
        for (const copy of [0, 1]) {
          const wp = weights[l][copy] / S;
          if (l === 2) {
            for (let j = 0; j < n[2]; j++) for (let k = 0; k < n[1]; k++) floats[wp + k * strides[2] + j] = w[j * n[1] + k];
          } else {
            for (let j = 0; j < n[l]; j++) floats.set(w.subarray(j * n[l - 1], (j + 1) * n[l - 1]), wp + j * strides[l - 1]);
          }
          floats.set(b, biases[l][copy] / S);
        }
      }
    },

    getParameters(network: Network): void {
      views();
      const p = parity();
      for (let l = 2; l <= L; l++) {
        const w = network.weights[l];
        const wp = weights[l][p] / S;
        if (l === 2) {
          for (let j = 0; j < n[2]; j++) for (let k = 0; k < n[1]; k++) w[j * n[1] + k] = floats[wp + k * strides[2] + j];
        } else {
          for (let j = 0; j < n[l]; j++) w.set(floats.subarray(wp + j * strides[l - 1], wp + j * strides[l - 1] + n[l - 1]), j * n[l - 1]);
        }
        const bp = biases[l][p] / S;
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
      const bytes = dataset.inputs instanceof Uint8Array;
      quiesce(); // the allocations may grow the memory
      const inputs = heap.alloc(dataset.inputs.length * (bytes ? 1 : S));
      const targets = heap.alloc(dataset.targets.length * S);
      views();
      if (bytes) new Uint8Array(memory.buffer, inputs, dataset.inputs.length).set(dataset.inputs);
      else floats.set(dataset.inputs as Float32Array | Float64Array, inputs / S); // converts to the kernel's dtype
      floats.set(dataset.targets, targets / S);
      const resident: Resident = {
        count: dataset.count,
        dataset,
        inputs,
        kind: bytes ? KIND_BYTES : KIND_FLOATS,
        targets,
        released: false,
        release() {
          if (resident.released) return;
          resident.released = true;
          quiesce();
          heap.release(inputs);
          heap.release(targets);
        },
      };
      residents.add(resident);
      return resident;
    },

    trainBatch(data, indices, start, m, learningRate): void {
      if (m <= 0) return;
      ensureCapacity(m);
      views();
      const resident = useDataset(data);
      const count = resident.count;
      const o = order / 4;
      for (let i = 0; i < m; i++) {
        const index = indices[start + i];
        if (!(index < count)) throw new RangeError(`order[${start + i}] = ${index} is not an example index below ${count}`);
        u32[o + i] = index;
      }
      // The rows the next call will probably gather (the next m of `indices`), for prefetching.
      const next0 = nextOrder / 4;
      let guessed = 0;
      for (let i = start + m; guessed < m && i < indices.length && indices[i] < count; i++) u32[next0 + guessed++] = indices[i];
      const h = plan / 4;
      i32[h + H_NEXT_M] = guessed;
      i32[h + H_M] = m;
      f64[h / 2 + H_STEP64] = learningRate / m;
      if (!ahead) {
        runner.train();
      } else {
        let next: typeof pending;
        const issued = runner.trainAhead!((helped) => {
          // The helper is idle: did it make this very batch?
          views();
          let hit = pending !== undefined && pending.resident === resident && pending.m === m;
          for (let i = 0; hit && i < m; i++) hit = pending!.indices[i] === indices[start + i];
          const slot = hit ? pending!.slot : 0;
          // (the batch runs whole on this thread: descriptor set W)
          i32[at(W, 1, D_A)] = slots[slot].a1;
          i32[at(W, 1, D_LIST)] = slots[slot].lists;
          i32[h + H_LISTED] = hit ? 1 : 0;
          if (!helped) return undefined; // this thread touches the next rows ahead, as without a helper
          i32[h + H_NEXT_M] = 0; // the helper gathers the next batch: no touching ahead here
          // The next batch, probably: the next m of `indices`, into the other slot.
          const other = 1 - slot;
          const ahead = new Uint32Array(guessed);
          for (let i = 0; i < guessed; i++) ahead[i] = u32[slots[other].order / 4 + i] = u32[next0 + i];
          next = guessed > 0 ? { resident, m: guessed, indices: ahead, slot: other } : undefined;
          return next && { order: slots[other].order, m: guessed, a1: slots[other].a1, lists: slots[other].lists };
        });
        pending = issued ? next : undefined;
      }
      i32[h + H_PAR] ^= 1;
    },

    feedforwardDataset(data, out, first = 0, count = data.count - first): void {
      if (first < 0 || count < 0 || first + count > data.count) {
        throw new RangeError(`examples [${first}, ${first + count}) are not within the dataset's ${data.count}`);
      }
      const nL = sizes[L - 1];
      if (out.length < count * nL) throw new RangeError(`out holds ${out.length} values; ${count} examples need ${count * nL}`);
      if (count === 0) return;
      quiesce();
      if (count * nL > outCapacity) {
        if (outBlock !== 0) heap.release(outBlock);
        outCapacity = count * nL;
        outBlock = heap.alloc(outCapacity * S);
      }
      views();
      useDataset(data);
      runner.infer(first, count, outBlock);
      views();
      out.set(floats.subarray(outBlock / S, outBlock / S + count * nL));
    },

    async dispose(): Promise<void> {
      if (disposed) return;
      disposed = true;
      await runner.dispose();
    },
  };
}

const variantName: Record<'simd' | 'relaxedSimd', string> = { simd: 'wasm-simd', relaxedSimd: 'wasm-relaxed-simd' };

/** A single-thread WebAssembly kernel with its own (unshared) memory. */
export async function createWasmKernel(spec: KernelSpec, variant: 'simd' | 'relaxedSimd'): Promise<Kernel> {
  const module = await compileVariant(variant);
  const memory = new WebAssembly.Memory({ initial: 16 });
  return createWasmKernelWith(spec, { name: variantName[variant], module, memory });
}

function factory(variant: 'simd' | 'relaxedSimd'): KernelFactory {
  return {
    name: variantName[variant],
    supports: (spec) => wasmSupportsSpec(spec) && supportsVariant(variant as ModuleVariant),
    create: (spec) => createWasmKernel(spec, variant),
  };
}

export const wasmSimdKernelFactory = factory('simd');
export const wasmRelaxedSimdKernelFactory = factory('relaxedSimd');
