/**
 * `npm run bench`: trains MNIST with every kernel and prints what it costs.
 *
 * Timing: one process holds every (workload, kernel) pair and trains them in turns: each
 * round is one epoch of every pair, cut into CHUNKS slices of the epoch's batches, and the
 * pairs take turns slice by slice; a pair's epoch time is the sum of its slices. A warm-up
 * round, then ROUNDS timed rounds; the median epoch of each pair is reported. This machine's
 * speed drifts by up to 1.5× from one second to the next (a shared host), so pairs timed at
 * different moments disagree by that much, even a few seconds apart; taking turns slice by
 * slice exposes every pair to the same drift, so the ratios between them (threads against one
 * thread, float64 against float32, m = 100 against m = 10) are fair. Slices of a fifth of an
 * epoch: much finer ones (1/25) cost the two-thread kernel a third of its speed, its worker
 * waking and its caches refilling at every turn, which is not how it runs in `nabla train`. Then
 * inference on the 10,000 test images (median of 5, in turns too) and the test accuracy after
 * those epochs (the proof that it really trained). The reference kernel, being slow, gets one
 * epoch per workload, after the rest.
 *
 * Issue 11's rows: [784, 100, 10], m = 10, with cross-entropy, softmax + log-likelihood, ReLU
 * hidden, L2, momentum, Adam and dropout 0.5, on the fast kernels, in the same turns as the
 * rest; "× base" is each one's epoch over the sigmoid / quadratic SGD row of the same kernel
 * (targets: 1.15×, Adam and dropout 1.5×); and the README's recipe network ([784, 400, 10],
 * ReLU, softmax + log-likelihood, momentum, dropout 0.3), for its time per epoch.
 *
 * Memory: peak RSS is a property of a whole process, so each pair also runs alone in a fresh
 * child process (load MNIST, make it resident, train, infer) that reports its peak RSS.
 *
 * Results go to bench/results.json with the machine.
 *
 * FLOPs per example, counting a multiply-add as 2:
 *   forward (1)          2 Σ_{l=2..L} n_l n_{l−1}
 *   backward (5)         2 Σ_{l=3..L} n_l n_{l−1}      (no δ^1 is needed)
 *   gradient+update (7)  2 Σ_{l=2..L} n_l n_{l−1}
 * (element-wise work — σ, σ', biases — is left out). For [784, 30, 10]: 95,880 per example,
 * 4.79 GFLOP per epoch of 50,000. The WebAssembly kernels skip the zero inputs in layer 2
 * (81% of MNIST's pixels), so for them GFLOP/s and % SIMD are effective rates: the dense
 * FLOPs of the same result per second, which can exceed what the core executes.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Dataset, DType, Kernel, KernelSpec, ResidentDataset } from '../src/kernels/kernel.ts';
import { createRng, shuffleInPlace, type Rng } from '../src/math/rng.ts';
import { createNetwork } from '../src/network/network.ts';
import { createNodeKernel, type NodeKernelChoice } from '../src/node/kernels.ts';
import { createThreadsKernel } from '../src/node/threads/threads-kernel.ts';
import { loadMnist } from '../src/node/mnist.ts';
import { evaluate } from '../src/training/evaluate.ts';
import { issue17Rows, issue17Table, plainLabel, recipeLabel, type Workload } from './ruleRows.ts';

/** 128-bit SIMD, one core: 2 FMA pipes × 4 float32 lanes × 2 FLOP × ~3.5 GHz ≈ 56 GFLOP/s (28 for float64). */
const SIMD_LIMIT_GFLOPS: Record<DType, number> = { float32: 56, float64: 28 };

const base100 = '[784,100,10] m=10 f32';
/** Issue 11's rows: each configuration on [784, 100, 10], m = 10, against the sigmoid / quadratic SGD row. */
const configRow = (name: string, config: NonNullable<Workload['config']>, eta: number): Workload => ({
  label: `${base100} ${name}`,
  sizes: [784, 100, 10],
  m: 10,
  dtype: 'float32',
  config,
  eta,
  only: ['wasm-relaxed-simd', 'threads ×2'],
  base: base100,
});

