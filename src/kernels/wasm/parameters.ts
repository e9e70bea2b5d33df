import type { Heap } from './heap.ts';
import { D_B, D_GB, D_GW, D_INF, D_S1B, D_S1W, D_S2B, D_S2W, D_W, INFER_CHUNK, descIndex, paddedStride } from './layout.ts';
import type { MatrixPlace } from './matrices.ts';

/** The sizes a WebAssembly kernel's memory is laid out by. */
export interface KernelShape {
  /** L, the number of layers. */
  readonly L: number;
  /** Threads T; of them, `trainers` (at most two) train, each with its own w^l, b^l for l ≥ 3. */
  readonly T: number;
  readonly trainers: number;
  /** Bytes per element. */
  readonly S: 4 | 8;
  /** n[l], l = 1..L (n[0] unused). */
  readonly n: readonly number[];
  /** strides[l]: row length of layer l's activations, padded (layout.ts: paddedStride). */
  readonly strides: readonly number[];
  /** The rule's state arrays per parameter array (src/math/updateRules: stateCount). */
  readonly states: number;
}

export function kernelShape(sizes: readonly number[], bytes: 4 | 8, threads: number, states: number): KernelShape {
  const L = sizes.length;
  return { L, T: threads, trainers: Math.min(threads, 2), S: bytes, n: [0, ...sizes], strides: [0, ...sizes.map((n, i) => paddedStride(n, bytes, i + 1, L))], states };
}

/** Bytes of w^l as the kernel stores it (w^2 transposed: n_1 rows of stride_2). */
export function weightBytes(shape: KernelShape, l: number): number {
  const { n, strides, S } = shape;
  return l === 2 ? n[1] * strides[2] * S : n[l] * strides[l - 1] * S;
}

/** Where w^l (or an array shaped like it) at byte address `address` lies: see matrices.ts. */
export function placeOf(shape: KernelShape, l: number, address: number): MatrixPlace {
  const { n, strides, S } = shape;
  return { at: address / S, rows: n[l], cols: n[l - 1], stride: strides[l === 2 ? 2 : l - 1], transposed: l === 2 };
}

/** A float buffer in the memory: its name, byte address and size (buffers.ts lists them for tests). */
export interface Region {
  readonly name: string;
  readonly address: number;
  readonly bytes: number;
}

/**
 * The parameters' addresses, updated in place. w^2 and b^2 once, shared (each of two threads
 * updates the rows of w^2 in its half of the inputs); w^l, b^l for l ≥ 3 once per training
 * thread (at most two: see "a mini-batch" in assembly/kernel.ts), each updated by its own
 * thread with the same bits; threads beyond those use thread 0's copy (for inference).
 */
export interface KernelParameters {
  /** weights[l][t], biases[l][t]: thread t's copy of w^l, b^l (the same address for every t when l = 2). */
  readonly weights: readonly (readonly number[])[];
  readonly biases: readonly (readonly number[])[];
  /**
   * The update rule's gradients G and state (other rules than SGD), per parameter array and
   * copy, in its layout (see layout.ts: D_GW): [G, S1, S2] for w at gradients[l][copy], for b
   * at biasGradients[l][copy]; 0 where the rule keeps none.
   */
  readonly gradients: readonly (readonly (readonly number[])[])[];
  readonly biasGradients: readonly (readonly (readonly number[])[])[];
  /** inferBuffers[t][l]: thread t's chunk of layer l's activations; for l = 1 the chunk's partial sums of layer 2 (two halves). */
  readonly inferBuffers: readonly (readonly number[])[];
  /** Every buffer above, by name. */
  readonly regions: readonly Region[];
}

