import type { Network } from '../../network/network.ts';
import type { Dataset, FloatArray, Kernel, KernelFactory, KernelSpec, KernelSpecInput, ResidentDataset, TrainStep, UpdateState } from '../kernel.ts';
import { normalizeSpec } from '../spec.ts';
import { isDenseOnly } from '../../network/layers.ts';
import { registerFloatBuffers, type FloatBuffer } from './buffers.ts';
import { createConvKernelWith } from './conv-kernel.ts';
import { convPlanCodes } from './convolution.ts';
import { BatchBuffers } from './batchBuffers.ts';
import { planCodes, type PlanCodes } from './codes.ts';
import { Heap } from './heap.ts';
import {
  D_ACT, D_N, D_STRIDE, DESC_BYTES, HEADER_BYTES, H_CHUNK, H_COST, H_DATA, H_DESC, H_L, H_N1, H_RULE, H_TARGETS, H_UNITS, H_VALUES, H_W2_BIAS_FACTOR64,
  H_W2_SCALE64, H_W2_SCALED, INFER_CHUNK, RULE_CODES, descIndex,
} from './layout.ts';
import { readMatrix, readMatrixInto, writeMatrix, type MatrixPlace } from './matrices.ts';
import { MemoryViews } from './memoryViews.ts';
import { compileVariant, instantiateKernel, supportsVariant, type KernelExports, type ModuleVariant } from './modules.ts';
import { allocateParameters, describeParameters, kernelShape, placeOf, syncCopies, type KernelShape, type KernelParameters, type Region } from './parameters.ts';
import { ruleSettingsOf, stateCount } from './rules.ts';
import { singleThreadRunner, type BatchRunner, type WasmContext } from './runner.ts';
import { bitPositionTable, listDataset, type Listed, type ListingContext } from './sparse.ts';
import { stepSettings, writeOrder, writeStepHeader, type GivenStep, type StepSettings } from './stepHeader.ts';
import { readUpdateState, writeUpdateState } from './updateState.ts';
import { keepsW2Scaled } from './w2Scale.ts';

/**
 * The WebAssembly SIMD kernels. KernelParameters, work buffers and resident datasets live in the
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

/** The plan's codes for `spec`, or why the WebAssembly code cannot run it: the dense kernel's, or the conv kernel's (conv-kernel.ts). */
function codesOf(spec: KernelSpec): ReturnType<typeof planCodes> {
  return isDenseOnly(spec.layers) ? planCodes(spec) : convPlanCodes(spec);
}

/** Why the WebAssembly code cannot run `spec`, naming the configuration (codes.ts: planCodes), or undefined when it can. */
export function wasmUnsupported(spec: KernelSpec): string | undefined {
  const codes = codesOf(spec);
  return typeof codes === 'string' ? codes : undefined;
}

/** The specs the WebAssembly code computes (codes.ts: planCodes says which, and why not). */
export function wasmSupportsSpec(spec: KernelSpec): boolean {
  return typeof codesOf(spec) !== 'string';
}

/** The memory a kernel is laid out in, as createWasmKernelWith makes it. */
interface Memory {
  readonly memory: WebAssembly.Memory;
  readonly heap: Heap;
  readonly views: MemoryViews;
  readonly exports: KernelExports;
  /** Two plans, for alternate batches (see layout.ts). */
  readonly plans: readonly number[];
  /** One descriptor set per thread: they share the parameters and differ in their inference buffers. */
  readonly descriptors: number;
}

