// Copy to src/math/updateRules/rmsprop.ts (see ../README.md): the TypeScript definition.
import { EPSILON } from './hyperParameters.ts';
import { defineHyperParameter, defineRule } from './updateRule.ts';

/**
 * RMSprop (Tieleman and Hinton 2012): a running mean of the squared gradient,
 * v ← ρ v + (1 − ρ) g², divides each step, p ← p − η g / (√v + ε), so that every parameter
 * moves at a rate of its own.
 */
export const rmspropRule = defineRule({
  name: 'rmsprop',
  stateCount: 1,
  hyper: [defineHyperParameter({ name: 'rho', symbol: 'ρ', description: "RMSprop's decay ρ", tex: '\\rho', default: 0.9, range: 'unit', flag: true }), EPSILON],
  apply(p, nablaSum, r, state, i, h) {
    const g = nablaSum / h.m + r;
    const v = state[0];
    v[i] = h.rho * v[i] + (1 - h.rho) * g * g;
    return p - (h.eta * g) / (Math.sqrt(v[i]) + h.epsilon);
  },
  // what the WebAssembly step reads, in order (assembly.ts: rmspropStep): ρ, 1 − ρ, ε
  kernelConstants: (h) => [h.rho, 1 - h.rho, h.epsilon],
  formula: 'v ← ρ v + (1 − ρ) g²,  p ← p − η g / (√v + ε)',
  tex: 'v \\leftarrow \\rho v + (1 - \\rho) g^2, \\quad p \\leftarrow p - \\eta\\, \\frac{g}{\\sqrt{v} + \\varepsilon}',
});
