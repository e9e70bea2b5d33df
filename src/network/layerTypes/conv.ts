import type { ConvLayer } from '../layers.ts';
import type { LayerType } from './layerType.ts';

/**
 * A convolutional layer (chapter 6): F feature maps of K_h × K_w local receptive fields over the
 * C channels of a^{l−1} (H × W), stride 1, no padding, so z^l is F × (H − K_h + 1) × (W − K_w + 1).
 * Shared weights w^l_{f,c,p,q} at ((f · C + c) · K_h + p) · K_w + q (PyTorch's Conv2d order),
 * one bias b^l_f per map; a^{l−1}_{c,x,y} at (c · H + x) · W + y, z^l_{f,j,k} at (f · H' + j) · W' + k.
 * Sums run over c, then p, then q (the weight order).
 */
export const convLayer: LayerType<ConvLayer> = {
  weightCount: ({ layer, input }) => layer.maps * input[2] * layer.field[0] * layer.field[1],
  biasCount: ({ layer }) => layer.maps,
  fanIn: ({ layer, input }) => input[2] * layer.field[0] * layer.field[1],
  fanOut: ({ layer }) => layer.maps * layer.field[0] * layer.field[1],

  // z^l_{f,j,k} = b^l_f + Σ_c Σ_{p,q} w^l_{f,c,p,q} a^{l−1}_{c,j+p,k+q}
  forward({ layer, input, output }, w, b, aPrev, aFrom, z, zFrom) {
    const [H, W, C] = input;
    const [Ho, Wo] = output;
    const [Kh, Kw] = layer.field;
    // A row of z^l at a time, k innermost: each z^l_{f,j,k} still sums b^l_f, then c, p, q in
    // the weight order (the same bits as one sum per position), but the inner loop runs along a
    // row of a^{l−1} with one weight, which ran the playground's chapter 6 maps 2–3× faster.
    const row = new Float64Array(Wo);
    for (let f = 0; f < layer.maps; f++) {
      for (let j = 0; j < Ho; j++) {
        row.fill(b[f]);
        for (let c = 0; c < C; c++) {
          for (let p = 0; p < Kh; p++) {
            const wRow = ((f * C + c) * Kh + p) * Kw;
            const aRow = aFrom + (c * H + j + p) * W;
            for (let q = 0; q < Kw; q++) {
              const wq = w[wRow + q];
              const at = aRow + q;
              for (let k = 0; k < Wo; k++) row[k] += wq * aPrev[at + k];
            }
          }
        }
        const zRow = zFrom + (f * Ho + j) * Wo;
        for (let k = 0; k < Wo; k++) z[zRow + k] = row[k];
      }
    }
  },

  // Σ_f Σ_{p,q} w^l_{f,c,p,q} δ^l_{f,x−p,y−q} over the (p, q) with x − p, y − q inside z^l:
  // a full correlation of δ^l with the flipped kernels (δ^{l−1} = this ⊙ σ'(z^{l−1})).
  backward({ layer, input, output }, w, _aPrev, _aFrom, delta, dFrom, into, intoFrom) {
    const [H, W, C] = input;
    const [Ho, Wo] = output;
    const [Kh, Kw] = layer.field;
    for (let c = 0; c < C; c++) {
      for (let x = 0; x < H; x++) {
        const pFrom = Math.max(0, x - Ho + 1);
        const pTo = Math.min(Kh - 1, x);
        for (let y = 0; y < W; y++) {
          const qFrom = Math.max(0, y - Wo + 1);
          const qTo = Math.min(Kw - 1, y);
          let sum = 0;
          for (let f = 0; f < layer.maps; f++) {
            for (let p = pFrom; p <= pTo; p++) {
              const wRow = ((f * C + c) * Kh + p) * Kw;
              const dRow = dFrom + (f * Ho + x - p) * Wo + y;
              for (let q = qFrom; q <= qTo; q++) sum += w[wRow + q] * delta[dRow - q];
            }
          }
          into[intoFrom + (c * H + x) * W + y] = sum;
        }
      }
    }
  },

  // ∂C/∂b^l_f = Σ_{j,k} δ^l_{f,j,k},  ∂C/∂w^l_{f,c,p,q} = Σ_{j,k} a^{l−1}_{c,j+p,k+q} δ^l_{f,j,k}
  gradients({ layer, input, output }, aPrev, aFrom, delta, dFrom, nablaW, nablaB) {
    const [H, W, C] = input;
    const [Ho, Wo] = output;
    const [Kh, Kw] = layer.field;
    for (let f = 0; f < layer.maps; f++) {
      const dMap = dFrom + f * Ho * Wo;
      let sumB = 0;
      for (let i = 0; i < Ho * Wo; i++) sumB += delta[dMap + i];
      nablaB[f] += sumB;
      for (let c = 0; c < C; c++) {
        for (let p = 0; p < Kh; p++) {
          for (let q = 0; q < Kw; q++) {
            let sum = 0;
            for (let j = 0; j < Ho; j++) {
              const aRow = aFrom + (c * H + j + p) * W + q;
              const dRow = dMap + j * Wo;
              for (let k = 0; k < Wo; k++) sum += aPrev[aRow + k] * delta[dRow + k];
            }
            nablaW[((f * C + c) * Kh + p) * Kw + q] += sum;
          }
        }
      }
    }
  },
};
