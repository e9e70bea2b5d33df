/**
 * `npm run bench:small` (part of `npm run bench`): what an epoch of a tiny data set costs
 * beyond its arithmetic. XOR (4 examples, m = 4, so one mini-batch an epoch) for 5,000 epochs,
 * evaluated after every epoch, as a new user (or fit()) would run it:
 *
 * - through the library: `train()` on the default kernel, timed around the call, in a fresh
 *   process (cold: V8 compiles the training loop while it runs) and again in the same process
 *   (warm); [2, 3, 2] with one-hot targets and [2, 3, 1] with one output. "epochs' own" is the
 *   sum of the epochs' trainSeconds, the mini-batch steps alone.
 * - through the CLI: `nabla train --train xor.csv --sizes 2,3,2 --batch 4 --eta 8 --quiet --json`,
 *   in fresh processes: the time until the CLI's main() begins (Node's start-up and loading
 *   nabla's modules), main() itself with 5,000 epochs and with 1 (reading the CSV, compiling
 *   the kernel, writing the JSON lines), and their difference, the cost of 4,999 epochs.
 *
 * Every figure is the median over ROUNDS fresh processes, the variants in turns, as wall-clock
 * time and as the main thread's CPU time (see CPU_MS). Runs the compiled package (dist/: npm
 * run build), as users do.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROUNDS = 7;
const EPOCHS = 5000;
const dist = (module: string): string => pathToFileURL(fileURLToPath(new URL(`../dist/${module}`, import.meta.url))).href;
const MARK = 'nabla-bench-small ';

/**
 * The child's cpuMs(): milliseconds this thread has run on a CPU (Linux's schedstat; NaN
 * elsewhere). On a shared host whose load keeps a process waiting for a core most of the
 * time, wall-clock times measure the load as much as the code; this does not.
 */
const CPU_MS = `
const { readFileSync } = await import('node:fs');
const cpuMs = () => { try { return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e6; } catch { return NaN; } };
`;

interface LibraryTiming {
  readonly coldMs: number;
  readonly coldCpuMs: number;
  readonly warmMs: number;
  readonly warmCpuMs: number;
  /** Σ trainSeconds of the cold run, in ms. */
  readonly ownMs: number;
}

/**
 * A child (plain JavaScript, so that no TypeScript loader runs in it): trains XOR on [2, 3,
 * OUTPUTS] twice in a fresh process; prints its LibraryTiming after MARK.
 */
const libraryChild = (outputs: 1 | 2): string => `
const nabla = await import(${JSON.stringify(dist('index.js'))});
const node = await import(${JSON.stringify(dist('node/kernels.js'))});
const outputs = ${outputs};
const sizes = [2, 3, outputs];
const xor = {
  count: 4, inputSize: 2, outputSize: outputs, inputs: Float64Array.from([0, 0, 0, 1, 1, 0, 1, 1]), inputScale: 1,
  targets: Float64Array.from(outputs === 2 ? [1, 0, 0, 1, 0, 1, 1, 0] : [0, 1, 1, 0]),
  ...(outputs === 2 ? { labels: Int32Array.from([0, 1, 1, 0]) } : {}),
};
${CPU_MS}
const kernel = await node.createNodeKernel({ sizes, activation: 'sigmoid', cost: 'quadratic', dtype: 'float32' });
const run = async () => {
  const network = nabla.createNetwork({ sizes, rng: nabla.createRng(4) });
  const start = performance.now();
  const cpuStart = cpuMs();
  const result = await nabla.train(network, kernel, xor, { epochs: ${EPOCHS}, batchSize: 4, learningRate: 8, rng: nabla.createRng(5), test: xor });
  const ms = performance.now() - start;
  const cpu = cpuMs() - cpuStart;
  const last = result.epochs[result.epochs.length - 1].test;
  if (!(last.rmse < 0.2)) throw new Error('XOR ' + JSON.stringify(sizes) + ' did not learn: RMSE ' + last.rmse);
  return [ms, cpu, 1000 * result.epochs.reduce((sum, e) => sum + e.trainSeconds, 0)];
};
const [coldMs, coldCpuMs, ownMs] = await run();
const [warmMs, warmCpuMs] = await run();
await kernel.dispose();
console.log(${JSON.stringify(MARK)} + JSON.stringify({ coldMs, coldCpuMs, warmMs, warmCpuMs, ownMs }));
`;

interface CliTiming {
  /** From the process's start until main() begins. */
  readonly startupMs: number;
  readonly mainMs: number;
  readonly mainCpuMs: number;
}

