import type { Dataset, DType, KernelSpec } from '../../src/kernels/kernel.ts';
import { shuffleInPlace, type Rng } from '../../src/math/rng.ts';

/** Shared by the kernel suites: specs, random datasets and orders from a seeded rng. */
export function spec(sizes: number[], dtype: DType): KernelSpec {
  return { sizes, activations: Array(sizes.length - 1).fill('sigmoid'), cost: 'quadratic', dtype };
}

/** `zeros`: the fraction of inputs that are 0 (MNIST: about 0.8), for the kernels that skip them. */
export function randomDataset(rng: Rng, count: number, nIn: number, nOut: number, bytes: boolean, zeros = 0): Dataset {
  const inputs = bytes ? new Uint8Array(count * nIn) : new Float64Array(count * nIn);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniform() < zeros ? 0 : bytes ? rng.int(256) : rng.normal();
  const targets = new Float64Array(count * nOut);
  for (let i = 0; i < targets.length; i++) targets[i] = rng.uniform();
  return { count, inputSize: nIn, outputSize: nOut, inputs, inputScale: bytes ? 1 / 255 : 1, targets };
}

/** 0..count−1 in a seeded random order. */
export function shuffled(rng: Rng, count: number): Uint32Array {
  const order = Uint32Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(order, rng);
  return order;
}