const workloads: Workload[] = [
  { label: '[784,30,10] m=10 f32', sizes: [784, 30, 10], m: 10, dtype: 'float32' },
  { label: base100, sizes: [784, 100, 10], m: 10, dtype: 'float32' },
  { label: '[784,30,10] m=100 f32', sizes: [784, 30, 10], m: 100, dtype: 'float32' },
  { label: '[784,30,10] m=10 f64', sizes: [784, 30, 10], m: 10, dtype: 'float64' },
  configRow('cross-entropy', { activations: ['sigmoid', 'sigmoid'], cost: 'cross-entropy' }, 0.5),
  configRow('softmax+log-likelihood', { activations: ['sigmoid', 'softmax'], cost: 'log-likelihood' }, 0.5),
  configRow('relu hidden', { activations: ['relu', 'softmax'], cost: 'log-likelihood' }, 0.1),
  configRow('L2 5.0', { activations: ['sigmoid', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'sgd', l2: 5 } }, 0.5),
  configRow('momentum 0.9', { activations: ['sigmoid', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'momentum', momentum: 0.9 } }, 0.05),
  configRow('adam', { activations: ['sigmoid', 'sigmoid'], cost: 'cross-entropy', update: { rule: 'adam' } }, 0.001),
  configRow('dropout 0.5', { activations: ['sigmoid', 'sigmoid'], cost: 'cross-entropy', dropout: 0.5 }, 0.5),
  // The README's ≥ 98.4% recipe (its --schedule and --weights he do not change an epoch's cost): its time per epoch.
  {
    label: '[784,400,10] m=10 f32 recipe',
    sizes: [784, 400, 10],
    m: 10,
    dtype: 'float32',
    config: { activations: ['relu', 'softmax'], cost: 'log-likelihood', update: { rule: 'momentum', momentum: 0.9 }, dropout: 0.3 },
    eta: 0.02,
    only: ['wasm-relaxed-simd', 'threads ×2'],
  },
  ...issue17Rows(),
];

/**
 * `--rows issue17`: issue 17's rows alone (ruleRows.ts), with the float32 plain SGD and recipe
 * rows they are compared with, on one thread, without the memory children.
 */
const rowsArgument = process.argv.indexOf('--rows');
const issue17Only = rowsArgument >= 0 && process.argv[rowsArgument + 1] === 'issue17';
if (issue17Only) {
  const keep = (w: Workload): boolean => w.group === 'issue17' || w.label === plainLabel('float32') || w.label === recipeLabel('float32');
  workloads.splice(0, workloads.length, ...workloads.filter(keep).map((w) => ({ ...w, only: ['wasm-relaxed-simd'] })));
}

/** The pairs of the bench: every workload with every kernel it runs on. */
const runsOf = (workload: Workload): KernelRun[] => kernels.filter((k) => workload.only === undefined || workload.only.includes(k.label));

interface KernelRun {
  readonly label: string;
  readonly kernel: NodeKernelChoice;
  readonly threads: number;
}

const kernels: KernelRun[] = [
  { label: 'reference', kernel: 'reference', threads: 1 },
  { label: 'wasm-simd', kernel: 'wasm-simd', threads: 1 },
  { label: 'wasm-relaxed-simd', kernel: 'wasm-relaxed-simd', threads: 1 },
  { label: 'threads ×2', kernel: 'threads', threads: 2 },
];

/** Timed rounds after the warm-up round (the reference kernel: one epoch, no warm-up). */
const ROUNDS = 7;
/** Slices of an epoch that the pairs take turns with. */
const CHUNKS = 5;
/** Examples the memory children train on (the reference kernel's peak comes long before an epoch ends). */
const MEMORY_EXAMPLES = 20_000;

