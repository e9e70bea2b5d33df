/**
 * `npm run bench:threads` (part of `npm run bench`): is the default thread choice of
 * `nabla train` ever slower than `--threads 1`, from the first epoch on, on an idle machine
 * and on a busy one?
 *
 * A new user runs `nabla train --sizes 784,100,10 --epochs 10` (a first hidden layer wide
 * enough for the default to take every core) and compares it with `--threads 1`; so does
 * this, in fresh processes (V8 compiles and tiers up the WebAssembly anew in each, which is
 * part of what the first epochs pay), taking turns, ROUNDS times each, and prints the median
 * time of each epoch for both and their ratio. Twice: as the machine is, and with another
 * process keeping a core busy (a busy loop in a child process, started before those rounds
 * and killed after them; it ends itself after BUSY_LIMIT_MS in any case). On two cores the
 * second is where threads that meet at a barrier every mini-batch lose, and where the default
 * must fall back to one thread (see src/kernels/threads/chooser.ts). Needs the built CLI
 * (npm run build). Arguments replace the network flags: `npm run bench:threads -- --sizes 784,30,10`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const ROUNDS = 5;
const EPOCHS = 10;
/** The busy child's own time limit, should this process die without killing it. */
const BUSY_LIMIT_MS = 15 * 60 * 1000;
const cli = fileURLToPath(new URL('../bin/nabla.js', import.meta.url));
const args = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['--sizes', '784,100,10'];
const variants = [
  { label: 'default', flags: [] as string[] },
  { label: '--threads 1', flags: ['--threads', '1'] },
];

function epochSeconds(flags: string[]): number[] {
  const run = spawnSync(process.execPath, [cli, 'train', '--epochs', String(EPOCHS), '--json', ...args, ...flags], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`nabla train ${flags.join(' ')} failed: ${run.stderr}`);
  return run.stdout.trim().split('\n').map((line) => (JSON.parse(line) as { trainSeconds: number }).trainSeconds);
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[values.length >> 1];

/** A process that keeps one core busy until killed (or BUSY_LIMIT_MS). */
function startBusyLoop(): ChildProcess {
  const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${BUSY_LIMIT_MS}; let x = 0; while (Date.now() < end) x++;`], { stdio: 'ignore' });
  process.once('exit', () => child.kill('SIGKILL'));
  return child;
}

interface Row {
  readonly epoch: number | 'all';
  readonly defaultSeconds: number;
  readonly oneThreadSeconds: number;
  /** The median over the rounds of default / --threads 1 within a round (the two ran one after the other). */
  readonly ratio: number;
}

/**
 * ROUNDS rounds of both variants in turns (which goes first alternates); the median of each
 * epoch and of the runs' totals, and the median of the rounds' ratios: under a shared host's
 * load, which drifts by tens of per cent over a minute, the two runs of a round see more
 * nearly the same machine than the medians of all rounds do.
 */
function measure(condition: string): Row[] {
  const times = variants.map(() => Array.from({ length: EPOCHS + 1 }, () => [] as number[]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? [0, 1] : [1, 0];
    for (const v of order) {
      const epochs = epochSeconds(variants[v].flags);
      epochs.forEach((s, e) => times[v][e].push(s));
      times[v][EPOCHS].push(epochs.reduce((sum, s) => sum + s, 0));
    }
    process.stderr.write(`${condition}: round ${round + 1}/${ROUNDS}\n`);
  }
  return Array.from({ length: EPOCHS + 1 }, (_, e) => {
    const ratios = times[0][e].map((d, round) => d / times[1][e][round]);
    return { epoch: e < EPOCHS ? e + 1 : 'all', defaultSeconds: median(times[0][e]), oneThreadSeconds: median(times[1][e]), ratio: median(ratios) };
  });
}

const loadBefore = os.loadavg()[0];
const idle = measure('idle');
const busyLoop = startBusyLoop();
let busy: Row[];
try {
  busy = measure('busy');
} finally {
  busyLoop.kill('SIGKILL');
}

const cores = os.cpus();
console.log(
  `nabla train --epochs ${EPOCHS} ${args.join(' ')}: median epoch time over ${ROUNDS} fresh processes each, in turns ` +
    `(${cores[0]?.model ?? '?'}, ${cores.length} cores, Node ${process.version}, load average ${loadBefore.toFixed(2)} at start); ` +
    "'busy': another process keeps a core busy throughout",
);
console.log('\n| machine | epoch | default s | --threads 1 s | default / --threads 1 (median of the rounds) |\n| --- | ---: | ---: | ---: | ---: |');
for (const [condition, rows] of [['idle', idle], ['busy', busy]] as const) {
  for (const row of rows) {
    const epoch = row.epoch === 'all' ? `all ${EPOCHS}` : String(row.epoch);
    console.log(`| ${condition} | ${epoch} | ${row.defaultSeconds.toFixed(3)} | ${row.oneThreadSeconds.toFixed(3)} | ${row.ratio.toFixed(2)} |`);
  }
}
const whole = (rows: Row[]): number => rows[EPOCHS].ratio;
console.log(`\nbusy: default / --threads 1 = ${whole(busy).toFixed(3)} over the ${EPOCHS} epochs (target ≤ 1.05); idle: ${whole(idle).toFixed(3)} (target < 1)`);
writeFileSync(
  new URL('./threads-results.json', import.meta.url),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpu: cores[0]?.model, cores: cores.length, loadAverage: loadBefore, args, rounds: ROUNDS, idle, busy }, null, 2)}\n`,
);