/** A child: the CLI's main() on XOR for `epochs` epochs (its JSON lines to /dev/null); prints its CliTiming on stderr after MARK. */
const cliChild = (csv: string, epochs: number): string => `
${CPU_MS}
const { main } = await import(${JSON.stringify(dist('cli/main.js'))});
const startupMs = performance.now();
const cpuStart = cpuMs();
const status = await main(['train', '--train', ${JSON.stringify(csv)}, '--sizes', '2,3,2', '--batch', '4', '--eta', '8', '--epochs', '${epochs}', '--quiet', '--json']);
const mainMs = performance.now() - startupMs;
const mainCpuMs = cpuMs() - cpuStart;
if (status !== 0) throw new Error('nabla train exited with ' + status);
process.stderr.write('\\n' + ${JSON.stringify(MARK)} + JSON.stringify({ startupMs, mainMs, mainCpuMs }) + '\\n');
`;

/** Runs `code` as an ES module in a fresh Node process; returns its MARK line on `stream`, parsed. */
function child<T>(code: string, stream: 'stdout' | 'stderr'): T {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`bench child failed (status ${result.status}): ${result.stderr}`);
  const line = (result[stream] ?? '').split('\n').find((l) => l.startsWith(MARK));
  if (line === undefined) throw new Error(`bench child printed no timing: ${result.stderr}`);
  return JSON.parse(line.slice(MARK.length)) as T;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

function parent(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nabla-bench-small-'));
  const csv = path.join(dir, 'xor.csv');
  writeFileSync(csv, 'x1,x2,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n');
  const library: Record<string, LibraryTiming[]> = { '[2,3,2]': [], '[2,3,1]': [] };
  const cli: Record<string, CliTiming[]> = { [String(EPOCHS)]: [], '1': [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      library['[2,3,2]'].push(child(libraryChild(2), 'stdout'));
      library['[2,3,1]'].push(child(libraryChild(1), 'stdout'));
      cli[String(EPOCHS)].push(child(cliChild(csv, EPOCHS), 'stderr'));
      cli['1'].push(child(cliChild(csv, 1), 'stderr'));
      process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const cores = os.cpus();
  const ms = (x: number): string => x.toFixed(1);
  console.log(`XOR, ${EPOCHS} epochs of one mini-batch (m = 4), evaluated after each, float32, default kernel: median over ${ROUNDS} fresh processes (${cores[0]?.model ?? '?'}, ${cores.length} cores, Node ${process.version}, load average ${os.loadavg()[0].toFixed(2)})`);
  console.log("\n| run | train() cold: wall ms | CPU ms | warm: wall ms | CPU ms | epochs' own ms |\n| --- | ---: | ---: | ---: | ---: | ---: |");
  const rows: Record<string, unknown> = {};
  const med = <T>(timings: T[], key: keyof T): number => median(timings.map((t) => t[key] as number));
  for (const [sizes, timings] of Object.entries(library)) {
    const row = { coldMs: med(timings, 'coldMs'), coldCpuMs: med(timings, 'coldCpuMs'), warmMs: med(timings, 'warmMs'), warmCpuMs: med(timings, 'warmCpuMs'), ownMs: med(timings, 'ownMs') };
    rows[`library ${sizes}`] = row;
    console.log(`| library ${sizes} | ${ms(row.coldMs)} | ${ms(row.coldCpuMs)} | ${ms(row.warmMs)} | ${ms(row.warmCpuMs)} | ${ms(row.ownMs)} |`);
  }
  const long = cli[String(EPOCHS)];
  const short = cli['1'];
  const row = {
    startupMs: med(long, 'startupMs'),
    main5000Ms: med(long, 'mainMs'),
    main5000CpuMs: med(long, 'mainCpuMs'),
    main1Ms: med(short, 'mainMs'),
    main1CpuMs: med(short, 'mainCpuMs'),
    epochsMs: median(long.map((t, i) => t.mainMs - short[i].mainMs)),
    epochsCpuMs: median(long.map((t, i) => t.mainCpuMs - short[i].mainCpuMs)),
  };
  rows.cli = row;
  console.log('\n| nabla train --train xor.csv --sizes 2,3,2 --batch 4 --quiet --json | wall ms | CPU ms |\n| --- | ---: | ---: |');
  console.log(`| process start-up until main() | ${ms(row.startupMs)} | |`);
  console.log(`| main(), --epochs ${EPOCHS} | ${ms(row.main5000Ms)} | ${ms(row.main5000CpuMs)} |`);
  console.log(`| main(), --epochs 1 | ${ms(row.main1Ms)} | ${ms(row.main1CpuMs)} |`);
  console.log(`| the ${EPOCHS - 1} epochs more (paired difference) | ${ms(row.epochsMs)} | ${ms(row.epochsCpuMs)} |`);
  writeFileSync(new URL('./small-results.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cores[0]?.model, cores: cores.length, rounds: ROUNDS, epochs: EPOCHS, rows }, null, 2)}\n`);
}

parent();
