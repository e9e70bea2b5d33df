import { defineActivation } from './activation.ts';

/** The slope α of leaky ReLU below zero (Maas et al. 2013's 0.01). */
export const LEAKY_RELU_SLOPE = 0.01;

/** Leaky ReLU, σ(z) = z for z > 0, else αz: a ReLU whose neurons cannot die (σ' is never 0). */
export const leakyReluActivation = defineActivation({
  name: 'leaky-relu',
  fn: (z) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
  prime: (z) => (z > 0 ? 1 : LEAKY_RELU_SLOPE),
  smooth: false,
  formula: { fn: `σ(z) = z if z > 0, else ${LEAKY_RELU_SLOPE}z`, prime: `σ'(z) = 1 if z > 0, else ${LEAKY_RELU_SLOPE}` },
  tex: { fn: `\\sigma(z) = \\max(${LEAKY_RELU_SLOPE} z, z)`, prime: `\\sigma'(z) = 1 \\text{ if } z > 0 \\text{, else } ${LEAKY_RELU_SLOPE}` },
  onnx: { op: 'LeakyRelu', attributes: [{ name: 'alpha', float: LEAKY_RELU_SLOPE }] },
  pytorch: `nn.LeakyReLU(${LEAKY_RELU_SLOPE})`,
  // the AssemblyScript's α (assembly/activations/leakyRelu.ts reads LEAKY_RELU_SLOPE)
  constants: { SLOPE: LEAKY_RELU_SLOPE },
});
