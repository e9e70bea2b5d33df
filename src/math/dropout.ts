/**
 * Dropout masks that every kernel computes alike, bit for bit, from a counter-based hash
 * (no random-number state to share between threads, or between TypeScript and WebAssembly):
 * neuron j of hidden layer l, for the training example in dataset row `row` at global step t
 * (1-based) of a run seeded `seed`, is kept when
 *   dropoutHash(seed, t, row, l, j) ≥ dropoutThreshold(p),
 * i.e. with probability 1 − p (the hash is uniform on 0..2³²−1). Inverted dropout: a kept a^l_j
 * is multiplied by 1/(1 − p) during training, so inference uses the network unscaled.
 *
 * The hash is MurmurHash3 x86_32, seeded with `seed`, of the 16 bytes of t, row, layer, neuron
 * as little-endian 32-bit words; every operation is a 32-bit one (Math.imul, >>>, ^), so the
 * AssemblyScript writes the same with u32 and gets the same bits.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** MurmurHash3 x86_32's step for one 32-bit word k into the state h. */
function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = rotl(k, 15);
  k = Math.imul(k, C2);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3's finaliser (fmix32): every input bit affects every output bit. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 x86_32 of (t, row, layer, neuron) seeded with `seed`, each taken modulo 2³²: uniform on 0..2³²−1. */
export function dropoutHash(seed: number, t: number, row: number, layer: number, neuron: number): number {
  let h = seed | 0;
  h = mixWord(h, t | 0);
  h = mixWord(h, row | 0);
  h = mixWord(h, layer | 0);
  h = mixWord(h, neuron | 0);
  // the length in bytes, as MurmurHash3 mixes it in before finalising
  h ^= 16;
  return fmix32(h);
}

/** floor(p · 2³²): a neuron is dropped when its hash is below this (0 for p = 0: none dropped). */
export function dropoutThreshold(p: number): number {
  return Math.min(Math.floor(p * 4294967296), 4294967295);
}

/** Whether neuron `neuron` of layer `layer` is kept (see above). */
export function dropoutKeeps(seed: number, t: number, row: number, layer: number, neuron: number, threshold: number): boolean {
  return dropoutHash(seed, t, row, layer, neuron) >= threshold;
}

/** Checks a dropout probability: 0 ≤ p < 1. */
export function checkDropout(p: number): void {
  if (!Number.isFinite(p) || p < 0 || p >= 1) throw new RangeError(`the dropout probability p must be in [0, 1), got ${p}`);
}
