import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { convLayer, denseLayer, layerSteps, poolLayer, type LayerStep } from '../../src/network/layerTypes/index.ts';
import type { ConvLayer, Layer, PoolLayer, Shape } from '../../src/network/layers.ts';

/**
 * Chapter 6's formulas on cases small enough to work out by hand (docs/formulas.md, 8–12):
 * every number below was computed on paper from the formula it tests, not by the code.
 */
function step<T extends Layer>(inputShape: Shape, layer: T): LayerStep<T> {
  return layerSteps({ sizes: [], inputShape, layers: [layer] })[2] as LayerStep<T>;
}

// a^{l−1}: a 3 × 3 image whose value at row x, column y is 3x + y + 1.
const image = [1, 2, 3, 4, 5, 6, 7, 8, 9];

describe('(8) conv forward: z^l_{f,j,k} = b^l_f + Σ_c Σ_{p,q} w^l_{f,c,p,q} a^{l−1}_{c,j+p,k+q}', () => {
  it('one map, one channel, a 2×2 field over 3×3: each z sums its window', () => {
    const s = step([3, 3, 1], { type: 'conv', maps: 1, field: [2, 2], activation: 'sigmoid' });
    assert.deepEqual(s.output, [2, 2, 1]);
    const z = new Float64Array(4);
    convLayer.forward(s, [1, 2, 3, 4], [0.5], image, 0, z, 0);
    // z_{0,0} = 1·1 + 2·2 + 3·4 + 4·5 + 0.5; z_{0,1} = 1·2 + 2·3 + 3·5 + 4·6 + 0.5; …
    assert.deepEqual([...z], [37.5, 47.5, 67.5, 77.5]);
  });

  it('two maps over two channels: weights in (f, c, p, q) order, outputs map after map, read from an offset', () => {
    const s = step([3, 3, 2], { type: 'conv', maps: 2, field: [2, 2], activation: 'sigmoid' });
    // channel 0 is the image, channel 1 all ones; two values before the example (offset 2).
    const a = [99, 99, ...image, ...Array<number>(9).fill(1)];
    // map 0: [1 2; 3 4] on channel 0, [1 1; 1 1] on channel 1, b 0.5 → the sums above + 4
    // map 1: [0 0; 0 1] on channel 0, [−1 0; 0 0] on channel 1, b −1 → a_{0,j+1,k+1} − 2
    const w = [1, 2, 3, 4, 1, 1, 1, 1, 0, 0, 0, 1, -1, 0, 0, 0];
    const z = new Float64Array(9);
    convLayer.forward(s, w, [0.5, -1], a, 2, z, 1);
    assert.deepEqual([...z], [0, 41.5, 51.5, 71.5, 81.5, 3, 4, 6, 7]);
  });
});

describe('(9) max-pooling forward: the window maximum, the first in row-major order on a tie', () => {
  const s = step([4, 4, 1], { type: 'pool', size: [2, 2] });
  // windows: [1 3; 2 0] → 3, [5 5; 1 5] → 5 (tie: the first, at row 0 column 2),
  //          [0 0; 0 0] → 0 (all tied: the top-left), [−1 −4; −2 −3] → −1
  const a = [1, 3, 5, 5, 2, 0, 1, 5, 0, 0, -1, -4, 0, 0, -2, -3];

  it('takes each 2×2 window’s maximum', () => {
    const z = new Float64Array(4);
    poolLayer.forward(s, [], [], a, 0, z, 0);
    assert.deepEqual([...z], [3, 5, 0, -1]);
    assert.equal(poolLayer.weightCount(s) + poolLayer.biasCount(s), 0);
  });

  it('(10) backward: δ goes to each window’s (first) maximum and 0 elsewhere', () => {
    const into = new Float64Array(16).fill(NaN);
    poolLayer.backward(s, [], a, 0, [10, 20, 30, 40], 0, into, 0);
    assert.deepEqual([...into], [0, 10, 20, 0, 0, 0, 0, 0, 30, 0, 40, 0, 0, 0, 0, 0]);
  });

  it('pools each channel on its own', () => {
    const s2 = step([2, 2, 2], { type: 'pool', size: [2, 2] } as PoolLayer);
    const z = new Float64Array(2);
    poolLayer.forward(s2, [], [], [1, 4, 2, 3, -5, -6, -7, -8], 0, z, 0);
    assert.deepEqual([...z], [4, -5]);
    const into = new Float64Array(8);
    poolLayer.backward(s2, [], [1, 4, 2, 3, -5, -6, -7, -8], 0, [1, 2], 0, into, 0);
    assert.deepEqual([...into], [0, 1, 0, 0, 2, 0, 0, 0]);
  });
});

