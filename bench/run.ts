/**
 * `npm run bench`: trains MNIST with every kernel and prints what it costs.
 *
 * Each (workload, kernel) runs in a fresh child process, so that one's peak RSS does not
 * inflate another's: load MNIST (bytes, inputScale 1/255), one warm-up epoch, then timed
 * epochs (the median is reported), inference on the 10,000 test images, and the test accuracy
 * after those epochs (the proof that it really trained). The reference kernel, being slow,
 * gets one timed epoch and no warm-up. Results go to bench/results.json with the machine.
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
import type { DType, Kernel } from '../src/kernels/kernel.ts';
import { createRng, shuffleInPlace } from '../src/math/rng.ts';
import { createNetwork } from '../src/network/network.ts';
import { createNodeKernel, type NodeKernelChoice } from '../src/node/kernels.ts';
import { loadMnist } from '../src/node/mnist.ts';

/** 128-bit SIMD, one core: 2 FMA pipes × 4 float32 lanes × 2 FLOP × ~3.5 GHz ≈ 56 GFLOP/s (28 for float64). */
const SIMD_LIMIT_GFLOPS: Record<DType, number> = { float32: 56, float64: 28 };

interface Workload {
  readonly label: string;
  readonly sizes: number[];
  readonly m: number;
  readonly dtype: DType;
}

const workloads: Workload[] = [
  { label: '[784,30,10] m=10 f32', sizes: [784, 30, 10], m: 10, dtype: 'float32' },
  { label: '[784,100,10] m=10 f32', sizes: [784, 100, 10], m: 10, dtype: 'float32' },
  { label: '[784,30,10] m=100 f32', sizes: [784, 30, 10], m: 100, dtype: 'float32' },
  { label: '[784,30,10] m=10 f64', sizes: [784, 30, 10], m: 10, dtype: 'float64' },
];

interface KernelRun {
  readonly label: string;
  readonly kernel: NodeKernelChoice;
  readonly threads: number;
  readonly epochs: number;
  readonly warmup: number;
}

const kernels: KernelRun[] = [
  { label: 'reference', kernel: 'reference', threads: 1, epochs: 1, warmup: 0 },
  { label: 'wasm-simd', kernel: 'wasm-simd', threads: 1, epochs: 5, warmup: 1 },
  { label: 'wasm-relaxed-simd', kernel: 'wasm-relaxed-simd', threads: 1, epochs: 5, warmup: 1 },
  { label: 'threads ×2', kernel: 'threads', threads: 2, epochs: 5, warmup: 1 },
];

interface ChildResult {
  readonly kernelName: string;
  readonly epochSeconds: number[];
  readonly epochCpuSeconds: number[];
  readonly inferenceMs: number;
  readonly testAccuracy: number;
  readonly peakRssMB: number;
}

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

async function child(workload: Workload, run: KernelRun): Promise<ChildResult> {
  const { training, test } = await loadMnist();
  const spec = { sizes: workload.sizes, activation: 'sigmoid' as const, cost: 'quadratic' as const, dtype: workload.dtype };
  const kernel: Kernel = await createNodeKernel(spec, { kernel: run.kernel, threads: run.threads });
  const rng = createRng(1);
  kernel.setParameters(createNetwork({ sizes: workload.sizes, rng, init: 'scaled-normal' })); // nabla train's default
  const train = kernel.loadDataset(training);
  const testResident = kernel.loadDataset(test);
  const order = new Uint32Array(training.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const epochSeconds: number[] = [];
  const epochCpuSeconds: number[] = [];
  for (let epoch = 0; epoch < run.warmup + run.epochs; epoch++) {
    shuffleInPlace(order, rng);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let start = 0; start + workload.m <= order.length; start += workload.m) kernel.trainBatch(train, order, start, workload.m, 3.0);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (epoch >= run.warmup) {
      epochSeconds.push(seconds);
      epochCpuSeconds.push((cpu.user + cpu.system) / 1e6);
    }
  }
  const outputs = new Float32Array(test.count * test.outputSize);
  const inferenceTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    kernel.feedforwardDataset(testResident, outputs);
    inferenceTimes.push(performance.now() - t0);
  }
  let correct = 0;
  for (let i = 0; i < test.count; i++) {
    let best = 0;
    for (let j = 1; j < test.outputSize; j++) if (outputs[i * test.outputSize + j] > outputs[i * test.outputSize + best]) best = j;
    if (test.labels !== undefined && best === test.labels[i]) correct++;
  }
  const kernelName = kernel.name;
  await kernel.dispose();
  return {
    kernelName,
    epochSeconds,
    epochCpuSeconds,
    inferenceMs: median(inferenceTimes),
    testAccuracy: correct / test.count,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  };
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
  readonly inferenceMs: number;
  readonly testAccuracy: number;
  readonly epochsTrained: number;
  readonly peakRssMB: number;
}