export async function createWasmKernelWith(input: KernelSpecInput, options: WasmKernelOptions): Promise<Kernel> {
  const spec = normalizeSpec(input);
  if (!isDenseOnly(spec.layers)) return createConvKernelWith(spec, options);
  const codes = planCodes(spec);
  if (typeof codes === 'string') throw new RangeError(`the WebAssembly kernels cannot run ${codes}`);
  const rule = ruleSettingsOf(spec);
  const shape = kernelShape(spec.sizes, spec.dtype === 'float32' ? 4 : 8, options.threads ?? 1, stateCount(rule.rule));
  const { memory, module } = options;
  const heap = new Heap(memory);
  const exports = instantiateKernel(module, memory);
  exports.init(); // (the workers share this memory, so it is written once)
  const views = new MemoryViews(memory, spec.dtype);
  const plans = [heap.alloc(HEADER_BYTES), heap.alloc(HEADER_BYTES)];
  const descriptors = heap.alloc(shape.T * (shape.L + 1) * DESC_BYTES);
  const control = options.controlWords ? heap.alloc(options.controlWords * 4) : 0;
  const parameters = allocateParameters(heap, shape);
  const dropout = (spec as KernelSpec & { readonly dropout?: number }).dropout ?? 0;
  const step = stepSettings(rule, dropout, keepsW2Scaled(rule));
  const listing = listingContext(heap, exports, shape, spec.sizes[0]);
  const m: Memory = { memory, heap, views, exports, plans, descriptors };
  views.refresh();
  writePlans(m, shape, codes, step, listing.rowUnits);
  describeParameters(views.i32, descriptors, shape, parameters);
  const context: WasmContext = {
    module, memory, exports, dtype: spec.dtype, threads: shape.T, outputSize: spec.sizes[shape.L - 1], control, layers: shape.L,
    syncCopies: () => syncCopies(memory, shape, parameters),
  };
  const runner = await (options.runner ?? singleThreadRunner)(context);
  const kernel = new WasmKernel(options.name, spec, m, shape, parameters, step, listing, runner);
  return registerFloatBuffers(kernel, () => kernel.floatBuffers());
}

/**
 * How datasets are listed (sparse.ts): the lists hold Wt's row offsets in 64-byte units (k·R)
 * where they fit in 16 bits, else the indices k (see rowAt in assembly/layer2Lists.ts).
 */
function listingContext(heap: Heap, exports: KernelExports, shape: KernelShape, inputs: number): ListingContext {
  const rowUnits = (shape.strides[2] * shape.S) / 64;
  const units = (inputs - 1) * rowUnits <= 0xffff ? rowUnits : 0;
  const listing: ListingContext = { heap, exports, bytesPerElement: shape.S, lut: heap.alloc(256 * 16), rowUnits: units };
  new Uint8Array(heap.memory.buffer, listing.lut, 256 * 16).set(bitPositionTable());
  return listing;
}

/** What both plans' headers and every thread's descriptors hold for the kernel's life. */
function writePlans(m: Memory, shape: KernelShape, codes: PlanCodes, step: StepSettings, units: number): void {
  const { i32 } = m.views;
  const { L, T, n, strides } = shape;
  for (const plan of m.plans) {
    const h = plan / 4;
    i32[h + H_L] = L;
    i32[h + H_CHUNK] = INFER_CHUNK;
    i32[h + H_N1] = n[1];
    i32[h + H_DESC] = m.descriptors;
    i32[h + H_UNITS] = units;
    i32[h + H_COST] = codes.cost;
    i32[h + H_RULE] = RULE_CODES[step.rule.rule];
    i32[h + H_W2_SCALED] = step.scaledW2 ? 1 : 0;
  }
  for (let t = 0; t < T; t++) {
    for (let l = 1; l <= L; l++) {
      i32[descIndex(m.descriptors, L, t, l, D_N)] = n[l];
      i32[descIndex(m.descriptors, L, t, l, D_ACT)] = codes.activations[l] ?? 0;
      i32[descIndex(m.descriptors, L, t, l, D_STRIDE)] = strides[l];
    }
  }
}

/**
 * The kernel object: glue between the Kernel interface and the parts above (parameters.ts,
 * batchBuffers.ts, stepHeader.ts, updateState.ts). Every method first lets the threads settle
 * (runner.ts) before it reads or writes the memory.
 */
class WasmKernel implements Kernel {
  private readonly batches: BatchBuffers;
  private readonly residents = new WeakSet<ResidentDataset>();
  /** The parity of the next batch, hence its plan. */
  private parity = 0;
  private disposed = false;
  private stepsTaken = 0;
  /** w^2 = w2Scale · W̃, Wt holding W̃^T (w2Scale.ts; always 1 unless the step settings' scaledW2). */
  private w2Scale = 1;
  private outBlock = 0;
  private outCapacity = 0;
  /** Where each w^l lies (w^2: W̃, its row-major form), in training thread 0's copy: worked out once, read after every epoch. */
  private readonly weightPlaces: MatrixPlace[] = [];

  readonly name: string;
  readonly spec: KernelSpec;
  private readonly m: Memory;
  private readonly shape: KernelShape;
  private readonly parameters: KernelParameters;
  private readonly step: StepSettings;
  private readonly listing: ListingContext;
  private readonly runner: BatchRunner;

