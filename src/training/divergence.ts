import type { Network } from '../network/network.ts';

/**
 * Divergence: a cost, weight or activation that became NaN or ±∞. Once one does, every
 * later step spreads it (∞ − ∞ = NaN), so training stops at once and says where it began.
 *
 * The check is cheap by design: after each epoch the parameters are copied out of the kernel
 * anyway, and one pass over them (no allocation) finds a non-finite value. Only when it finds
 * one is the epoch replayed from its starting parameters, one mini-batch at a time, to name
 * the mini-batch and the layer where it first appeared; a run that stays finite pays one scan
 * of the parameters per epoch and one copy of them (the epoch's start, for that replay).
 */

export interface NonFinite {
  /** The layer l (2..L) of w^l or b^l holding it. */
  readonly layer: number;
  readonly parameter: 'w' | 'b';
  readonly value: number;
}

/** The first non-finite parameter, layer by layer from l = 2, biases before weights; undefined when all are finite. */
export function firstNonFinite(network: Network): NonFinite | undefined {
  for (let l = 2; l <= network.sizes.length; l++) {
    // (b before w; no arrays made: this runs after every epoch, microseconds apart on a tiny data set)
    const b = firstNonFiniteIn(network.biases[l]);
    if (b >= 0) return { layer: l, parameter: 'b', value: network.biases[l][b] };
    const w = firstNonFiniteIn(network.weights[l]);
    if (w >= 0) return { layer: l, parameter: 'w', value: network.weights[l][w] };
  }
  return undefined;
}

function firstNonFiniteIn(values: Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    // x − x is 0 for every finite x and NaN for NaN and ±∞: one subtraction, no branches on the value.
    if (values[i] - values[i] !== 0) return i;
  }
  return -1;
}

/** Where training diverged. */
export interface DivergenceSite {
  readonly epoch: number;
  /** 1-based mini-batch within the epoch, when known. */
  readonly batch?: number;
  readonly batches?: number;
  /** What became non-finite: a parameter (with its layer) or the cost. */
  readonly found: NonFinite | { readonly cost: number };
}

/** Thrown by `train` when a cost or parameter becomes NaN or infinite; the network keeps the last finite parameters. */
export class DivergenceError extends Error {
  readonly site: DivergenceSite;

  constructor(site: DivergenceSite, advice: string) {
    super(`${divergenceText(site)}; ${advice}`);
    this.name = 'DivergenceError';
    this.site = site;
  }
}

function valueName(value: number): string {
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'infinite (+∞)' : 'infinite (−∞)';
}

export function divergenceText(site: DivergenceSite): string {
  const where = `epoch ${site.epoch}${site.batch === undefined ? '' : `, mini-batch ${site.batch}${site.batches === undefined ? '' : ` of ${site.batches}`}`}`;
  if ('cost' in site.found) return `training diverged in ${where}: the cost became ${valueName(site.found.cost)}`;
  const { layer, parameter, value } = site.found;
  const what = parameter === 'w' ? `the weights w^${layer}` : `the biases b^${layer}`;
  return `training diverged in ${where}: ${what} (layer ${layer}) became ${valueName(value)}, so its activations did too`;
}
