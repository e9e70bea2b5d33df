/**
 * `npm run bench:conv` (and the conv rows of `npm run bench`): network 2 of chapter 6's ladder,
 * conv:20:5x5,pool:2x2,conv:40:5x5,pool:2x2,dense:100,dense:10 with ReLU, softmax +
 * log-likelihood, m = 10, float32, on MNIST, on the fastest WebAssembly kernel with one thread
 * and with two, in turns (slices of SLICE examples, as bench/run.ts takes turns: this
 * machine's speed drifts), and where the time goes:
 *   forward       inference (1) alone over the same examples (no pool offsets, no dropout)
 *   update        the step of every parameter once a batch: an epoch at m = 10 less the same
 *                 examples at m = 1000 (where it is 100 times rarer), scaled
 *   δ + gradients the rest.
 * Rates are dense-equivalent (the FLOPs of the dense computation, 9.22 MFLOP an example, though
 * the loops skip the zero errors) per CPU second, against one core's 128-bit SIMD peak (56
 * GFLOP/s, as bench/run.ts counts it): CPU seconds, since a busy machine inflates wall seconds. Compare with bench/reference/conv_pytorch.py (PyTorch, same
 * network, mini-batch and threads; `--examples N` times N of each round's 50,000; `--pytorch` runs it after, one thread and two). Prints a table;
 * `--json FILE` writes it. Wall seconds, and the process's CPU seconds, which a busy machine
 * inflates less.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Dataset, Kernel, KernelSpec, ResidentDataset } from '../src/kernels/kernel.ts';
import { createRng, shuffleInPlace, type Rng } from '../src/math/rng.ts';
import { layerShapes, shapeSize, type Layer, type Shape } from '../src/network/layers.ts';
import type { Network } from '../src/network/network.ts';
import { createNodeKernel } from '../src/node/kernels.ts';
import { loadMnist } from '../src/node/mnist.ts';

const SLICE = 2000;
const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const ROUNDS = Number(option('--rounds', '3'));
/** One core's 128-bit SIMD peak, float32, as bench/run.ts counts it: 2 FMA pipes × 4 lanes × 2 FLOP × ~3.5 GHz. */
const PEAK_GFLOPS = 56;

export const ladder2: { inputShape: Shape; layers: Layer[] } = {
  inputShape: [28, 28, 1],
  layers: [
    { type: 'conv', maps: 20, field: [5, 5], activation: 'relu' },
    { type: 'pool', size: [2, 2] },
    { type: 'conv', maps: 40, field: [5, 5], activation: 'relu' },
    { type: 'pool', size: [2, 2] },
    { type: 'dense', neurons: 100, activation: 'relu' },
    { type: 'dense', neurons: 10, activation: 'softmax' },
  ],
};

/** PyTorch's default initialisation's scale (uniform ±1/√fan-in), from a seeded generator. */
export function ladderNetwork(rng: Rng): Network {
  const { inputShape, layers } = ladder2;
  const shapes = layerShapes(inputShape, layers);
  const weights = [new Float64Array(0), new Float64Array(0)];
  const biases = [new Float64Array(0), new Float64Array(0)];
  layers.forEach((layer, i) => {
    const fanIn = layer.type === 'conv' ? shapes[i][2] * layer.field[0] * layer.field[1] : shapeSize(shapes[i]);
    const count = layer.type === 'conv' ? layer.maps : layer.type === 'dense' ? layer.neurons : 0;
    const bound = 1 / Math.sqrt(fanIn);
    weights.push(Float64Array.from({ length: layer.type === 'pool' ? 0 : count * fanIn }, () => (2 * rng.uniform() - 1) * bound));
    biases.push(Float64Array.from({ length: count }, () => (2 * rng.uniform() - 1) * bound));
  });
  return {
    sizes: shapes.map(shapeSize),
    activations: layers.map((l) => (l.type === 'pool' ? 'linear' : l.activation)),
    cost: 'log-likelihood',
    weights,
    biases,
    inputShape,
    layers,
  };
}

/** Multiply-adds per example that the conv loops execute, counted from this run's zeros: see convWork. */
export function denseFlops(): number {
  // forward: conv 24·24·20·25 + 8·8·40·20·25, dense 640·100 + 100·10; backward: conv2's δ^in
  // and both convs' and the dense layers' gradients, the same again but conv1's δ^in (none)
  const fwd = 24 * 24 * 20 * 25 + 8 * 8 * 40 * 20 * 25 + 640 * 100 + 100 * 10;
  const back = 8 * 8 * 40 * 20 * 25 + fwd - 1000 + 1000 + 640 * 100;
  return 2 * (fwd + back);
}

interface Pair {
  readonly label: string;
  readonly kernel: Kernel;
  readonly resident: ResidentDataset;
  readonly m: number;
  seconds: number;
  cpu: number;
  network: Network;
}