  constructor(name: string, spec: KernelSpec, m: Memory, shape: KernelShape, parameters: KernelParameters, step: StepSettings, listing: ListingContext, runner: BatchRunner) {
    this.name = name;
    this.spec = spec;
    this.m = m;
    this.shape = shape;
    this.parameters = parameters;
    this.step = step;
    this.listing = listing;
    this.runner = runner;
    this.batches = new BatchBuffers(m.heap, m.views, shape, m.plans, m.descriptors, step.dropout > 0, () => runner.settle());
    this.batches.ensure(16);
    for (let l = 2; l <= shape.L; l++) this.weightPlaces[l] = placeOf(shape, l, parameters.weights[l][0]);
  }

  getUpdateState(): UpdateState {
    this.runner.settle();
    this.m.views.refresh();
    const state = readUpdateState(this.m.views, this.shape, this.parameters, this.step.rule.rule, this.stepsTaken);
    if (!this.step.scaledW2) return state;
    return { ...state, w2Scaled: { scale: this.w2Scale, weights: readMatrix(this.m.views.floats, this.weightPlaces[2]) } };
  }

  setUpdateState(state: UpdateState): void {
    const rule = this.step.rule.rule;
    if (state.rule !== rule) throw new RangeError(`update state is for ${state.rule}; this kernel runs ${rule}`);
    this.runner.settle();
    this.m.views.refresh();
    writeUpdateState(this.m.views, this.shape, this.parameters, state);
    this.stepsTaken = state.steps;
    if (this.step.scaledW2 && state.w2Scaled !== undefined) {
      const { n } = this.shape;
      if (state.w2Scaled.weights.length !== n[2] * n[1] || !(state.w2Scaled.scale > 0)) throw new RangeError("update state w2Scaled does not have the network's shape");
      writeMatrix(this.m.views.floats, this.weightPlaces[2], state.w2Scaled.weights);
      this.w2Scale = state.w2Scaled.scale;
    }
  }

  setParameters(network: Network): void {
    this.runner.settle();
    this.m.views.refresh();
    const { floats } = this.m.views;
    for (let l = 2; l <= this.shape.L; l++) {
      for (const copy of new Set(this.parameters.weights[l])) writeMatrix(floats, placeOf(this.shape, l, copy), network.weights[l]);
      for (const copy of new Set(this.parameters.biases[l])) floats.set(network.biases[l], copy / this.shape.S);
    }
    this.w2Scale = 1;
  }

  getParameters(network: Network): void {
    this.runner.settle();
    this.m.views.refresh();
    const { floats } = this.m.views;
    const { L, n, S } = this.shape;
    for (let l = 2; l <= L; l++) {
      const w = network.weights[l];
      if (w.length !== n[l] * n[l - 1]) throw new RangeError(`the network's w^${l} has ${w.length} weights; this kernel's has ${n[l] * n[l - 1]}`);
      // (straight into the network's arrays: train() reads them after every epoch)
      readMatrixInto(floats, this.weightPlaces[l], w);
      // w^2 = s W̃, rounded to the dtype as a step would round it
      if (l === 2 && this.w2Scale !== 1) scaleInPlace(w, this.w2Scale, this.spec.dtype);
      const b = network.biases[l];
      const at = this.parameters.biases[l][0] / S;
      for (let j = 0; j < n[l]; j++) b[j] = floats[at + j];
    }
  }

  loadDataset(dataset: Dataset): ResidentDataset {
    const { sizes } = this.spec;
    const L = sizes.length;
    if (dataset.inputSize !== sizes[0] || dataset.outputSize !== sizes[L - 1]) {
      throw new RangeError(`dataset has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs; the network needs ${sizes[0]} and ${sizes[L - 1]}`);
    }
    if (dataset.inputs.length !== dataset.count * dataset.inputSize || dataset.targets.length !== dataset.count * dataset.outputSize) {
      throw new RangeError(
        `dataset of ${dataset.count} examples needs ${dataset.count * dataset.inputSize} inputs and ${dataset.count * dataset.outputSize} targets, got ${dataset.inputs.length} and ${dataset.targets.length}`,
      );
    }
    this.runner.settle(); // the memory may grow
    const lists = listDataset(dataset, this.listing);
    const { heap, views } = this.m;
    const targets = heap.alloc(dataset.targets.length * this.shape.S);
    views.refresh();
    views.floats.set(dataset.targets, targets / this.shape.S);
    const runner = this.runner;
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
    this.residents.add(resident);
    return resident;
  }

