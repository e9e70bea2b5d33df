/**
 * Issue 17's rows of `npm run bench`: [784, 100, 10], m = 10, one thread (wasm-relaxed-simd),
 * in float32 and float64: plain SGD (sigmoid, quadratic, η = 3), cross-entropy at the default
 * η = 3, momentum 0.9 (η = 0.1) and Adam (η = 0.001) as the issue ran them, each with its epoch
 * over plain SGD's of the same dtype; and the README's recipe ([784, 400, 10], ReLU, softmax,
 * momentum, dropout 0.3), whose first and third epochs show whether epochs grow as it trains
 * (subnormal numbers piling up made them grow by half on Intel CPUs). The warm-up round is each
 * pair's epoch 1, so it also holds V8's tier-up of the WebAssembly, a few milliseconds.
 * `node --import tsx bench/run.ts --rows issue17` times these rows alone (no reference kernel,
 * no memory children).
 */
import type { DType } from '../src/kernels/kernel.ts';

/** A workload of the bench: a network, its mini-batch, dtype and configuration. */
export interface Workload {
  readonly label: string;
  readonly sizes: number[];
  readonly m: number;
  readonly dtype: DType;
  /** A configuration other than sigmoid / quadratic / plain SGD (issue 11's rows), and its η. */
  readonly config?: { readonly activations: string[]; readonly cost: string; readonly update?: object; readonly dropout?: number };
  readonly eta?: number;
  /** The kernels (labels) it runs on, if not all: the configurations skip the slow reference. */
  readonly only?: readonly string[];
  /** The workload whose epoch this one's is compared with ("× base": same sizes, sigmoid / quadratic / SGD). */
  readonly base?: string;
  /** Issue 17's rows (below), printed in a table of their own. */
  readonly group?: 'issue17';
}

const short: Record<DType, string> = { float32: 'f32', float64: 'f64' };
const one = ['wasm-relaxed-simd'];

/** The plain SGD row of [784, 100, 10] in `dtype` (float32's is also the bench's own row on every kernel). */
export const plainLabel = (dtype: DType): string => `[784,100,10] m=10 ${short[dtype]}`;

/** The recipe of the README (its --schedule and --weights do not change an epoch's cost). */
export const recipeConfig = { activations: ['relu', 'softmax'], cost: 'log-likelihood', update: { rule: 'momentum', momentum: 0.9 }, dropout: 0.3 };
export const recipeLabel = (dtype: DType): string => `[784,400,10] m=10 ${short[dtype]} recipe`;

export function issue17Rows(): Workload[] {
  const rows: Workload[] = [];
  for (const dtype of ['float32', 'float64'] as const) {
    const base = plainLabel(dtype);
    if (dtype === 'float64') rows.push({ label: base, sizes: [784, 100, 10], m: 10, dtype, only: one, group: 'issue17' });
    const row = (name: string, config: NonNullable<Workload['config']>, eta: number): Workload => ({ label: `${base} ${name}`, sizes: [784, 100, 10], m: 10, dtype, config, eta, only: one, base, group: 'issue17' });
    rows.push(row('cross-entropy η=3', { activations: ['sigmoid', 'sigmoid'], cost: 'cross-entropy' }, 3));
    rows.push(row('quadratic momentum 0.9 η=0.1', { activations: ['sigmoid', 'sigmoid'], cost: 'quadratic', update: { rule: 'momentum', momentum: 0.9 } }, 0.1));
    rows.push(row('quadratic adam η=0.001', { activations: ['sigmoid', 'sigmoid'], cost: 'quadratic', update: { rule: 'adam' } }, 0.001));
    if (dtype === 'float64') rows.push({ label: recipeLabel(dtype), sizes: [784, 400, 10], m: 10, dtype, config: recipeConfig, eta: 0.02, only: one, group: 'issue17' });
  }
  return rows;
}

/** One line of the issue-17 table. */
export interface RuleTiming {
  readonly workload: string;
  readonly kernel: string;
  readonly epochSeconds: number;
  readonly timesBase: number;
  /** Every epoch, the warm-up first (epoch 1). */
  readonly epochs: number[];
}

/** The issue-17 table, as Markdown (for the README) and plain lines. */
export function issue17Table(rows: readonly RuleTiming[]): string[] {
  const lines = ['| workload | kernel | s / epoch | × plain SGD | epoch 1 s | epoch 3 s | epoch 3 / 1 |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of rows) {
    const [e1, , e3] = r.epochs;
    const times = Number.isNaN(r.timesBase) ? '–' : `${r.timesBase.toFixed(2)}×`;
    lines.push(`| ${r.workload} | ${r.kernel} | ${r.epochSeconds.toFixed(3)} | ${times} | ${e1.toFixed(3)} | ${e3.toFixed(3)} | ${(e3 / e1).toFixed(2)} |`);
  }
  return lines;
}
