/**
 * `npm run bench:accuracy`: what the README says about accuracy, measured. Runs the default
 * `nabla train` (the reference experiment: [784, 30, 10], sigmoid, quadratic cost, η = 3,
 * m = 10, 30 epochs) for seeds 1–6 with both initial weight distributions, and prints each
 * run's best epoch, chosen by validation accuracy (never by test accuracy, which would be an
 * optimistic figure), with its test accuracy, and the last epoch's. Results go to
 * bench/accuracy-results.json.
 *
 * Usage: node --import tsx bench/accuracy.ts [--seeds 1-6] [--epochs 30]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../bin/nabla.js', import.meta.url));
const argument = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const [firstSeed, lastSeed] = argument('--seeds', '1-6').split('-').map(Number);
const epochs = Number(argument('--epochs', '30'));

interface Run {
  readonly weights: string;
  readonly seed: number;
  /** The test accuracy of the epoch with the best validation accuracy. */
  readonly best: number;
  readonly bestEpoch: number;
  readonly bestValidation: number;
  readonly last: number;
  readonly kernel: string;
}

const runs: Run[] = [];
for (const weights of ['scaled-normal', 'normal']) {
  for (let seed = firstSeed; seed <= lastSeed; seed++) {
    const child = spawnSync(process.execPath, [cli, 'train', '--json', '--epochs', String(epochs), '--seed', String(seed), '--weights', weights], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) throw new Error(`nabla train --seed ${seed} --weights ${weights} failed: ${child.stderr}`);
    const lines = child.stdout.trim().split('\n').map((line) => JSON.parse(line) as { epoch: number; testAccuracy: number; validationAccuracy: number });
    const best = lines.reduce((a, b) => (b.validationAccuracy > a.validationAccuracy ? b : a));
    const kernel = /(\S+) kernel/.exec(child.stderr)?.[1] ?? '?';
    const run = { weights, seed, best: best.testAccuracy, bestEpoch: best.epoch, bestValidation: best.validationAccuracy, last: lines[lines.length - 1].testAccuracy, kernel };
    runs.push(run);
    console.log(`weights ${weights.padEnd(13)} seed ${seed}  best epoch by validation ${run.bestEpoch} (validation ${(run.bestValidation * 100).toFixed(2)}%, test ${(run.best * 100).toFixed(2)}%)  last ${(run.last * 100).toFixed(2)}%  ${kernel}`);
  }
}

const percent = (x: number): string => `${(x * 100).toFixed(2)}%`;
console.log('');
for (const weights of ['scaled-normal', 'normal']) {
  const best = runs.filter((r) => r.weights === weights).map((r) => r.best);
  const mean = best.reduce((a, b) => a + b, 0) / best.length;
  console.log(`${weights.padEnd(13)}  test accuracy at the best validation epoch over seeds ${firstSeed}-${lastSeed}: ${percent(Math.min(...best))} to ${percent(Math.max(...best))}, mean ${percent(mean)}`);
}
writeFileSync(
  new URL('./accuracy-results.json', import.meta.url),
  JSON.stringify({ machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, date: new Date().toISOString() }, epochs, runs }, null, 2) + '\n',
);