function flopsPerExample(sizes: readonly number[]): number {
  let sum = 0;
  let backward = 0;
  for (let l = 2; l <= sizes.length; l++) {
    const product = sizes[l - 1] * sizes[l - 2];
    sum += product;
    if (l >= 3) backward += product;
  }
  return 2 * sum + 2 * backward + 2 * sum;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Pair {
  readonly workload: Workload;
  readonly run: KernelRun;
  readonly kernel: Kernel;
  readonly train: ResidentDataset;
  readonly test: ResidentDataset;
  readonly order: Uint32Array;
  readonly rng: Rng;
  readonly epochSeconds: number[];
  readonly epochCpuSeconds: number[];
  readonly inferenceMs: number[];
  /** The warm-up round's epoch (epoch 1). */
  warmupSeconds: number;
}

async function makePair(workload: Workload, run: KernelRun, training: Dataset, test: Dataset): Promise<Pair> {
  const spec = (workload.config === undefined
    ? { sizes: workload.sizes, activation: 'sigmoid', cost: 'quadratic', dtype: workload.dtype }
    : { sizes: workload.sizes, dtype: workload.dtype, ...workload.config }) as unknown as KernelSpec;
  // The two-thread kernel always on its threads: its adaptive default (what `nabla train` uses)
  // would time its batches against serial ones, and the turns taken here, every few
  // milliseconds with other kernels, are not what it is tuned for.
  const kernel = run.kernel === 'threads' ? await createThreadsKernel(spec, run.threads, true, 'threads') : await createNodeKernel(spec, { kernel: run.kernel, threads: run.threads });
  const rng = createRng(1);
  kernel.setParameters(createNetwork({ sizes: workload.sizes, rng, init: 'scaled-normal' })); // nabla train's default
  return {
    workload,
    run,
    kernel,
    rng,
    order: Uint32Array.from({ length: training.count }, (_, i) => i),
    train: kernel.loadDataset(training),
    test: kernel.loadDataset(test),
    epochSeconds: [],
    epochCpuSeconds: [],
    inferenceMs: [],
    warmupSeconds: NaN,
  };
}

/**
 * Slice `chunk` of `chunks` of an epoch of mini-batch training with η = 3 (or the workload's) over the first `examples`
 * of the pair's order (shuffled at slice 0); returns wall and CPU seconds.
 */
function epochSlice(pair: Pair, chunk: number, chunks: number, examples = pair.order.length): [number, number] {
  const { kernel, train, order, workload } = pair;
  if (chunk === 0) shuffleInPlace(order, pair.rng);
  const batches = Math.floor(examples / workload.m);
  const first = Math.floor((chunk * batches) / chunks);
  const last = Math.floor(((chunk + 1) * batches) / chunks);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const eta = workload.eta ?? 3.0;
  for (let b = first; b < last; b++) kernel.trainBatch(train, order, b * workload.m, workload.m, eta);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return [seconds, (cpu.user + cpu.system) / 1e6];
}

/** Inference on the whole test set into `outputs`; returns milliseconds. */
function infer(pair: Pair, outputs: Float32Array): number {
  const t0 = performance.now();
  pair.kernel.feedforwardDataset(pair.test, outputs);
  return performance.now() - t0;
}

interface Timing {
  readonly workload: string;
  readonly kernel: string;
  readonly kernelName: string;
  readonly epochSeconds: number[];
  readonly epochCpuSeconds: number[];
  readonly inferenceMs: number;
  readonly testAccuracy: number;
  readonly epochsTrained: number;
  readonly warmupSeconds: number;
}

/** The timing child: every pair in turns (see the top of this file). */
async function timings(): Promise<Timing[]> {
  const { training, test } = await loadMnist();
  const pairs: Pair[] = [];
  for (const workload of workloads) for (const run of runsOf(workload)) pairs.push(await makePair(workload, run, training, test));
  const fast = pairs.filter((p) => p.run.kernel !== 'reference');
  for (let round = 0; round <= ROUNDS; round++) {
    const wall = fast.map(() => 0);
    const cpu = fast.map(() => 0);
    for (let chunk = 0; chunk < CHUNKS; chunk++) {
      fast.forEach((pair, i) => {
        const [seconds, cpuSeconds] = epochSlice(pair, chunk, CHUNKS);
        wall[i] += seconds;
        cpu[i] += cpuSeconds;
      });
    }
    if (round === 0) {
      // warm-up: V8 tiers the WebAssembly up, the threads settle (kept as epoch 1, for issue 17's table)
      fast.forEach((pair, i) => (pair.warmupSeconds = wall[i]));
      continue;
    }
    fast.forEach((pair, i) => {
      pair.epochSeconds.push(wall[i]);
      pair.epochCpuSeconds.push(cpu[i]);
    });
    process.stderr.write(`round ${round} of ${ROUNDS}\n`);
  }
  for (const pair of pairs.filter((p) => p.run.kernel === 'reference')) {
    const [seconds, cpu] = epochSlice(pair, 0, 1);
    pair.epochSeconds.push(seconds);
    pair.epochCpuSeconds.push(cpu);
    process.stderr.write(`${pair.workload.label} reference: ${seconds.toFixed(1)} s\n`);
  }
  const outputs = new Float32Array(test.count * test.outputSize);
  for (let i = 0; i < 5; i++) for (const pair of pairs) pair.inferenceMs.push(infer(pair, outputs));
  const results: Timing[] = [];
  for (const pair of pairs) {
    results.push({
      workload: pair.workload.label,
      kernel: pair.run.label,
      kernelName: pair.kernel.name,
      epochSeconds: pair.epochSeconds,
      epochCpuSeconds: pair.epochCpuSeconds,
      inferenceMs: median(pair.inferenceMs),
      testAccuracy: evaluate(pair.kernel, pair.test).accuracy ?? NaN,
      epochsTrained: pair.run.kernel === 'reference' ? 1 : ROUNDS + 1,
      warmupSeconds: pair.warmupSeconds,
    });
    await pair.kernel.dispose();
  }
  return results;
}

/** A memory child: one pair alone, as `nabla train` would run it; returns its peak RSS in MB. */
async function memory(workload: Workload, run: KernelRun): Promise<number> {
  const { training, test } = await loadMnist();
  const pair = await makePair(workload, run, training, test);
  epochSlice(pair, 0, 1, Math.min(MEMORY_EXAMPLES, training.count));
  infer(pair, new Float32Array(test.count * test.outputSize));
  await pair.kernel.dispose();
  return process.resourceUsage().maxRSS / 1024;
}

/** Runs this file again as a child with `args`; returns the last line it printed, parsed. */
function spawnChild<T>(args: string[]): T {
  const self = fileURLToPath(import.meta.url);
  const result = spawnSync(process.execPath, [...process.execArgv, self, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`bench child ${args.join(' ')} failed (status ${result.status})`);
  return JSON.parse(result.stdout.trim().split('\n').pop() ?? 'null') as T;
}

interface Row {
  readonly workload: string;
  readonly kernel: string;
  readonly kernelName: string;
  readonly threads: number;
  readonly epochSeconds: number;
  readonly epochSecondsAll: number[];
  readonly epochCpuSeconds: number;
  readonly examplesPerSecond: number;
  readonly gflops: number;
  readonly percentOfSimdLimit: number;
  readonly speedupVsReference: number;
  /** The epoch over its base workload's (same kernel, same run): issue 11's targets are 1.15× and 1.5×. */
  readonly timesBase: number;
  readonly inferenceMs: number;
  readonly testAccuracy: number;
  readonly epochsTrained: number;
  readonly peakRssMB: number;
  /** Every epoch, the warm-up first (epoch 1). */
  readonly epochs: number[];
}

function parent(): void {
  const rows: Row[] = [];
  const started = performance.now();
  const load = os.loadavg()[0];
  const timed = spawnChild<Timing[]>(['--timings', ...(issue17Only ? ['--rows', 'issue17'] : [])]);
  const examples = 50_000;
  for (const workload of workloads) {
    const gflopPerEpoch = (flopsPerExample(workload.sizes) * examples) / 1e9;
    const of = (run: KernelRun): Timing => {
      const found = timed.find((t) => t.workload === workload.label && t.kernel === run.label);
      if (found === undefined) throw new Error(`the timing child did not time ${workload.label} / ${run.label}`);
      return found;
    };
    const referenceSeconds = workload.only === undefined && !issue17Only ? median(of(kernels[0]).epochSeconds) : NaN;
    for (const run of runsOf(workload)) {
      const t = of(run);
      const peakRssMB = issue17Only ? NaN : spawnChild<number>(['--memory', JSON.stringify({ workload, run })]);
      const seconds = median(t.epochSeconds);
      const gflops = gflopPerEpoch / seconds;
      rows.push({
        workload: workload.label,
        kernel: run.label,
        kernelName: t.kernelName,
        threads: run.threads,
        epochSeconds: seconds,
        epochSecondsAll: t.epochSeconds,
        epochCpuSeconds: median(t.epochCpuSeconds),
        examplesPerSecond: examples / seconds,
        gflops,
        percentOfSimdLimit: (100 * gflops) / SIMD_LIMIT_GFLOPS[workload.dtype],
        speedupVsReference: referenceSeconds / seconds,
        timesBase: workload.base === undefined ? NaN : seconds / median(timed.find((b) => b.workload === workload.base && b.kernel === run.label)?.epochSeconds ?? [NaN]),
        inferenceMs: t.inferenceMs,
        testAccuracy: t.testAccuracy,
        epochsTrained: t.epochsTrained,
        peakRssMB,
        epochs: [t.warmupSeconds, ...t.epochSeconds],
      });
      process.stderr.write(`${workload.label} ${run.label}: ${seconds.toFixed(3)} s/epoch, peak RSS ${peakRssMB.toFixed(0)} MB\n`);
    }
  }
  const header = ['workload', 'kernel', 'epoch s', 'cpu s', 'examples/s', 'GFLOP/s', '% SIMD', '× ref', '× base', 'infer 10k ms', 'test acc', 'epochs', 'peak RSS MB'];
  const table = rows.map((r) => [
    r.workload,
    r.kernel,
    r.epochSeconds.toFixed(3),
    r.epochCpuSeconds.toFixed(3),
    Math.round(r.examplesPerSecond).toLocaleString('en-US'),
    r.gflops.toFixed(1),
    r.percentOfSimdLimit.toFixed(0),
    Number.isNaN(r.speedupVsReference) ? '-' : r.speedupVsReference.toFixed(1),
    Number.isNaN(r.timesBase) ? '-' : r.timesBase.toFixed(2),
    r.inferenceMs.toFixed(1),
    (100 * r.testAccuracy).toFixed(2) + '%',
    String(r.epochsTrained),
    r.peakRssMB.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart: load,
    date: new Date().toISOString(),
  };
  console.log(`\nMNIST, 50,000 training examples per epoch. All pairs in one process, taking turns by 1/${CHUNKS} of an epoch: the median of ${ROUNDS} epochs after a warm-up`);
  console.log(`(reference: 1 epoch, no warm-up). Peak RSS: each pair alone in a fresh process.`);
  console.log(`FLOPs/example = 2·Σn_l·n_{l-1} (forward) + 2·Σ_{l≥3}n_l·n_{l-1} (backward) + 2·Σn_l·n_{l-1} (update); SIMD limit ${SIMD_LIMIT_GFLOPS.float32} GFLOP/s f32, ${SIMD_LIMIT_GFLOPS.float64} f64 (one core).`);
  console.log(`The wasm kernels skip zero inputs (81% of MNIST pixels): their GFLOP/s count the dense FLOPs of the same result (effective rates).`);
  console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${load.toFixed(2)} at start\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  // issue 17's table: its rows, the float32 plain SGD and recipe rows on one thread
  const issue17 = rows.filter((r) => r.kernel === 'wasm-relaxed-simd' && (workloads.find((w) => w.label === r.workload)?.group === 'issue17' || r.workload === plainLabel('float32') || r.workload === recipeLabel('float32')));
  console.log(`\nIssue 17: each epoch over plain SGD's of its dtype (× plain SGD); epoch 1 is the warm-up round, epoch 3 the second timed one\n`);
  for (const line of issue17Table(issue17.map((r) => ({ workload: r.workload, kernel: r.kernel, epochSeconds: r.epochSeconds, timesBase: r.workload === plainLabel('float32') || r.workload === plainLabel('float64') ? 1 : r.timesBase, epochs: r.epochs })))) console.log(line);
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const out = fileURLToPath(new URL(issue17Only ? './issue17-results.json' : './results.json', import.meta.url));
  writeFileSync(out, JSON.stringify({ machine, simdLimitGflops: SIMD_LIMIT_GFLOPS, rows }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

const memoryIndex = process.argv.indexOf('--memory');
if (process.argv.includes('--timings')) {
  console.log(JSON.stringify(await timings()));
} else if (memoryIndex >= 0) {
  const { workload, run } = JSON.parse(process.argv[memoryIndex + 1]) as { workload: Workload; run: KernelRun };
  console.log(JSON.stringify(await memory(workload, run)));
} else {
  parent();
}