describe('conv backward and gradients, by hand on a 3×3 input, 2×2 field, δ^l = [1 0; 0 2]', () => {
  const s = step([3, 3, 1], { type: 'conv', maps: 1, field: [2, 2], activation: 'sigmoid' } as ConvLayer);
  const w = [1, 2, 3, 4];
  const delta = [1, 0, 0, 2];

  it('(11) δ^{l−1}_{c,x,y} before σ\': Σ_f Σ_{p,q} w_{f,c,p,q} δ_{f,x−p,y−q}, a full correlation with the flipped kernel', () => {
    const into = new Float64Array(9);
    convLayer.backward(s, w, image, 0, delta, 0, into, 0);
    // e.g. (1,1): w00 δ11 + w01 δ10 + w10 δ01 + w11 δ00 = 2 + 0 + 0 + 4
    assert.deepEqual([...into], [1, 2, 0, 3, 6, 4, 0, 6, 8]);
  });

  it('(12) ∂C/∂b_f = Σ_{j,k} δ_{f,j,k} and ∂C/∂w_{f,c,p,q} = Σ_{j,k} a_{c,j+p,k+q} δ_{f,j,k}, added to the sums', () => {
    const nablaW = new Float64Array([100, 0, 0, 0]);
    const nablaB = new Float64Array([1]);
    convLayer.gradients(s, image, 0, delta, 0, nablaW, nablaB);
    // w_{p,q}: a_{p,q} · 1 + a_{1+p,1+q} · 2 → 1 + 10, 2 + 12, 4 + 16, 5 + 18 (plus the 100 already there)
    assert.deepEqual([...nablaW], [111, 14, 20, 23]);
    assert.deepEqual([...nablaB], [4]);
  });

  it('a field as large as its input is a dense layer over the flattened input', () => {
    const conv = step([2, 2, 2], { type: 'conv', maps: 3, field: [2, 2], activation: 'sigmoid' } as ConvLayer);
    const dense = step([1, 1, 8], { type: 'dense', neurons: 3, activation: 'sigmoid' });
    const weights = Array.from({ length: 24 }, (_, i) => Math.sin(i + 1));
    const a = Array.from({ length: 8 }, (_, i) => Math.cos(i));
    const zc = new Float64Array(3);
    const zd = new Float64Array(3);
    convLayer.forward(conv, weights, [0.1, 0.2, 0.3], a, 0, zc, 0);
    denseLayer.forward(dense, weights, [0.1, 0.2, 0.3], a, 0, zd, 0);
    assert.deepEqual([...zc], [...zd]);
  });
});

describe('shapes', () => {
  it('an impossible shape names its layer before any work', () => {
    assert.throws(() => layerSteps({ sizes: [], inputShape: [4, 4, 1], layers: [{ type: 'conv', maps: 2, field: [5, 5], activation: 'relu' }] }), /layer 2 \(conv:2:5x5, input 4x4x1\): the 5x5 field is larger than its 4x4 input/);
    assert.throws(
      () => layerSteps({ sizes: [], inputShape: [28, 28, 1], layers: [{ type: 'conv', maps: 2, field: [5, 5], activation: 'relu' }, { type: 'pool', size: [5, 5] }] }),
      /layer 3 \(pool:5x5, input 24x24x2\): 5x5 pooling does not divide its 24x24 input/,
    );
  });
});
