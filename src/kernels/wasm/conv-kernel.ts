import type { Network } from '../../network/network.ts';
import type { Dataset, FloatArray, Kernel, KernelSpec, ResidentDataset, TrainStep, UpdateState } from '../kernel.ts';
import { convGeometry, convPlanCodes, weightIndex, type LayerGeometry } from './convolution.ts';
import { allocateConv, ConvBatchBuffers, hasParameters, syncConvCopies, writeConvPlans, type ConvLayout, type ConvShape } from './convMemory.ts';
import { Heap } from './heap.ts';
import { HEADER_BYTES, H_DATA, H_M, H_ORDER, H_TARGETS, RULE_CODES } from './layout.ts';
import { MemoryViews } from './memoryViews.ts';
import { instantiateKernel } from './modules.ts';
import { ruleSettingsOf, stateCount, type RuleSettings } from './rules.ts';
import { singleThreadRunner, type BatchRunner, type WasmContext } from './runner.ts';
import { stepSettings, writeStepHeader, type GivenStep, type StepSettings } from './stepHeader.ts';
import type { WasmKernelOptions } from './wasm-kernel.ts';

/**
 * The WebAssembly kernels for a network with conv and pool layers (assembly/convBatch.ts has
 * the batch and the threads, assembly/conv.ts the loops, convolution.ts the memory's shapes,
 * convMemory.ts where everything lies). The same modules, runners and threads as the dense
 * kernel (wasm-kernel.ts): the plan's H_CONV word sends the exports to the conv code. Every
 * training thread (at most two) keeps its own copy of every parameter and of the rule's
 * state, updated with the same bits.
 */
export async function createConvKernelWith(spec: KernelSpec, options: WasmKernelOptions): Promise<Kernel> {
  const codes = convPlanCodes(spec);
  if (typeof codes === 'string') throw new RangeError(`the WebAssembly kernels cannot run ${codes}`);
  const { sizes, dtype } = spec;
  const T = options.threads ?? 1;
  const S: 4 | 8 = dtype === 'float32' ? 4 : 8;
  const rule = ruleSettingsOf(spec);
  const dropout = spec.dropout ?? 0;
  const shape: ConvShape = { sizes, L: sizes.length, T, trainers: Math.min(T, 2), S, geometry: convGeometry(spec.inputShape!, spec.layers!, S), states: stateCount(rule.rule), dropout };
  const { memory, module } = options;
  const heap = new Heap(memory);
  const exports = instantiateKernel(module, memory);
  exports.init();
  const layout = allocateConv(heap, shape, options.controlWords ?? 0);
  const views = new MemoryViews(memory, dtype);
  writeConvPlans(views.i32, shape, layout, codes, RULE_CODES[rule.rule]);
  const context: WasmContext = {
    module, memory, exports, dtype, threads: T, outputSize: sizes[shape.L - 1], control: layout.control, layers: shape.L,
    syncCopies: () => syncConvCopies(memory, shape, layout),
  };
  const runner = await (options.runner ?? singleThreadRunner)(context);
  const step = stepSettings(rule, dropout, false);
  return new ConvKernel(options.name, spec, { memory, heap, views, shape, layout, step }, runner);
}

/** What the kernel object is glue between: the memory and where everything lies in it. */
interface ConvMemory {
  readonly memory: WebAssembly.Memory;
  readonly heap: Heap;
  readonly views: MemoryViews;
  readonly shape: ConvShape;
  readonly layout: ConvLayout;
  readonly step: StepSettings;
}

type Resident = ResidentDataset & { readonly block: number; readonly targets: number; released: boolean };

/**
 * The kernel object: glue between the Kernel interface and convMemory.ts. Every method first
 * lets the threads settle (runner.ts) before it reads or writes the memory.
 */
class ConvKernel implements Kernel {
  private readonly batches: ConvBatchBuffers;
  private readonly residents = new WeakSet<ResidentDataset>();
  /** indices[l]: where the network's w^l elements lie in the kernel's (convolution.ts: weightIndex). */
  private readonly indices: Int32Array[] = [];
  /** The parity of the next batch, hence its plan. */
  private parity = 0;
  private stepsTaken = 0;
  private disposed = false;
  private outBlock = 0;
  private outCapacity = 0;

  readonly name: string;
  readonly spec: KernelSpec;
  private readonly m: ConvMemory;
  private readonly runner: BatchRunner;

