/**
 * `npm run bench:browser`: the same kernels in Node and in headless Chromium, side by side in
 * one run (issue 4: "within 1.5× of Node").
 *
 * Both sides run bench/browser/workload.ts on the same MNIST bytes through the same registry
 * (src/kernels/registry.ts) with the same kernel name: [784,30,10], m = 10, float32, seed 1,
 * one warm-up epoch then 3 timed epochs (the median is reported; only the trainBatch loop is
 * timed), then feedforward over the 10,000 test images (median of 5) and the test accuracy
 * (the proof that it trained). Per kernel, Node runs first and then Chromium, one at a time,
 * so neither competes with the other for a core.
 *
 * The page (bench/browser/page.ts) is bundled by esbuild into a temp dir and served with the
 * data from 127.0.0.1 on an ephemeral port for the run's duration only; Chromium is Debian's
 * /usr/bin/chromium driven by playwright-core. Without it, Node's numbers alone are printed.
 * Results go to bench/browser-results.json with the machine.
 */
import { availableNodeKernels } from '../../src/node/kernels.ts';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { KernelName } from '../../src/kernels/registry.ts';
import { loadMnist } from '../../src/node/mnist.ts';
import { CHROMIUM_MISSING, chromiumInstalled, openBrowserPage, type BrowserSession } from './harness.ts';
import { datasetsFromBytes, median, MNIST_WORKLOAD, runWorkload, type MnistBytes, type WorkloadResult } from './workload.ts';

const KERNELS: readonly KernelName[] = ['wasm-simd', 'wasm-relaxed-simd'];
/** Issue 4's bar: Chromium's epoch at most this many times Node's. */
const TARGET_RATIO = 1.5;

interface Side {
  readonly kernelName: string;
  readonly epochSeconds: number;
  readonly epochSecondsAll: number[];
  readonly inferenceMs: number;
  readonly inferenceMsAll: number[];
  readonly testAccuracy: number;
}

interface Row {
  readonly kernel: KernelName;
  readonly node: Side | null;
  readonly chromium: Side | null;
  /** Chromium epoch ÷ Node epoch. */
  readonly epochRatio: number | null;
  readonly inferenceRatio: number | null;
}

function side(result: WorkloadResult): Side {
  return {
    kernelName: result.kernelName,
    epochSeconds: median(result.epochSeconds),
    epochSecondsAll: result.epochSeconds,
    inferenceMs: median(result.inferenceMs),
    inferenceMsAll: result.inferenceMs,
    testAccuracy: result.testAccuracy,
  };
}

async function mnistBytes(): Promise<MnistBytes> {
  const { training, test } = await loadMnist();
  if (!(training.inputs instanceof Uint8Array) || !(test.inputs instanceof Uint8Array) || training.labels === undefined || test.labels === undefined) {
    throw new Error('loadMnist gave no pixel bytes or labels');
  }
  return { trainImages: training.inputs, trainLabels: Uint8Array.from(training.labels), testImages: test.inputs, testLabels: Uint8Array.from(test.labels) };
}

async function main(): Promise<void> {
  const loadAverageAtStart = os.loadavg()[0];
  const bytes = await mnistBytes();
  const data = datasetsFromBytes(bytes);
  const nodeKernels = availableNodeKernels({ sizes: MNIST_WORKLOAD.sizes, activation: 'sigmoid', cost: 'quadratic', dtype: MNIST_WORKLOAD.dtype });

  let session: BrowserSession | undefined;
  let browserKernels: KernelName[] = [];
  if (chromiumInstalled()) {
    session = await openBrowserPage({
      entry: fileURLToPath(new URL('./page.ts', import.meta.url)),
      ready: 'nablaBench',
      files: new Map([
        ['/data/train-images', bytes.trainImages],
        ['/data/train-labels', bytes.trainLabels],
        ['/data/test-images', bytes.testImages],
        ['/data/test-labels', bytes.testLabels],
      ]),
    });
    browserKernels = await session.call<KernelName[]>('nablaBench.availableKernels', MNIST_WORKLOAD);
  } else {
    console.log(`${CHROMIUM_MISSING}; showing Node's numbers only.`);
  }

  const rows: Row[] = [];
  try {
    for (const kernel of KERNELS) {
      const options = { ...MNIST_WORKLOAD, kernel };
      const node = nodeKernels.includes(kernel) ? side(await runWorkload(data, options)) : null;
      if (node) process.stderr.write(`node     ${kernel}: ${node.epochSeconds.toFixed(3)} s/epoch\n`);
      const chromium = session !== undefined && browserKernels.includes(kernel) ? side(await session.call<WorkloadResult>('nablaBench.run', options)) : null;
      if (chromium) process.stderr.write(`chromium ${kernel}: ${chromium.epochSeconds.toFixed(3)} s/epoch\n`);
      rows.push({
        kernel,
        node,
        chromium,
        epochRatio: node && chromium ? chromium.epochSeconds / node.epochSeconds : null,
        inferenceRatio: node && chromium ? chromium.inferenceMs / node.inferenceMs : null,
      });
    }
  } finally {
    await session?.close();
  }

  const machine = {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    v8: process.versions.v8,
    chromium: session?.chromiumVersion ?? null,
    platform: `${os.platform()} ${os.release()}`,
    loadAverageAtStart,
    date: new Date().toISOString(),
  };
  const { sizes, m, dtype, warmupEpochs, epochs, inferenceRuns } = MNIST_WORKLOAD;
  const dash = '—';
  const fixed = (value: number | undefined, digits: number): string => (value === undefined ? dash : value.toFixed(digits));
  const percent = (value: number | undefined): string => (value === undefined ? dash : `${(100 * value).toFixed(2)}%`);
  const header = ['kernel', 'Node epoch s', 'Chromium epoch s', 'ratio', `≤ ${TARGET_RATIO}×`, 'Node infer ms', 'Chromium infer ms', 'Node acc', 'Chromium acc'];
  const table = rows.map((r) => [
    r.kernel,
    fixed(r.node?.epochSeconds, 3),
    fixed(r.chromium?.epochSeconds, 3),
    r.epochRatio === null ? dash : `${r.epochRatio.toFixed(2)}×`,
    r.epochRatio === null ? dash : r.epochRatio <= TARGET_RATIO ? 'yes' : 'no',
    fixed(r.node?.inferenceMs, 1),
    fixed(r.chromium?.inferenceMs, 1),
    percent(r.node?.testAccuracy),
    percent(r.chromium?.testAccuracy),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');

  console.log(`\nMNIST [${sizes.join(',')}] m=${m} ${dtype}, 50,000 examples an epoch: median of ${epochs} epochs after ${warmupEpochs} warm-up; inference on 10,000 test images (median of ${inferenceRuns}).`);
  console.log('Same bytes, same registry, same kernel name in both; ratio = Chromium epoch / Node epoch.');
  console.log(`${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, Chromium ${machine.chromium ?? 'not installed'}, load average ${loadAverageAtStart.toFixed(2)} at start\n`);
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of table) console.log(line(row));
  for (const r of rows) {
    if (r.node === null) console.log(`${r.kernel}: Node cannot run it here`);
    else if (session !== undefined && r.chromium === null) console.log(`${r.kernel}: Chromium cannot run it here (it runs ${browserKernels.join(', ')})`);
  }

  const out = fileURLToPath(new URL('../browser-results.json', import.meta.url));
  writeFileSync(out, JSON.stringify({ machine, workload: MNIST_WORKLOAD, targetRatio: TARGET_RATIO, rows }, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
}

await main();
