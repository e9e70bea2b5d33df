import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropoutHash, dropoutKeeps, dropoutThreshold, fmix32 } from '../../src/math/dropout.ts';

/**
 * The dropout hash is MurmurHash3 x86_32 of t, row, layer, neuron (16 little-endian bytes)
 * seeded with `seed`; checked here against a byte-at-a-time implementation written from the
 * published algorithm, itself checked against the algorithm's known values.
 */
function murmur3Bytes(bytes: Uint8Array, seed: number): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = Math.floor(bytes.length / 4);
  for (let i = 0; i < blocks; i++) {
    let k = bytes[4 * i] | (bytes[4 * i + 1] << 8) | (bytes[4 * i + 2] << 16) | (bytes[4 * i + 3] << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // the 1-3 bytes past the last block, little-endian, mixed without the h rotation
  const tail = blocks * 4;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = 0;
    for (let i = rest - 1; i >= 0; i--) k = (k << 8) | bytes[tail + i];
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  return fmix32(h);
}

test('MurmurHash3 x86_32 known values: "" seed 0 → 0, "" seed 1 → 0x514e28b7, "hello" seed 0 → 0x248bfa47', () => {
  assert.equal(murmur3Bytes(new Uint8Array(0), 0), 0);
  assert.equal(murmur3Bytes(new Uint8Array(0), 1), 0x514e28b7);
  assert.equal(murmur3Bytes(new TextEncoder().encode('hello'), 0), 0x248bfa47);
});

test('dropoutHash(seed, t, row, layer, neuron) is MurmurHash3 of the 16 bytes of t, row, layer, neuron', () => {
  for (const [seed, t, row, layer, neuron] of [[0, 1, 0, 2, 0], [7, 123456, 49999, 3, 99], [0xffffffff, 0x7fffffff, 1, 2, 3]]) {
    const bytes = new Uint8Array(new Uint32Array([t, row, layer, neuron]).buffer); // little-endian on every engine nabla runs on
    assert.equal(dropoutHash(seed, t, row, layer, neuron), murmur3Bytes(bytes, seed));
  }
  // pinned, so that an AssemblyScript port can be checked against a number too
  assert.equal(dropoutHash(1, 2, 3, 4, 5), 0x72ae4458);
});

test('a neuron is kept with probability 1 − p, independently of its neighbours', () => {
  for (const p of [0.2, 0.5, 0.8]) {
    const threshold = dropoutThreshold(p);
    let kept = 0;
    let bothKept = 0;
    const n = 40000;
    for (let i = 0; i < n; i++) {
      const a = dropoutKeeps(3, 1 + (i >> 7), i & 127, 2, 5, threshold);
      const b = dropoutKeeps(3, 1 + (i >> 7), i & 127, 2, 6, threshold);
      if (a) kept++;
      if (a && b) bothKept++;
    }
    // 4 standard deviations of a binomial(n, 1 − p)
    const sd = Math.sqrt(n * p * (1 - p));
    assert.ok(Math.abs(kept - n * (1 - p)) < 4 * sd, `p = ${p}: kept ${kept} of ${n}`);
    assert.ok(Math.abs(bothKept - n * (1 - p) ** 2) < 4 * Math.sqrt(n), `p = ${p}: both kept ${bothKept}`);
  }
});

test('p = 0 keeps every neuron; the threshold is floor(p·2³²)', () => {
  assert.equal(dropoutThreshold(0), 0);
  assert.equal(dropoutThreshold(0.5), 2147483648);
  for (let j = 0; j < 100; j++) assert.ok(dropoutKeeps(1, 1, j, 2, j, 0));
});
