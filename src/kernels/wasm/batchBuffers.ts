import type { Heap } from './heap.ts';
import { D_A, D_C, D_D, D_P, H_NEXT, H_ORDER, H_Z, H_ZHALF, descIndex } from './layout.ts';
import type { MemoryViews } from './memoryViews.ts';
import type { KernelShape, Region } from './parameters.ts';

/**
 * A WebAssembly kernel's batch buffers, grown to the largest mini-batch seen: each plan's order
 * and guess at the next batch's, its partial sums of layer 2 (written by two threads at once,
 * read by both), and each training thread's own A^l, δ^l, c^l (every thread computes every
 * example: see "a mini-batch" in assembly/kernel.ts), with dropout a hidden layer's P too.
 */
export class BatchBuffers {
  private capacity = 0;
  private blocks: number[] = [];
  /** The float buffers among the blocks, by name (buffers.ts). */
  regions: Region[] = [];

  private readonly heap: Heap;
  private readonly views: MemoryViews;
  private readonly shape: KernelShape;
  private readonly plans: readonly number[];
  private readonly descriptors: number;
  /** Whether hidden layers have a P buffer (dropout). */
  private readonly dropout: boolean;
  /** Waits for the threads before the buffers move. */
  private readonly settle: () => void;

  constructor(heap: Heap, views: MemoryViews, shape: KernelShape, plans: readonly number[], descriptors: number, dropout: boolean, settle: () => void) {
    this.heap = heap;
    this.views = views;
    this.shape = shape;
    this.plans = plans;
    this.descriptors = descriptors;
    this.dropout = dropout;
    this.settle = settle;
  }

  /** Room for a batch of m examples. */
  ensure(m: number): void {
    if (m > this.capacity) this.grow(m);
  }

  /** The slow path of ensure, apart: its closures would otherwise be allocated on every call. */
  private grow(m: number): void {
    this.settle();
    for (const p of this.blocks) this.heap.release(p);
    this.blocks = [];
    this.regions = [];
    this.capacity = Math.max(m, 2 * this.capacity);
    const capacity = this.capacity;
    const { L, T, trainers, strides, S } = this.shape;
    const block = (bytes: number, name?: string): number => {
      const p = this.heap.alloc(bytes);
      this.blocks.push(p);
      if (name !== undefined) this.regions.push({ name, address: p, bytes });
      return p;
    };
    const orders = this.plans.map(() => [block(capacity * 4), block(capacity * 4)]);
    // z_0 and z_1 on separate cache lines: two threads write them at once. One pair per
    // plan: a thread may begin the next batch's sums while the other still reads this one's.
    const half = Math.ceil((capacity * strides[2] * S) / 64) * 64;
    const partialSums = this.plans.map((_, parity) => block(2 * half, `z_0, z_1 of plan ${parity}`));
    const buffers: number[][][] = []; // [thread][l] → [A, δ, c, P]
    for (let t = 0; t < trainers; t++) {
      const own: number[][] = [];
      for (let l = 2; l <= L; l++) {
        const bytes = capacity * strides[l] * S;
        const name = (what: string): string => `${what}^${l} thread ${t}`;
        own[l] = [block(bytes, name('A')), block(bytes, name('δ')), block(bytes, name('c')), this.dropout && l < L ? block(bytes, name('P')) : 0];
      }
      buffers.push(own);
    }
    this.views.refresh();
    const { i32 } = this.views;
    for (let t = 0; t < T; t++) {
      for (let l = 2; l <= L; l++) {
        // threads beyond the trainers never train; their fields point at thread 0's
        const [a, d, c, p] = buffers[t < trainers ? t : 0][l];
        i32[descIndex(this.descriptors, L, t, l, D_P)] = p;
        i32[descIndex(this.descriptors, L, t, l, D_A)] = a;
        i32[descIndex(this.descriptors, L, t, l, D_D)] = d;
        i32[descIndex(this.descriptors, L, t, l, D_C)] = c;
      }
    }
    this.plans.forEach((plan, parity) => {
      i32[plan / 4 + H_ZHALF] = half;
      i32[plan / 4 + H_Z] = partialSums[parity];
      i32[plan / 4 + H_ORDER] = orders[parity][0];
      i32[plan / 4 + H_NEXT] = orders[parity][1];
    });
  }
}