export function allocateParameters(heap: Heap, shape: KernelShape): KernelParameters {
  const { L, T, trainers, S, strides, states } = shape;
  const weights: number[][] = [[], []];
  const biases: number[][] = [[], []];
  const gradients: number[][][] = [[], []];
  const biasGradients: number[][][] = [[], []];
  const regions: Region[] = [];
  for (let l = 2; l <= L; l++) {
    const copies = l === 2 ? 1 : trainers;
    const w = Array.from({ length: copies }, () => heap.alloc(weightBytes(shape, l)));
    const b = Array.from({ length: copies }, () => heap.alloc(strides[l] * S));
    w.forEach((p, t) => regions.push({ name: `w^${l} copy ${t}`, address: p, bytes: weightBytes(shape, l) }));
    b.forEach((p, t) => regions.push({ name: `b^${l} copy ${t}`, address: p, bytes: strides[l] * S }));
    weights.push(Array.from({ length: T }, (_, t) => w[t < copies ? t : 0]));
    biases.push(Array.from({ length: T }, (_, t) => b[t < copies ? t : 0]));
  }
  for (let l = 2; l <= L; l++) {
    const copies = l === 2 ? 1 : trainers;
    const arrays = (bytes: number, what: string): number[][] =>
      Array.from({ length: copies }, (_, copy) =>
        Array.from({ length: 3 }, (_, i) => {
          if (!(states > 0 && i <= states)) return 0;
          const address = heap.alloc(bytes);
          regions.push({ name: `${i === 0 ? 'G' : `state ${i}`} of ${what} copy ${copy}`, address, bytes });
          return address;
        }),
      );
    gradients.push(arrays(weightBytes(shape, l), `w^${l}`));
    biasGradients.push(arrays(strides[l] * S, `b^${l}`));
  }
  const inferBuffers: number[][] = [];
  for (let t = 0; t < T; t++) {
    const row: number[] = [0, heap.alloc(2 * INFER_CHUNK * strides[2] * S)];
    for (let l = 2; l <= L; l++) row.push(heap.alloc(INFER_CHUNK * strides[l] * S));
    row.forEach((address, l) => {
      if (l >= 1) regions.push({ name: `inference ${l === 1 ? 'z_0, z_1' : `a^${l}`} thread ${t}`, address, bytes: INFER_CHUNK * strides[Math.max(l, 2)] * S * (l === 1 ? 2 : 1) });
    });
    inferBuffers.push(row);
  }
  return { weights, biases, gradients, biasGradients, inferBuffers, regions };
}

/** Writes the parameters', the rule's and the inference buffers' addresses into every thread's descriptors. */
export function describeParameters(i32: Int32Array, descriptors: number, shape: KernelShape, p: KernelParameters): void {
  const { L, T, trainers } = shape;
  for (let t = 0; t < T; t++) {
    const at = (l: number, field: number): number => descIndex(descriptors, L, t, l, field);
    for (let l = 1; l <= L; l++) {
      i32[at(l, D_INF)] = p.inferBuffers[t][l];
      if (l < 2) continue;
      i32[at(l, D_W)] = p.weights[l][t];
      i32[at(l, D_B)] = p.biases[l][t];
      const copy = l === 2 || t >= trainers ? 0 : t;
      const [gw, s1w, s2w] = p.gradients[l][copy];
      const [gb, s1b, s2b] = p.biasGradients[l][copy];
      i32[at(l, D_GW)] = gw;
      i32[at(l, D_S1W)] = s1w;
      i32[at(l, D_S2W)] = s2w;
      i32[at(l, D_GB)] = gb;
      i32[at(l, D_S1B)] = s1b;
      i32[at(l, D_S2B)] = s2b;
    }
  }
}

/**
 * Copies thread 0's w^l, b^l (l ≥ 3) and their rule state over the other training thread's
 * copy (runner.ts: WasmContext.syncCopies).
 */
export function syncCopies(memory: WebAssembly.Memory, shape: KernelShape, p: KernelParameters): void {
  const { L, trainers, strides, S, states } = shape;
  const bytes = new Uint8Array(memory.buffer);
  for (let l = 3; l <= L; l++) {
    const wBytes = weightBytes(shape, l);
    for (let t = 1; t < trainers; t++) {
      bytes.copyWithin(p.weights[l][t], p.weights[l][0], p.weights[l][0] + wBytes);
      bytes.copyWithin(p.biases[l][t], p.biases[l][0], p.biases[l][0] + strides[l] * S);
      for (let i = 1; i <= states; i++) {
        bytes.copyWithin(p.gradients[l][t][i], p.gradients[l][0][i], p.gradients[l][0][i] + wBytes);
        bytes.copyWithin(p.biasGradients[l][t][i], p.biasGradients[l][0][i], p.biasGradients[l][0][i] + strides[l] * S);
      }
    }
  }
}