async function main(): Promise<void> {
  const { training, test } = await loadMnist();
  const rng = createRng(1);
  const network = ladderNetwork(rng);
  const spec: KernelSpec = { sizes: network.sizes, activations: network.activations, cost: 'log-likelihood', dtype: 'float32', inputShape: ladder2.inputShape, layers: ladder2.layers };
  const make = async (label: string, threads: number, m: number): Promise<Pair> => {
    const kernel = await createNodeKernel(spec, { kernel: threads > 1 ? 'threads' : 'auto', threads });
    kernel.setParameters(network);
    return { label: `${kernel.name} ${label}`, kernel, resident: kernel.loadDataset(training), m, seconds: 0, cpu: 0, network };
  };
  const pairs = [await make('1 thread, m = 10', 1, 10), await make('2 threads, m = 10', 2, 10), await make('1 thread, m = 1000', 1, 1000)];
  const order = Uint32Array.from({ length: training.count }, (_, i) => i);
  shuffleInPlace(order, rng);
  const out = new Float32Array(SLICE * 10);
  let forward = 0;
  const slices = Math.floor(Number(option('--examples', String(training.count))) / SLICE);
  for (let round = 0; round <= ROUNDS; round++) {
    for (let s = 0; s < slices; s++) {
      for (const pair of pairs) {
        const t0 = performance.now();
        const c0 = process.cpuUsage().user;
        for (let i = 0; i < SLICE; i += pair.m) pair.kernel.trainBatch(pair.resident, order, s * SLICE + i, pair.m, 0.03);
        pair.kernel.feedforwardDataset(pair.resident, out.subarray(0, 10), 0, 1); // (settles the threads)
        if (round > 0) {
          pair.seconds += (performance.now() - t0) / 1000;
          pair.cpu += (process.cpuUsage().user - c0) / 1e6;
        }
      }
      const c0 = process.cpuUsage().user;
      pairs[0].kernel.feedforwardDataset(pairs[0].resident, out, s * SLICE, SLICE);
      if (round > 0) forward += (process.cpuUsage().user - c0) / 1e6;
    }
  }
  const perEpoch = (seconds: number): number => (seconds / ROUNDS / (slices * SLICE)) * training.count;
  const [one, , big] = pairs;
  const rows = pairs.map((p) => ({ kernel: p.label, secondsPerEpoch: perEpoch(p.seconds), cpuSecondsPerEpoch: perEpoch(p.cpu) }));
  // (CPU seconds of this thread: the split is of one thread's work)
  const update = Math.max(0, ((perEpoch(one.cpu) - perEpoch(big.cpu)) * 100) / 99);
  const fwd = perEpoch(forward);
  const split = { forward: fwd, deltaAndGradients: perEpoch(one.cpu) - update - fwd, update };
  const flops = denseFlops() * training.count;
  const testSet: Dataset = test;
  const accuracy = await evaluateOn(one.kernel, testSet);
  process.stdout.write(`network 2 of the ladder (${denseFlops() / 1e6} MFLOP an example counted dense), ${ROUNDS} rounds in turns, s/epoch of ${training.count} (load average ${os.loadavg()[0].toFixed(1)}):\n`);
  for (const row of rows) {
    const gflops = flops / row.cpuSecondsPerEpoch / 1e9;
    process.stdout.write(`  ${row.kernel.padEnd(44)} ${row.secondsPerEpoch.toFixed(2)} s (CPU ${row.cpuSecondsPerEpoch.toFixed(2)} s)   ${gflops.toFixed(1)} GFLOP/s a CPU second, ${((100 * gflops) / PEAK_GFLOPS).toFixed(0)}% of one core's SIMD peak\n`);
  }
  process.stdout.write(`  one thread, CPU seconds an epoch: forward ${split.forward.toFixed(2)}, δ and gradients ${split.deltaAndGradients.toFixed(2)}, update ${split.update.toFixed(2)}\n`);
  process.stdout.write(`  test accuracy after ${ROUNDS + 1} epochs' worth of slices (one thread): ${(100 * accuracy).toFixed(2)}%\n`);
  const json = option('--json', '');
  if (json !== '') writeFileSync(json, `${JSON.stringify({ rows, split, accuracy, peakGflops: PEAK_GFLOPS, load: os.loadavg()[0] }, null, 2)}\n`);
  for (const pair of pairs) await pair.kernel.dispose();
  if (args.includes('--pytorch')) {
    // the same network in PyTorch, one thread and two, right after (see bench/reference/conv_pytorch.py)
    for (const threads of [1, 2]) {
      const script = fileURLToPath(new URL('reference/conv_pytorch.py', import.meta.url));
      const result = spawnSync('/usr/bin/python3', [script, '--threads', String(threads), '--slices', String(Math.max(2, ROUNDS))], { encoding: 'utf8' });
      if (result.status !== 0) process.stdout.write(`  PyTorch (${threads} threads) did not run: ${result.stderr.trim().split('\n').pop()}\n`);
      else {
        const r = JSON.parse(result.stdout.trim()) as { kernel: string; secondsPerEpoch: number; cpuSecondsPerEpoch: number };
        process.stdout.write(`  ${`${r.kernel} ${threads} thread${threads > 1 ? 's' : ''}, m = 10`.padEnd(44)} ${r.secondsPerEpoch.toFixed(2)} s (CPU ${r.cpuSecondsPerEpoch.toFixed(2)} s)\n`);
      }
    }
  }
}

async function evaluateOn(kernel: Kernel, data: Dataset): Promise<number> {
  const resident = kernel.loadDataset(data);
  const out = new Float32Array(data.count * 10);
  kernel.feedforwardDataset(resident, out);
  let right = 0;
  for (let e = 0; e < data.count; e++) {
    let best = 0;
    for (let j = 1; j < 10; j++) if (out[e * 10 + j] > out[e * 10 + best]) best = j;
    if (best === data.labels![e]) right++;
  }
  resident.release();
  return right / data.count;
}

if (process.argv[1]?.endsWith("conv.ts")) await main();
