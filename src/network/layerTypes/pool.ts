import type { PoolLayer } from '../layers.ts';
import type { LayerStep, LayerType } from './layerType.ts';

/**
 * Max-pooling (chapter 6): P_h × P_w windows with stride P over each channel of a^{l−1}, no
 * parameters. a^l_{c,j,k} = z^l_{c,j,k} = the window's maximum (its σ is 'linear'); on a tie the
 * first maximum in row-major order wins, as in PyTorch and Theano.
 */
export const poolLayer: LayerType<PoolLayer> = {
  weightCount: () => 0,
  biasCount: () => 0,
  fanIn: ({ layer }) => layer.size[0] * layer.size[1],
  fanOut: () => 1,

  // z^l_{c,j,k} = max_{p,q} a^{l−1}_{c, j·P_h + p, k·P_w + q}
  forward(step, _w, _b, aPrev, aFrom, z, zFrom) {
    const [Ho, Wo, C] = step.output;
    for (let c = 0; c < C; c++) {
      for (let j = 0; j < Ho; j++) {
        for (let k = 0; k < Wo; k++) z[zFrom + (c * Ho + j) * Wo + k] = aPrev[aFrom + windowMaximum(step, aPrev, aFrom, c, j, k)];
      }
    }
  },

  // δ^l_{c,j,k} goes to the position of its window's maximum, 0 to the rest of the window.
  backward(step, _w, aPrev, aFrom, delta, dFrom, into, intoFrom) {
    const [Ho, Wo, C] = step.output;
    for (let i = 0; i < step.nIn; i++) into[intoFrom + i] = 0;
    for (let c = 0; c < C; c++) {
      for (let j = 0; j < Ho; j++) {
        for (let k = 0; k < Wo; k++) {
          into[intoFrom + windowMaximum(step, aPrev, aFrom, c, j, k)] = delta[dFrom + (c * Ho + j) * Wo + k];
        }
      }
    }
  },

  gradients() {},
};

/**
 * Where window (j, k) of channel c has its maximum: the index in a^{l−1} (from `aFrom`) of the
 * first largest value in row-major order (a later equal value does not replace it).
 */
export function windowMaximum(step: LayerStep<PoolLayer>, aPrev: ArrayLike<number>, aFrom: number, c: number, j: number, k: number): number {
  const [H, W] = step.input;
  const [Ph, Pw] = step.layer.size;
  let best = (c * H + j * Ph) * W + k * Pw;
  for (let p = 0; p < Ph; p++) {
    for (let q = 0; q < Pw; q++) {
      const i = (c * H + j * Ph + p) * W + k * Pw + q;
      if (aPrev[aFrom + i] > aPrev[aFrom + best]) best = i;
    }
  }
  return best;
}
