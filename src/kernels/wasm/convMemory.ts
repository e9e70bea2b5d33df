import type { Heap } from './heap.ts';
import { type LayerGeometry } from './convolution.ts';
import type { PlanCodes } from './codes.ts';
import {
  D_A, D_ACT, D_B, D_C, D_D, D_GB, D_GW, D_INF, D_N, D_P, D_S1B, D_S1W, D_S2B, D_S2W, D_STRIDE, D_W, DESC_BYTES, GEOM_BYTES, G_CIN, G_COUT, G_HIN, G_HOUT, G_KH, G_KW,
  G_KWP, G_RB0, G_RB1, G_RW0, G_RW1, G_TYPE, G_WIN, G_WOUT, G_WPIN, G_WPOUT, HEADER_BYTES, H_CHUNK, H_CONV, H_COST, H_DESC, H_GEOM, H_HALVES, H_L, H_ORDER, H_RULE,
  INFER_CHUNK, LAYER_CODES, descIndex,
} from './layout.ts';
import type { MemoryViews } from './memoryViews.ts';

/**
 * The memory of a WebAssembly kernel for a network with conv and pool layers (conv-kernel.ts):
 * its shape, where its plans, parameters and buffers lie, the plans' fields that stay for the
 * kernel's life, and the batch buffers grown to the largest mini-batch.
 */

/** The sizes a conv kernel's memory is laid out by. */
export interface ConvShape {
  /** n_l per layer, input first (the spec's sizes). */
  readonly sizes: readonly number[];
  /** L, the number of layers. */
  readonly L: number;
  /** Threads T; of them, `trainers` (at most two) train, each with its own copy of every parameter. */
  readonly T: number;
  readonly trainers: number;
  /** Bytes per element. */
  readonly S: 4 | 8;
  /** geometry[l]: layer l's type, shape, padded rows and field (convolution.ts). */
  readonly geometry: readonly LayerGeometry[];
  /** The rule's state arrays per parameter array (src/math/updateRules: stateCount). */
  readonly states: number;
  /** Dropout's p (hidden dense layers only). */
  readonly dropout: number;
}

/** Whether layer l has weights and biases (a conv or dense layer; a pool has none). */
export function hasParameters(shape: ConvShape, l: number): boolean {
  return shape.geometry[l].type !== LAYER_CODES.pool;
}

/** Where everything that lives as long as the kernel lies (byte addresses). */
export interface ConvLayout {
  /** Two plans, for alternate batches, each with its two halves' plans and its layer table. */
  readonly plans: readonly number[];
  readonly halves: readonly number[];
  readonly tables: readonly number[];
  readonly descriptors: number;
  /** The runner's synchronisation words (0 without). */
  readonly control: number;
  /** copies[t][l]: training copy t's [w, b, Gw, S1w, S2w, Gb, S1b, S2b] of layer l (0 where none). */
  readonly copies: readonly (readonly (readonly number[])[])[];
  /** sums[plan][half][l]: the half's gradient sums R of layer l, [w, b] (assembly/convBatch.ts). */
  readonly sums: readonly (readonly (readonly (readonly number[])[])[])[];
  /** inferBuffers[t][l]: thread t's inference activations of layer l. */
  readonly inferBuffers: readonly (readonly number[])[];
}

/** Allocates the plans, the descriptors, the parameters, the gradient sums and the inference buffers, in that order. */
export function allocateConv(heap: Heap, shape: ConvShape, controlWords: number): ConvLayout {
  const { L, T, S, geometry, states } = shape;
  const plans = [heap.alloc(HEADER_BYTES), heap.alloc(HEADER_BYTES)];
  const halves = plans.map(() => heap.alloc(2 * HEADER_BYTES));
  const tables = plans.map(() => heap.alloc((L + 1) * GEOM_BYTES));
  const descriptors = heap.alloc(T * (L + 1) * DESC_BYTES);
  const control = controlWords ? heap.alloc(controlWords * 4) : 0;
  const copies: number[][][] = [];
  for (let t = 0; t < shape.trainers; t++) {
    const own: number[][] = [];
    for (let l = 2; l <= L; l++) {
      if (!hasParameters(shape, l)) continue;
      const wBytes = geometry[l].weightElements * S;
      const bBytes = geometry[l].biasElements * S;
      const state = (bytes: number, i: number): number => (states > 0 && i <= states ? heap.alloc(bytes) : 0);
      own[l] = [heap.alloc(wBytes), heap.alloc(bBytes), state(wBytes, 1), state(wBytes, 1), state(wBytes, 2), state(bBytes, 1), state(bBytes, 1), state(bBytes, 2)];
    }
    copies.push(own);
  }
  const sums = plans.map(() =>
    [0, 1].map(() => {
      const r: number[][] = [];
      for (let l = 2; l <= L; l++) if (hasParameters(shape, l)) r[l] = [heap.alloc(geometry[l].weightElements * S), heap.alloc(geometry[l].biasElements * S)];
      return r;
    }),
  );
  const inferBuffers = Array.from({ length: T }, () => geometry.map((g, l) => (l >= 2 ? heap.alloc(INFER_CHUNK * g.stride * S) : 0)));
  return { plans, halves, tables, descriptors, control, copies, sums, inferBuffers };
}

