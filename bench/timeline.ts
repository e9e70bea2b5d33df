/**
 * `npm run bench:timeline`: where two threads spend a mini-batch. Trains MNIST [784, 30, 10]
 * (m = 10, float32) on the two-thread kernel for a few warm-up epochs, then records one epoch
 * on the team's timeline (src/kernels/threads/timeline.ts): when each batch was issued, and
 * when each thread started, finished phase 0, left the barrier and finished phase 1. Prints
 *   - each point's spread over the batches, in microseconds after the batch was issued;
 *   - the long batches (a thread preempted, or asleep and woken) and their share of the time;
 *   - per window of 250 batches, each thread's median phase times: whether one core was
 *     slower than the other, and for how long (this VM's two cores change speed separately).
 * Options: --epochs N (warm-up, default 3), --dtype float32|float64, --m N.
 */
import { parseArgs } from 'node:util';
import { createRng, shuffleInPlace } from '../src/math/rng.ts';
import { createNetwork } from '../src/network/network.ts';
import { enableRelaxedSimd } from '../src/node/kernels.ts';
import { loadMnist } from '../src/node/mnist.ts';
import { createThreadsKernel } from '../src/node/threads/threads-kernel.ts';
import { BASE, FIRST, HEADER, ROWS, START, pointsPerThread, rowLength, timelineBytes } from '../src/kernels/threads/timeline.ts';
import type { DType } from '../src/kernels/kernel.ts';

const USAGE = 'usage: npm run bench:timeline -- [--epochs N] [--dtype float32|float64] [--m N]\n';
let values: { epochs: string; dtype: string; m: string };
try {
  values = parseArgs({ options: { epochs: { type: 'string', default: '3' }, dtype: { type: 'string', default: 'float32' }, m: { type: 'string', default: '10' } } }).values as typeof values;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
const dtype = values.dtype as DType;
const m = Number(values.m);
const warmup = Number(values.epochs);
if (!(dtype === 'float32' || dtype === 'float64') || !Number.isInteger(m) || !(m >= 1) || !Number.isInteger(warmup) || !(warmup >= 0)) {
  process.stderr.write(USAGE);
  process.exit(2);
}

enableRelaxedSimd();
const THREADS = 2;
const PHASES = 2; // (assembly/kernel.ts: phaseCount)
const WINDOW = 250;
const sizes = [784, 30, 10];
const { training } = await loadMnist();
const batches = Math.floor(training.count / m);
// Every epoch is recorded (so that the recording's own code is warm too), the last one reported.
const buffer = new SharedArrayBuffer(timelineBytes((warmup + 1) * batches, THREADS, PHASES));
const timeline = new Float64Array(buffer);
const kernel = await createThreadsKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype }, THREADS, true, 'threads', { timeline: buffer });
kernel.setParameters(createNetwork({ sizes, rng: createRng(1) }));
const resident = kernel.loadDataset(training);
const order = Uint32Array.from({ length: training.count }, (_, i) => i);
const rng = createRng(2);
const epoch = (): number => {
  shuffleInPlace(order, rng);
  const t0 = performance.now();
  for (let b = 0; b < batches; b++) kernel.trainBatch(resident, order, b * m, m, 3);
  return (performance.now() - t0) / 1000;
};
timeline[ROWS] = (warmup + 1) * batches;
timeline[BASE] = performance.timeOrigin + performance.now();
timeline[FIRST] = START;
for (let e = 0; e < warmup; e++) epoch();
const seconds = epoch();
await kernel.dispose();

// Each batch's points in microseconds after it was issued: [caller..., worker..., next issue].
const names = ['start', 'phase 0 done', 'left barrier', 'phase 1 done'];
const row = rowLength(THREADS, PHASES);
const points = pointsPerThread(PHASES);
const us: number[][] = [];
for (let b = warmup * batches; b + 1 < (warmup + 1) * batches; b++) {
  const r = HEADER + b * row;
  const issued = timeline[r];
  const at = (t: number, p: number): number => (timeline[r + 1 + t * points + p] - issued) * 1000;
  const values: number[] = [];
  for (let t = 0; t < THREADS; t++) for (let p = 0; p < points; p++) values.push(at(t, p));
  values.push((timeline[r + row] - issued) * 1000);
  us.push(values);
}
const column = (i: number): number[] => us.map((v) => v[i]);
const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
};
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const f = (x: number): string => x.toFixed(1).padStart(7);