  /** Points the plan at `data`. */
  private useDataset(data: ResidentDataset, plan: number): Resident {
    const resident = data as Resident;
    if (!this.residents.has(data) || resident.released) {
      throw new Error('this dataset is not resident in this kernel (released, or loaded by another kernel)');
    }
    const { i32 } = this.m.views;
    const h = plan / 4;
    i32[h + H_DATA] = resident.lists.table;
    i32[h + H_VALUES] = resident.lists.values;
    i32[h + H_TARGETS] = resident.targets;
    return resident;
  }

  trainBatch(data: ResidentDataset, indices: Uint32Array, start: number, m: number, step: number | TrainStep): void {
    if (m <= 0) return;
    this.batches.ensure(m);
    this.m.views.refresh();
    // This batch's plan: the other threads may still be finishing the last batch, from the other one.
    const plan = this.m.plans[this.parity];
    const h = plan / 4;
    const { count } = this.useDataset(data, plan);
    writeOrder(this.m.views, h, indices, start, m, count);
    // (η alone: n = the dataset's size, t = this kernel's steps + 1; see kernel.ts: TrainStep)
    const given = (typeof step === 'number' ? { learningRate: step } : step) as GivenStep;
    const t = given.t ?? this.stepsTaken + 1;
    this.w2Scale = writeStepHeader(this.m.views, h, this.step, given, m, given.trainingSize ?? count, t, this.w2Scale);
    this.stepsTaken = t;
    this.runner.train(plan);
    this.parity ^= 1;
  }

  feedforwardDataset(data: ResidentDataset, out: FloatArray, first = 0, count = data.count - first): void {
    if (first < 0 || count < 0 || first + count > data.count) {
      throw new RangeError(`examples [${first}, ${first + count}) are not within the dataset's ${data.count}`);
    }
    const nL = this.shape.n[this.shape.L];
    if (out.length < count * nL) throw new RangeError(`out holds ${out.length} values; ${count} examples need ${count * nL}`);
    if (count === 0) return;
    this.runner.settle(); // the last batch's update, and the memory may grow
    if (count * nL > this.outCapacity) {
      if (this.outBlock !== 0) this.m.heap.release(this.outBlock);
      this.outCapacity = count * nL;
      this.outBlock = this.m.heap.alloc(this.outCapacity * this.shape.S);
    }
    this.m.views.refresh();
    const plan = this.m.plans[this.parity];
    this.useDataset(data, plan);
    this.m.views.f64[plan / 8 + H_W2_SCALE64] = this.w2Scale;
    this.m.views.f64[plan / 8 + H_W2_BIAS_FACTOR64] = 1 / this.w2Scale;
    this.runner.infer(plan, first, count, this.outBlock);
    this.m.views.refresh();
    // (a loop, not a subarray: a view made per call cost a tiny data set's evaluation more than its rows)
    const { floats } = this.m.views;
    const at = this.outBlock / this.shape.S;
    for (let i = 0; i < count * nL; i++) out[i] = floats[at + i];
  }

  /** Every float buffer the kernel holds now, by name (buffers.ts: for tests). */
  floatBuffers(): FloatBuffer[] {
    this.runner.settle();
    this.m.views.refresh();
    const { S } = this.shape;
    const outputs: Region[] = this.outBlock !== 0 ? [{ name: 'inference output', address: this.outBlock, bytes: this.outCapacity * S }] : [];
    const { floats } = this.m.views;
    return [...this.parameters.regions, ...this.batches.regions, ...outputs].map(({ name, address, bytes }) => ({ name, values: floats.subarray(address / S, (address + bytes) / S) }));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.runner.settle();
    await this.runner.dispose();
  }
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

/** w ← s w, each product rounded to the dtype as a step would round it. */
function scaleInPlace(w: Float64Array, s: number, dtype: KernelSpec['dtype']): void {
  if (dtype === 'float32') for (let i = 0; i < w.length; i++) w[i] = Math.fround(s * w[i]);
  else for (let i = 0; i < w.length; i++) w[i] = s * w[i];
}