function parent(): void {
  const self = fileURLToPath(import.meta.url);
  const rows: Row[] = [];
  const started = performance.now();
  const load = os.loadavg()[0];
  for (const workload of workloads) {
    let referenceSeconds = NaN;
    const examples = 50_000;
    const gflopPerEpoch = (flopsPerExample(workload.sizes) * examples) / 1e9;
    for (const run of kernels) {
      const result = spawnSync(process.execPath, [...process.execArgv, self, '--child', JSON.stringify({ workload, run })], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      if (result.status !== 0) throw new Error(`bench child ${workload.label} / ${run.label} failed (status ${result.status})`);
      const r = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as ChildResult;
      const seconds = median(r.epochSeconds);
      if (run.kernel === 'reference') referenceSeconds = seconds;
      const gflops = gflopPerEpoch / seconds;
      const row: Row = {
        workload: workload.label,
        kernel: run.label,
        kernelName: r.kernelName,
        threads: run.threads,
        epochSeconds: seconds,
        epochSecondsAll: r.epochSeconds,
        epochCpuSeconds: median(r.epochCpuSeconds),
        examplesPerSecond: examples / seconds,
        gflops,
        percentOfSimdLimit: (100 * gflops) / SIMD_LIMIT_GFLOPS[workload.dtype],
        speedupVsReference: referenceSeconds / seconds,
        inferenceMs: r.inferenceMs,
        testAccuracy: r.testAccuracy,
        epochsTrained: run.warmup + run.epochs,
        peakRssMB: r.peakRssMB,
      };
      rows.push(row);
      process.stderr.write(`${workload.label} ${run.label}: ${seconds.toFixed(3)} s/epoch\n`);
    }
  }
  const header = ['workload', 'kernel', 'epoch s', 'cpu s', 'examples/s', 'GFLOP/s', '% SIMD', '× ref', 'infer 10k ms', 'test acc', 'epochs', 'peak RSS MB'];
  const table = rows.map((r) => [
    r.workload,
    r.kernel,
    r.epochSeconds.toFixed(3),
    r.epochCpuSeconds.toFixed(3),
    Math.round(r.examplesPerSecond).toLocaleString('en-US'),
    r.gflops.toFixed(1),
    r.percentOfSimdLimit.toFixed(0),
    r.speedupVsReference.toFixed(1),
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
  console.log(`\nMNIST, 50,000 training examples per epoch; median epoch after a warm-up (reference: 1 epoch, no warm-up).`);
  console.log(`FLOPs/example = 2·Σn_l·n_{l-1} (forward) + 2·Σ_{l≥3}n_l·n_{l-1} (backward) + 2·Σn_l·n_{l-1} (update); SIMD limit ${SIMD_LIMIT_GFLOPS.float32} GFLOP/s f32, ${SIMD_LIMIT_GFLOPS.float64} f64 (one core).`);
  console.log(`The wasm kernels skip zero inputs (81% of MNIST pixels): their GFLOP/s count the dense FLOPs of the same result (effective rates).`);
  console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${load.toFixed(2)} at start\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const out = fileURLToPath(new URL('./results.json', import.meta.url));
  writeFileSync(out, JSON.stringify({ machine, simdLimitGflops: SIMD_LIMIT_GFLOPS, rows }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}

const childIndex = process.argv.indexOf('--child');
if (childIndex >= 0) {
  const { workload, run } = JSON.parse(process.argv[childIndex + 1]) as { workload: Workload; run: KernelRun };
  console.log(JSON.stringify(await child(workload, run)));
} else {
  parent();
}