/** What both plans' headers, their layer tables and every thread's descriptors hold for the kernel's life. */
export function writeConvPlans(i32: Int32Array, shape: ConvShape, layout: ConvLayout, codes: PlanCodes, rule: number): void {
  const { L, T, sizes, geometry, trainers } = shape;
  const { descriptors } = layout;
  layout.plans.forEach((plan, parity) => {
    const h = plan / 4;
    i32[h + H_L] = L;
    i32[h + H_CHUNK] = INFER_CHUNK;
    i32[h + H_DESC] = descriptors;
    i32[h + H_COST] = codes.cost;
    i32[h + H_RULE] = rule;
    i32[h + H_CONV] = 1;
    i32[h + H_GEOM] = layout.tables[parity];
    i32[h + H_HALVES] = layout.halves[parity];
    for (let l = 1; l <= L; l++) writeGeometry(i32, layout.tables[parity] / 4 + (l * GEOM_BYTES) / 4, geometry, l, l >= 2 && hasParameters(shape, l) ? layout.sums[parity] : undefined);
  });
  const at = (t: number, l: number, field: number): number => descIndex(descriptors, L, t, l, field);
  for (let t = 0; t < T; t++) {
    for (let l = 1; l <= L; l++) {
      i32[at(t, l, D_N)] = sizes[l - 1];
      i32[at(t, l, D_STRIDE)] = geometry[l].stride;
      i32[at(t, l, D_ACT)] = codes.activations[l] ?? 0;
      i32[at(t, l, D_INF)] = layout.inferBuffers[t][l];
      if (l >= 2 && hasParameters(shape, l)) {
        // threads beyond the trainers never train; their fields point at thread 0's copy
        const [w, b, gw, s1w, s2w, gb, s1b, s2b] = layout.copies[t < trainers ? t : 0][l];
        [[D_W, w], [D_B, b], [D_GW, gw], [D_S1W, s1w], [D_S2W, s2w], [D_GB, gb], [D_S1B, s1b], [D_S2B, s2b]].forEach(([field, address]) => (i32[at(t, l, field)] = address));
      }
    }
  }
}

/** Layer l's entry of a plan's layer table (layout.ts: G_*), from word `w` on. */
function writeGeometry(i32: Int32Array, w: number, geometry: readonly LayerGeometry[], l: number, sums: readonly (readonly (readonly number[])[])[] | undefined): void {
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

/** Copies training copy 0's parameters and rule state over the others' (runner.ts: syncCopies). */
export function syncConvCopies(memory: WebAssembly.Memory, shape: ConvShape, layout: ConvLayout): void {
  const bytes = new Uint8Array(memory.buffer);
  const { copies } = layout;
  for (let t = 1; t < shape.trainers; t++) {
    for (let l = 2; l <= shape.L; l++) {
      if (!hasParameters(shape, l)) continue;
      copies[0][l].forEach((from, i) => {
        const size = (i === 0 || (i >= 2 && i <= 4) ? shape.geometry[l].weightElements : shape.geometry[l].biasElements) * shape.S;
        if (from !== 0) bytes.copyWithin(copies[t][l][i], from, from + size);
      });
    }
  }
}

/**
 * Each training thread's batch buffers, for half a batch (each thread's share: see
 * assembly/convBatch.ts), grown to the largest mini-batch seen: A, δ, c and P (a pool's
 * maxima's offsets; a hidden dense layer's dropout factors), and each plan's order.
 */
export class ConvBatchBuffers {
  private capacity = 0;
  private blocks: number[] = [];

  private readonly heap: Heap;
  private readonly views: MemoryViews;
  private readonly shape: ConvShape;
  private readonly layout: ConvLayout;
  /** Waits for the threads before the buffers move. */
  private readonly settle: () => void;

  constructor(heap: Heap, views: MemoryViews, shape: ConvShape, layout: ConvLayout, settle: () => void) {
    this.heap = heap;
    this.views = views;
    this.shape = shape;
    this.layout = layout;
    this.settle = settle;
  }

  /** Room for a batch of m examples (two halves of ⌈m/2⌉). */
  ensure(m: number): void {
    const half = Math.ceil(m / 2);
    if (half > this.capacity) this.grow(half);
  }

  private grow(half: number): void {
    this.settle();
    for (const p of this.blocks) this.heap.release(p);
    this.blocks = [];
    this.capacity = Math.max(half, 2 * this.capacity);
    const capacity = this.capacity;
    const { L, T, S, trainers, geometry, dropout } = this.shape;
    const block = (bytes: number): number => {
      const p = this.heap.alloc(bytes);
      this.blocks.push(p);
      return p;
    };
    const orders = this.layout.plans.map(() => block(2 * capacity * 4));
    const buffers = Array.from({ length: trainers }, () =>
      geometry.map((g, l) => {
        if (l < 2) return [0, 0, 0, 0];
        const bytes = capacity * g.stride * S;
        const p = g.type === LAYER_CODES.pool ? block(capacity * g.stride * 4) : dropout > 0 && l < L && g.type === LAYER_CODES.dense ? block(bytes) : 0;
        return [block(bytes), block(bytes), block(bytes), p];
      }),
    );
    this.views.refresh();
    const { i32 } = this.views;
    const { descriptors } = this.layout;
    for (let t = 0; t < T; t++) {
      for (let l = 2; l <= L; l++) {
        const [a, d, c, p] = buffers[t < trainers ? t : 0][l];
        i32[descIndex(descriptors, L, t, l, D_A)] = a;
        i32[descIndex(descriptors, L, t, l, D_D)] = d;
        i32[descIndex(descriptors, L, t, l, D_C)] = c;
        i32[descIndex(descriptors, L, t, l, D_P)] = p;
      }
    }
    this.layout.plans.forEach((plan, parity) => (i32[plan / 4 + H_ORDER] = orders[parity]));
  }
}