  constructor(name: string, spec: KernelSpec, m: ConvMemory, runner: BatchRunner) {
    this.name = name;
    this.spec = spec;
    this.m = m;
    this.runner = runner;
    for (let l = 2; l <= m.shape.L; l++) if (hasParameters(m.shape, l)) this.indices[l] = weightIndex(m.shape.geometry, l);
    this.batches = new ConvBatchBuffers(m.heap, m.views, m.shape, m.layout, () => runner.settle());
    this.batches.ensure(16);
  }

  private get rule(): RuleSettings {
    return this.m.step.rule;
  }

  /** The settled memory's views, current. */
  private settled(): MemoryViews {
    this.runner.settle();
    this.m.views.refresh();
    return this.m.views;
  }

  private biasCount(l: number): number {
    return this.m.shape.geometry[l].shape[2];
  }

  /** w^l's elements (or an array shaped like it) at address `address`, in the network's order. */
  private readWeights(floats: FloatArray, l: number, address: number): Float64Array {
    const base = address / this.m.shape.S;
    return Float64Array.from(this.indices[l], (i) => floats[base + i]);
  }

  private writeWeights(floats: FloatArray, l: number, address: number, values: ArrayLike<number>): void {
    const index = this.indices[l];
    const base = address / this.m.shape.S;
    for (let i = 0; i < index.length; i++) floats[base + index[i]] = values[i];
  }

  setParameters(network: Network): void {
    const { floats } = this.settled();
    const { shape, layout } = this.m;
    for (let l = 2; l <= shape.L; l++) {
      if (!hasParameters(shape, l)) continue;
      for (const own of new Set(layout.copies.map((c) => c[l]))) {
        this.writeWeights(floats, l, own[0], network.weights[l]);
        floats.set(network.biases[l], own[1] / shape.S);
      }
    }
  }

  getParameters(network: Network): void {
    const { floats } = this.settled();
    const { shape, layout } = this.m;
    for (let l = 2; l <= shape.L; l++) {
      if (!hasParameters(shape, l)) continue;
      const [w, b] = layout.copies[0][l];
      network.weights[l].set(this.readWeights(floats, l, w));
      network.biases[l].set(floats.subarray(b / shape.S, b / shape.S + this.biasCount(l)));
    }
  }

  getUpdateState(): UpdateState {
    const { floats } = this.settled();
    const { shape, layout } = this.m;
    const read = (slot: number, bias: boolean): Float64Array[] =>
      Array.from({ length: shape.L + 1 }, (_, l) => {
        if (l < 2 || !hasParameters(shape, l)) return new Float64Array(0);
        const address = layout.copies[0][l][slot];
        return bias ? Float64Array.from(floats.subarray(address / shape.S, address / shape.S + this.biasCount(l))) : this.readWeights(floats, l, address);
      });
    return {
      rule: this.rule.rule,
      steps: this.stepsTaken,
      weights: Array.from({ length: shape.states }, (_, s) => read(3 + s, false)),
      biases: Array.from({ length: shape.states }, (_, s) => read(6 + s, true)),
    };
  }

  setUpdateState(state: UpdateState): void {
    if (state.rule !== this.rule.rule) throw new RangeError(`update state is for ${state.rule}; this kernel runs ${this.rule.rule}`);
    const { floats } = this.settled();
    const { shape, layout } = this.m;
    for (let s = 0; s < shape.states; s++) {
      for (let l = 2; l <= shape.L; l++) {
        if (!hasParameters(shape, l)) continue;
        const w = state.weights[s]?.[l];
        const b = state.biases[s]?.[l];
        if (w?.length !== this.indices[l].length || b?.length !== this.biasCount(l)) throw new RangeError(`update state array ${s} of layer ${l} does not have the network's shape`);
        for (const own of layout.copies) {
          this.writeWeights(floats, l, own[l][3 + s], w);
          floats.set(b, own[l][6 + s] / shape.S);
        }
      }
    }
    this.stepsTaken = state.steps;
  }

  loadDataset(dataset: Dataset): ResidentDataset {
    const { sizes, L, S, geometry } = this.m.shape;
    if (dataset.inputSize !== sizes[0] || dataset.outputSize !== sizes[L - 1]) {
      throw new RangeError(`dataset has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs; the network needs ${sizes[0]} and ${sizes[L - 1]}`);
    }
    if (dataset.inputs.length !== dataset.count * dataset.inputSize || dataset.targets.length !== dataset.count * dataset.outputSize) {
      throw new RangeError(`dataset of ${dataset.count} examples needs ${dataset.count * dataset.inputSize} inputs and ${dataset.count * dataset.outputSize} targets, got ${dataset.inputs.length} and ${dataset.targets.length}`);
    }
    const { heap } = this.m;
    this.runner.settle();
    const block = heap.alloc(dataset.count * geometry[1].stride * S);
    const targets = heap.alloc(dataset.targets.length * S);
    this.m.views.refresh();
    const { floats } = this.m.views;
    writeInputs(floats, block / S, dataset, geometry[1]);
    floats.set(dataset.targets, targets / S);
    const runner = this.runner;
    const resident: Resident = {
      count: dataset.count,
      dataset,
      block,
      targets,
      released: false,
      release(): void {
        if (resident.released) return;
        resident.released = true;
        runner.settle();
        heap.release(block);
        heap.release(targets);
      },
    };
    this.residents.add(resident);
    return resident;
  }

