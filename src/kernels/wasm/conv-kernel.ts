import type { Network } from '../../network/network.ts';
import type { Dataset, FloatArray, Kernel, KernelSpec, ResidentDataset, UpdateState } from '../kernel.ts';
import { convGeometry, convPlanCodes, weightIndex, type LayerGeometry } from './convolution.ts';
import { ruleSettingsOf } from './rules.ts';
import { Heap } from './heap.ts';
import {
  D_A, D_ACT, D_B, D_C, D_D, D_GB, D_GW, D_INF, D_N, D_P, D_S1B, D_S1W, D_S2B, D_S2W, D_STRIDE, D_W, DESC_BYTES, GEOM_BYTES, G_CIN, G_COUT, G_HIN, G_HOUT, G_KH, G_KW,
  G_KWP, G_RB0, G_RB1, G_RW0, G_RW1, G_TYPE, G_WIN, G_WOUT, G_WPIN, G_WPOUT, HEADER_BYTES, H_CHUNK, H_CONV, H_COST, H_DATA, H_DESC, H_DROP_SCALE64, H_DROP_SEED, H_DROP_T,
  H_DROP_THRESHOLD, H_GEOM, H_HALVES, H_L, H_M, H_ORDER, H_RULE, H_TARGETS, INFER_CHUNK, LAYER_CODES, RULE_CODES, descIndex,
} from './layout.ts';
import { instantiateKernel } from './modules.ts';
import { stateCount, writeStepConstants } from './rules.ts';
import { singleThreadRunner, type WasmContext } from './runner.ts';
import type { WasmKernelOptions } from './wasm-kernel.ts';

/**
 * The WebAssembly kernels for a network with conv and pool layers (assembly/convBatch.ts has
 * the batch and the threads, assembly/conv.ts the loops, convolution.ts the memory's shapes).
 * The same modules, runners and threads as the dense kernel (wasm-kernel.ts): the plan's H_CONV
 * word sends the exports to the conv code. Every training thread (at most two) keeps its own
 * copy of every parameter and of the rule's state, updated with the same bits.
 */
