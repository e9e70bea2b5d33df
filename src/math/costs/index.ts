import type { LayerActivationName } from '../activations/index.ts';
import type { Cost } from './cost.ts';
import { definitions } from './definitions.generated.ts';

/**
 * The cost registry. Adding a cost is one file in this folder (a `Cost`, named after it, and
 * its counterpart in the AssemblyScript kernel); `npm run build:wasm` lists the files in
 * definitions.generated.ts, whose order is the codes' (a kernel uses a cost's index as its code).
 */
export type { Cost } from './cost.ts';
export { quadraticCost } from './quadratic.ts';
export { crossEntropyCost } from './crossEntropy.ts';
export { logLikelihoodCost } from './logLikelihood.ts';

export type CostName = (typeof definitions)[number]['name'];
export const costNames: readonly CostName[] = definitions.map((c) => c.name);

const byName = new Map<string, Cost>(definitions.map((c) => [c.name, c]));

export function getCost(name: CostName): Cost {
  const cost = byName.get(name);
  if (cost === undefined) throw new RangeError(`unknown cost '${String(name)}'; choose one of ${costNames.join(', ')}`);
  return cost;
}

export function isCostName(name: unknown): name is CostName {
  return typeof name === 'string' && byName.has(name);
}

/** Its index in costNames: the code a WebAssembly kernel's plan stores for it. */
export function costCode(name: CostName): number {
  return costNames.indexOf(name);
}

/** Whether `cost`'s δ^L is defined for an output layer of activation `output`. */
export function costAccepts(cost: CostName, output: LayerActivationName): boolean {
  const { outputs } = getCost(cost);
  return outputs === 'element-wise' ? output !== 'softmax' : outputs.includes(output);
}

/** The output activations `cost` pairs with, from `candidates` (all layer activations by default). */
export function outputsFor(cost: CostName, candidates: readonly LayerActivationName[]): LayerActivationName[] {
  return candidates.filter((output) => costAccepts(cost, output));
}