console.log(`[784, 30, 10] m = ${m} ${dtype}, two threads: the recorded epoch took ${seconds.toFixed(3)} s (${us.length + 1} batches, after ${warmup} warm-up epoch${warmup === 1 ? '' : 's'})\n`);
console.log('microseconds after the batch was issued      p10   median      p90     mean');
for (let t = 0; t < THREADS; t++) {
  for (let p = 0; p < points; p++) {
    const c = column(t * points + p);
    console.log(`${(t === 0 ? 'caller ' : 'worker ') + names[p]}`.padEnd(40), f(quantile(c, 0.1)), f(quantile(c, 0.5)), f(quantile(c, 0.9)), f(mean(c)));
  }
}
const batchUs = column(THREADS * points);
console.log('next batch issued'.padEnd(40), f(quantile(batchUs, 0.1)), f(quantile(batchUs, 0.5)), f(quantile(batchUs, 0.9)), f(mean(batchUs)));

const total = batchUs.reduce((a, b) => a + b, 0);
console.log('\nlong batches');
for (const limit of [40, 100, 1000]) {
  const over = batchUs.filter((x) => x > limit);
  console.log(`  over ${String(limit).padStart(4)} us: ${String(over.length).padStart(4)} (${((100 * over.length) / batchUs.length).toFixed(1)}% of batches, ${((100 * over.reduce((a, b) => a + b, 0)) / total).toFixed(1)}% of the time)`);
}

console.log(`\nmedians per window of ${WINDOW} batches, us: phase 0 and phase 1 on each thread (phase 1 from leaving the barrier), whole batch`);
console.log('window   caller p0  worker p0   caller p1  worker p1   batch   slower');
for (let w = 0; w + WINDOW <= us.length; w += WINDOW) {
  const slice = us.slice(w, w + WINDOW);
  const med = (pick: (v: number[]) => number): number => quantile(slice.map(pick), 0.5);
  const p0 = [0, 1].map((t) => med((v) => v[t * points + 1] - v[t * points]));
  const p1 = [0, 1].map((t) => med((v) => v[t * points + 3] - v[t * points + 2]));
  const ratio = (p0[1] + p1[1]) / (p0[0] + p1[0]);
  const slower = ratio > 1.15 ? `worker ×${ratio.toFixed(2)}` : ratio < 1 / 1.15 ? `caller ×${(1 / ratio).toFixed(2)}` : '';
  console.log(`${String(w / WINDOW).padStart(6)}   ${f(p0[0])}    ${f(p0[1])}     ${f(p1[0])}    ${f(p1[1])}  ${f(med((v) => v[THREADS * points]))}   ${slower}`);
}

// Where the batches over a millisecond lost their time: the longest stretch in which a thread
// should have been running (starting, a phase, or the caller's JavaScript between batches);
// a wait at the barrier is the other thread's stretch seen from outside, so it is not counted.
const stretches = ['started', 'in phase 0', 'at the barrier', 'in phase 1'];
const blame = new Map<string, { count: number; ms: number }>();
for (const v of us) {
  if (v[THREADS * points] <= 1000) continue;
  let worst = 'between batches (caller)';
  let longest = v[THREADS * points] - v[points - 1];
  for (let t = 0; t < THREADS; t++) {
    for (let p = 0; p < points; p++) {
      if (p === 2) continue; // the barrier
      const gap = v[t * points + p] - (p === 0 ? 0 : v[t * points + p - 1]);
      if (gap > longest) {
        longest = gap;
        worst = `${t === 0 ? 'caller' : 'worker'} ${stretches[p]}${p === 0 ? ' late' : ''}`;
      }
    }
  }
  const entry = blame.get(worst) ?? { count: 0, ms: 0 };
  entry.count++;
  entry.ms += longest / 1000;
  blame.set(worst, entry);
}
if (blame.size > 0) {
  console.log('\nbatches over 1 ms, by the longest stretch of a thread that should have been running:');
  for (const [where, { count, ms }] of [...blame].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${where.padEnd(28)} ${String(count).padStart(4)} batches, ${ms.toFixed(1)} ms`);
}