  /** Points the plan at a resident dataset of this kernel's; throws if it is not one. */
  private useDataset(data: ResidentDataset, plan: number): void {
    const resident = data as Resident;
    if (!this.residents.has(data) || resident.released) throw new Error('this dataset is not resident in this kernel (released, or loaded by another kernel)');
    const { i32 } = this.m.views;
    i32[plan / 4 + H_DATA] = resident.block;
    i32[plan / 4 + H_TARGETS] = resident.targets;
  }

  trainBatch(data: ResidentDataset, order: Uint32Array, start: number, m: number, step: number | TrainStep): void {
    if (m <= 0) return;
    this.batches.ensure(m);
    this.m.views.refresh();
    const { i32 } = this.m.views;
    const plan = this.m.layout.plans[this.parity];
    const h = plan / 4;
    this.useDataset(data, plan);
    const count = data.count;
    const o = i32[h + H_ORDER] / 4;
    for (let i = 0; i < m; i++) {
      const index = order[start + i];
      if (!(index < count)) throw new RangeError(`order[${start + i}] = ${index} is not an example index below ${count}`);
      i32[o + i] = index;
    }
    const given = (typeof step === 'number' ? { learningRate: step } : step) as GivenStep;
    const t = given.t ?? this.stepsTaken + 1;
    i32[h + H_M] = m;
    writeStepHeader(this.m.views, h, this.m.step, given, m, given.trainingSize ?? count, t, 1);
    this.writeHalves(plan, m);
    this.stepsTaken = t;
    this.runner.train(plan);
    this.parity ^= 1;
  }

  /** The two halves' plans: this header with the first ⌈m/2⌉ examples, and the rest. */
  private writeHalves(plan: number, m: number): void {
    const { i32 } = this.m.views;
    const first = Math.ceil(m / 2);
    const bytes = new Uint8Array(this.m.memory.buffer);
    for (let half = 0; half < 2; half++) {
      const hp = this.m.layout.halves[this.parity] + half * HEADER_BYTES;
      bytes.copyWithin(hp, plan, plan + HEADER_BYTES);
      i32[hp / 4 + H_M] = half === 0 ? first : m - first;
      i32[hp / 4 + H_ORDER] = i32[plan / 4 + H_ORDER] + (half === 0 ? 0 : first * 4);
    }
  }

  feedforwardDataset(data: ResidentDataset, out: FloatArray, first = 0, count = data.count - first): void {
    if (first < 0 || count < 0 || first + count > data.count) throw new RangeError(`examples [${first}, ${first + count}) are not within the dataset's ${data.count}`);
    const { sizes, L, S } = this.m.shape;
    const nL = sizes[L - 1];
    if (out.length < count * nL) throw new RangeError(`out holds ${out.length} values; ${count} examples need ${count * nL}`);
    if (count === 0) return;
    this.runner.settle();
    if (count * nL > this.outCapacity) {
      if (this.outBlock !== 0) this.m.heap.release(this.outBlock);
      this.outCapacity = count * nL;
      this.outBlock = this.m.heap.alloc(this.outCapacity * S);
    }
    this.m.views.refresh();
    const plan = this.m.layout.plans[this.parity];
    this.useDataset(data, plan);
    this.runner.infer(plan, first, count, this.outBlock);
    this.m.views.refresh();
    out.set(this.m.views.floats.subarray(this.outBlock / S, this.outBlock / S + count * nL));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.runner.settle();
    await this.runner.dispose();
  }
}

/** The dataset's inputs (times inputScale, rounded to the dtype) as padded planes from element `at` on. */
function writeInputs(floats: FloatArray, at: number, dataset: Dataset, g: LayerGeometry): void {
  const { inputs, inputScale, inputSize } = dataset;
  const w = g.shape[1];
  const rows = inputSize / w;
  for (let e = 0; e < dataset.count; e++) {
    const from = e * inputSize;
    const to = at + e * g.stride;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < w; k++) floats[to + r * g.wp + k] = inputs[from + r * w + k] * inputScale;
    }
  }
}