export async function createConvKernelWith(spec: KernelSpec, options: WasmKernelOptions): Promise<Kernel> {
  const codes = convPlanCodes(spec);
  if (typeof codes === 'string') throw new RangeError(`the WebAssembly kernels cannot run ${codes}`);
  const { sizes, dtype } = spec;
  const L = sizes.length;
  const T = options.threads ?? 1;
  const S: 4 | 8 = dtype === 'float32' ? 4 : 8;
  const geometry = convGeometry(spec.inputShape!, spec.layers!, S);
  const { memory, module } = options;
  const heap = new Heap(memory);
  const exports = instantiateKernel(module, memory);
  exports.init();
  const trainers = Math.min(T, 2);
  const settings = ruleSettingsOf(spec);
  const states = stateCount(settings.rule);
  const dropout = spec.dropout ?? 0;
  const dropThreshold = Math.min(Math.floor(dropout * 4294967296), 4294967295);
  const hasParameters = (l: number): boolean => geometry[l].type !== LAYER_CODES.pool;
  const indices: Int32Array[] = [];
  for (let l = 2; l <= L; l++) if (hasParameters(l)) indices[l] = weightIndex(geometry, l);

  const plans = [heap.alloc(HEADER_BYTES), heap.alloc(HEADER_BYTES)];
  const halves = plans.map(() => heap.alloc(2 * HEADER_BYTES));
  const tables = plans.map(() => heap.alloc((L + 1) * GEOM_BYTES));
  const descriptors = heap.alloc(T * (L + 1) * DESC_BYTES);
  const control = options.controlWords ? heap.alloc(options.controlWords * 4) : 0;
  const at = (thread: number, l: number, field: number): number => descIndex(descriptors, L, thread, l, field);

  // Per training copy and layer: [w, b, Gw, S1w, S2w, Gb, S1b, S2b] (0 where none).
  const copies: number[][][] = [];
  for (let t = 0; t < trainers; t++) {
    const own: number[][] = [];
    for (let l = 2; l <= L; l++) {
      if (!hasParameters(l)) continue;
      const wBytes = geometry[l].weightElements * S;
      const bBytes = geometry[l].biasElements * S;
      const state = (bytes: number, i: number): number => (states > 0 && i <= states ? heap.alloc(bytes) : 0);
      own[l] = [heap.alloc(wBytes), heap.alloc(bBytes), state(wBytes, 1), state(wBytes, 1), state(wBytes, 2), state(bBytes, 1), state(bBytes, 1), state(bBytes, 2)];
    }
    copies.push(own);
  }
  let i32 = new Int32Array(memory.buffer);
  let f64 = new Float64Array(memory.buffer);
  let floats: FloatArray = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  const views = (): void => {
    if (i32.buffer === memory.buffer && i32.length * 4 === memory.buffer.byteLength) return;
    i32 = new Int32Array(memory.buffer);
    f64 = new Float64Array(memory.buffer);
    floats = dtype === 'float32' ? new Float32Array(memory.buffer) : new Float64Array(memory.buffer);
  };
  // The gradients' sums R_h per plan, half and layer (assembly/convBatch.ts).
  const sums = plans.map(() => [0, 1].map(() => {
    const r: number[][] = [];
    for (let l = 2; l <= L; l++) if (hasParameters(l)) r[l] = [heap.alloc(geometry[l].weightElements * S), heap.alloc(geometry[l].biasElements * S)];
    return r;
  }));
  const inferBuffers = Array.from({ length: T }, () => geometry.map((g, l) => (l >= 2 ? heap.alloc(INFER_CHUNK * g.stride * S) : 0)));
  views();
  const setHeader = (word: number, value: number): void => {
    for (const plan of plans) i32[plan / 4 + word] = value;
  };
  setHeader(H_L, L);
  setHeader(H_CHUNK, INFER_CHUNK);
  setHeader(H_DESC, descriptors);
  setHeader(H_COST, codes.cost);
  setHeader(H_RULE, RULE_CODES[settings.rule]);
  setHeader(H_CONV, 1);
  plans.forEach((plan, parity) => {
    i32[plan / 4 + H_GEOM] = tables[parity];
    i32[plan / 4 + H_HALVES] = halves[parity];
    for (let l = 1; l <= L; l++) writeGeometry(i32, tables[parity] / 4 + (l * GEOM_BYTES) / 4, geometry, l, l >= 2 && hasParameters(l) ? sums[parity] : undefined);
  });
  for (let t = 0; t < T; t++) {
    for (let l = 1; l <= L; l++) {
      i32[at(t, l, D_N)] = sizes[l - 1];
      i32[at(t, l, D_STRIDE)] = geometry[l].stride;
      i32[at(t, l, D_ACT)] = codes.activations[l] ?? 0;
      i32[at(t, l, D_INF)] = inferBuffers[t][l];
      if (l >= 2 && hasParameters(l)) {
        const [w, b, gw, s1w, s2w, gb, s1b, s2b] = copies[t < trainers ? t : 0][l];
        [[D_W, w], [D_B, b], [D_GW, gw], [D_S1W, s1w], [D_S2W, s2w], [D_GB, gb], [D_S1B, s1b], [D_S2B, s2b]].forEach(([field, address]) => (i32[at(t, l, field)] = address));
      }
    }
  }

  // Each training thread's batch buffers, for half a batch: A, δ, c and P (a pool's maxima's
  // offsets; a hidden dense layer's dropout factors).
  let capacity = 0;
  let blocks: number[] = [];
  const ensureCapacity = (m: number): void => {
    const half = Math.ceil(m / 2);
    if (half <= capacity) return;
    runner.settle();
    for (const p of blocks) heap.release(p);
    blocks = [];
    capacity = Math.max(half, 2 * capacity);
    const block = (bytes: number): number => {
      const p = heap.alloc(bytes);
      blocks.push(p);
      return p;
    };
    const orders = plans.map(() => block(2 * capacity * 4));
    const buffers = Array.from({ length: trainers }, () =>
      geometry.map((g, l) => {
        if (l < 2) return [0, 0, 0, 0];
        const bytes = capacity * g.stride * S;
        const p = g.type === LAYER_CODES.pool ? block(capacity * g.stride * 4) : dropout > 0 && l < L && g.type === LAYER_CODES.dense ? block(bytes) : 0;
        return [block(bytes), block(bytes), block(bytes), p];
      }),
    );
    views();
    for (let t = 0; t < T; t++) {
      for (let l = 2; l <= L; l++) {
        const [a, d, c, p] = buffers[t < trainers ? t : 0][l];
        i32[at(t, l, D_A)] = a;
        i32[at(t, l, D_D)] = d;
        i32[at(t, l, D_C)] = c;
        i32[at(t, l, D_P)] = p;
      }
    }
    plans.forEach((plan, parity) => (i32[plan / 4 + H_ORDER] = orders[parity]));
  };

  const syncCopies = (): void => {
    const bytes = new Uint8Array(memory.buffer);
    for (let t = 1; t < trainers; t++) {
      for (let l = 2; l <= L; l++) {
        if (!hasParameters(l)) continue;
        copies[0][l].forEach((from, i) => {
          const size = (i === 0 || (i >= 2 && i <= 4) ? geometry[l].weightElements : geometry[l].biasElements) * S;
          if (from !== 0) bytes.copyWithin(copies[t][l][i], from, from + size);
        });
      }
    }
  };
  const context: WasmContext = { module, memory, exports, dtype, threads: T, outputSize: sizes[L - 1], control, layers: L, syncCopies };
  const runner = await (options.runner ?? singleThreadRunner)(context);
  ensureCapacity(16);

  /** w^l's elements (or an array shaped like it) at address `address`, in the network's order. */
  const readWeights = (l: number, address: number): Float64Array => {
    const index = indices[l];
    const base = address / S;
    return Float64Array.from(index, (i) => floats[base + i]);
  };
  const writeWeights = (l: number, address: number, values: ArrayLike<number>): void => {
    const index = indices[l];
    const base = address / S;
    for (let i = 0; i < index.length; i++) floats[base + index[i]] = values[i];
  };
  const biasCountOf = (l: number): number => geometry[l].shape[2];

  const residents = new WeakSet<ResidentDataset>();
  let parity = 0;
  let stepsTaken = 0;
  let disposed = false;
  let outBlock = 0;
  let outCapacity = 0;
  const stride1 = geometry[1].stride;

  const useDataset = (data: ResidentDataset, plan: number): void => {
    const resident = data as ResidentDataset & { block: number; targets: number; released: boolean };
    if (!residents.has(data) || resident.released) throw new Error('this dataset is not resident in this kernel (released, or loaded by another kernel)');
    i32[plan / 4 + H_DATA] = resident.block;
    i32[plan / 4 + H_TARGETS] = resident.targets;
  };

  return {
    name: options.name,
    spec,

    setParameters(network: Network): void {
      runner.settle();
      views();
      for (let l = 2; l <= L; l++) {
        if (!hasParameters(l)) continue;
        for (const own of new Set(copies.map((c) => c[l]))) {
          writeWeights(l, own[0], network.weights[l]);
          floats.set(network.biases[l], own[1] / S);
        }
      }
    },

    getParameters(network: Network): void {
      runner.settle();
      views();
      for (let l = 2; l <= L; l++) {
        if (!hasParameters(l)) continue;
        network.weights[l].set(readWeights(l, copies[0][l][0]));
        network.biases[l].set(floats.subarray(copies[0][l][1] / S, copies[0][l][1] / S + biasCountOf(l)));
      }
    },

    getUpdateState(): UpdateState {
      runner.settle();
      views();
      const read = (slot: number, bias: boolean): Float64Array[] =>
        Array.from({ length: L + 1 }, (_, l) => {
          if (l < 2 || !hasParameters(l)) return new Float64Array(0);
          const address = copies[0][l][slot];
          return bias ? Float64Array.from(floats.subarray(address / S, address / S + biasCountOf(l))) : readWeights(l, address);
        });
      return {
        rule: settings.rule,
        steps: stepsTaken,
        weights: Array.from({ length: states }, (_, s) => read(3 + s, false)),
        biases: Array.from({ length: states }, (_, s) => read(6 + s, true)),
      };
    },

    setUpdateState(state: UpdateState): void {
      if (state.rule !== settings.rule) throw new RangeError(`update state is for ${state.rule}; this kernel runs ${settings.rule}`);
      runner.settle();
      views();
      for (let s = 0; s < states; s++) {
        for (let l = 2; l <= L; l++) {
          if (!hasParameters(l)) continue;
          const w = state.weights[s]?.[l];
          const b = state.biases[s]?.[l];
          if (w?.length !== indices[l].length || b?.length !== biasCountOf(l)) throw new RangeError(`update state array ${s} of layer ${l} does not have the network's shape`);
          for (const own of copies) {
            writeWeights(l, own[l][3 + s], w);
            floats.set(b, own[l][6 + s] / S);
          }
        }
      }
      stepsTaken = state.steps;
    },

    loadDataset(dataset: Dataset): ResidentDataset {
      if (dataset.inputSize !== sizes[0] || dataset.outputSize !== sizes[L - 1]) {
        throw new RangeError(`dataset has ${dataset.inputSize} inputs and ${dataset.outputSize} outputs; the network needs ${sizes[0]} and ${sizes[L - 1]}`);
      }
      if (dataset.inputs.length !== dataset.count * dataset.inputSize || dataset.targets.length !== dataset.count * dataset.outputSize) {
        throw new RangeError(`dataset of ${dataset.count} examples needs ${dataset.count * dataset.inputSize} inputs and ${dataset.count * dataset.outputSize} targets, got ${dataset.inputs.length} and ${dataset.targets.length}`);
      }
      runner.settle();
      const block = heap.alloc(dataset.count * stride1 * S);
      const targets = heap.alloc(dataset.targets.length * S);
      views();
      writeInputs(floats, block / S, dataset, geometry[1]);
      floats.set(dataset.targets, targets / S);
      const resident = {
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
      residents.add(resident);
      return resident;
    },

    trainBatch(data, order, start, m, step): void {
      if (m <= 0) return;
      ensureCapacity(m);
      views();
      const plan = plans[parity];
      const h = plan / 4;
      useDataset(data, plan);
      const count = data.count;
      const o = i32[h + H_ORDER] / 4;
      for (let i = 0; i < m; i++) {
        const index = order[start + i];
        if (!(index < count)) throw new RangeError(`order[${start + i}] = ${index} is not an example index below ${count}`);
        i32[o + i] = index;
      }
      const given = (typeof step === 'number' ? { learningRate: step } : step) as { learningRate: number; trainingSize?: number; t?: number; dropoutSeed?: number };
      const t = given.t ?? stepsTaken + 1;
      i32[h + H_M] = m;
      writeStepConstants(f64, h / 2, settings, given.learningRate, m, given.trainingSize ?? count, t);
      i32[h + H_DROP_THRESHOLD] = dropThreshold | 0;
      i32[h + H_DROP_SEED] = (given.dropoutSeed ?? 0) | 0;
      i32[h + H_DROP_T] = t | 0;
      f64[h / 2 + H_DROP_SCALE64] = 1 / (1 - dropout);
      // the two halves' plans: this header with the first ⌈m/2⌉ examples, and the rest
      const first = Math.ceil(m / 2);
      const bytes = new Uint8Array(memory.buffer);
      for (let half = 0; half < 2; half++) {
        const hp = halves[parity] + half * HEADER_BYTES;
        bytes.copyWithin(hp, plan, plan + HEADER_BYTES);
        i32[hp / 4 + H_M] = half === 0 ? first : m - first;
        i32[hp / 4 + H_ORDER] = i32[h + H_ORDER] + (half === 0 ? 0 : first * 4);
      }
      stepsTaken = t;
      runner.train(plan);
      parity ^= 1;
    },

    feedforwardDataset(data, out, first = 0, count = data.count - first): void {
      if (first < 0 || count < 0 || first + count > data.count) throw new RangeError(`examples [${first}, ${first + count}) are not within the dataset's ${data.count}`);
      const nL = sizes[L - 1];
      if (out.length < count * nL) throw new RangeError(`out holds ${out.length} values; ${count} examples need ${count * nL}`);
      if (count === 0) return;
      runner.settle();
      if (count * nL > outCapacity) {
        if (outBlock !== 0) heap.release(outBlock);
        outCapacity = count * nL;
        outBlock = heap.alloc(outCapacity * S);
      }
      views();
      const plan = plans[parity];
      useDataset(data, plan);
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

/** Layer l's entry of a plan's layer table (layout.ts: G_*), from word `w` on. */
function writeGeometry(i32: Int32Array, w: number, geometry: readonly LayerGeometry[], l: number, sums: number[][][] | undefined): void {
  const g = geometry[l];
  const below = geometry[l - 1] ?? g;
  i32[w + G_TYPE] = g.type;
  i32[w + G_HIN] = below.shape[0];
  i32[w + G_WIN] = below.shape[1];
  i32[w + G_CIN] = below.shape[2];
  i32[w + G_HOUT] = g.shape[0];
  i32[w + G_WOUT] = g.shape[1];
  i32[w + G_COUT] = g.shape[2];
  i32[w + G_KH] = g.kh;
  i32[w + G_KW] = g.kw;
  i32[w + G_WPIN] = below.wp;
  i32[w + G_WPOUT] = g.wp;
  i32[w + G_KWP] = g.kwp;
  if (sums !== undefined) {
    i32[w + G_RW0] = sums[0][l][0];
    i32[w + G_RB0] = sums[0][l][1];
    i32[w + G_RW1] = sums[1][l][0];
    i32[w + G_RB1] = sums[1][l][1];
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
